package dev.medallion.delta.sink.table;

import dev.medallion.delta.sink.DeltaSinkConfig;
import dev.medallion.delta.sink.schema.DeltaSchemas;
import dev.medallion.delta.sink.schema.SchemaInference;
import dev.medallion.delta.sink.schema.SchemaMerger;
import dev.medallion.delta.sink.schema.SchemaMismatchException;
import dev.medallion.delta.sink.schema.SchemaRules;
import dev.medallion.delta.sink.write.ParquetFooterStatistics;
import dev.medallion.delta.sink.write.RowConverter;
import dev.medallion.delta.sink.write.TableLayout;
import io.delta.kernel.Snapshot;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the sink knows about one table: its current {@link TableLayout} (or none while the table does not exist), and
 * which record schemas were already checked against it. Turns record values into rows, creating the table from the
 * first record and committing schema changes (new nullable columns) when a record needs them. Lives beside
 * {@link DeltaTable}, not in {@code write}: the writers get only the layout a row was made for and the table's
 * location, so files never reach back into commits.
 */
public final class TableState {
    private final DeltaTable table;
    private final DeltaSinkConfig config;
    private final StructType configuredSchema;
    private final SchemaRules rules;
    private final Map<Schema, TableLayout> checkedSchemas = new IdentityHashMap<>();
    private TableLayout layout;
    private Snapshot snapshot;

    public TableState(DeltaTable table, DeltaSinkConfig config) {
        this.table = table;
        this.config = config;
        String text = config.schemalessSchema();
        this.configuredSchema = text.isEmpty() ? null : DeltaSchemas.parseConfigured(text);
        this.rules = new SchemaRules(config.schemaMaxDepth(), config.schemaMaxColumns());
        table.load().ifPresent(this::useSnapshot);
    }

    public DeltaTable table() {
        return table;
    }

    public String location() {
        return table.location();
    }

    /** The current layout, or null while the table does not exist. */
    public TableLayout layout() {
        return layout;
    }

    public Optional<Snapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** Re-reads the table (after another writer may have changed it). */
    public void refresh() {
        table.load().ifPresent(this::useSnapshot);
    }

    private void useSnapshot(Snapshot s) {
        this.snapshot = s;
        StructType schema = s.getSchema();
        int numIndexedCols = ParquetFooterStatistics.numIndexedColumns(s.getTableProperties());
        if (layout != null && layout.schema().equals(schema)
                && layout.partitionColumns().equals(s.getPartitionColumnNames())
                && layout.statistics().numIndexedCols() == numIndexedCols) {
            return;   // same shape: keep the layout so open files are not rolled needlessly
        }
        String timeField = config.partitionTimeField();
        String timeColumn = !timeField.isEmpty() && schema.indexOf(timeField) >= 0 ? timeField : null;
        this.layout = new TableLayout(schema, s.getPartitionColumnNames(), timeColumn, config.dateColumn(),
                config.hourColumn(), configuredSchema == null, config.fieldMaxBytes(), numIndexedCols, s.getVersion());
        checkedSchemas.clear();
    }

    /** The row for a record value, evolving or creating the table first when the value needs it. */
    public Object[] toRow(Object value) {
        if (value instanceof Struct struct) {
            Schema schema = struct.schema();
            if (layout == null || checkedSchemas.get(schema) != layout) {
                StructType recordSchema = DeltaSchemas.fromConnect(schema);
                ensureSchema(recordSchema);
                checkedSchemas.put(schema, layout);
            }
            return layout.toRow(struct);
        }
        if (value instanceof Map<?, ?> map) {
            if (configuredSchema != null) {
                if (layout == null) {
                    ensureSchema(configuredSchema);
                }
                return layout.toRow(map);
            }
            if (layout == null) {
                ensureSchema(inferred(map));
            }
            try {
                return layout.toRow(map);
            } catch (RowConverter.UnknownFieldsException e) {
                ensureSchema(inferred(map));
                return layout.toRow(map);
            }
        }
        throw new SchemaMismatchException("record value is a " + value.getClass().getSimpleName()
                + "; the Delta sink needs a Struct (converter with schemas) or a JSON object (schemaless map)");
    }

    private static StructType inferred(Map<?, ?> map) {
        StructType schema = SchemaInference.inferStruct(map);
        if (schema.length() == 0) {
            throw new SchemaMismatchException("record value has no field with a non-null value to infer a column from");
        }
        return schema;
    }

    /** Makes the table hold every field of {@code recordSchema}: create, evolve, or check only. */
    private void ensureSchema(StructType recordSchema) {
        // The configured schema is the operator's choice, not a record's: checking it would reject every record.
        boolean fromRecord = recordSchema != configuredSchema;
        if (fromRecord) {
            rules.requireValid(recordSchema);
        }
        if (layout == null) {
            createTable(recordSchema);
        }
        // Each round merges into the latest schema: after losing a race, updateSchema returns the winner's snapshot,
        // so the next merge keeps the winner's columns and adds ours (or finds nothing left to add).
        int attempts = config.commitMaxRetries() + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            StructType merged = SchemaMerger.merge(layout.schema(), recordSchema, config.schemaEvolution());
            if (merged == layout.schema()) {
                return;
            }
            if (fromRecord) {
                rules.requireValid(merged);   // a new field may clash with a column's path or widen the table too far
            }
            useSnapshot(table.updateSchema(snapshot, merged));
        }
        StructType merged = SchemaMerger.merge(layout.schema(), recordSchema, config.schemaEvolution());
        if (merged == layout.schema()) {
            return;
        }
        // Retriable rather than fatal: Connect pauses the partitions and redelivers the same batch to put(), whose
        // records up to this one are already in the open files and skipped as re-reads, so nothing is lost or doubled,
        // and the task keeps running instead of waiting for an operator to restart it.
        throw new RetriableException("Could not evolve the schema of Delta table " + location() + " after "
                + attempts + " attempts: other writers kept changing it concurrently. Connect redelivers the batch"
                + " and the change is tried again; raise " + DeltaSinkConfig.COMMIT_MAX_RETRIES_CONFIG
                + " if this persists");
    }

    private void createTable(StructType recordSchema) {
        if (!config.autoCreateTables()) {
            throw new ConnectException("Delta table " + location() + " does not exist and "
                    + DeltaSinkConfig.TABLES_AUTO_CREATE_CONFIG + "=false; create it or enable auto-creation");
        }
        List<String> partitionColumns = new ArrayList<>();
        for (String column : config.partitionColumns()) {
            int index = recordSchema.indexOf(column);
            if (index < 0) {
                throw new SchemaMismatchException("the first record for table " + location() + " lacks partition"
                        + " column " + column + " (" + DeltaSinkConfig.PARTITION_COLUMNS_CONFIG + ")");
            }
            DataType type = recordSchema.at(index).getDataType();
            if (type instanceof StructType || type instanceof io.delta.kernel.types.ArrayType
                    || type instanceof io.delta.kernel.types.MapType || type instanceof io.delta.kernel.types.BinaryType
                    || type instanceof io.delta.kernel.types.DoubleType || type instanceof io.delta.kernel.types.FloatType
                    || type instanceof io.delta.kernel.types.DecimalType) {
                throw new ConnectException("Partition column " + column + " of table " + location() + " is " + type
                        + "; partition by a string, integer, boolean, date or timestamp field instead");
            }
            partitionColumns.add(column);
        }
        List<StructField> fields = new ArrayList<>(recordSchema.fields());
        String timeField = config.partitionTimeField();
        if (!timeField.isEmpty()) {
            if (recordSchema.indexOf(timeField) < 0) {
                throw new SchemaMismatchException("the first record for table " + location() + " lacks the time"
                        + " field " + timeField + " (" + DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG + ")");
            }
            fields.add(new StructField(config.dateColumn(), DateType.DATE, true));
            partitionColumns.add(config.dateColumn());
            if (config.hourPartitions()) {
                fields.add(new StructField(config.hourColumn(), IntegerType.INTEGER, true));
                partitionColumns.add(config.hourColumn());
            }
        }
        useSnapshot(table.create(new StructType(fields), partitionColumns, config.tableCreateProperties()));
    }
}

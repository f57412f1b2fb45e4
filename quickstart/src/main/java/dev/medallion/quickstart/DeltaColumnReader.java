package dev.medallion.quickstart;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads columns of local Delta tables with Delta Kernel, the reader Delta Lake itself maintains: the whole table at
 * its latest snapshot (for the end-of-run reconciliations), or one string column of single data files that a commit
 * just added (for the publish-to-bronze latency). Independent of the sink's own code.
 */
public final class DeltaColumnReader {
    private final Engine engine = DefaultEngine.create(new Configuration());

    /**
     * The name under which {@code column} is stored in the table's Parquet files: with column mapping (which the
     * sink enables so columns can be renamed) that is {@code delta.columnMapping.physicalName}, else the name itself.
     * Empty while the table or the column does not exist.
     */
    public Optional<String> physicalName(Path table, String column) {
        try {
            StructType schema = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine).getSchema();
            if (schema.indexOf(column) < 0) {
                return Optional.empty();
            }
            FieldMetadata metadata = schema.get(column).getMetadata();
            Object physical = metadata.get("delta.columnMapping.physicalName");
            return Optional.of(physical == null ? column : physical.toString());
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The values of the physical {@code column} in one Parquet data file (nulls included as {@code null}). */
    public List<String> readFile(String fileUri, long sizeBytes, String column) {
        List<String> values = new ArrayList<>();
        StructType schema = new StructType().add(column, StringType.STRING);
        try (CloseableIterator<FileReadResult> results = engine.getParquetHandler().readParquetFiles(
                singleton(FileStatus.of(fileUri, sizeBytes, 0)), schema, Optional.empty())) {
            while (results.hasNext()) {
                collect(results.next().getData(), Optional.empty(), values::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read column " + column + " of " + fileUri, e);
        }
        return values;
    }

    /** Every value of {@code column} in the latest snapshot of the table; empty if the table does not exist yet. */
    public List<String> readTable(Path table, String column) {
        List<String> values = new ArrayList<>();
        scan(table, List.of(column), (batch, row) -> {
            ColumnVector vector = batch.getColumnVector(0);
            values.add(vector.isNullAt(row) ? null : vector.getString(row));
        });
        return values;
    }

    /**
     * The {@code columns} of every row in the latest snapshot of the table, in that order, as Java values: STRING
     * {@link String}, BIGINT {@link Long}, INT {@link Integer}, DOUBLE {@link Double}, BOOLEAN {@link Boolean},
     * TIMESTAMP {@link Instant} (microseconds kept), DATE {@link LocalDate}; null as null. Empty if the table does not
     * exist yet.
     *
     * @throws IllegalStateException when the table lacks one of the columns or has it in another type
     */
    public List<Object[]> readRows(Path table, List<String> columns) {
        List<Object[]> rows = new ArrayList<>();
        scan(table, columns, (batch, row) -> {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(batch.getColumnVector(i), row);
            }
            rows.add(values);
        });
        return rows;
    }

    private static Object value(ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            return null;
        }
        DataType type = vector.getDataType();
        if (type instanceof StringType) {
            return vector.getString(row);
        } else if (type instanceof LongType) {
            return vector.getLong(row);
        } else if (type instanceof IntegerType) {
            return vector.getInt(row);
        } else if (type instanceof DoubleType) {
            return vector.getDouble(row);
        } else if (type instanceof BooleanType) {
            return vector.getBoolean(row);
        } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            long micros = vector.getLong(row);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        } else if (type instanceof DateType) {
            return LocalDate.ofEpochDay(vector.getInt(row));
        }
        throw new IllegalStateException("column type " + type + " is not read here");
    }

    /** Calls {@code rowConsumer} for every selected row of the latest snapshot, with {@code columns} in that order. */
    private void scan(Path table, List<String> columns, RowConsumer rowConsumer) {
        Snapshot snapshot;
        try {
            snapshot = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine);
        } catch (TableNotFoundException e) {
            return;
        }
        StructType tableSchema = snapshot.getSchema();
        StructType readSchema = new StructType();
        for (String column : columns) {
            if (tableSchema.indexOf(column) < 0) {
                throw new IllegalStateException("Table " + table + " has no column " + column + "; its columns: "
                        + tableSchema.fieldNames());
            }
            readSchema = readSchema.add(tableSchema.get(column));
        }
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        Row file = files.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
                        try (CloseableIterator<FileReadResult> physical = engine.getParquetHandler()
                                .readParquetFiles(singleton(status), physicalSchema, Optional.empty());
                             CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine,
                                     scanState, file, physical.map(FileReadResult::getData))) {
                            while (logical.hasNext()) {
                                FilteredColumnarBatch batch = logical.next();
                                Optional<ColumnVector> selection = batch.getSelectionVector();
                                ColumnarBatch data = batch.getData();
                                for (int row = 0; row < data.getSize(); row++) {
                                    if (selection.isPresent() && (selection.get().isNullAt(row)
                                            || !selection.get().getBoolean(row))) {
                                        continue;
                                    }
                                    rowConsumer.accept(data, row);
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + columns + " of table " + table, e);
        }
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ColumnarBatch batch, int row);
    }

    private static void collect(ColumnarBatch batch, Optional<ColumnVector> selection, Consumer<String> sink) {
        ColumnVector vector = batch.getColumnVector(0);
        for (int row = 0; row < batch.getSize(); row++) {
            if (selection.isPresent() && (selection.get().isNullAt(row) || !selection.get().getBoolean(row))) {
                continue;
            }
            sink.accept(vector.isNullAt(row) ? null : vector.getString(row));
        }
    }

    private static <T> CloseableIterator<T> singleton(T value) {
        return new CloseableIterator<>() {
            private boolean consumed;

            @Override
            public boolean hasNext() {
                return !consumed;
            }

            @Override
            public T next() {
                consumed = true;
                return value;
            }

            @Override
            public void close() {
            }
        };
    }
}

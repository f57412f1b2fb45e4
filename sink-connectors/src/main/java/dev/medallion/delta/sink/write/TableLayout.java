package dev.medallion.delta.sink.write;

import dev.medallion.delta.sink.schema.SchemaMismatchException;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import org.apache.parquet.schema.MessageType;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a table's shape as the writer needs it: the Delta schema, which columns partition the table (plain
 * value columns, or a date/hour derived from the event-time column), which columns go into data files, the Parquet
 * schema of those files and the converter from record values to rows. Immutable; a schema change makes a new layout.
 */
public final class TableLayout {
    private final StructType schema;
    private final List<String> partitionColumns;
    private final int[] dataColumnIndexes;
    private final List<StructField> dataFields;
    private final MessageType parquetSchema;
    private final RowConverter converter;
    private final PartitionColumn[] partitions;
    private final ParquetFooterStatistics statistics;
    private final long version;

    /**
     * How a partition column gets its value: {@code index} is the row slot it is read from, the column's own slot for
     * plain values and for the derived time columns (filled by {@link #toRow}); {@code source} is the time column's
     * slot for the derived ones.
     */
    private record PartitionColumn(String name, int index, int source, Kind kind) {
    }

    private enum Kind { VALUE, DATE, HOUR }

    /**
     * @param timeColumn   the top-level column the time partitions derive from, or null
     * @param dateColumn   name of the derived date partition column (if the table has it)
     * @param hourColumn   name of the derived hour partition column (if the table has it)
     * @param numIndexedCols how many leaf columns get file statistics (the table's
     *                     {@value ParquetFooterStatistics#NUM_INDEXED_COLS_PROPERTY}, -1 for all)
     * @param version      table version this layout was read at, to tell layouts apart
     */
    public TableLayout(StructType schema, List<String> partitionColumns, String timeColumn, String dateColumn,
                       String hourColumn, boolean rejectUnknownMapKeys, int maxFieldLength, int numIndexedCols,
                       long version) {
        this.schema = schema;
        this.partitionColumns = List.copyOf(partitionColumns);
        this.version = version;
        int timeIndex = timeColumn == null ? -1 : schema.indexOf(timeColumn);
        List<PartitionColumn> parts = new ArrayList<>();
        for (String name : partitionColumns) {
            int index = schema.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("partition column " + name + " is not in the schema " + schema);
            }
            Kind kind = Kind.VALUE;
            if (timeIndex >= 0 && name.equals(dateColumn)) {
                kind = Kind.DATE;
            } else if (timeIndex >= 0 && name.equals(hourColumn)) {
                kind = Kind.HOUR;
            }
            parts.add(new PartitionColumn(name, index, kind == Kind.VALUE ? index : timeIndex, kind));
        }
        this.partitions = parts.toArray(new PartitionColumn[0]);
        List<StructField> data = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < schema.length(); i++) {
            if (!partitionColumns.contains(schema.at(i).getName())) {
                data.add(schema.at(i));
                indexes.add(i);
            }
        }
        this.dataFields = List.copyOf(data);
        this.dataColumnIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
        this.parquetSchema = ParquetSchemas.messageType(dataFields);
        this.statistics = new ParquetFooterStatistics(dataFields, numIndexedCols);
        // Derived time columns are never in records; the converter must not demand them.
        StructType recordSchema = schema;
        for (PartitionColumn part : partitions) {
            if (part.kind != Kind.VALUE) {
                recordSchema = replaceNullable(recordSchema, part.name);
            }
        }
        this.converter = new RowConverter(recordSchema, rejectUnknownMapKeys, maxFieldLength);
    }

    private static StructType replaceNullable(StructType schema, String name) {
        List<StructField> fields = new ArrayList<>(schema.fields());
        int i = schema.indexOf(name);
        StructField f = fields.get(i);
        fields.set(i, new StructField(f.getName(), f.getDataType(), true, f.getMetadata()));
        return new StructType(fields);
    }

    public StructType schema() {
        return schema;
    }

    public List<String> partitionColumns() {
        return partitionColumns;
    }

    public long version() {
        return version;
    }

    /**
     * The row for a record value, with the derived time partition columns filled in. Deriving them here, with the
     * rest of the conversion, means a time that cannot become a partition is rejected with its record (dead-letter
     * queue) before anything is written.
     */
    public Object[] toRow(Object value) {
        Object[] row = converter.convert(value);
        for (PartitionColumn part : partitions) {
            if (part.kind == Kind.VALUE) {
                if (row[part.index] instanceof String text) {
                    checkDirectoryName(part.name, text);
                }
            } else {
                Object time = row[part.source];
                try {
                    row[part.index] = time == null ? null : derive(part, time);
                } catch (SchemaMismatchException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new SchemaMismatchException("field " + schema.at(part.source).getName() + " gives no "
                            + part.name + " partition: " + e, e);
                }
            }
        }
        return row;
    }

    /**
     * Longest partition directory name ({@code column=value}, escaped, in UTF-8 bytes): the limit of a path component
     * on common local file systems and of an ADLS Gen2 path segment. A longer one failed creating the data file, on
     * every redelivery.
     */
    static final int MAX_DIRECTORY_NAME_BYTES = 255;

    private static void checkDirectoryName(String column, String value) {
        if (3L * (column.length() + 1 + value.length()) <= MAX_DIRECTORY_NAME_BYTES) {
            return;   // at most 3 bytes per char once escaped: no need to measure
        }
        int bytes = (escape(column) + "=" + escape(value)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DIRECTORY_NAME_BYTES) {
            throw new SchemaMismatchException("partition column " + column + " value of " + value.length()
                    + " characters makes a directory name of " + bytes + " bytes; at most " + MAX_DIRECTORY_NAME_BYTES
                    + " fit a path component");
        }
    }

    public boolean partitioned() {
        return partitions.length > 0;
    }

    /** The partition values of a row from {@link #toRow}, in partition column order (Integer days for DATE). */
    public Object[] partitionValues(Object[] row) {
        Object[] values = new Object[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            values[i] = row[partitions[i].index];
        }
        return values;
    }

    private Object derive(PartitionColumn part, Object time) {
        DataType sourceType = schema.at(part.source).getDataType();
        if (sourceType instanceof DateType) {
            return part.kind == Kind.DATE ? time : 0;
        }
        long micros = micros(time, sourceType, schema.at(part.source).getName());
        return part.kind == Kind.DATE
                ? (int) Math.floorDiv(micros, 86_400_000_000L)
                : (int) (Math.floorMod(micros, 86_400_000_000L) / 3_600_000_000L);
    }

    /** Epoch µs of a converted time value; in the TIMESTAMP range, so the day fits an int. */
    private static long micros(Object v, DataType sourceType, String field) {
        if (sourceType instanceof TimestampType || sourceType instanceof io.delta.kernel.types.TimestampNTZType) {
            return (Long) v;   // already µs, checked by the converter
        }
        if (sourceType instanceof LongType) {
            return RowConverter.millisToMicros((Long) v, "", field);   // epoch milliseconds
        }
        return (Long) RowConverter.toTimestampMicros(v, "", field);
    }

    /** Kernel literals for a file's partition values, keyed by logical column name. */
    public Map<String, Literal> literals(Object[] values) {
        Map<String, Literal> literals = new LinkedHashMap<>();
        for (int i = 0; i < partitions.length; i++) {
            PartitionColumn part = partitions[i];
            DataType columnType = schema.get(part.name).getDataType();
            literals.put(part.name, RowLiterals.of(values[i], columnType));
        }
        return literals;
    }

    /** A Hive-style relative directory for a file's partition values, e.g. date=2026-11-25/hour=4. */
    public String partitionDirectory(Object[] values) {
        if (partitions.length == 0) {
            return "";
        }
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < partitions.length; i++) {
            if (i > 0) {
                dir.append('/');
            }
            Object v = values[i];
            String text;
            if (v == null) {
                text = "__HIVE_DEFAULT_PARTITION__";
            } else if (schema.get(partitions[i].name).getDataType() instanceof DateType) {
                text = LocalDate.ofEpochDay((Integer) v).toString();
            } else {
                text = escape(String.valueOf(v));
            }
            dir.append(escape(partitions[i].name)).append('=').append(text);
        }
        return dir.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (Character.isLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.') {
                out.append(ch);
            } else {
                out.append('%').append(String.format("%02X", (int) ch & 0xFF));
            }
        }
        return out.toString();
    }

    /** Maps a finished data file's footer to its Delta statistics. */
    public ParquetFooterStatistics statistics() {
        return statistics;
    }

    MessageType parquetSchema() {
        return parquetSchema;
    }

    List<StructField> dataFields() {
        return dataFields;
    }

    int[] dataColumnIndexes() {
        return dataColumnIndexes;
    }
}

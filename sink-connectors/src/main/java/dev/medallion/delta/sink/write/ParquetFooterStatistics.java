package dev.medallion.delta.sink.write;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveComparator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the column statistics parquet-mr gathered while writing a data file (its in-memory footer; the file is not
 * read again) into the Delta {@code add} action's statistics: per leaf column min, max and null count, merged over
 * the file's row groups, with the physical column paths Delta readers look up (column mapping names, nested struct
 * fields as nested paths).
 *
 * <p>Delta's conventions: only the first {@value #NUM_INDEXED_COLS_PROPERTY} leaf columns (default 32) get
 * statistics, counted depth-first as delta-spark counts them (an array or map column takes one of those slots but gets
 * no statistics, since a leaf's Parquet null count is not the column's); strings longer than
 * {@value #STRING_PREFIX_LENGTH} code points get a truncated min and a max that is still an upper bound; binary
 * columns get a null count only (Delta has no min/max for them); NaN bounds are left out; timestamp maxima are rounded
 * up to the millisecond, because the log stores milliseconds. A column whose statistics parquet-mr did not record
 * gets none. Missing statistics only cost readers a skipping opportunity; a wrong bound would lose rows, so every
 * doubtful case leaves the value out.
 */
public final class ParquetFooterStatistics {
    public static final String NUM_INDEXED_COLS_PROPERTY = "delta.dataSkippingNumIndexedCols";
    public static final int DEFAULT_NUM_INDEXED_COLS = 32;
    /** Delta's default prefix length for string statistics ({@code stats.skipping.strings.prefixLength}). */
    static final int STRING_PREFIX_LENGTH = 32;
    private static final int ASCII_MAX = 0x7F;

    private final Map<ColumnPath, Leaf> leaves = new HashMap<>();
    private final int numIndexedCols;

    /** A column that gets statistics: its Delta path and type. */
    private record Leaf(Column column, DataType type) {
    }

    /**
     * @param dataFields     the columns stored in the data files, in file order (no partition columns)
     * @param numIndexedCols how many leaf columns get statistics; -1 for all
     */
    public ParquetFooterStatistics(List<StructField> dataFields, int numIndexedCols) {
        this.numIndexedCols = numIndexedCols;
        collect(dataFields, new String[0], numIndexedCols < 0 ? Integer.MAX_VALUE : numIndexedCols);
    }

    /** The table's {@value #NUM_INDEXED_COLS_PROPERTY}, or its default when unset or not a number of at least -1. */
    public static int numIndexedColumns(Map<String, String> tableProperties) {
        String value = tableProperties == null ? null : tableProperties.get(NUM_INDEXED_COLS_PROPERTY);
        if (value == null) {
            return DEFAULT_NUM_INDEXED_COLS;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n >= -1 ? n : DEFAULT_NUM_INDEXED_COLS;
        } catch (NumberFormatException e) {
            return DEFAULT_NUM_INDEXED_COLS;
        }
    }

    public int numIndexedCols() {
        return numIndexedCols;
    }

    /** Walks the fields depth-first, taking leaves while slots remain; returns the slots left. */
    private int collect(List<StructField> fields, String[] parent, int slots) {
        for (StructField field : fields) {
            if (slots <= 0) {
                return 0;
            }
            String[] path = append(parent, ParquetSchemas.physicalName(field));
            DataType type = field.getDataType();
            if (type instanceof StructType struct) {
                slots = collect(struct.fields(), path, slots);
            } else {
                slots--;
                if (!(type instanceof ArrayType) && !(type instanceof MapType)) {
                    leaves.put(ColumnPath.get(path), new Leaf(new Column(path), type));
                }
            }
        }
        return slots;
    }

    private static String[] append(String[] parent, String name) {
        String[] path = new String[parent.length + 1];
        System.arraycopy(parent, 0, path, 0, parent.length);
        path[parent.length] = name;
        return path;
    }

    /** The statistics of a closed file from its footer. */
    public DataFileStatistics of(ParquetMetadata footer, long numRecords) {
        Map<ColumnPath, ColumnSummary> summaries = new HashMap<>();
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                Leaf leaf = leaves.get(chunk.getPath());
                if (leaf != null) {
                    summaries.computeIfAbsent(chunk.getPath(), p -> new ColumnSummary()).add(chunk);
                }
            }
        }
        Map<Column, Literal> min = new HashMap<>();
        Map<Column, Literal> max = new HashMap<>();
        Map<Column, Long> nullCount = new HashMap<>();
        for (Map.Entry<ColumnPath, ColumnSummary> e : summaries.entrySet()) {
            Leaf leaf = leaves.get(e.getKey());
            ColumnSummary summary = e.getValue();
            if (summary.nullsKnown) {
                nullCount.put(leaf.column, summary.nulls);
            }
            if (summary.boundsKnown && summary.min != null) {
                Literal low = lowerBound(summary.min, leaf.type);
                Literal high = upperBound(summary.max, leaf.type);
                if (low != null) {
                    min.put(leaf.column, low);
                }
                if (high != null) {
                    max.put(leaf.column, high);
                }
            }
        }
        return new DataFileStatistics(numRecords, min, max, nullCount, java.util.Optional.empty());
    }

    /** One column's statistics merged over row groups; a row group without usable statistics spoils the merge. */
    private static final class ColumnSummary {
        private boolean nullsKnown = true;
        private boolean boundsKnown = true;
        private long nulls;
        private Object min;
        private Object max;

        @SuppressWarnings({"unchecked", "rawtypes"})
        void add(ColumnChunkMetaData chunk) {
            if (chunk.getValueCount() == 0) {
                return;
            }
            Statistics stats = chunk.getStatistics();
            if (stats == null || stats.isEmpty()) {
                nullsKnown = false;
                boundsKnown = false;
                return;
            }
            if (stats.isNumNullsSet()) {
                nulls += stats.getNumNulls();
            } else {
                nullsKnown = false;
            }
            if (!stats.hasNonNullValue()) {
                // Without a min/max the chunk must be all nulls; if parquet-mr cannot say so, no bounds are safe.
                boolean allNull = stats.isNumNullsSet() && stats.getNumNulls() == chunk.getValueCount();
                boundsKnown &= allNull;
                return;
            }
            PrimitiveComparator comparator = stats.comparator();
            Object low = stats.genericGetMin();
            Object high = stats.genericGetMax();
            if (min == null || comparator.compare(low, min) < 0) {
                min = low;
            }
            if (max == null || comparator.compare(high, max) > 0) {
                max = high;
            }
        }
    }

    private static Literal lowerBound(Object value, DataType type) {
        if (type instanceof StringType) {
            return Literal.ofString(truncatedMin(((Binary) value).toStringUsingUTF8()));
        }
        // Timestamps: the log keeps milliseconds and Kernel truncates, which only lowers a minimum.
        return exact(value, type);
    }

    private static Literal upperBound(Object value, DataType type) {
        if (type instanceof StringType) {
            String s = truncatedMax(((Binary) value).toStringUsingUTF8());
            return s == null ? null : Literal.ofString(s);
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            // The log keeps milliseconds and Kernel truncates; a truncated maximum would be below the file's values.
            long micros = (Long) value;
            if (micros > Long.MAX_VALUE - 999) {
                return null;
            }
            return RowLiterals.of(Math.floorDiv(micros + 999, 1000) * 1000, type);
        }
        return exact(value, type);
    }

    /** The literal of a bound that is stored exactly, or null when the type has no usable bound. */
    private static Literal exact(Object value, DataType type) {
        if (type instanceof BinaryType) {
            // Kernel would write the bytes as a UTF-8 string, which is not a faithful bound for arbitrary bytes.
            return null;
        }
        if ((value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN())) {
            return null;
        }
        if (type instanceof DecimalType decimal) {
            return RowLiterals.of(new BigDecimal(unscaled(value), decimal.getScale()), type);
        }
        return RowLiterals.of(value, type);
    }

    /** A decimal statistic's unscaled value: INT32, INT64 or big-endian two's complement bytes by precision. */
    private static BigInteger unscaled(Object value) {
        if (value instanceof Integer i) {
            return BigInteger.valueOf(i);
        }
        if (value instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        return new BigInteger(((Binary) value).getBytes());
    }

    /** A prefix of at most {@value #STRING_PREFIX_LENGTH} code points: never above the value. */
    static String truncatedMin(String s) {
        if (s.codePointCount(0, s.length()) <= STRING_PREFIX_LENGTH) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, STRING_PREFIX_LENGTH));
    }

    /**
     * A string of at most {@value #STRING_PREFIX_LENGTH} + 1 code points that is not below {@code s} in code point
     * (UTF-8 byte) order, which is how Delta readers compare strings: the prefix followed by a code point above the
     * first one cut off. Null (no maximum) in the one case that has no such code point, a cut at U+10FFFF.
     */
    static String truncatedMax(String s) {
        if (s.codePointCount(0, s.length()) <= STRING_PREFIX_LENGTH) {
            return s;
        }
        int end = s.offsetByCodePoints(0, STRING_PREFIX_LENGTH);
        int cut = s.codePointAt(end);
        if (cut == Character.MAX_CODE_POINT) {
            return null;
        }
        // An ASCII tie-breaker keeps the common case readable and short; anything else needs the top code point.
        int above = cut < ASCII_MAX ? ASCII_MAX : Character.MAX_CODE_POINT;
        return new StringBuilder(end + 2).append(s, 0, end).appendCodePoint(above).toString();
    }
}

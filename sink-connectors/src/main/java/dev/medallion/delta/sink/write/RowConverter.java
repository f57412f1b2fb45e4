package dev.medallion.delta.sink.write;

import dev.medallion.delta.sink.schema.SchemaInference;
import dev.medallion.delta.sink.schema.SchemaMismatchException;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns a record value ({@link Struct} or schemaless {@link Map}) into a row for one table schema: an {@code Object[]}
 * with one normalised value per column (Long, Integer, Double, Float, Boolean, String, byte[], BigDecimal at the column
 * scale, Integer days for DATE, Long microseconds for TIMESTAMP, Object[] for structs and arrays, {@link MapEntries}
 * for maps). Every check happens here, before anything touches a Parquet file, so a bad record is rejected whole and a
 * file never holds half a row. Converters are compiled once per table schema; leaf values that need no conversion are
 * passed through without allocation.
 */
public final class RowConverter {
    private final StructConverter root;

    /**
     * @param rejectUnknownMapKeys whether a schemaless map with keys the schema lacks is an error (raised as
     *                             {@link UnknownFieldsException} so the caller can evolve the schema instead)
     */
    public RowConverter(StructType schema, boolean rejectUnknownMapKeys) {
        this(schema, rejectUnknownMapKeys, Integer.MAX_VALUE);
    }

    /** @param maxFieldLength largest string (characters) or bytes value accepted */
    public RowConverter(StructType schema, boolean rejectUnknownMapKeys, int maxFieldLength) {
        this.root = new StructConverter(schema, new Options(rejectUnknownMapKeys, maxFieldLength));
    }

    private record Options(boolean rejectUnknown, int maxFieldLength) {
    }

    public Object[] convert(Object value) {
        return root.convertStruct(value, "");
    }

    /** Map values of a MAP column: parallel key and value arrays. */
    public record MapEntries(Object[] keys, Object[] values) {
    }

    /** A schemaless record has keys its table has no column for. */
    public static final class UnknownFieldsException extends SchemaMismatchException {
        public UnknownFieldsException(String message) {
            super(message);
        }
    }

    /** Converts one value; {@code parent} and {@code name} only build the path of an error message. */
    private interface Converter {
        Object convert(Object value, String parent, String name);
    }

    private static Converter converterFor(DataType type, Options options) {
        if (type instanceof StructType struct) {
            StructConverter converter = new StructConverter(struct, options);
            return (v, parent, name) -> converter.convertStruct(v, join(parent, name));
        }
        if (type instanceof ArrayType array) {
            return new ArrayConverter(converterFor(array.getElementType(), options), array.containsNull());
        }
        if (type instanceof MapType map) {
            return new MapConverter(converterFor(map.getKeyType(), options),
                    converterFor(map.getValueType(), options), map.isValueContainsNull());
        }
        if (type instanceof StringType) {
            int max = options.maxFieldLength();
            return (v, parent, name) -> checkLength(toStringValue(v, parent, name), ((String) v).length(), max, parent, name);
        }
        if (type instanceof LongType) {
            return (v, parent, name) -> toLong(v, parent, name);
        }
        if (type instanceof IntegerType) {
            return (v, parent, name) -> toIntegral(v, parent, name, Integer.MIN_VALUE, Integer.MAX_VALUE, "INT");
        }
        if (type instanceof ShortType) {
            return (v, parent, name) -> toIntegral(v, parent, name, Short.MIN_VALUE, Short.MAX_VALUE, "SHORT");
        }
        if (type instanceof ByteType) {
            return (v, parent, name) -> toIntegral(v, parent, name, Byte.MIN_VALUE, Byte.MAX_VALUE, "BYTE");
        }
        if (type instanceof DoubleType) {
            return (v, parent, name) -> toDouble(v, parent, name);
        }
        if (type instanceof FloatType) {
            return (v, parent, name) -> toFloat(v, parent, name);
        }
        if (type instanceof BooleanType) {
            return (v, parent, name) -> toBoolean(v, parent, name);
        }
        if (type instanceof BinaryType) {
            int max = options.maxFieldLength();
            return (v, parent, name) -> {
                byte[] bytes = (byte[]) toBinary(v, parent, name);
                return checkLength(bytes, bytes.length, max, parent, name);
            };
        }
        if (type instanceof DecimalType decimal) {
            return (v, parent, name) -> toDecimal(v, parent, name, decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof DateType) {
            return (v, parent, name) -> toDate(v, parent, name);
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return (v, parent, name) -> toTimestampMicros(v, parent, name);
        }
        throw new SchemaMismatchException("table column type " + type + " is not supported by this sink");
    }

    private static final class StructConverter {
        private final String[] names;
        private final Converter[] converters;
        private final boolean[] nullable;
        private final boolean rejectUnknown;
        private final Options options;
        private Schema cachedSchema;
        private Field[] cachedFields;

        StructConverter(StructType type, Options options) {
            int n = type.length();
            this.names = new String[n];
            this.converters = new Converter[n];
            this.nullable = new boolean[n];
            this.options = options;
            this.rejectUnknown = options.rejectUnknown();
            for (int i = 0; i < n; i++) {
                StructField field = type.at(i);
                names[i] = field.getName();
                converters[i] = converterFor(field.getDataType(), options);
                nullable[i] = field.isNullable();
            }
        }

        Object[] convertStruct(Object value, String path) {
            Object[] row = new Object[names.length];
            if (value instanceof Struct struct) {
                Field[] fields = fieldsOf(struct.schema());
                for (int i = 0; i < names.length; i++) {
                    Object v = fields[i] == null ? null : struct.get(fields[i]);
                    row[i] = v == null ? requireNullable(i, path) : convertField(i, v, path);
                }
            } else if (value instanceof Map<?, ?> map) {
                int present = 0;
                for (int i = 0; i < names.length; i++) {
                    Object v = map.get(names[i]);
                    if (v != null) {
                        present++;
                        row[i] = convertField(i, v, path);
                    } else {
                        if (map.containsKey(names[i])) {
                            present++;
                        }
                        row[i] = requireNullable(i, path);
                    }
                }
                if (rejectUnknown && present < map.size() && hasTypedUnknownField(map)) {
                    throw new UnknownFieldsException("record " + (path.isEmpty() ? "value" : "field " + path)
                            + " has fields that are not columns of the table");
                }
            } else {
                throw new SchemaMismatchException((path.isEmpty() ? "record value" : "field " + path) + " is "
                        + describe(value) + ", expected a struct or map");
            }
            return row;
        }

        /**
         * Converts one field. Conversion touches nothing but the value, so whatever it throws is about this record:
         * an exception that is not already a {@link SchemaMismatchException} (a bug, or a value some JDK parser
         * rejects in a way not foreseen here) becomes one naming the field, so the record goes to the dead-letter
         * queue instead of failing the task on every restart.
         */
        private Object convertField(int i, Object v, String path) {
            try {
                return converters[i].convert(v, path, names[i]);
            } catch (SchemaMismatchException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SchemaMismatchException("field " + join(path, names[i]) + " value could not be converted: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage())), e);
            }
        }

        /**
         * Whether {@code map} has a key that is not a column and whose value tells a type. A null (or an empty list
         * or object) carries no data and no type, like the null fields schema inference leaves out, so it is
         * dropped instead of asking for a column: the column is added once a record carries a value.
         */
        private boolean hasTypedUnknownField(Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (SchemaInference.infer(entry.getValue()) != null && !isColumn(String.valueOf(entry.getKey()))) {
                    return true;
                }
            }
            return false;
        }

        private boolean isColumn(String key) {
            for (String name : names) {
                if (name.equals(key)) {
                    return true;
                }
            }
            return false;
        }

        private Object requireNullable(int i, String path) {
            if (!nullable[i]) {
                throw new SchemaMismatchException("required column " + join(path, names[i]) + " is missing or null");
            }
            return null;
        }

        private Field[] fieldsOf(Schema schema) {
            if (schema != cachedSchema) {
                Field[] fields = new Field[names.length];
                for (int i = 0; i < names.length; i++) {
                    fields[i] = schema.field(names[i]);
                }
                cachedFields = fields;
                cachedSchema = schema;
            }
            return cachedFields;
        }
    }

    private static final class ArrayConverter implements Converter {
        private final Converter element;
        private final boolean containsNull;

        ArrayConverter(Converter element, boolean containsNull) {
            this.element = element;
            this.containsNull = containsNull;
        }

        @Override
        public Object convert(Object value, String parent, String name) {
            if (!(value instanceof Collection<?> list)) {
                throw typeMismatch(value, join(parent, name), "ARRAY");
            }
            Object[] out = new Object[list.size()];
            int i = 0;
            for (Object v : list) {
                if (v == null) {
                    if (!containsNull) {
                        throw new SchemaMismatchException("field " + join(parent, name) + " holds a null element");
                    }
                } else {
                    out[i] = element.convert(v, parent, name);
                }
                i++;
            }
            return out;
        }
    }

    private static final class MapConverter implements Converter {
        private final Converter key;
        private final Converter value;
        private final boolean valueContainsNull;

        MapConverter(Converter key, Converter value, boolean valueContainsNull) {
            this.key = key;
            this.value = value;
            this.valueContainsNull = valueContainsNull;
        }

        @Override
        public Object convert(Object input, String parent, String name) {
            if (!(input instanceof Map<?, ?> map)) {
                throw typeMismatch(input, join(parent, name), "MAP");
            }
            Object[] keys = new Object[map.size()];
            Object[] values = new Object[map.size()];
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new SchemaMismatchException("field " + join(parent, name) + " has a null map key");
                }
                keys[i] = key.convert(entry.getKey(), parent, name);
                Object v = entry.getValue();
                if (v == null && !valueContainsNull) {
                    throw new SchemaMismatchException("field " + join(parent, name) + " has a null map value");
                }
                values[i] = v == null ? null : value.convert(v, parent, name);
                i++;
            }
            return new MapEntries(keys, values);
        }
    }

    private static Object checkLength(Object value, int length, int max, String parent, String name) {
        if (length > max) {
            throw new SchemaMismatchException("field " + join(parent, name) + " holds " + length
                    + " characters/bytes, more than field.max.bytes=" + max);
        }
        return value;
    }

    private static Object toStringValue(Object v, String parent, String name) {
        if (v instanceof String) {
            return v;
        }
        throw typeMismatch(v, join(parent, name), "STRING");
    }

    private static Object toLong(Object v, String parent, String name) {
        if (v instanceof Long) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw typeMismatch(v, join(parent, name), "LONG");
    }

    private static Object toIntegral(Object v, String parent, String name, long min, long max, String type) {
        if (v instanceof Integer && min == Integer.MIN_VALUE) {
            return v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l < min || l > max) {
                throw new SchemaMismatchException("field " + join(parent, name) + " value " + l + " is out of range for " + type);
            }
            return (int) l;
        }
        if (v instanceof java.util.Date date && min == Integer.MIN_VALUE) {
            // Connect's Time logical type: milliseconds of the day.
            return (int) Math.floorMod(date.getTime(), 86_400_000L);
        }
        throw typeMismatch(v, join(parent, name), type);
    }

    private static Object toDouble(Object v, String parent, String name) {
        if (v instanceof Double) {
            return v;
        }
        if (v instanceof Number n && !(v instanceof BigDecimal)) {
            return n.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        throw typeMismatch(v, join(parent, name), "DOUBLE");
    }

    private static Object toFloat(Object v, String parent, String name) {
        if (v instanceof Float) {
            return v;
        }
        if (v instanceof Number n) {
            return n.floatValue();
        }
        throw typeMismatch(v, join(parent, name), "FLOAT");
    }

    private static Object toBoolean(Object v, String parent, String name) {
        if (v instanceof Boolean) {
            return v;
        }
        throw typeMismatch(v, join(parent, name), "BOOLEAN");
    }

    private static Object toBinary(Object v, String parent, String name) {
        if (v instanceof byte[]) {
            return v;
        }
        if (v instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        throw typeMismatch(v, join(parent, name), "BINARY");
    }

    /**
     * Most significant digits a decimal input may have. A DECIMAL holds at most 38; more are accepted only as trailing
     * zeros (e.g. "1.2500000000"). The bound keeps parsing and rescaling linear in a small input: a string of a million
     * digits, or "1e99999999" expanded by {@code setScale}, took minutes of CPU before it could be rejected.
     */
    static final int MAX_DECIMAL_INPUT_DIGITS = 1000;

    private static Object toDecimal(Object v, String parent, String name, int precision, int scale) {
        BigDecimal decimal;
        if (v instanceof BigDecimal d) {
            decimal = d;
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            decimal = BigDecimal.valueOf(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new SchemaMismatchException("field " + join(parent, name) + " value " + d + " is not a number a "
                        + decimalType(precision, scale) + " can hold");
            }
            decimal = BigDecimal.valueOf(d);
        } else if (v instanceof String s) {
            String text = s.trim();
            if (text.length() > MAX_DECIMAL_INPUT_DIGITS + 16) {   // room for sign, point and exponent
                throw new SchemaMismatchException("field " + join(parent, name) + " value of " + text.length()
                        + " characters is not a " + decimalType(precision, scale) + " (at most "
                        + MAX_DECIMAL_INPUT_DIGITS + " digits are read)");
            }
            try {
                decimal = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new SchemaMismatchException("field " + join(parent, name) + " value '" + abbreviate(s)
                        + "' is not a decimal for " + decimalType(precision, scale));
            }
        } else {
            throw typeMismatch(v, join(parent, name), decimalType(precision, scale));
        }
        return rescale(decimal, join(parent, name), precision, scale);
    }

    /**
     * {@code decimal} at {@code scale}, or a rejection when that would round it or need more than {@code precision}
     * digits. Every check is arithmetic on the digit count and the exponent before any {@code setScale}, which
     * then moves the point by at most {@value #MAX_DECIMAL_INPUT_DIGITS} digits.
     */
    private static BigDecimal rescale(BigDecimal decimal, String path, int precision, int scale) {
        if (decimal.signum() == 0) {
            return BigDecimal.valueOf(0, scale);
        }
        // bitLength is O(1); precision() of a huge unscaled value is not. ~3.33 bits per digit.
        if (decimal.unscaledValue().bitLength() > MAX_DECIMAL_INPUT_DIGITS * 4) {
            throw new SchemaMismatchException("field " + path + " value has more than " + MAX_DECIMAL_INPUT_DIGITS
                    + " digits and does not fit " + decimalType(precision, scale));
        }
        long digits = decimal.precision();
        long integerDigits = digits - decimal.scale();   // digits left of the point (<= 0 below 0.1)
        if (integerDigits > precision - scale) {
            throw new SchemaMismatchException("field " + path + " value " + abbreviate(decimal.toString())
                    + " does not fit " + decimalType(precision, scale));
        }
        if (digits > MAX_DECIMAL_INPUT_DIGITS) {
            throw new SchemaMismatchException("field " + path + " value has " + digits + " digits, more than the "
                    + MAX_DECIMAL_INPUT_DIGITS + " read for " + decimalType(precision, scale));
        }
        long dropped = (long) decimal.scale() - scale;   // fraction digits beyond the column's scale
        if (dropped >= digits) {
            // The unscaled value has fewer digits than would have to be zero: some of them is not.
            throw new SchemaMismatchException("field " + path + " value " + abbreviate(decimal.toString())
                    + " has more than " + scale + " fraction digits (" + decimalType(precision, scale)
                    + "); rounding would change it");
        }
        BigDecimal scaled;
        try {
            scaled = decimal.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new SchemaMismatchException("field " + path + " value " + abbreviate(decimal.toString())
                    + " has more than " + scale + " fraction digits (" + decimalType(precision, scale)
                    + "); rounding would change it");
        }
        if (scaled.precision() > precision) {   // implied by the integer digit check; kept as the last word
            throw new SchemaMismatchException("field " + path + " value " + abbreviate(decimal.toString())
                    + " does not fit " + decimalType(precision, scale));
        }
        return scaled;
    }

    private static String decimalType(int precision, int scale) {
        return "DECIMAL(" + precision + "," + scale + ")";
    }

    /** First and last day of the DATE range Delta readers (Spark) support: 0001-01-01 to 9999-12-31. */
    static final long MIN_EPOCH_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    static final long MAX_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    /** The TIMESTAMP range Delta readers support, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z, in µs. */
    static final long MIN_MICROS = MIN_EPOCH_DAY * 86_400_000_000L;
    static final long MAX_MICROS = (MAX_EPOCH_DAY + 1) * 86_400_000_000L - 1;
    private static final long MIN_MILLIS = Math.floorDiv(MIN_MICROS, 1000L);
    private static final long MAX_MILLIS = Math.floorDiv(MAX_MICROS, 1000L);

    private static Object toDate(Object v, String parent, String name) {
        long day;
        if (v instanceof java.util.Date date) {
            day = Math.floorDiv(date.getTime(), 86_400_000L);
        } else if (v instanceof Integer || v instanceof Long) {
            day = ((Number) v).longValue();
        } else if (v instanceof String s) {
            try {
                day = LocalDate.parse(s.trim()).toEpochDay();
            } catch (DateTimeParseException e) {
                throw new SchemaMismatchException("field " + join(parent, name) + " value '" + abbreviate(s)
                        + "' is not an ISO-8601 date (yyyy-MM-dd)");
            }
        } else {
            throw typeMismatch(v, join(parent, name), "DATE");
        }
        if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) {
            // Checked as a long: an int cast would wrap a far-off day into an ordinary one.
            throw new SchemaMismatchException("field " + join(parent, name) + " value " + abbreviate(String.valueOf(v))
                    + " is outside the DATE range 0001-01-01..9999-12-31");
        }
        return (int) day;
    }

    /** Epoch microseconds from a Connect Timestamp, epoch milliseconds or an ISO-8601 string. */
    static Object toTimestampMicros(Object v, String parent, String name) {
        if (v instanceof java.util.Date date) {
            return millisToMicros(date.getTime(), parent, name);
        }
        if (v instanceof Long || v instanceof Integer) {
            return millisToMicros(((Number) v).longValue(), parent, name);
        }
        if (v instanceof String s) {
            return parseTimestampMicros(s, join(parent, name));
        }
        throw typeMismatch(v, join(parent, name), "TIMESTAMP");
    }

    /** Epoch milliseconds as microseconds, checked against the TIMESTAMP range before multiplying. */
    static long millisToMicros(long millis, String parent, String name) {
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw outOfTimestampRange(String.valueOf(millis) + " (epoch ms)", join(parent, name));
        }
        return millis * 1000L;
    }

    private static long parseTimestampMicros(String text, String path) {
        String s = text.trim();
        Instant instant;
        try {
            if (s.endsWith("Z") || s.endsWith("z")) {
                instant = Instant.parse(s.toUpperCase(java.util.Locale.ROOT));
            } else if (s.length() > 19 && (s.charAt(s.length() - 6) == '+' || s.charAt(s.length() - 6) == '-')) {
                instant = OffsetDateTime.parse(s).toInstant();
            } else {
                instant = LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
        } catch (java.time.DateTimeException e) {
            throw new SchemaMismatchException("field " + path + " value '" + abbreviate(text)
                    + "' is not an ISO-8601 timestamp");
        }
        long seconds = instant.getEpochSecond();
        if (seconds < Math.floorDiv(MIN_MICROS, 1_000_000L) || seconds > Math.floorDiv(MAX_MICROS, 1_000_000L)) {
            throw outOfTimestampRange("'" + abbreviate(text) + "'", path);
        }
        return seconds * 1_000_000L + instant.getNano() / 1000;
    }

    private static SchemaMismatchException outOfTimestampRange(String value, String path) {
        return new SchemaMismatchException("field " + path + " value " + value + " is outside the TIMESTAMP range"
                + " 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999Z");
    }

    private static SchemaMismatchException typeMismatch(Object v, String path, String expected) {
        return new SchemaMismatchException("field " + path + " is " + describe(v) + ", but the column is " + expected);
    }

    private static String describe(Object v) {
        if (v instanceof Struct || v instanceof Map) {
            return "a struct";
        }
        if (v instanceof List) {
            return "an array";
        }
        return "a " + v.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

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
                    row[i] = v == null ? requireNullable(i, path) : converters[i].convert(v, path, names[i]);
                }
            } else if (value instanceof Map<?, ?> map) {
                int present = 0;
                for (int i = 0; i < names.length; i++) {
                    Object v = map.get(names[i]);
                    if (v != null) {
                        present++;
                        row[i] = converters[i].convert(v, path, names[i]);
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

    private static Object toDecimal(Object v, String parent, String name, int precision, int scale) {
        BigDecimal decimal;
        if (v instanceof BigDecimal d) {
            decimal = d;
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            decimal = BigDecimal.valueOf(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            decimal = BigDecimal.valueOf(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            try {
                decimal = new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new SchemaMismatchException("field " + join(parent, name) + " value '" + abbreviate(s) + "' is not a decimal");
            }
        } else {
            throw typeMismatch(v, join(parent, name), "DECIMAL(" + precision + "," + scale + ")");
        }
        try {
            decimal = decimal.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new SchemaMismatchException("field " + join(parent, name) + " value " + decimal + " has more than " + scale
                    + " fraction digits (DECIMAL(" + precision + "," + scale + ")); rounding would change it");
        }
        if (decimal.precision() > precision) {
            throw new SchemaMismatchException("field " + join(parent, name) + " value " + decimal + " does not fit DECIMAL("
                    + precision + "," + scale + ")");
        }
        return decimal;
    }

    private static Object toDate(Object v, String parent, String name) {
        if (v instanceof java.util.Date date) {
            return (int) Math.floorDiv(date.getTime(), 86_400_000L);
        }
        if (v instanceof Integer) {
            return v;
        }
        if (v instanceof Long l) {
            return Math.toIntExact(l);
        }
        if (v instanceof String s) {
            try {
                return (int) LocalDate.parse(s.trim()).toEpochDay();
            } catch (DateTimeParseException e) {
                throw new SchemaMismatchException("field " + join(parent, name) + " value '" + abbreviate(s)
                        + "' is not an ISO-8601 date (yyyy-MM-dd)");
            }
        }
        throw typeMismatch(v, join(parent, name), "DATE");
    }

    /** Epoch microseconds from a Connect Timestamp, epoch milliseconds or an ISO-8601 string. */
    static Object toTimestampMicros(Object v, String parent, String name) {
        if (v instanceof java.util.Date date) {
            return Math.multiplyExact(date.getTime(), 1000L);
        }
        if (v instanceof Long || v instanceof Integer) {
            return Math.multiplyExact(((Number) v).longValue(), 1000L);
        }
        if (v instanceof String s) {
            return parseTimestampMicros(s, join(parent, name));
        }
        throw typeMismatch(v, join(parent, name), "TIMESTAMP");
    }

    private static long parseTimestampMicros(String text, String path) {
        String s = text.trim();
        try {
            Instant instant;
            if (s.endsWith("Z") || s.endsWith("z")) {
                instant = Instant.parse(s.toUpperCase(java.util.Locale.ROOT));
            } else if (s.length() > 19 && (s.charAt(s.length() - 6) == '+' || s.charAt(s.length() - 6) == '-')) {
                instant = OffsetDateTime.parse(s).toInstant();
            } else {
                instant = LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new SchemaMismatchException("field " + path + " value '" + abbreviate(text)
                    + "' is not an ISO-8601 timestamp");
        }
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

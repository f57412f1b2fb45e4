package dev.medallion.delta.sink.schema;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Infers Delta types for schemaless values (JsonConverter with schemas off gives maps, lists, strings, longs,
 * doubles and booleans). Integers widen to LONG and fractions to DOUBLE so that the next record's 7 or 7.5 fits the
 * same column; objects become STRUCTs. A null or an empty list says nothing about its type, so such fields are left out
 * until a record carries a value.
 */
public final class SchemaInference {
    private SchemaInference() {
    }

    /** The struct type of a schemaless record value. */
    public static StructType inferStruct(Map<?, ?> value) {
        List<StructField> fields = new ArrayList<>(value.size());
        for (Map.Entry<?, ?> entry : value.entrySet()) {
            DataType type = infer(entry.getValue());
            if (type != null) {
                fields.add(new StructField(String.valueOf(entry.getKey()), type, true));
            }
        }
        return new StructType(fields);
    }

    /** The Delta type for {@code value}, or null when the value does not tell. */
    public static DataType infer(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return StringType.STRING;
        }
        if (value instanceof Boolean) {
            return BooleanType.BOOLEAN;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return LongType.LONG;
        }
        if (value instanceof Double || value instanceof Float) {
            return DoubleType.DOUBLE;
        }
        if (value instanceof BigDecimal decimal) {
            int scale = Math.max(decimal.scale(), 0);
            int precision = Math.max(decimal.precision(), scale);
            return precision <= 38 ? new DecimalType(38, Math.min(scale, 18)) : DoubleType.DOUBLE;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return BinaryType.BINARY;
        }
        if (value instanceof java.util.Date) {
            return TimestampType.TIMESTAMP;
        }
        if (value instanceof Map<?, ?> map) {
            StructType struct = inferStruct(map);
            return struct.length() == 0 ? null : struct;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                DataType elementType = infer(element);
                if (elementType != null) {
                    return new ArrayType(elementType, true);
                }
            }
            return null;
        }
        return null;
    }
}

package dev.medallion.delta.sink.write;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
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
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives the Parquet schema of a table's data files from its Delta schema, the way Spark writes Delta tables:
 * physical column names and field ids when column mapping is on, INT64 TIMESTAMP(MICROS, UTC), INT32 DATE, decimals as
 * INT32/INT64/FIXED_LEN_BYTE_ARRAY by precision, the standard three-level LIST and MAP layouts.
 */
public final class ParquetSchemas {
    public static final String PHYSICAL_NAME_KEY = "delta.columnMapping.physicalName";
    public static final String COLUMN_ID_KEY = "delta.columnMapping.id";

    private ParquetSchemas() {
    }

    /** The name a column has in data files: its physical name under column mapping, else its logical name. */
    public static String physicalName(StructField field) {
        FieldMetadata metadata = field.getMetadata();
        if (metadata != null && metadata.contains(PHYSICAL_NAME_KEY)) {
            return metadata.getString(PHYSICAL_NAME_KEY);
        }
        return field.getName();
    }

    public static MessageType messageType(List<StructField> dataFields) {
        List<Type> fields = new ArrayList<>(dataFields.size());
        for (StructField field : dataFields) {
            fields.add(fieldType(field));
        }
        return new MessageType("spark_schema", fields);
    }

    private static Type fieldType(StructField field) {
        Type type = type(field.getDataType(), physicalName(field), field.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED);
        FieldMetadata metadata = field.getMetadata();
        if (metadata != null && metadata.contains(COLUMN_ID_KEY)) {
            type = type.withId(metadata.getLong(COLUMN_ID_KEY).intValue());
        }
        return type;
    }

    static Type type(DataType dataType, String name, Repetition repetition) {
        if (dataType instanceof StructType struct) {
            Types.GroupBuilder<org.apache.parquet.schema.GroupType> group = Types.buildGroup(repetition);
            for (StructField field : struct.fields()) {
                group.addField(fieldType(field));
            }
            return group.named(name);
        }
        if (dataType instanceof ArrayType array) {
            Type element = type(array.getElementType(), "element", array.containsNull() ? Repetition.OPTIONAL : Repetition.REQUIRED);
            return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup().addField(element).named("list"))
                    .named(name);
        }
        if (dataType instanceof MapType map) {
            Type key = type(map.getKeyType(), "key", Repetition.REQUIRED);
            Type value = type(map.getValueType(), "value", map.isValueContainsNull() ? Repetition.OPTIONAL : Repetition.REQUIRED);
            return Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
                    .addField(Types.repeatedGroup().addField(key).addField(value).named("key_value"))
                    .named(name);
        }
        if (dataType instanceof StringType) {
            return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        if (dataType instanceof BinaryType) {
            return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
        }
        if (dataType instanceof LongType) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
        }
        if (dataType instanceof IntegerType) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
        }
        if (dataType instanceof ShortType) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(16, true)).named(name);
        }
        if (dataType instanceof ByteType) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(8, true)).named(name);
        }
        if (dataType instanceof DoubleType) {
            return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
        }
        if (dataType instanceof FloatType) {
            return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
        }
        if (dataType instanceof BooleanType) {
            return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
        }
        if (dataType instanceof DateType) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType()).named(name);
        }
        if (dataType instanceof TimestampType) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        }
        if (dataType instanceof TimestampNTZType) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        }
        if (dataType instanceof DecimalType decimal) {
            LogicalTypeAnnotation annotation =
                    LogicalTypeAnnotation.decimalType(decimal.getScale(), decimal.getPrecision());
            if (decimal.getPrecision() <= 9) {
                return Types.primitive(PrimitiveTypeName.INT32, repetition).as(annotation).named(name);
            }
            if (decimal.getPrecision() <= 18) {
                return Types.primitive(PrimitiveTypeName.INT64, repetition).as(annotation).named(name);
            }
            return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                    .length(decimalBytes(decimal.getPrecision())).as(annotation).named(name);
        }
        throw new IllegalArgumentException("No Parquet mapping for Delta type " + dataType);
    }

    /** Bytes a two's-complement unscaled value of {@code precision} digits needs (Spark's minBytesForPrecision). */
    static int decimalBytes(int precision) {
        int bytes = 1;
        while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
            bytes++;
        }
        return bytes;
    }
}

package dev.medallion.delta.sink.schema;

import io.delta.kernel.internal.types.DataTypeJsonSerDe;
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
import io.delta.kernel.types.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps Connect schemas to Delta types. Connect's logical types become their Delta counterparts (Timestamp →
 * TIMESTAMP, Date → DATE, Decimal → DECIMAL(p,s) with p from {@code connect.decimal.precision} or 38); Time has no
 * Delta type and becomes INT milliseconds of the day. Every column is nullable: Delta can only add nullable columns
 * later, and a NOT NULL column would turn a later optional field into an incompatible change.
 */
public final class DeltaSchemas {
    /** Parameter Avro and other converters put on Decimal schemas to carry the precision. */
    public static final String CONNECT_DECIMAL_PRECISION = "connect.decimal.precision";

    private DeltaSchemas() {
    }

    public static StructType parseJson(String json) {
        return DataTypeJsonSerDe.deserializeStructType(json);
    }

    /**
     * The schema an operator configured for schemaless records: a Delta/Spark JSON struct when the text starts with
     * '{', otherwise a Spark SQL DDL column list ({@link DdlSchemaParser}). Throws {@link IllegalArgumentException}
     * (DDL) or Kernel's exception (JSON) saying what is wrong.
     */
    public static StructType parseConfigured(String text) {
        String trimmed = text.trim();
        return trimmed.startsWith("{") ? parseJson(trimmed) : DdlSchemaParser.parse(trimmed);
    }

    public static String toJson(StructType schema) {
        return DataTypeJsonSerDe.serializeStructType(schema);
    }

    /** The Delta table schema for records whose value schema is {@code schema} (a STRUCT schema). */
    public static StructType fromConnect(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT) {
            throw new SchemaMismatchException("record value schema is " + schema.type()
                    + ", but a table row needs a STRUCT (use a Struct value or a schemaless map)");
        }
        return (StructType) toDelta(schema, "value");
    }

    static DataType toDelta(Schema schema, String path) {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Timestamp.LOGICAL_NAME:
                    return TimestampType.TIMESTAMP;
                case Date.LOGICAL_NAME:
                    return DateType.DATE;
                case Time.LOGICAL_NAME:
                    return IntegerType.INTEGER;
                case Decimal.LOGICAL_NAME:
                    int scale;
                    int precision;
                    Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
                    try {
                        scale = Integer.parseInt(params.get(Decimal.SCALE_FIELD));
                        String p = params.get(CONNECT_DECIMAL_PRECISION);
                        precision = p == null ? 38 : Integer.parseInt(p.trim());
                    } catch (NumberFormatException e) {
                        throw new SchemaMismatchException("field " + path + " is a Connect Decimal whose scale or "
                                + CONNECT_DECIMAL_PRECISION + " parameter is not an integer: " + params);
                    }
                    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                        throw new SchemaMismatchException("field " + path + " is DECIMAL(" + precision + "," + scale
                                + "), Delta supports precision up to 38 and scale <= precision");
                    }
                    return new DecimalType(precision, scale);
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case INT8:
                return ByteType.BYTE;
            case INT16:
                return ShortType.SHORT;
            case INT32:
                return IntegerType.INTEGER;
            case INT64:
                return LongType.LONG;
            case FLOAT32:
                return FloatType.FLOAT;
            case FLOAT64:
                return DoubleType.DOUBLE;
            case BOOLEAN:
                return BooleanType.BOOLEAN;
            case STRING:
                return StringType.STRING;
            case BYTES:
                return BinaryType.BINARY;
            case ARRAY:
                return new ArrayType(toDelta(schema.valueSchema(), path + "[]"), true);
            case MAP:
                DataType key = toDelta(schema.keySchema(), path + ".key");
                return new MapType(key, toDelta(schema.valueSchema(), path + ".value"), true);
            case STRUCT:
                List<StructField> fields = new ArrayList<>(schema.fields().size());
                for (Field field : schema.fields()) {
                    fields.add(new StructField(field.name(), toDelta(field.schema(), path + "." + field.name()), true));
                }
                return new StructType(fields);
            default:
                throw new SchemaMismatchException("field " + path + " has Connect type " + schema.type()
                        + ", which has no Delta counterpart");
        }
    }

    /** Removes Delta field metadata (column mapping ids and names) so schemas compare by structure only. */
    public static boolean sameStructure(DataType a, DataType b) {
        if (a instanceof StructType sa && b instanceof StructType sb) {
            if (sa.length() != sb.length()) {
                return false;
            }
            for (int i = 0; i < sa.length(); i++) {
                StructField fa = sa.at(i);
                StructField fb = sb.at(i);
                if (!fa.getName().equals(fb.getName()) || !sameStructure(fa.getDataType(), fb.getDataType())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof ArrayType aa && b instanceof ArrayType ab) {
            return sameStructure(aa.getElementType(), ab.getElementType());
        }
        if (a instanceof MapType ma && b instanceof MapType mb) {
            return sameStructure(ma.getKeyType(), mb.getKeyType()) && sameStructure(ma.getValueType(), mb.getValueType());
        }
        return a.equals(b);
    }
}

package dev.medallion.delta.sink.schema;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether rows of a record schema fit a table schema. Fields the table lacks become new nullable columns
 * (appended, also inside nested structs) when evolution is allowed; a type the table column cannot hold, or a missing
 * NOT NULL column, is an incompatible change reported as {@link SchemaMismatchException}. Widening that never loses
 * information is accepted without a schema change: smaller integers into larger ones, integers and FLOAT into DOUBLE,
 * any DECIMAL into a DECIMAL column (each value is checked when written). Existing fields keep their metadata (column
 * mapping ids and physical names), so the merged schema is a valid update of the table's.
 */
public final class SchemaMerger {
    private SchemaMerger() {
    }

    /** The table schema extended by what {@code record} adds; {@code table} itself when nothing is added. */
    public static StructType merge(StructType table, StructType record, boolean evolve) {
        return (StructType) mergeType(table, record, evolve, "");
    }

    private static DataType mergeType(DataType table, DataType record, boolean evolve, String path) {
        if (table instanceof StructType tableStruct) {
            if (!(record instanceof StructType recordStruct)) {
                throw mismatch(path, record, table);
            }
            return mergeStruct(tableStruct, recordStruct, evolve, path);
        }
        if (table instanceof ArrayType tableArray) {
            if (!(record instanceof ArrayType recordArray)) {
                throw mismatch(path, record, table);
            }
            DataType element = mergeType(tableArray.getElementType(), recordArray.getElementType(), evolve, path + "[]");
            return element == tableArray.getElementType() ? table
                    : new ArrayType(tableArray.getElementField().withDataType(element));
        }
        if (table instanceof MapType tableMap) {
            if (!(record instanceof MapType recordMap)) {
                throw mismatch(path, record, table);
            }
            DataType key = mergeType(tableMap.getKeyType(), recordMap.getKeyType(), false, path + ".key");
            DataType value = mergeType(tableMap.getValueType(), recordMap.getValueType(), evolve, path + ".value");
            return key == tableMap.getKeyType() && value == tableMap.getValueType() ? table
                    : new MapType(tableMap.getKeyField().withDataType(key), tableMap.getValueField().withDataType(value));
        }
        if (!fits(record, table)) {
            throw mismatch(path, record, table);
        }
        return table;
    }

    private static StructType mergeStruct(StructType table, StructType record, boolean evolve, String path) {
        List<StructField> merged = new ArrayList<>(table.fields());
        boolean changed = false;
        for (int i = 0; i < merged.size(); i++) {
            StructField column = merged.get(i);
            StructField field = record.indexOf(column.getName()) >= 0 ? record.get(column.getName()) : null;
            if (field == null) {
                continue;   // absent from the record: the column gets nulls, checked per value for NOT NULL columns
            }
            DataType type = mergeType(column.getDataType(), field.getDataType(), evolve, join(path, column.getName()));
            if (type != column.getDataType()) {
                merged.set(i, column.withDataType(type));
                changed = true;
            }
        }
        for (StructField field : record.fields()) {
            if (table.indexOf(field.getName()) >= 0) {
                continue;
            }
            String name = join(path, field.getName());
            for (String existing : table.fieldNames()) {
                if (existing.toLowerCase(Locale.ROOT).equals(field.getName().toLowerCase(Locale.ROOT))) {
                    throw new SchemaMismatchException("field " + name + " differs only in case from column "
                            + join(path, existing) + "; Delta column names are case-insensitive");
                }
            }
            if (!evolve) {
                throw new SchemaMismatchException("field " + name + " is not a column of the table and schema"
                        + " evolution is off (schema.evolution=false)");
            }
            merged.add(new StructField(field.getName(), field.getDataType(), true));
            changed = true;
        }
        return changed ? new StructType(merged) : table;
    }

    /** Whether a value of type {@code record} can be stored in a column of type {@code table} without loss. */
    static boolean fits(DataType record, DataType table) {
        if (record.equals(table)) {
            return true;
        }
        int recordRank = integralRank(record);
        int tableRank = integralRank(table);
        if (recordRank > 0 && tableRank > 0) {
            return recordRank <= tableRank;
        }
        if (table instanceof DoubleType) {
            return recordRank > 0 || record instanceof FloatType;
        }
        return record instanceof DecimalType && table instanceof DecimalType;
    }

    private static int integralRank(DataType type) {
        if (type instanceof ByteType) {
            return 1;
        }
        if (type instanceof ShortType) {
            return 2;
        }
        if (type instanceof IntegerType) {
            return 3;
        }
        if (type instanceof LongType) {
            return 4;
        }
        return 0;
    }

    private static SchemaMismatchException mismatch(String path, DataType record, DataType table) {
        return new SchemaMismatchException("field " + (path.isEmpty() ? "<value>" : path) + " is "
                + describe(record) + " in the record but " + describe(table) + " in the table; incompatible change");
    }

    private static String describe(DataType type) {
        if (type instanceof StructType) {
            return "a struct";
        }
        return type.toString();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

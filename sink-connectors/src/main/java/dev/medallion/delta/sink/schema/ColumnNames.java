package dev.medallion.delta.sink.schema;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a schema's column names the way Delta does before a table is created or changed, so a record that would make
 * the commit fail (and the task with it, on every redelivery) is rejected as a bad record instead. Delta compares
 * names case-insensitively and by their dotted path, so {@code id}/{@code ID}, or a top-level {@code "a.b"} beside a
 * struct {@code a} with a field {@code b}, cannot both be columns; nor can an empty name.
 */
public final class ColumnNames {
    private ColumnNames() {
    }

    /** Throws {@link SchemaMismatchException} naming the clash when {@code schema} has names Delta refuses. */
    public static void requireValid(StructType schema) {
        collect(schema, "", new HashMap<>());
    }

    private static void collect(DataType type, String path, Map<String, String> seen) {
        if (type instanceof StructType struct) {
            for (StructField field : struct.fields()) {
                if (field.getName().isEmpty()) {
                    throw new SchemaMismatchException("a field" + (path.isEmpty() ? "" : " of " + path)
                            + " has an empty name, which a Delta column cannot have");
                }
                String name = path.isEmpty() ? field.getName() : path + "." + field.getName();
                String previous = seen.put(name.toLowerCase(Locale.ROOT), name);
                if (previous != null) {
                    throw new SchemaMismatchException("fields " + previous + " and " + name + " would be the same"
                            + " Delta column (names are case-insensitive, nested names are dotted paths)");
                }
                collect(field.getDataType(), name, seen);
            }
        } else if (type instanceof ArrayType array) {
            collect(array.getElementType(), path + ".element", seen);
        } else if (type instanceof MapType map) {
            collect(map.getKeyType(), path + ".key", seen);
            collect(map.getValueType(), path + ".value", seen);
        }
    }
}

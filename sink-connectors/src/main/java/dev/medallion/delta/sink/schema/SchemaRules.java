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
 * Checks a schema before the sink creates or changes a table with it, so that a record which would break the table
 * is rejected as a bad record instead:
 * <ul>
 *   <li>names Delta refuses: compared case-insensitively and by their dotted path, {@code id}/{@code ID}, or a
 *       top-level {@code "a.b"} beside a struct {@code a} with a field {@code b}, cannot both be columns; nor can an
 *       empty name. Kernel would fail the commit, and the task with it on every redelivery;</li>
 *   <li>nesting deeper than {@code schema.max.depth}: Kernel's column mapping compares nested types in time
 *       exponential in the depth on every commit (measured: 6 s per commit at 20 levels), so one deep event would
 *       stall the table for good;</li>
 *   <li>more than {@code schema.max.columns} leaf columns: one event with thousands of keys would otherwise widen
 *       every later file (and its writer's buffers) for good.</li>
 * </ul>
 */
public final class SchemaRules {
    private final int maxDepth;
    private final int maxColumns;

    public SchemaRules(int maxDepth, int maxColumns) {
        this.maxDepth = maxDepth;
        this.maxColumns = maxColumns;
    }

    /** Throws {@link SchemaMismatchException} saying what {@code schema} breaks. */
    public void requireValid(StructType schema) {
        int columns = visit(schema, "", 0, new HashMap<>());
        if (columns > maxColumns) {
            throw new SchemaMismatchException("the table would have " + columns + " leaf columns, more than"
                    + " schema.max.columns=" + maxColumns);
        }
    }

    /** Checks {@code type} at {@code depth} levels of nesting; returns its leaf column count. */
    private int visit(DataType type, String path, int depth, Map<String, String> seen) {
        if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
            if (depth > maxDepth) {
                throw new SchemaMismatchException("field " + path + " is nested " + depth + " levels deep, more than"
                        + " schema.max.depth=" + maxDepth);
            }
        }
        if (type instanceof StructType struct) {
            int columns = 0;
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
                columns += visit(field.getDataType(), name, depth + 1, seen);
            }
            return columns;
        }
        if (type instanceof ArrayType array) {
            return visit(array.getElementType(), path + ".element", depth + 1, seen);
        }
        if (type instanceof MapType map) {
            return visit(map.getKeyType(), path + ".key", depth + 1, seen)
                    + visit(map.getValueType(), path + ".value", depth + 1, seen);
        }
        return 1;
    }
}

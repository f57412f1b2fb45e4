package dev.medallion.smt.field;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dotted path to a field ({@code user.id}) resolved against a {@link Struct} or a schemaless {@link Map} value.
 * Split once at configuration time so lookups on the hot path only walk the parts.
 */
public final class FieldPath {
    private static final Pattern DOT = Pattern.compile("\\.");
    private final String path;
    private final String[] parts;
    /**
     * Per part, the field resolved for the last schema seen there. Records of one topic share a schema instance, so
     * an identity check replaces the by-name lookup; the pair is immutable, so a racing reader sees a whole pair.
     */
    private final Resolved[] resolved;

    private record Resolved(Schema schema, Field field) {
    }

    private FieldPath(String path) {
        this.path = path;
        this.parts = DOT.split(path);
        this.resolved = new Resolved[parts.length];
    }

    public static FieldPath of(String path) {
        if (path == null || path.isBlank() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("'" + path + "' is not a field path; use names separated by dots,"
                    + " such as 'amount' or 'user.id'");
        }
        return new FieldPath(path);
    }

    /** The value at this path, or null when a part is missing, null, or not a Struct/Map. */
    public Object get(Object value) {
        Object current = value;
        for (int i = 0; i < parts.length; i++) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(parts[i]);
            } else if (current instanceof Struct struct) {
                Schema schema = struct.schema();
                Resolved r = resolved[i];
                if (r == null || r.schema != schema) {
                    r = new Resolved(schema, schema.field(parts[i]));
                    resolved[i] = r;
                }
                if (r.field == null) {
                    return null;
                }
                current = struct.get(r.field);
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    public boolean isTopLevel() {
        return parts.length == 1;
    }

    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return path;
    }
}

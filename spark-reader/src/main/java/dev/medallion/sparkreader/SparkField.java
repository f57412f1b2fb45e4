package dev.medallion.sparkreader;

import java.util.List;
import java.util.Optional;

/**
 * One column of a Delta table's schema as Spark sees it. {@code type} is Spark's {@code DataType.simpleString()}
 * ({@code bigint}, {@code decimal(10,2)}, {@code timestamp}, {@code struct<a:int,b:string>}, {@code array<string>}
 * ...).
 * {@code children} describes nested types the way Spark names their parts: the fields of a struct; a single child
 * named {@code element} for an array; two children {@code key} and {@code value} for a map. Primitive types have none.
 */
public record SparkField(String name, String type, boolean nullable, List<SparkField> children) {

    public SparkField {
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** A primitive (childless) field, mostly for assertions: {@code new SparkField("id", "bigint", false)}. */
    public SparkField(String name, String type, boolean nullable) {
        this(name, type, nullable, List.of());
    }

    public boolean isStruct() {
        return type.startsWith("struct<");
    }

    public boolean isArray() {
        return type.startsWith("array<");
    }

    public boolean isMap() {
        return type.startsWith("map<");
    }

    /** The child with this name (a struct field, or {@code element}/{@code key}/{@code value}). */
    public Optional<SparkField> child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst();
    }
}

package dev.medallion.smt.field;

import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Copies a {@link Struct} value into one of a derived schema, for transforms that (re)write some top-level fields:
 * every field of the input except the ones the caller writes is kept, in order, and the caller puts its own fields
 * into the copy. The derived schema comes from the caller's function, usually {@link #builder} (the input schema minus
 * those fields) plus the caller's fields; it is derived once per input schema and cached, as Kafka's
 * {@code InsertField} does, so an instance is safe to share between the threads of one transform.
 */
public final class StructCopier {
    private final Predicate<String> replaced;
    private final Function<Schema, Schema> derive;
    private final Cache<Schema, Schema> schemas = new SynchronizedCache<>(new LRUCache<>(16));

    /**
     * @param replaced true for the names of the fields the caller writes; they are left out of the copy
     * @param derive   the schema of the copy for an input schema; it must hold the kept fields, with their schemas
     */
    public StructCopier(Predicate<String> replaced, Function<Schema, Schema> derive) {
        this.replaced = replaced;
        this.derive = derive;
    }

    /**
     * A struct builder with the name, version, doc, optionality and parameters of {@code schema} and its fields that
     * are not replaced, in their order; the caller adds its own fields and builds.
     */
    public SchemaBuilder builder(Schema schema) {
        return builder(schema, true);
    }

    /**
     * As {@link #builder}, but without the parameters of {@code schema}. Only Enrich's nested layout uses it: its
     * output schema has never carried the input's parameters, and consumers may already depend on that schema.
     */
    public SchemaBuilder builderDroppingParameters(Schema schema) {
        return builder(schema, false);
    }

    private SchemaBuilder builder(Schema schema, boolean withParameters) {
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.isOptional()) {
            builder.optional();
        }
        if (withParameters && schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        for (Field f : schema.fields()) {
            if (!replaced.test(f.name())) {
                builder.field(f.name(), f.schema());
            }
        }
        return builder;
    }

    /** A struct of the derived schema holding the fields of {@code value} that are not replaced; the rest are null. */
    public Struct copy(Struct value) {
        Schema schema = schemas.get(value.schema());
        if (schema == null) {
            schema = derive.apply(value.schema());
            schemas.put(value.schema(), schema);
        }
        Struct out = new Struct(schema);
        for (Field f : value.schema().fields()) {
            if (!replaced.test(f.name())) {
                out.put(f.name(), value.get(f));
            }
        }
        return out;
    }
}

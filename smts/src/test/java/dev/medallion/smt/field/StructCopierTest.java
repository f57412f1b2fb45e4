package dev.medallion.smt.field;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StructCopierTest {
    private static final Schema INPUT = SchemaBuilder.struct().name("dev.medallion.Order").version(3).doc("an order")
            .parameters(Map.of("source", "orders")).optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("tag", Schema.STRING_SCHEMA)
            .field("amount", Schema.FLOAT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final AtomicInteger derived = new AtomicInteger();
    private final StructCopier copier = new StructCopier(name -> name.equals("tag"), this::derive);

    /** As a writer does: the kept fields, then "tag" rewritten with another type. */
    private Schema derive(Schema schema) {
        derived.incrementAndGet();
        return copier.builder(schema).field("tag", Schema.OPTIONAL_INT32_SCHEMA).build();
    }

    @Test
    void builderKeepsTheSchemaBasicsAndTheOtherFieldsInOrder() {
        Schema out = copier.builder(INPUT).build();

        assertThat(out.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(out.name()).isEqualTo("dev.medallion.Order");
        assertThat(out.version()).isEqualTo(3);
        assertThat(out.doc()).isEqualTo("an order");
        assertThat(out.isOptional()).isTrue();
        assertThat(out.parameters()).isEqualTo(Map.of("source", "orders"));
        assertThat(out.fields()).extracting(Field::name).containsExactly("id", "amount", "note");
        assertThat(out.field("amount").schema()).isSameAs(Schema.FLOAT64_SCHEMA);
    }

    @Test
    void builderDroppingParametersKeepsAllButTheParameters() {
        Schema out = copier.builderDroppingParameters(INPUT).build();

        assertThat(out.name()).isEqualTo("dev.medallion.Order");
        assertThat(out.version()).isEqualTo(3);
        assertThat(out.doc()).isEqualTo("an order");
        assertThat(out.isOptional()).isTrue();
        assertThat(out.parameters()).isNull();
        assertThat(out.fields()).extracting(Field::name).containsExactly("id", "amount", "note");
    }

    @Test
    void builderOfAPlainRequiredSchemaStaysPlainAndRequired() {
        Schema plain = SchemaBuilder.struct().field("tag", Schema.STRING_SCHEMA).field("id", Schema.INT64_SCHEMA)
                .build();

        Schema out = copier.builder(plain).build();

        assertThat(out.name()).isNull();
        assertThat(out.version()).isNull();
        assertThat(out.doc()).isNull();
        assertThat(out.isOptional()).isFalse();
        assertThat(out.parameters()).isNull();
        assertThat(out.fields()).extracting(Field::name).containsExactly("id");
    }

    @Test
    void copyKeepsTheOtherFieldsAndLeavesTheReplacedOnesToTheCaller() {
        Struct value = new Struct(INPUT).put("id", 7L).put("tag", "old").put("amount", 12.5).put("note", null);

        Struct out = copier.copy(value);
        out.put("tag", 42);
        out.validate();

        assertThat(out.schema().fields()).extracting(Field::name).containsExactly("id", "amount", "note", "tag");
        assertThat(List.of(out.get("id"), out.get("amount"), out.get("tag"))).containsExactly(7L, 12.5, 42);
        assertThat(out.get("note")).isNull();
    }

    @Test
    void derivesTheSchemaOncePerInputSchema() {
        Struct first = copier.copy(new Struct(INPUT).put("id", 1L).put("tag", "a").put("amount", 1.0));
        Struct second = copier.copy(new Struct(INPUT).put("id", 2L).put("tag", "b").put("amount", 2.0));

        assertThat(second.schema()).isSameAs(first.schema());
        assertThat(derived).hasValue(1);
    }
}

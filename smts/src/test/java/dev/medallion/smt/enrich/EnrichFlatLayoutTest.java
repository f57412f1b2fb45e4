package dev.medallion.smt.enrich;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.medallion.smt.enrich.EnrichTestRecords.record;
import static dev.medallion.smt.enrich.EnrichTestRecords.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Enrich with {@code output.layout=flat}: the results as top-level fields, as silver/events has them. */
class EnrichFlatLayoutTest {
    private static final String TEXT = "The support team in London was wonderful and solved my billing problem quickly!";
    private static final List<String> FLAT = List.of("sentiment", "sentiment_score", "language",
            "language_confidence", "entities", "key_phrases", "enrichment_status", "enrichment_engine",
            "enrichment_error");
    private final Enrich<SourceRecord> enrich = new Enrich<>();

    @AfterEach
    void close() {
        enrich.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void schemalessValuesGetTopLevelFieldsWithTheNestedValues() {
        enrich.configure(Map.of("output.layout", "flat"));
        Map<String, Object> in = Map.of("event_id", "e-1", "text", TEXT);

        Map<String, Object> flat = (Map<String, Object>) enrich.apply(record(null, in)).value();

        Enrich<SourceRecord> nestedEnrich = new Enrich<>();
        nestedEnrich.configure(Map.of());
        Map<String, Object> nested = (Map<String, Object>) ((Map<String, Object>) nestedEnrich
                .apply(record(null, in)).value()).get("enrichment");
        nestedEnrich.close();

        assertThat(flat).doesNotContainKey("enrichment").containsKeys(FLAT.toArray(String[]::new))
                .containsEntry("event_id", "e-1").containsEntry("text", TEXT)
                .doesNotContainKey("summary");
        assertThat(flat).containsEntry("enrichment_status", "ok").containsEntry("enrichment_engine", "offline")
                .containsEntry("sentiment", nested.get("sentiment"))
                .containsEntry("sentiment_score", nested.get("sentiment_score"))
                .containsEntry("language", "en")
                .containsEntry("language_confidence", nested.get("language_confidence"))
                .containsEntry("entities", nested.get("entities"))
                .containsEntry("key_phrases", nested.get("key_phrases"));
        assertThat(flat.get("enrichment_error")).isNull();
        assertThat((List<Map<String, Object>>) flat.get("entities"))
                .anySatisfy(e -> assertThat(e).containsEntry("text", "London").containsEntry("category", "Location"));
    }

    @Test
    void structValuesGetOptionalTopLevelFieldsOfTheNestedTypesAndTheSchemaIsCached() {
        enrich.configure(Map.of("output.layout", "flat"));
        Schema schema = SchemaBuilder.struct().name("Event").field("event_id", Schema.STRING_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA).build();

        SourceRecord first = enrich.apply(record(schema, new Struct(schema).put("event_id", "a").put("text", TEXT)));
        SourceRecord second = enrich.apply(record(schema, new Struct(schema).put("event_id", "b").put("text", null)));

        Struct v = (Struct) first.value();
        v.validate();
        assertThat(first.valueSchema().field("enrichment")).isNull();
        for (String name : FLAT) {
            Schema flatField = first.valueSchema().field(name).schema();
            assertThat(flatField.isOptional()).as(name).isTrue();
            String nestedName = name.startsWith("enrichment_") ? name.substring("enrichment_".length()) : name;
            assertThat(flatField.type()).as(name)
                    .isEqualTo(EnrichmentWriter.RESULT_SCHEMA.field(nestedName).schema().type());
        }
        assertThat(first.valueSchema().field("entities").schema().valueSchema())
                .isEqualTo(EnrichmentWriter.ENTITY_SCHEMA);
        assertThat(v.getString("sentiment")).isEqualTo("positive");
        assertThat(v.getString("enrichment_status")).isEqualTo("ok");
        assertThat(v.getString("language")).isEqualTo("en");
        assertThat(v.getArray("entities")).isNotEmpty();
        assertThat(second.valueSchema()).isSameAs(first.valueSchema());
        Struct skipped = (Struct) second.value();
        skipped.validate();
        assertThat(skipped.getString("enrichment_status")).isEqualTo("skipped");
        assertThat(skipped.getString("sentiment")).isNull();
        assertThat(status(second)).isEqualTo("skipped");
    }

    @Test
    void fieldsTheValueAlreadyHasAreOverwrittenWithOurs() {
        enrich.configure(Map.of("output.layout", "flat"));
        Map<String, Object> map = new HashMap<>(Map.of("text", TEXT, "sentiment", "forged", "language", 42));
        Map<?, ?> outMap = (Map<?, ?>) enrich.apply(record(null, map)).value();
        assertThat(outMap.get("sentiment")).isEqualTo("positive");
        assertThat(outMap.get("language")).isEqualTo("en");

        Map<?, ?> noText = (Map<?, ?>) enrich.apply(record(null, Map.of("sentiment", "forged"))).value();
        assertThat(noText.get("sentiment")).as("a skipped record keeps no stale result").isNull();
        assertThat(noText.get("enrichment_status")).isEqualTo("skipped");

        Schema schema = SchemaBuilder.struct().field("text", Schema.STRING_SCHEMA)
                .field("language", Schema.INT32_SCHEMA).build();
        SourceRecord out = enrich.apply(record(schema, new Struct(schema).put("text", TEXT).put("language", 7)));
        ((Struct) out.value()).validate();
        assertThat(out.valueSchema().field("language").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(((Struct) out.value()).getString("language")).isEqualTo("en");
    }

    @Test
    void theNestedLayoutStaysTheDefaultAndUnknownLayoutsAreRefused() {
        enrich.configure(Map.of());
        Map<?, ?> out = (Map<?, ?>) enrich.apply(record(null, Map.of("text", TEXT))).value();
        assertThat(out.containsKey("enrichment")).isTrue();
        assertThat(out.containsKey("sentiment")).isFalse();

        assertThatThrownBy(() -> new Enrich<SourceRecord>().configure(Map.of("output.layout", "wide")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("output.layout")
                .hasMessageContaining("flat");
    }
}

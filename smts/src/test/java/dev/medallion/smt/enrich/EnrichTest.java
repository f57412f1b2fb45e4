package dev.medallion.smt.enrich;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.medallion.smt.enrich.EnrichTestRecords.record;
import static dev.medallion.smt.enrich.EnrichTestRecords.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrichTest {
    private final Enrich<SourceRecord> enrich = new Enrich<>();

    @AfterEach
    void close() {
        enrich.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void addsSentimentLanguageEntitiesAndKeyPhrasesToSchemalessValues() {
        enrich.configure(Map.of("text.field", "payload.comment"));
        Map<String, Object> value = Map.of("id", 1L, "payload",
                Map.of("comment", "The support team in London was wonderful and solved my billing problem quickly!"));

        SourceRecord out = enrich.apply(record(null, value));

        Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) out.value()).get("enrichment");
        assertThat(result).containsEntry("status", "ok").containsEntry("engine", "offline")
                .containsEntry("sentiment", "positive").containsEntry("language", "en");
        assertThat((double) result.get("sentiment_score")).isGreaterThan(0.5);
        assertThat((List<Map<String, Object>>) result.get("entities"))
                .anySatisfy(e -> assertThat(e).containsEntry("text", "London").containsEntry("category", "Location"));
        assertThat((List<String>) result.get("key_phrases")).contains("support team");
        assertThat(((Map<String, Object>) out.value()).get("id")).isEqualTo(1L);
        assertThat(status(out)).isEqualTo("ok");
        assertThat(out.timestamp()).isEqualTo(5L);
    }

    @Test
    void extendsStructSchemasWithAnOptionalResultStructAndCachesTheSchema() {
        enrich.configure(Map.of("text.field", "text", "output.field", "ai"));
        Schema schema = SchemaBuilder.struct().name("Event").field("id", Schema.INT64_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA).build();

        SourceRecord first = enrich.apply(record(schema, new Struct(schema).put("id", 1L).put("text", "Terrible, slow and rude service.")));
        SourceRecord second = enrich.apply(record(schema, new Struct(schema).put("id", 2L).put("text", null)));

        Struct v1 = (Struct) first.value();
        v1.validate();
        assertThat(first.valueSchema().field("ai").schema().isOptional()).isTrue();
        assertThat(v1.getInt64("id")).isEqualTo(1L);
        assertThat(v1.getStruct("ai").getString("sentiment")).isEqualTo("negative");
        assertThat(v1.getStruct("ai").getFloat64("sentiment_score")).isLessThan(-0.5);
        assertThat(second.valueSchema()).isSameAs(first.valueSchema());
        assertThat(((Struct) second.value()).getStruct("ai").getString("status")).isEqualTo("skipped");
        assertThat(status(second)).isEqualTo("skipped");
    }

    @Test
    void anUnreachableAzureServiceMarksRecordsFailedAndKeepsThem() {
        enrich.configure(Map.of("engine", "azure", "azure.endpoint", "https://localhost:1", "azure.key", "k-123",
                "azure.fallback", "mark", "azure.max.retries", "0", "azure.timeout.ms", "2000",
                "azure.circuit.failure.threshold", "1"));

        SourceRecord first = enrich.apply(record(null, Map.of("text", "hello there, a fine day")));
        SourceRecord second = enrich.apply(record(null, Map.of("text", "another text")));

        assertThat(status(first)).isEqualTo("failed");
        assertThat(((Map<?, ?>) ((Map<?, ?>) first.value()).get("enrichment")).get("error").toString())
                .contains("azure engine failed").doesNotContain("k-123");
        assertThat(((Map<?, ?>) ((Map<?, ?>) second.value()).get("enrichment")).get("error").toString())
                .contains("circuit breaker open");
        assertThat(((Map<?, ?>) second.value()).get("text")).isEqualTo("another text");
    }

    @Test
    void anUnreachableAzureServiceFallsBackToTheOfflineEngineByDefault() {
        enrich.configure(Map.of("engine", "azure", "azure.endpoint", "https://localhost:1", "azure.key", "k-123",
                "azure.max.retries", "0", "azure.timeout.ms", "2000"));

        SourceRecord out = enrich.apply(record(null, Map.of("text", "I love this great product")));

        assertThat(status(out)).isEqualTo("ok");
        assertThat(((Map<?, ?>) ((Map<?, ?>) out.value()).get("enrichment")).get("engine")).isEqualTo("offline");
    }

    @Test
    void longTextsGetASummaryAttemptAndAFailedOneKeepsTheRecordWithTheReason() {
        enrich.configure(Map.of("summary.azure.openai.endpoint", "https://localhost:1",
                "summary.azure.openai.key", "sk-secret", "summary.azure.openai.deployment", "gpt-4o-mini",
                "summary.min.chars", "40", "azure.max.retries", "0", "azure.timeout.ms", "2000"));

        SourceRecord longText = enrich.apply(record(null, Map.of("text",
                "A long customer note about the delivery, the invoice and the refund that never came.")));
        SourceRecord shortText = enrich.apply(record(null, Map.of("text", "Short and sweet.")));

        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) longText.value()).get("enrichment");
        assertThat(result.get("status")).as("analysis still ran").isEqualTo("ok");
        assertThat(result.get("summary_error").toString()).startsWith("summary failed").doesNotContain("sk-secret");
        assertThat(result.containsKey("summary")).isFalse();
        Map<?, ?> shortResult = (Map<?, ?>) ((Map<?, ?>) shortText.value()).get("enrichment");
        assertThat(shortResult.containsKey("summary_error")).as("below summary.min.chars").isFalse();

        assertThatThrownBy(() -> new Enrich<SourceRecord>().configure(Map.of("summary.azure.openai.endpoint",
                "https://x.openai.azure.com"))).isInstanceOf(ConfigException.class).hasMessageContaining("deployment");
    }

    @Test
    void deadLettersPassUntouchedAndConfigMistakesAreExplained() {
        enrich.configure(Map.of());
        // Routed: the mark is error.stage on a dead-letter topic (a header alone can be forged by an event).
        SourceRecord dead = record(null, "not json").newRecord("events.dlq", null, null, null, null, "not json", 5L);
        dead.headers().addString("error.stage", "parse");
        assertThat(enrich.apply(dead)).isSameAs(dead);

        assertThatThrownBy(() -> new Enrich<SourceRecord>().configure(Map.of("engine", "azure")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("azure.endpoint");
        assertThatThrownBy(() -> new Enrich<SourceRecord>().configure(Map.of("engine", "azure",
                "azure.endpoint", "http://x", "azure.key", "k"))).isInstanceOf(ConfigException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> new Enrich<SourceRecord>().configure(Map.of("offline.languages", "en,qq")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'qq'");
    }
}

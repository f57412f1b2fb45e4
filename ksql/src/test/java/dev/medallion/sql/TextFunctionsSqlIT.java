package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The text UDFs in SQL, through the documented example script {@code sql/examples/enrich-events.sql}. */
class TextFunctionsSqlIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    /** The queries of ksql-udfs/README.md plan (names, types, UNNEST) against the pipeline's tables. */
    @Test
    void readmeExamplesPlan() {
        String examples = """
                CREATE TABLE entity_rows (event_id STRING, entity STRING, category STRING) WITH ('connector' = 'blackhole');
                CREATE TABLE negative_share (window_start TIMESTAMP(3), event_type STRING, negative_share DECIMAL(38, 6))
                  WITH ('connector' = 'blackhole');
                INSERT INTO entity_rows
                SELECT e.event_id, ent.`text` AS entity, ent.category
                FROM events_raw AS e CROSS JOIN UNNEST(ENTITIES(e.`text`)) AS ent (`text`, category, `offset`);
                INSERT INTO negative_share
                SELECT window_start, event_type,
                       AVG(CASE WHEN SENTIMENT(`text`).label = 'negative' THEN 1.0 ELSE 0.0 END) AS negative_share
                FROM TABLE(TUMBLE(TABLE events_timed, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, event_type;
                """;
        String plan = SqlJobRunner.builder()
                .scriptResource("sql/00-functions.sql")
                .scriptResource("sql/01-source-events-raw.sql")
                .scriptResource("sql/02-dedupe-events-clean.sql")
                .script(new SqlScript("readme-examples", examples))
                .build().explain();
        assertThat(plan).contains("entity_rows").contains("negative_share").contains("ENTITIES");
    }

    @Test
    void exampleScriptEnrichesEventsWithSentimentLanguageAndEntities() {
        KAFKA.createTopic("t.raw", 1);
        KAFKA.createTopic("t.enriched", 1);
        KAFKA.produce("t.raw", List.of(
                Map.entry("1", "{\"event_id\":\"1\",\"event_type\":\"review\",\"event_time\":1764043200000,"
                        + "\"text\":\"The support team in Seattle was wonderful, thanks to Dr. Jane Miller!\"}"),
                Map.entry("2", "{\"event_id\":\"2\",\"event_type\":\"review\",\"event_time\":1764043201000,"
                        + "\"text\":\"Der Versand war schrecklich langsam und das Paket kam kaputt an.\"}"),
                Map.entry("3", "{\"event_id\":\"3\",\"event_type\":\"click\",\"event_time\":1764043202000}")));

        try (SqlJob job = SqlJobRunner.builder()
                .scriptResource("sql/00-functions.sql")
                .scriptResource("sql/01-source-events-raw.sql")
                .scriptResource("sql/examples/enrich-events.sql")
                .bootstrapServers(KAFKA.bootstrapServers())
                .variables(Map.of("topic.raw", "t.raw", "topic.enriched", "t.enriched",
                        "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))
                .parallelism(1)
                .start()) {
            job.await(Duration.ofMinutes(2));
        }

        Map<String, JsonNode> rows;
        try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), "t.enriched")) {
            rows = new ArrayList<>(reader.awaitCount(3, Duration.ofMinutes(1))).stream()
                    .collect(Collectors.toMap(r -> r.get("event_id").asText(), r -> r));
        }
        JsonNode english = rows.get("1");
        assertThat(english.get("sentiment").asText()).isEqualTo("positive");
        assertThat(english.get("sentiment_score").asDouble()).isPositive();
        assertThat(english.get("language").asText()).isEqualTo("en");
        List<String> entities = new ArrayList<>();
        english.get("entities").forEach(e -> entities.add(e.get("text").asText() + "|" + e.get("category").asText()));
        assertThat(entities).contains("Seattle|Location", "Jane Miller|Person");

        assertThat(rows.get("2").get("language").asText()).isEqualTo("de");
        assertThat(rows.get("3").get("sentiment").isNull()).as("no text, no sentiment").isTrue();
        assertThat(rows.get("3").get("entities").isNull()).isTrue();
    }
}

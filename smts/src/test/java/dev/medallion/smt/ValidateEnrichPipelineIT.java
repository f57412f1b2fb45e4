package dev.medallion.smt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real source connector (Kafka's FileStreamSource) feeding ParseJson → Validate → Enrich in an embedded worker that
 * loads the transforms from the built plugin folder. Valid events must reach the topic enriched, invalid ones the
 * dead-letter topic with reasons, and every input line must come out exactly once on one of the two.
 */
class ValidateEnrichPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "file-validate-enrich";

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().build();

    @Test
    void validRecordsArriveEnrichedInvalidOnesInTheDlqAndCountsReconcile(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, String> expectedRule = new HashMap<>();
        Map<String, String> expectedSentiment = new HashMap<>();
        String[] types = {"click", "view", "purchase"};
        for (int i = 0; i < 60; i++) {
            String id = "evt-" + i;
            String text = i % 2 == 0 ? "I love the new checkout, it is fast and the support in Berlin was great."
                    : "The delivery was late again and the driver was rude. Terrible service.";
            expectedSentiment.put(id, i % 2 == 0 ? "positive" : "negative");
            lines.add(JSON.writeValueAsString(Map.of("event_id", id, "event_type", types[i % 3],
                    "amount", i * 1.5, "event_time", "2026-11-25T04:00:" + String.format("%02d", i) + "Z", "text", text)));
        }
        for (int i = 0; i < 15; i++) {
            String id = "bad-" + i;
            Map<String, Object> event = new HashMap<>(Map.of("event_id", id, "event_type", "click", "amount", 10,
                    "event_time", "2026-11-25T04:00:00Z", "text", "Just an ordinary note."));
            switch (i % 3) {
                case 0 -> {
                    event.put("event_type", "hover");
                    expectedRule.put(id, "event_type.enum");
                }
                case 1 -> {
                    event.put("amount", -5);
                    expectedRule.put(id, "amount.range");
                }
                default -> {
                    event.put("event_time", "yesterday");
                    expectedRule.put(id, "event_time.timestamp");
                }
            }
            lines.add(JSON.writeValueAsString(event));
        }
        for (int i = 0; i < 5; i++) {
            lines.add("this line is not json #" + i);
        }
        // Interleave so good and bad records share the same batches.
        java.util.Collections.shuffle(lines, new java.util.Random(42));
        Path input = dir.resolve("events.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        CONNECT.createTopic("events.raw", 1);
        CONNECT.createTopic("events.dlq", 1);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        config.put("tasks.max", "1");
        config.put("file", input.toString());
        config.put("topic", "events.raw");
        config.put("transforms", "parse,validate,enrich");
        config.put("transforms.parse.type", "dev.medallion.smt.json.ParseJson");
        config.put("transforms.validate.type", "dev.medallion.smt.validate.Validate");
        config.put("transforms.validate.rules", """
                {"event_id": {"required": true, "regex": "[a-z]+-\\\\d+"},
                 "event_type": {"required": true, "enum": ["click", "view", "purchase"]},
                 "amount": {"type": "number", "min": 0},
                 "event_time": {"required": true, "timestamp": "iso8601"}}""");
        config.put("transforms.enrich.type", "dev.medallion.smt.enrich.Enrich");
        config.put("transforms.enrich.text.field", "text");
        CONNECT.rest().putConnectorConfig(CONNECTOR, config);
        CONNECT.rest().awaitRunning(CONNECTOR, 1, Duration.ofSeconds(90));

        List<ConsumerRecord<byte[], byte[]>> good = CONNECT.consume("events.raw", 60, Duration.ofSeconds(120));
        List<ConsumerRecord<byte[], byte[]>> dead = CONNECT.consume("events.dlq", 20, Duration.ofSeconds(60));

        assertThat(good).hasSize(60);
        assertThat(dead).hasSize(20);
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : good) {
            JsonNode value = JSON.readTree(record.value());
            String id = value.path("event_id").asText();
            assertThat(seen.add(id)).as("no duplicate of %s", id).isTrue();
            JsonNode enrichment = value.path("enrichment");
            assertThat(enrichment.path("status").asText()).isEqualTo("ok");
            assertThat(enrichment.path("engine").asText()).isEqualTo("offline");
            assertThat(enrichment.path("language").asText()).isEqualTo("en");
            assertThat(enrichment.path("sentiment").asText()).as(id).isEqualTo(expectedSentiment.get(id));
            assertThat(enrichment.path("key_phrases").size()).isPositive();
            assertThat(header(record, "enrichment.status")).isEqualTo("ok");
        }
        assertThat(seen).hasSize(60).containsAll(expectedSentiment.keySet());

        int parseErrors = 0;
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            String stage = header(record, "error.stage");
            assertThat(header(record, "error.reason")).isNotBlank();
            assertThat(header(record, "error.original.topic")).isEqualTo("events.raw");
            assertThat(header(record, "error.source.offset")).as("the file position of the bad line").contains("position=");
            assertThat(header(record, "enrichment.status")).as("dead letters are not enriched").isNull();
            if (stage.equals("parse")) {
                parseErrors++;
                assertThat(JSON.readTree(record.value()).asText()).startsWith("this line is not json #");
                continue;
            }
            assertThat(stage).isEqualTo("validate");
            JsonNode value = JSON.readTree(record.value());
            String id = value.path("event_id").asText();
            assertThat(seen.add(id)).as("no duplicate of %s", id).isTrue();
            assertThat(header(record, "error.rule")).as(id).isEqualTo(expectedRule.get(id));
            assertThat(header(record, "error.field")).isEqualTo(expectedRule.get(id).substring(0, expectedRule.get(id).lastIndexOf('.')));
            assertThat(value.has("enrichment")).isFalse();
        }
        assertThat(parseErrors).isEqualTo(5);
        assertThat(seen).as("every line came out once: 60 valid + 15 invalid events (+5 unparsable lines)").hasSize(75);
        assertThat(good.size() + dead.size()).isEqualTo(lines.size());

        // The quality counters are published through Connect's plugin metrics (JMX).
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName pluginMetrics = new ObjectName("kafka.connect:type=plugins,*");
        ObjectName validateMetrics = Await.untilValue(Duration.ofSeconds(30), "Validate plugin metrics in JMX", () -> {
            for (ObjectName name : jmx.queryNames(pluginMetrics, null)) {
                if (CONNECTOR.equals(name.getKeyProperty("connector")) && name.getKeyProperty("rule") == null
                        && hasAttribute(jmx, name, "data-quality-score")) {
                    return name;
                }
            }
            return null;
        });
        assertThat(jmx.getAttribute(validateMetrics, "records-valid-total")).isEqualTo(60L);
        assertThat(jmx.getAttribute(validateMetrics, "records-invalid-total")).isEqualTo(15L);
        assertThat((Double) jmx.getAttribute(validateMetrics, "data-quality-score")).isEqualTo(0.8);
        Set<ObjectName> ruleMetrics = jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + CONNECTOR
                + ",rule=amount.range,*"), null);
        assertThat(ruleMetrics).hasSize(1);
        assertThat(jmx.getAttribute(ruleMetrics.iterator().next(), "rule-invalid-total")).isEqualTo(5L);

        CONNECT.rest().deleteConnector(CONNECTOR);
    }

    @Test
    void theRestApiExplainsRuleAndEngineMistakesPerKey(@TempDir Path dir) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        config.put("name", "bad-config");
        config.put("file", dir.resolve("none.txt").toString());
        config.put("topic", "t");
        config.put("transforms", "validate,enrich");
        config.put("transforms.validate.type", "dev.medallion.smt.validate.Validate");
        config.put("transforms.validate.rules", "{\"amount\": {\"minimum\": 0}}");
        config.put("transforms.enrich.type", "dev.medallion.smt.enrich.Enrich");
        config.put("transforms.enrich.azure.endpoint", "http://not-https.example.com");

        JsonNode result = CONNECT.rest().validateConfig("FileStreamSourceConnector", config);

        Map<String, String> errors = new HashMap<>();
        for (JsonNode c : result.path("configs")) {
            if (c.path("value").path("errors").size() > 0) {
                errors.put(c.path("value").path("name").asText(), c.path("value").path("errors").toString());
            }
        }
        assertThat(result.path("error_count").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(errors.get("transforms.validate.rules")).contains("unknown rule 'minimum' for field 'amount'");
        assertThat(errors.get("transforms.enrich.azure.endpoint")).contains("https://");
    }

    private static boolean hasAttribute(MBeanServer jmx, ObjectName name, String attribute) {
        try {
            for (var info : jmx.getMBeanInfo(name).getAttributes()) {
                if (info.getName().equals(attribute)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null) {
            return null;
        }
        String raw = new String(h.value(), StandardCharsets.UTF_8);
        // Connect's SimpleHeaderConverter writes strings as-is.
        return raw;
    }
}

package dev.medallion.eventhubs.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.PluginPaths;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event close to Event Hubs' 1 MB limit, read under exactly-once with the Enrich transform (offline engine) after
 * the source: Enrich would grow it past the producer's max.request.size, the producer would refuse it inside the
 * task's transaction and the task would fail on every restart. The task routes it to the dead-letter topic with its
 * size instead, stays RUNNING, and the events after it flow.
 */
class OversizedEventIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static EventHubsEmulator emulator;
    private static ConnectTestCluster connect;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0).hub("big", 1).consumerGroup("big", "$Default").build().start();
        Path projectRoot = Path.of("").toAbsolutePath().getParent();
        connect = ConnectTestCluster.builder().name("eventhubs-oversized-it").exactlyOnceSource()
                .pluginPath(List.of(PluginPaths.fromBuild().get(0), PluginPaths.ofModule(projectRoot, "smts")))
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void anEventTooLargeOnceEnrichedGoesToTheDeadLetterTopicAndLaterEventsFlow() {
        connect.createTopic("big.raw", 1);
        connect.createTopic("big.dlq", 1);
        Map<String, String> config = EventHubsSourceIT.connectorConfig(emulator.connectionString("big"), "big",
                "big.raw", 1);
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "poll");
        config.put("value.format", "json");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "enrich");
        config.put("transforms.enrich.type", "dev.medallion.smt.enrich.Enrich");
        config.put("transforms.enrich.text.field", "text");
        config.put("transforms.enrich.engine", "offline");
        connect.rest().putConnectorConfig("big", config);
        connect.rest().awaitRunning("big", 1, TIMEOUT);

        // URLs: every one an entity in Enrich's output, so the enriched record is several times the 0.9 MB event.
        String text = "see www.example.io/a ".repeat(900_000 / 21);
        String oversized = "{\"n\":1,\"text\":\"" + text + "\"}";
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("big"))) {
            publisher.sendBody("0", "{\"n\":0,\"text\":\"Great service, thank you!\"}");
            publisher.sendBody("0", oversized);
            publisher.sendBody("0", "{\"n\":2,\"text\":\"Terrible delay, very disappointed.\"}");
            publisher.sendBody("0", "{\"n\":3,\"text\":\"Fine.\"}");
        }

        List<ConsumerRecord<byte[], byte[]>> raw = connect.consume("big.raw", 3, TIMEOUT);
        assertThat(raw).hasSize(3);
        assertThat(raw.stream().map(r -> TopicCheck.body(r.value()).get("n").asInt()).toList())
                .containsExactly(0, 2, 3);
        assertThat(raw).allSatisfy(r -> assertThat(TopicCheck.body(r.value()).path("enrichment").path("status")
                .asText()).isEqualTo("ok"));

        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume("big.dlq", 1, TIMEOUT);
        assertThat(dead).hasSize(1);
        String reason = header(dead.get(0), "error.reason");
        int size = oversized.getBytes(StandardCharsets.UTF_8).length;
        assertThat(reason).startsWith("event of ").contains("body " + size)
                .contains("above record.max.bytes=524288");
        assertThat(header(dead.get(0), "error.stage")).isEqualTo("source");
        assertThat(reason).contains("the first 524288 bytes of the body");
        assertThat(header(dead.get(0), "eventhubs.sequence.number")).isEqualTo("1");
        // JsonConverter writes the BYTES value as a base64 JSON string; the body's start, as sent.
        JsonNode value = TopicCheck.body(dead.get(0).value());
        assertThat(new String(java.util.Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8))
                .isEqualTo(oversized.substring(0, 524288));

        JsonNode status = connect.rest().connectorStatus("big");
        assertThat(status.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package dev.medallion.eventhubs.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared access keys against an emulator that checks them as Event Hubs does: the right key reads, a wrong key fails
 * the connector at once with an explanation (no endless retries), and a key rotated under a running connector fails
 * its task when the task next authenticates. The key never appears in a status trace.
 */
class EventHubsCredentialsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String KEY_NAME = "medallion-listen";
    private static final String KEY = "c2VjcmV0LWtleS1mb3ItdGhlLWVtdWxhdG9y";
    private static EventHubsEmulator emulator;
    private static ConnectTestCluster connect;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0).sharedAccessKey(KEY_NAME, KEY)
                .hub("keyed", 1).consumerGroup("keyed", "$Default")
                .build().start();
        connect = ConnectTestCluster.builder().name("eventhubs-credentials-it").build().start();
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
    void theRightKeyReadsAWrongKeyFailsTheConnectorAndARotatedKeyFailsTheTask() {
        connect.createTopic("keyed.raw", 1);
        Map<String, Integer> sent = new TreeMap<>(Map.of("0", 20));
        String good = emulator.connectionString("keyed");
        try (HubPublisher publisher = new HubPublisher(good)) {
            publisher.send("0", 0, 20);
        }

        String wrong = good.replace("SharedAccessKey=" + KEY, "SharedAccessKey=bm90LXRoZS1rZXk=");
        connect.rest().putConnectorConfig("wrong-key", EventHubsSourceIT.connectorConfig(wrong, "keyed",
                "keyed.raw", 1));
        assertThat(awaitFailed("wrong-key"))
                .contains("refused the credentials").contains("InvalidSignature")
                .contains("eventhubs.connection.string").doesNotContain("bm90LXRoZS1rZXk=");
        connect.rest().deleteConnector("wrong-key");

        connect.rest().putConnectorConfig("right-key", EventHubsSourceIT.connectorConfig(good, "keyed",
                "keyed.raw", 1));
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume("keyed.raw", 20, TIMEOUT);
        TopicCheck.assertExactlyOnceInOrder(records, sent);

        // A rotated key: the running link keeps its token until it renews it, a restarted task authenticates anew.
        emulator.rotateSharedAccessKey(KEY_NAME, "cm90YXRlZC1rZXk=");
        connect.rest().send("POST", "connectors/right-key/tasks/0/restart", null, 200, 202, 204);
        assertThat(awaitFailed("right-key")).contains("refused the credentials").doesNotContain(KEY);
        connect.rest().deleteConnector("right-key");
    }

    private static String awaitFailed(String connector) {
        return Await.untilValue(TIMEOUT, connector + " FAILED", () -> {
            JsonNode status = connect.rest().connectorStatus(connector);
            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                return "connector: " + status.path("connector").path("trace").asText();
            }
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return "task: " + task.path("trace").asText();
                }
            }
            return null;
        });
    }
}

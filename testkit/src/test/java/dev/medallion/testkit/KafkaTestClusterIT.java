package dev.medallion.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTestClusterIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    @Test
    void producesAndConsumesInOrderPerPartition() {
        KAFKA.createTopic("roundtrip", 2);
        List<Map.Entry<String, String>> sent = IntStream.range(0, 1000)
                .mapToObj(i -> (Map.Entry<String, String>) new SimpleEntry<>("k" + (i % 7), "v" + i)).toList();

        KAFKA.produce("roundtrip", sent);
        List<ConsumerRecord<byte[], byte[]>> received = KAFKA.consume("roundtrip", 1000, Duration.ofSeconds(30));

        assertThat(received).hasSize(1000);
        assertThat(received).extracting(r -> TestClients.utf8(r.value()))
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Map.Entry::getValue).toList());
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            List<Integer> sequence = received.stream().filter(r -> r.partition() == p)
                    .map(r -> Integer.parseInt(TestClients.utf8(r.value()).substring(1))).toList();
            assertThat(sequence).isSorted();
        }
    }

    @Test
    void consumeReadsOnPastTheExpectedCountSoExtraRecordsShow() {
        KAFKA.createTopic("extras", 1);
        List<Map.Entry<String, String>> sent = IntStream.range(0, 8)
                .mapToObj(i -> (Map.Entry<String, String>) new SimpleEntry<>("k", "v" + i)).toList();
        KAFKA.produce("extras", sent);

        // One record per poll: the expected 5 arrive long before the 3 extra ones (duplicates, in a real test).
        List<ConsumerRecord<byte[], byte[]>> received = TestClients.consume(KAFKA.bootstrapServers(), "extras", 5,
                Duration.ofSeconds(30), Map.of("max.poll.records", 1));
        assertThat(received).hasSize(8);

    }
}

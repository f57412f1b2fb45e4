package dev.medallion.eventhubs.source.partition;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Source partitions and offsets: their shape as Connect stores it, and where a partition resumes. */
class SourceOffsetsTest {
    @Test
    void committedOffsetsResumeAfterTheirSequenceNumber() {
        Map<String, String> partition = SourceOffsets.sourcePartition("ns", "h", "cg", "0");
        assertThat(SourceOffsets.resumePosition(partition, null, StartPosition.latest()))
                .isEqualTo(StartPosition.latest());
        assertThat(SourceOffsets.resumePosition(partition, new HashMap<>(SourceOffsets.sourceOffset(99, "9900")),
                StartPosition.latest())).isEqualTo(StartPosition.after(99));
        assertThatThrownBy(() -> SourceOffsets.resumePosition(partition, Map.of("offset", "12"),
                StartPosition.earliest()))
                .isInstanceOf(ConnectException.class).hasMessageContaining("PATCH /connectors");
    }

    @Test
    void sourcePartitionSerializesLikeTheHashMapConnectReadsItBackAs() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> partition = SourceOffsets.sourcePartition("ns.servicebus.windows.net", "orders",
                "$Default", "3");
        Map<String, Object> readBack = json.readValue(json.writeValueAsString(partition), HashMap.class);
        assertThat(json.writeValueAsString(readBack)).isEqualTo(json.writeValueAsString(partition));
    }

    @Test
    void sourcePartitionEqualsAndHashesLikeTheHashMapConnectReadsItBackAs() {
        Map<String, String> partition = SourceOffsets.sourcePartition("ns", "h", "cg", "2");
        Map<String, String> readBack = new HashMap<>(Map.of("namespace", "ns", "hub", "h", "consumerGroup", "cg",
                "partition", "2"));
        assertThat(partition).isEqualTo(readBack);
        assertThat(readBack).isEqualTo(partition);
        assertThat(partition.hashCode()).isEqualTo(readBack.hashCode());
        assertThat(Map.of(readBack, 1)).containsKey(partition);
        assertThat(partition).isNotEqualTo(SourceOffsets.sourcePartition("ns", "h", "cg", "3"));
        assertThatThrownBy(() -> partition.put("partition", "9")).isInstanceOf(UnsupportedOperationException.class);
    }
}

package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventHubsBacklogTest {

    @Test
    void countsEventsAfterTheCommittedSequenceNumberPerPartition() {
        Map<String, EventHubsBacklog.PartitionEnd> ends = Map.of(
                "0", new EventHubsBacklog.PartitionEnd(0, 99, false),
                "1", new EventHubsBacklog.PartitionEnd(0, 49, false));
        // Partition 0 read up to 89 (10 waiting), partition 1 up to 49 (none waiting).
        assertThat(EventHubsBacklog.waiting(ends, Map.of("0", 89L, "1", 49L))).isEqualTo(10);
    }

    @Test
    void aPartitionWithoutCommittedOffsetsWaitsWithEveryEventItHolds() {
        Map<String, EventHubsBacklog.PartitionEnd> ends = Map.of(
                "0", new EventHubsBacklog.PartitionEnd(0, 99, false),
                "1", new EventHubsBacklog.PartitionEnd(40, 49, false),
                "2", new EventHubsBacklog.PartitionEnd(0, -1, true));
        // 100 events in partition 0; partition 1 holds 40..49 (retention dropped the rest); partition 2 is empty.
        assertThat(EventHubsBacklog.waiting(ends, Map.of())).isEqualTo(110);
    }

    @Test
    void readsTheSequenceNumbersOfConnectsOffsetsAnswer() throws Exception {
        // GET /connectors/eventhubs-source/offsets
        var offsets = new ObjectMapper().readTree("""
                {"offsets": [
                  {"partition": {"namespace": "localhost", "hub": "events", "consumerGroup": "$Default", "partition": "0"},
                   "offset": {"sequenceNumber": 41, "offset": "4100"}},
                  {"partition": {"namespace": "localhost", "hub": "events", "consumerGroup": "$Default", "partition": "1"},
                   "offset": {"sequenceNumber": 7, "offset": "700"}},
                  {"partition": {"namespace": "localhost", "hub": "other", "consumerGroup": "$Default", "partition": "1"},
                   "offset": {"sequenceNumber": 9000, "offset": "1"}}]}""");
        assertThat(EventHubsBacklog.committedSequenceNumbers(offsets, "events")).containsOnly(
                Map.entry("0", 41L), Map.entry("1", 7L));
    }
}

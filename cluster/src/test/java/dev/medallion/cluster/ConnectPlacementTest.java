package dev.medallion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectPlacementTest {
    private static JsonNode status(String sourceTaskWorker, String sourceTaskState) throws Exception {
        return new ObjectMapper().readTree("""
                {"eventhubs-source": {"status": {"connector": {"state": "RUNNING", "worker_id": "127.0.0.1:8083"},
                   "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "127.0.0.1:8083"},
                             {"id": 1, "state": "%s", "worker_id": "%s"}]}},
                 "bronze-sink": {"status": {"connector": {"state": "RUNNING", "worker_id": "127.0.0.1:8083"},
                   "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "127.0.0.1:8083"}]}}}
                """.formatted(sourceTaskState, sourceTaskWorker));
    }

    @Test
    void aTaskStillReportedOnTheKilledWorkerHasNotMoved() throws Exception {
        JsonNode before = status("127.0.0.1:8084", "RUNNING");
        assertThat(ConnectWorkerFault.placements(before, "127.0.0.1:8084")).containsExactly("eventhubs-source/1");
        assertThat(ConnectWorkerFault.allRunningOn(before, "127.0.0.1:8083")).isFalse();
        assertThat(ConnectWorkerFault.allRunning(before)).isTrue();
    }

    @Test
    void movedOnlyWhenEveryTaskRunsOnTheSurvivor() throws Exception {
        assertThat(ConnectWorkerFault.allRunningOn(status("127.0.0.1:8083", "UNASSIGNED"), "127.0.0.1:8083")).isFalse();
        assertThat(ConnectWorkerFault.allRunningOn(status("127.0.0.1:8083", "RUNNING"), "127.0.0.1:8083")).isTrue();
    }
}

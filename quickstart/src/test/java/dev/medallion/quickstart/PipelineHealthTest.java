package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape of Connect's GET /connectors?expand=status, trimmed from a run where the source task failed. */
    private static final String CONNECT_STATUS = """
            {"eventhubs-source": {"status": {"name": "eventhubs-source",
                "connector": {"state": "RUNNING", "worker_id": "localhost:8083"},
                "tasks": [{"id": 0, "state": "FAILED", "worker_id": "localhost:8083",
                           "trace": "org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer send callback\\n\\tat org.apache.kafka.connect.runtime.WorkerSourceTask.maybeThrowProducerSendException(WorkerSourceTask.java:340)\\nCaused by: org.apache.kafka.common.errors.RecordTooLargeException: The message is 1834112 bytes\\n"},
                          {"id": 1, "state": "RUNNING", "worker_id": "localhost:8083"}],
                "type": "source"}},
             "bronze-sink": {"status": {"name": "bronze-sink",
                "connector": {"state": "RUNNING", "worker_id": "localhost:8083"},
                "tasks": [{"id": 0, "state": "PAUSED", "worker_id": "localhost:8083"}], "type": "sink"}},
             "silver-sink": {"status": {"name": "silver-sink",
                "connector": {"state": "RUNNING", "worker_id": "localhost:8083"},
                "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "localhost:8083"}], "type": "sink"}}}
            """;

    @Test
    void failedAndPausedTasksAreProblemsWithTheFirstLineOfTheirTrace() throws Exception {
        PipelineHealth health = PipelineHealth.ofConnect(JSON.readTree(CONNECT_STATUS));

        assertThat(health.problems()).extracting(PipelineHealth.Problem::toString).containsExactly(
                "eventhubs-source task 0 FAILED: org.apache.kafka.connect.errors.ConnectException: Unrecoverable"
                        + " exception from producer send callback",
                "bronze-sink task 0 PAUSED");
        assertThat(health.failed()).isTrue();
        assertThat(health.describe()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("FAILED: eventhubs-source task 0 FAILED: ").contains("; bronze-sink task 0 PAUSED"));
    }

    @Test
    void pausedOnlyIsShownButNotFailed() throws Exception {
        PipelineHealth health = PipelineHealth.ofConnect(JSON.readTree("""
                {"s": {"status": {"connector": {"state": "PAUSED"}, "tasks": [{"id": 0, "state": "PAUSED"}]}}}"""));
        assertThat(health.failed()).isFalse();
        assertThat(health.describe()).hasValue("NOT RUNNING: s PAUSED; s task 0 PAUSED");
    }

    @Test
    void everythingRunningIsHealthy() throws Exception {
        PipelineHealth health = PipelineHealth.ofConnect(JSON.readTree("""
                {"s": {"status": {"connector": {"state": "RUNNING"}, "tasks": [{"id": 0, "state": "RUNNING"}]}}}"""));
        assertThat(health.healthy()).isTrue();
        assertThat(health.describe()).isEmpty();
    }

    @Test
    void aRunningConnectorWithoutTasksIsNotHealthy() throws Exception {
        PipelineHealth health = PipelineHealth.ofConnect(JSON.readTree("""
                {"s": {"status": {"connector": {"state": "RUNNING"}, "tasks": []}}}"""));
        assertThat(health.problems()).extracting(PipelineHealth.Problem::toString).containsExactly("s has no task");
    }

    @Test
    void failedFlinkJobWithTheFirstLineOfItsNewestException() throws Exception {
        JsonNode job = JSON.readTree("{\"jid\": \"a1\", \"state\": \"FAILED\"}");
        // Flink 2.x: GET /jobs/:id/exceptions, newest entry first.
        JsonNode exceptions = JSON.readTree("""
                {"exceptionHistory": {"entries": [
                   {"exceptionName": "org.apache.flink.runtime.JobException",
                    "stacktrace": "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\\n\\tat org.apache.flink...\\nCaused by: java.lang.NumberFormatException: fast",
                    "timestamp": 1700000000000}],
                  "truncated": false}}""");

        PipelineHealth health = PipelineHealth.ofFlinkJob(job, exceptions);

        assertThat(health.failed()).isTrue();
        assertThat(health.problems()).extracting(PipelineHealth.Problem::toString).containsExactly(
                "flink job FAILED: org.apache.flink.runtime.JobException: Recovery is suppressed by"
                        + " NoRestartBackoffTimeStrategy");
    }

    @Test
    void runningFlinkJobAfterFailuresIsShownButNotFailed() throws Exception {
        JsonNode exceptions = JSON.readTree("""
                {"exceptionHistory": {"entries": [
                   {"exceptionName": "java.io.IOException", "stacktrace": "java.io.IOException: broker gone\\n\\tat x"},
                   {"exceptionName": "java.io.IOException", "stacktrace": "java.io.IOException: older"}],
                  "truncated": true}}""");

        PipelineHealth health = PipelineHealth.ofFlinkJob(JSON.readTree("{\"state\": \"RUNNING\"}"), exceptions);

        assertThat(health.failed()).isFalse();
        assertThat(health.problems()).extracting(PipelineHealth.Problem::toString).containsExactly(
                "flink job RUNNING after 2 failures or more: java.io.IOException: broker gone");
    }

    @Test
    void restartingFlinkJobIsFailed() throws Exception {
        PipelineHealth health = PipelineHealth.ofFlinkJob(JSON.readTree("{\"state\": \"RESTARTING\"}"),
                JSON.readTree("{\"exceptionHistory\": {\"entries\": []}}"));
        assertThat(health.failed()).isTrue();
        assertThat(health.problems()).extracting(PipelineHealth.Problem::toString)
                .containsExactly("flink job RESTARTING");
    }

    @Test
    void runningFlinkJobWithoutExceptionsIsHealthy() throws Exception {
        assertThat(PipelineHealth.ofFlinkJob(JSON.readTree("{\"state\": \"RUNNING\"}"),
                JSON.readTree("{\"exceptionHistory\": {\"entries\": [], \"truncated\": false}}")).healthy()).isTrue();
    }

    @Test
    void firstLineSkipsBlankLinesAndIsCut() {
        assertThat(PipelineHealth.firstLine("\n  \n  java.lang.X: y\n\tat z")).isEqualTo("java.lang.X: y");
        assertThat(PipelineHealth.firstLine("e".repeat(1000))).hasSize(243).endsWith("...");
    }
}

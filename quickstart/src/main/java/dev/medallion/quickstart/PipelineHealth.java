package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is not running in the pipeline: connectors and tasks whose state is not {@code RUNNING} (from Connect's
 * {@code GET /connectors?expand=status}) and a Flink job that failed or keeps restarting (from Flink's
 * {@code GET /jobs/:id} and {@code /jobs/:id/exceptions}), each with the first line of its reason. A stopped task
 * leaves every count frozen, so without this the progress line of a dead pipeline looks like a finished one.
 */
public record PipelineHealth(List<Problem> problems) {
    private static final int REASON_CHARS = 240;

    public static final PipelineHealth HEALTHY = new PipelineHealth(List.of());

    /** One component that is not running, e.g. {@code eventhubs-source task 0 FAILED: ...RecordTooLargeException: ...}. */
    public record Problem(String component, String state, String reason, boolean failed) {
        @Override
        public String toString() {
            return component + " " + state + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    public boolean healthy() {
        return problems.isEmpty();
    }

    /**
     * True when a connector or a task FAILED or the Flink job is not running; other states (PAUSED, UNASSIGNED, a job
     * running again after failures) are shown but do not count as failed.
     */
    public boolean failed() {
        return problems.stream().anyMatch(Problem::failed);
    }

    public PipelineHealth plus(PipelineHealth other) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(other.problems);
        return new PipelineHealth(List.copyOf(all));
    }

    /** The problems in Connect's answer to {@code GET /connectors?expand=status}. */
    public static PipelineHealth ofConnect(JsonNode expandedStatus) {
        List<Problem> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expandedStatus.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode status = entry.getValue().path("status");
            checkState(problems, entry.getKey(), status.path("connector"));
            JsonNode tasks = status.path("tasks");
            if (tasks.isArray() && tasks.isEmpty() && "RUNNING".equals(status.path("connector").path("state").asText())) {
                problems.add(new Problem(entry.getKey(), "has no task", "", false));
            }
            tasks.forEach(task -> checkState(problems, entry.getKey() + " task " + task.path("id").asText(), task));
        }
        return new PipelineHealth(List.copyOf(problems));
    }

    /**
     * The Flink job's problem, if any: a terminal or restarting state, or failures in its exception history while it
     * runs again (a job that fails on every record restarts forever and is RUNNING most of the time).
     *
     * @param job        Flink's {@code GET /jobs/:id}
     * @param exceptions Flink's {@code GET /jobs/:id/exceptions}
     */
    public static PipelineHealth ofFlinkJob(JsonNode job, JsonNode exceptions) {
        String state = job.path("state").asText("UNKNOWN");
        List<JsonNode> history = new ArrayList<>();
        exceptions.path("exceptionHistory").path("entries").forEach(history::add);
        String reason = history.isEmpty() ? firstLine(exceptions.path("root-exception").asText(""))
                : firstLine(history.get(0).path("stacktrace").asText(history.get(0).path("exceptionName").asText("")));
        if (!"RUNNING".equals(state) && !"CREATED".equals(state) && !"INITIALIZING".equals(state)) {
            return new PipelineHealth(List.of(new Problem("flink job", state, reason, true)));
        }
        if (!history.isEmpty()) {
            return new PipelineHealth(List.of(new Problem("flink job", state + " after " + history.size()
                    + (history.size() == 1 ? " failure" : " failures")
                    + (exceptions.path("exceptionHistory").path("truncated").asBoolean() ? " or more" : ""), reason,
                    false)));
        }
        return HEALTHY;
    }

    /** A job whose status cannot be read (the REST API does not answer) is a problem too. */
    public static PipelineHealth unreadable(String component, String why) {
        return new PipelineHealth(List.of(new Problem(component, "status unknown", firstLine(why), false)));
    }

    private static void checkState(List<Problem> problems, String component, JsonNode state) {
        String name = state.path("state").asText("");
        if (!"RUNNING".equals(name)) {
            problems.add(new Problem(component, name.isEmpty() ? "UNKNOWN" : name,
                    firstLine(state.path("trace").asText("")), "FAILED".equals(name)));
        }
    }

    /** The first line of a stack trace (exception class and message), cut to a length that fits a console line. */
    static String firstLine(String trace) {
        String line = trace.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        return line.length() <= REASON_CHARS ? line : line.substring(0, REASON_CHARS) + "...";
    }

    /** For the progress line: {@code NOT RUNNING: a FAILED: reason; b PAUSED}. */
    public Optional<String> describe() {
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = problems.stream().map(Problem::toString).toList();
        return Optional.of((failed() ? "FAILED: " : "NOT RUNNING: ") + String.join("; ", parts));
    }
}

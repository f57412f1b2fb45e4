package dev.medallion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.quickstart.ConnectRest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drill (a): SIGKILL Connect worker 2 while events flow. Measures how long until every connector and task runs on
 * worker 1 (Connect's session timeout plus {@code scheduled.rebalance.max.delay.ms}), then starts worker 2 again and
 * waits until it has its share back.
 */
final class ConnectWorkerFault implements Fault {
    private static final int VICTIM = 2;
    private static final int SURVIVOR = 1;
    private final LocalCluster cluster;
    private final ClusterOptions options;

    ConnectWorkerFault(LocalCluster cluster, ClusterOptions options) {
        this.cluster = cluster;
        this.options = options;
    }

    @Override
    public String name() {
        return "connect-worker";
    }

    @Override
    public String description() {
        return "SIGKILL " + LocalCluster.connectWorker(VICTIM) + "; its tasks must move to "
                + LocalCluster.connectWorker(SURVIVOR);
    }

    @Override
    public boolean restartsFlinkJob() {
        return false;
    }

    @Override
    public Report inject(ClusterRun run) {
        ConnectRest rest = run.connect();
        String victimId = "127.0.0.1:" + options.connectPort(VICTIM);
        String survivorId = "127.0.0.1:" + options.connectPort(SURVIVOR);
        List<String> onVictim = placements(rest.statuses(), victimId);
        long publishedAtKill = run.stats().published();
        cluster.processes().kill(LocalCluster.connectWorker(VICTIM));
        long killedAt = System.nanoTime();
        Duration moved = Waits.until("every connector and task RUNNING on " + survivorId, Duration.ofMinutes(3),
                () -> allRunningOn(rest.statuses(), survivorId));
        long delayed = run.stats().published() - publishedAtKill;
        cluster.startConnectWorker(VICTIM);
        Duration rejoined = Waits.until(LocalCluster.connectWorker(VICTIM) + " back with tasks", Duration.ofMinutes(3),
                () -> !placements(rest.statuses(), victimId).isEmpty() && allRunning(rest.statuses()));
        List<String> lines = new ArrayList<>();
        lines.add("killed " + LocalCluster.connectWorker(VICTIM) + " (" + victimId + ") holding " + onVictim);
        lines.add(String.format("downtime of its tasks: %.1f s (kill -> every connector and task RUNNING on %s)",
                moved.toMillis() / 1000.0, survivorId));
        lines.add(String.format("events delayed: %,d published while its tasks were away (waited in Event Hubs or"
                + " Kafka, none dropped: see the checks)", delayed));
        lines.add(String.format("restarted: back in the group with tasks after %.1f s; %.1f s from kill to restart"
                + " done", rejoined.toMillis() / 1000.0, (System.nanoTime() - killedAt) / 1e9));
        return new Report(name(), true, lines);
    }

    /** "connector/task N" entries whose worker_id is {@code workerId}. */
    static List<String> placements(JsonNode statuses, String workerId) {
        List<String> found = new ArrayList<>();
        statuses.fields().forEachRemaining(entry -> {
            JsonNode status = entry.getValue().path("status");
            if (workerId.equals(status.path("connector").path("worker_id").asText())) {
                found.add(entry.getKey());
            }
            status.path("tasks").forEach(task -> {
                if (workerId.equals(task.path("worker_id").asText())) {
                    found.add(entry.getKey() + "/" + task.path("id").asText());
                }
            });
        });
        return found;
    }

    static boolean allRunningOn(JsonNode statuses, String workerId) {
        boolean[] ok = {statuses.size() > 0};
        statuses.fields().forEachRemaining(entry -> {
            JsonNode status = entry.getValue().path("status");
            ok[0] &= running(status.path("connector"), workerId);
            ok[0] &= status.path("tasks").size() > 0;
            status.path("tasks").forEach(task -> ok[0] &= running(task, workerId));
        });
        return ok[0];
    }

    static boolean allRunning(JsonNode statuses) {
        return allRunningOn(statuses, null);
    }

    private static boolean running(JsonNode state, String workerId) {
        return "RUNNING".equals(state.path("state").asText())
                && (workerId == null || workerId.equals(state.path("worker_id").asText()));
    }
}

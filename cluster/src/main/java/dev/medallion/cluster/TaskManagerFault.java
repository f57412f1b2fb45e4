package dev.medallion.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Drill (b): SIGKILL the Flink TaskManager that runs the SQL job's tasks. The JobManager notices (heartbeat RPCs to
 * it fail), restarts the job on the other TaskManager from its last completed checkpoint (offsets, dedupe state and
 * the Kafka transactions of that checkpoint), and the run's checks show whether any event was lost or duplicated.
 */
final class TaskManagerFault implements Fault {
    private final LocalCluster cluster;

    TaskManagerFault(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return "taskmanager";
    }

    @Override
    public String description() {
        return "SIGKILL the TaskManager running the SQL job; the job must restart from its last checkpoint";
    }

    @Override
    public boolean restartsFlinkJob() {
        return true;
    }

    @Override
    public Report inject(ClusterRun run) {
        String jobId = cluster.runningJob().orElseThrow();
        Set<String> hosts = taskManagersOf(jobId);
        String victim = hosts.iterator().next();
        long checkpointBefore = cluster.flinkGet("/jobs/" + jobId + "/checkpoints").path("latest")
                .path("completed").path("id").asLong(-1);
        long restartsBefore = cluster.flinkGet("/jobs/" + jobId + "/checkpoints").path("counts").path("restored")
                .asLong(0);
        long publishedAtKill = run.stats().published();
        cluster.processes().kill(victim);
        Duration recovered = Waits.until("the SQL job RUNNING again without " + victim, Duration.ofMinutes(3),
                () -> allRunning(jobId) && !taskManagersOf(jobId).contains(victim)
                        && cluster.flinkGet("/jobs/" + jobId + "/checkpoints").path("counts").path("restored")
                        .asLong(0) > restartsBefore);
        long delayed = run.stats().published() - publishedAtKill;
        JsonNode restored = cluster.flinkGet("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        int n = Integer.parseInt(victim.substring(victim.lastIndexOf('-') + 1));
        cluster.startTaskManager(n);
        Duration back = Waits.until("2 TaskManagers registered again", Duration.ofMinutes(2),
                () -> cluster.flinkGet("/taskmanagers").path("taskmanagers").size() == ClusterOptions.TASK_MANAGERS);
        List<String> lines = new ArrayList<>();
        lines.add("killed " + victim + " (ran the job's tasks: " + hosts + ")");
        lines.add(String.format("downtime: %.1f s (kill -> every task RUNNING on the other TaskManager)",
                recovered.toMillis() / 1000.0));
        lines.add("restored from checkpoint " + restored.path("id").asText("?") + " (latest completed before the"
                + " kill: " + checkpointBefore + ")");
        lines.add(String.format("events delayed: %,d published while the job was restarting", delayed));
        lines.add(String.format("restarted %s: registered again after %.1f s", victim, back.toMillis() / 1000.0));
        boolean ok = restored.path("id").asLong(-1) >= checkpointBefore;
        return new Report(name(), ok, lines);
    }

    /** Resource ids (= process names) of the TaskManagers running the job's subtasks. */
    private Set<String> taskManagersOf(String jobId) {
        Set<String> hosts = new LinkedHashSet<>();
        for (JsonNode vertex : cluster.flinkGet("/jobs/" + jobId).path("vertices")) {
            JsonNode tms = cluster.flinkGet("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText()
                    + "/taskmanagers").path("taskmanagers");
            tms.forEach(tm -> hosts.add(tm.path("taskmanager-id").asText()));
        }
        return hosts;
    }

    private boolean allRunning(String jobId) {
        JsonNode job = cluster.flinkGet("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }
}

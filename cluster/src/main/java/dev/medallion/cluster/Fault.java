package dev.medallion.cluster;

import java.util.List;

/** A fault a drill injects into a running cluster in the middle of a {@link ClusterRun}, and what it measured. */
public interface Fault {
    String name();

    String description();

    /** Whether the fault makes the Flink job restore from a checkpoint (the gold check then checks bounds). */
    boolean restartsFlinkJob();

    /** Injects the fault, waits for the cluster to recover, brings the killed process back; returns the report. */
    Report inject(ClusterRun run);

    /** Downtime and the like, one printed line each; {@code ok} false when recovery did not happen as it must. */
    record Report(String name, boolean ok, List<String> lines) {
    }
}

package dev.medallion.quickstart;

/**
 * Latencies of the whole run and of the events published after the warm-up. A run's first seconds pay for JIT
 * compilation, Flink's code generation and the tables' first commits on the same cores, so a short run's overall
 * percentiles mostly describe the start; the second set shows what the pipeline does once it is warm.
 */
public final class PhasedLatencies {
    private final LatencyRecorder all = new LatencyRecorder();
    private final LatencyRecorder afterWarmUp = new LatencyRecorder();
    private volatile long warmUpEndsMillis = Long.MAX_VALUE;

    /** Events published at or after {@code epochMillis} count as warm; until this is called, none do. */
    public void warmUpUntil(long epochMillis) {
        warmUpEndsMillis = epochMillis;
    }

    public void record(long publishedMillis, long latencyMillis) {
        all.record(latencyMillis);
        if (publishedMillis >= warmUpEndsMillis) {
            afterWarmUp.record(latencyMillis);
        }
    }

    public LatencySummary all() {
        return all.summary();
    }

    public LatencySummary afterWarmUp() {
        return afterWarmUp.summary();
    }
}

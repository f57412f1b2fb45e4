package dev.medallion.testkit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A plain {@link SinkTaskContext} for driving a sink task without a worker (unit tests, benchmark drivers): a fixed
 * configuration and assignment, and a record of what the task asked for — offsets to seek to, paused partitions,
 * commit requests and, when built with a reporter, the records it reported as errant (dead-letter) with their reasons.
 * Without a reporter {@link #errantRecordReporter()} returns null, as a worker does when no DLQ is configured.
 */
public final class RecordingSinkTaskContext implements SinkTaskContext {
    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private final boolean withReporter;
    private final Map<TopicPartition, Long> seeks = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final List<SinkRecord> reported = new ArrayList<>();
    private final List<Throwable> reasons = new ArrayList<>();
    private int commitRequests;
    private PluginMetrics pluginMetrics;

    public RecordingSinkTaskContext(Map<String, String> configs, Set<TopicPartition> assignment, boolean withReporter) {
        this.configs = configs;
        this.assignment = assignment;
        this.withReporter = withReporter;
    }

    /** A context with an empty assignment (tasks that only use {@code open()}'s partitions). */
    public RecordingSinkTaskContext(Map<String, String> configs, boolean withReporter) {
        this(configs, Set.of(), withReporter);
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        seeks.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        seeks.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        // nothing is redelivered without a worker, so there is nothing to delay
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {
        commitRequests++;
    }

    /** Hands the task this registry, as a worker hands out a real one; without it tasks get none (null). */
    public RecordingSinkTaskContext withPluginMetrics(PluginMetrics metrics) {
        this.pluginMetrics = metrics;
        return this;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return new ErrantRecordReporter() {
            @Override
            public Future<Void> report(SinkRecord record, Throwable error) {
                reported.add(record);
                reasons.add(error);
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    /** The offsets the task asked the consumer to seek to, by partition (latest request wins). */
    public Map<TopicPartition, Long> seeks() {
        return seeks;
    }

    /** The partitions currently paused by the task. */
    public Set<TopicPartition> paused() {
        return paused;
    }

    /** The records reported as errant, in order. */
    public List<SinkRecord> reported() {
        return reported;
    }

    /** The reasons given for {@link #reported()}, index by index. */
    public List<Throwable> reasons() {
        return reasons;
    }

    /** How often the task called {@link #requestCommit()}. */
    public int commitRequests() {
        return commitRequests;
    }
}

package dev.medallion.serving.monitor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pipeline's stage figures as Kafka shows them: read_committed end offsets per stage and dead-letter topic
 * (rates from the difference of two samples), and the lag of the sink connectors' consumer groups. Offsets of
 * transactional topics include commit markers, so a rate is a close gauge of records per second, not an exact count.
 */
public final class StageMonitor {
    private static final Logger log = LoggerFactory.getLogger(StageMonitor.class);

    /** One sample: per topic its end offset and the rate since the previous sample; per group its lag. */
    public record StageSnapshot(Instant at, Map<String, Long> endOffsets, Map<String, Double> ratesPerSecond,
                                Map<String, Long> groupLag) {
    }

    private final Admin admin;
    private final List<String> stageTopics;
    private final List<String> dlqTopics;
    private final List<String> sinkGroups;
    private final Clock clock;
    private volatile StageSnapshot last;

    public StageMonitor(Admin admin, List<String> stageTopics, List<String> dlqTopics, List<String> sinkGroups,
                        Clock clock, ServingMetrics metrics) {
        this.admin = admin;
        this.stageTopics = stageTopics;
        this.dlqTopics = dlqTopics;
        this.sinkGroups = sinkGroups;
        this.clock = clock;
        this.last = new StageSnapshot(clock.instant(), Map.of(), Map.of(), Map.of());
        for (String topic : allTopics()) {
            metrics.gauge("serving_stage_end_offset", "read_committed end offset (sum over partitions) of a"
                    + " pipeline topic", () -> last.endOffsets().get(topic), "topic", topic,
                    "kind", dlqTopics.contains(topic) ? "dlq" : "stage");
            metrics.gauge("serving_stage_rate", "records per second written to a pipeline topic (last sample)",
                    () -> last.ratesPerSecond().get(topic), "topic", topic,
                    "kind", dlqTopics.contains(topic) ? "dlq" : "stage");
        }
        for (String group : sinkGroups) {
            metrics.gauge("serving_sink_lag", "records a sink connector's consumer group has not committed yet",
                    () -> last.groupLag().get(group), "group", group);
        }
    }

    private List<String> allTopics() {
        List<String> all = new java.util.ArrayList<>(stageTopics);
        all.addAll(dlqTopics);
        return all;
    }

    public StageSnapshot last() {
        return last;
    }

    /** Takes a new sample (topics or groups that cannot be read are left out of it). */
    public synchronized StageSnapshot sample() {
        StageSnapshot previous = last;
        Instant now = clock.instant();
        Map<String, Long> ends = new LinkedHashMap<>();
        for (String topic : allTopics()) {
            try {
                ends.put(topic, sum(endOffsets(topic)));
            } catch (RuntimeException e) {
                log.debug("End offsets of {} not readable: {}", topic, e.toString());
            }
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        double seconds = (now.toEpochMilli() - previous.at().toEpochMilli()) / 1000.0;
        for (Map.Entry<String, Long> e : ends.entrySet()) {
            Long before = previous.endOffsets().get(e.getKey());
            if (before != null && seconds > 0) {
                rates.put(e.getKey(), Math.max(0, e.getValue() - before) / seconds);
            }
        }
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String group : sinkGroups) {
            try {
                lag.put(group, lag(group));
            } catch (RuntimeException e) {
                log.debug("Lag of {} not readable: {}", group, e.toString());
            }
        }
        last = new StageSnapshot(now, ends, rates, lag);
        return last;
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            Map<TopicPartition, Long> result = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, TimeUnit.SECONDS).forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private long lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, Map<TopicPartition, Long>> ends = new HashMap<>();
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                Map<TopicPartition, Long> end = ends.computeIfAbsent(entry.getKey().topic(), this::endOffsets);
                lag += Math.max(0, end.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}

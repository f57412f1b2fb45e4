package dev.medallion.eventhubs.sink;

import dev.medallion.common.Backoff;

import dev.medallion.common.PluginVersion;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Lifecycle only: builds the {@link EventMapper} and {@link SendPipeline} on start, hands records to them in
 * {@code put}, tells Connect in {@code preCommit} only the offsets the hub has acknowledged, and closes on stop. A
 * record that cannot become an event goes to Connect's dead-letter queue (errant record reporter).
 */
public class EventHubsSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(EventHubsSinkTask.class);
    /** How long stop() waits for batches in flight before it closes the clients (the rest is sent again later). */
    private static final Duration STOP_DRAIN = Duration.ofSeconds(10);
    /** How long a commit waits for batches in flight; short, since put() does not run meanwhile. */
    private static final Duration COMMIT_DRAIN = Duration.ofSeconds(2);
    /** Longest a put() waits for room in the buffer before it pauses the consumer. */
    private static final Duration PUT_WAIT = Duration.ofMillis(500);

    private EventHubsSinkConfig config;
    private HubSender sender;
    private EventMapper mapper;
    private DeliveryTracker tracker;
    private SendPipeline pipeline;
    private boolean paused;

    @Override
    public String version() {
        return PluginVersion.of(EventHubsSinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        EventHubsSinkConfig sinkConfig = new EventHubsSinkConfig(props);
        start(sinkConfig, new SdkHubSender(hub -> EventHubsClientFactory.producer(sinkConfig, hub),
                sinkConfig.batchMaxBytes(), sinkConfig.operationTimeout()));
    }

    /** Starts on a given sender: the SDK's in production, a fake in tests. */
    void start(EventHubsSinkConfig sinkConfig, HubSender hubSender) {
        config = sinkConfig;
        sender = hubSender;
        mapper = EventMapper.of(config, sender::partitionCount);
        tracker = new DeliveryTracker();
        pipeline = new SendPipeline(sender, tracker, this::deadLetter, new SendErrorClassifier(config.namespace()),
                new Backoff(config.retryBackoff(), config.retryBackoffMax()), config.maxInFlightBatches(),
                config.sendTimeout(), System::currentTimeMillis);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            OutgoingEvent event;
            try {
                event = mapper.map(record);
            } catch (UnsendableRecordException e) {
                deadLetter(record, e);
                continue;
            }
            pipeline.add(event);
        }
        applyBackpressure();
    }

    /**
     * Holds put() a moment while too much is unacknowledged, then pauses the consumer instead of blocking longer: a put
     * blocked through a long outage would outlast max.poll.interval.ms and cost a rebalance. Connect keeps calling put
     * (with no records) while paused, which lets acknowledgements in and resumes once half the buffer is free.
     */
    private void applyBackpressure() {
        int max = config.maxBufferedRecords();
        boolean below = pipeline.awaitPendingAtMost(paused ? max / 2 : max, PUT_WAIT);
        if (!below && !paused) {
            context.pause(context.assignment().toArray(new TopicPartition[0]));
            paused = true;
            log.info("Pausing consumption: {} records wait for Event Hubs to acknowledge them"
                    + " (eventhubs.max.buffered.records={})", pipeline.pendingCount(), max);
        } else if (below && paused) {
            context.resume(context.assignment().toArray(new TopicPartition[0]));
            paused = false;
        }
    }

    private void deadLetter(SinkRecord record, UnsendableRecordException reason) {
        ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter == null) {
            throw new ConnectException("Record " + record.topic() + "-" + record.kafkaPartition() + "@"
                    + record.kafkaOffset() + " cannot be sent: " + reason.getMessage() + ". Set errors.tolerance=all"
                    + " and errors.deadletterqueue.topic.name so such records go to a dead-letter topic with the"
                    + " reason; nothing was committed past it.");
        }
        reporter.report(record, reason);
    }

    /**
     * Only what the hub acknowledged: Connect must not commit records still in flight or waiting for a retry. Waits a
     * little for batches in flight first, because Connect also commits here just before it hands partitions to another
     * task (rebalance, stop): what is committed then is not sent twice.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        pipeline.drain(COMMIT_DRAIN);
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        tracker.committable().forEach((partition, offset) -> {
            if (currentOffsets.containsKey(partition)) {
                safe.put(partition, offset);
            }
        });
        return safe;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (pipeline != null) {
            pipeline.forget(partitions);
        }
    }

    @Override
    public void stop() {
        try {
            if (pipeline != null && !pipeline.drain(STOP_DRAIN)) {
                log.info("Stopping with {} records not yet acknowledged by Event Hubs; their offsets are not"
                        + " committed, so they are sent again", tracker.pendingCount());
            }
        } catch (ConnectException e) {
            log.warn("Stopping after a failed send: {}", e.getMessage());
        } finally {
            if (sender != null) {
                sender.close();
            }
        }
    }
}

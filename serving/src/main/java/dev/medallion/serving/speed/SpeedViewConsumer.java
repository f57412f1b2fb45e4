package dev.medallion.serving.speed;

import dev.medallion.serving.monitor.ServingMetrics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Feeds the speed view from {@code events.clean}. Every replica needs every event, so partitions are assigned, not
 * group-managed, and no offsets are committed: on start the view is rebuilt from the records since the batch boundary
 * (by record timestamp, with a margin for late events) or since the max age. Events of minutes the boundary already
 * covers are dropped (counted): batch owns those hours, adding them would count twice. Reads committed records only
 * (the SQL job writes events.clean transactionally).
 */
public final class SpeedViewConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpeedViewConsumer.class);
    /** Records of an event are written after the event time, so start this much before the boundary. */
    private static final Duration REPLAY_MARGIN = Duration.ofMinutes(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final SpeedView view;
    private final Supplier<OptionalLong> boundaryEpochHour;
    private final SpeedRetention retention;
    private final ServingMetrics metrics;
    private final Clock clock;
    private final CleanEventParser parser = new CleanEventParser();
    private final Thread thread;
    private volatile boolean running = true;
    /** Counted down by {@link #close}: ends a retry back-off at once instead of after up to 10 s. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean caughtUp;
    private volatile boolean failed;

    public SpeedViewConsumer(String bootstrapServers, Map<String, Object> extraConsumerProps, String topic,
                             SpeedView view, Supplier<OptionalLong> boundaryEpochHour, SpeedRetention retention,
                             ServingMetrics metrics, Clock clock) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A reader must not create the pipeline's topics (with the broker's defaults) by looking for them.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "medallion-serving-speed");
        props.putAll(extraConsumerProps);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.view = view;
        this.boundaryEpochHour = boundaryEpochHour;
        this.retention = retention;
        this.metrics = metrics;
        this.clock = clock;
        this.thread = new Thread(this::run, "serving-speed-consumer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once the consumer has read up to the end offsets it saw at start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** True when the consumer stopped on an error (the view then no longer advances). */
    public boolean failed() {
        return failed;
    }

    private void run() {
        try {
            Map<TopicPartition, Long> endAtStart = assignAndSeek();
            while (running) {
                if (consumer.assignment().isEmpty()) {
                    // The topic does not exist yet (the pipeline creates it): look again shortly.
                    maybeReassign();
                    if (consumer.assignment().isEmpty()) {
                        Thread.sleep(1000);
                        continue;
                    }
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    apply(record.value(), new RecordPosition(record.topic(), record.partition(), record.offset()));
                }
                if (!caughtUp && reached(endAtStart)) {
                    caughtUp = true;
                    // No entry count here: asking a remote store could fail, and this thread must not stop on it.
                    log.info("Speed view caught up with {}", topic);
                }
                if (!caughtUp || records.isEmpty()) {
                    // Partitions added to the topic later are picked up here.
                    maybeReassign();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!running) {
                // close(): the wake-up, or the store still unreachable when the retry back-off ended.
                log.info("Speed view consumer of {} closed ({})", topic, e.getClass().getSimpleName());
                return;
            }
            log.error("Speed view consumer of {} stopped: {}; restart the serving service", topic, e.toString(), e);
            failed = true;
            metrics.speedConsumerFailed();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void apply(byte[] value, RecordPosition position) throws InterruptedException {
        CleanEventParser.Result result = parser.parse(value);
        if (result.event() == null) {
            metrics.speedRecord("skipped", result.rejection().name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        CleanEvent event = result.event();
        long evictBefore = retention.evictBeforeMinute(boundaryEpochHour.get(), clock.instant());
        if (event.epochMinute() < evictBefore) {
            // Batch already covers this minute (or it is past the max age): adding it would count it twice.
            metrics.speedRecord("behind_boundary", "none");
            return;
        }
        addRetrying(event, position);
        metrics.speedRecord("added", "none");
    }

    /**
     * A store outage (Redis down) is transient: the same record is retried until it is applied or the service
     * stops, so an outage neither stops the consumer for good nor skips a record. A shared view applies a
     * position at most once, so a retry after an add that did reach Redis does not count twice.
     */
    private void addRetrying(CleanEvent event, RecordPosition position) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            try {
                view.add(event, position);
                return;
            } catch (SpeedViewUnavailableException e) {
                if (!running) {
                    throw e;
                }
                metrics.speedStoreRetry();
                log.warn("{}; retrying {} in {} ms", e.getMessage(), position, backoffMs);
                if (stopping.await(backoffMs, TimeUnit.MILLISECONDS)) {
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    private Map<TopicPartition, Long> assignAndSeek() {
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        Instant now = clock.instant();
        OptionalLong boundary = boundaryEpochHour.get();
        Instant from = now.minus(retention.maxAge());
        if (boundary.isPresent()) {
            Instant boundaryStart = Instant.ofEpochSecond(boundary.getAsLong() * 3600).minus(REPLAY_MARGIN);
            from = boundaryStart.isAfter(from) ? boundaryStart : from;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        for (TopicPartition tp : partitions) {
            query.put(tp, from.toEpochMilli());
        }
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = offsets.get(tp);
            consumer.seek(tp, o == null ? ends.get(tp) : o.offset());
        }
        log.info("Speed view reads {} ({} partitions) from records since {}", topic, partitions.size(), from);
        return ends;
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos != null) {
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private void maybeReassign() {
        List<TopicPartition> now = partitions();
        if (now.size() > consumer.assignment().size()) {
            List<TopicPartition> added = new ArrayList<>(now);
            added.removeAll(consumer.assignment());
            consumer.assign(now);
            consumer.seekToBeginning(added);
            log.info("Speed view now also reads {}", added);
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.assignment().contains(end.getKey()) && consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        stopping.countDown();
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.medallion.serving.monitor;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts dead-letter records per topic, stage and reason ({@code serving_dlq_records_total}) by reading the DLQ
 * topics' headers (never their payloads). Reads every record from the start of the topics, without a consumer group,
 * so each replica counts on its own; Prometheus' rate() turns the counter into a DLQ rate. At most
 * {@link #MAX_REASONS} distinct reasons per topic get their own label, the rest count as "other".
 */
public final class DlqMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DlqMonitor.class);
    static final int MAX_REASONS = 50;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final ServingMetrics metrics;
    private final Map<String, Set<String>> reasonsPerTopic = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public DlqMonitor(String bootstrapServers, List<String> topics, ServingMetrics metrics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A reader must not create the pipeline's topics (with the broker's defaults) by looking for them.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "medallion-serving-dlq");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "serving-dlq-monitor");
        this.thread.setDaemon(true);
    }

    public void start() {
        if (!topics.isEmpty()) {
            thread.start();
        }
    }

    private void run() {
        try {
            while (running) {
                if (!assignNewPartitions() && consumer.assignment().isEmpty()) {
                    Thread.sleep(2000);   // no DLQ topic exists yet
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    count(record.topic(), DlqReasonLabel.of(record.headers()));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.warn("DLQ monitor woken up unexpectedly; DLQ counters stop", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("DLQ monitor stopped: {}; DLQ counters no longer advance", e.toString());
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    void count(String topic, DlqReasonLabel label) {
        Set<String> reasons = reasonsPerTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet());
        String reason = label.reason();
        if (!reasons.contains(reason)) {
            if (reasons.size() >= MAX_REASONS) {
                reason = "other";
            } else {
                reasons.add(reason);
            }
        }
        metrics.dlqRecord(topic, label.stage(), reason);
    }

    /** Assigns partitions of DLQ topics that appeared since the last look; true when any was added. */
    private boolean assignNewPartitions() {
        Set<TopicPartition> wanted = new HashSet<>(consumer.assignment());
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(i -> wanted.add(new TopicPartition(topic, i.partition())));
            }
        }
        if (wanted.size() == consumer.assignment().size()) {
            return false;
        }
        List<TopicPartition> added = new ArrayList<>(wanted);
        added.removeAll(consumer.assignment());
        consumer.assign(wanted);
        consumer.seekToBeginning(added);
        return true;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (thread.isAlive()) {
                thread.join(10_000);
            } else {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

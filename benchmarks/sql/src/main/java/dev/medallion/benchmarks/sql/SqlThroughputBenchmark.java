package dev.medallion.benchmarks.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.sql.SqlJob;
import dev.medallion.sql.SqlJobRunner;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Events/s through dedupe + 1-minute aggregation per event type and region: the bundled Flink SQL scripts on an
 * embedded MiniCluster versus the same logic as a Kafka Streams topology, both reading the same topic of one in-process
 * broker in the same JVM.
 *
 * <p>Both results are checked against the answer computed by the generator; a mismatch fails the run. Usage:
 * {@code run.sh [events]} (default 1 000 000).
 */
public final class SqlThroughputBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    /** How long the Streams peer may go without consuming or producing a record before the run gives up on it. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(90);

    private SqlThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int exit = 0;
        try (KafkaTestCluster kafka = new KafkaTestCluster().start()) {
            String bs = kafka.bootstrapServers();
            for (String topic : List.of("events.raw", "flink.clean", "flink.metrics.1m", "flink.metrics.1h",
                    "streams.clean", "streams.metrics.1m")) {
                kafka.createTopic(topic, BenchmarkEvents.PARTITIONS);
            }
            BenchmarkEvents data = new BenchmarkEvents();
            long produceStart = System.nanoTime();
            data.produce(bs, "events.raw", events);
            System.out.printf("produced %,d events (%,d distinct) in %.1f s%n", data.sent(), data.distinct(),
                    seconds(System.nanoTime() - produceStart));

            // Each engine's row is printed as soon as it is done, so a run cut short still leaves figures.
            System.out.printf("%n%-14s %14s %18s %9s %8s %9s  %s%n", "engine", "events/s", "events/s running",
                    "total s", "running", "windows", "result");
            Timing flinkTime = runFlink(bs);
            Map<String, JsonNode> flink = readMetrics(bs, "flink.metrics.1m", data);
            long flinkClean = count(bs, "flink.clean", data.distinct());
            boolean flinkOk = equal("flink sql", data.expected(), flink) & cleanCount("flink sql", flinkClean, data);
            row("flink sql", data, flinkTime, flink.size(), flinkOk);

            Timing streamsTime = runStreams(bs, data);
            Map<String, JsonNode> streams = readMetrics(bs, "streams.metrics.1m", data);
            long streamsClean = count(bs, "streams.clean", data.distinct());
            boolean streamsOk = !streamsTime.stalled() && equal("kafka streams", data.expected(), streams)
                    & cleanCount("kafka streams", streamsClean, data);
            row("kafka streams", data, streamsTime, streams.size(), streamsOk);

            double flinkRate = data.sent() / flinkTime.total();
            double streamsRate = data.sent() / streamsTime.total();
            double flinkRunning = data.sent() / flinkTime.running();
            double streamsRunning = data.sent() / streamsTime.running();
            System.out.printf("ratio flink/streams: %.2f overall, %.2f running (load average at end: %.1f on %d cores)%s%n",
                    flinkRate / streamsRate, flinkRunning / streamsRunning,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors(),
                    flinkOk && streamsOk ? "" : " -- NOT COMPARABLE: a result is wrong or incomplete");
            if (!flinkOk || !streamsOk) {
                exit = 1;
            }
        }
        System.exit(exit);
    }

    /**
     * Seconds of one engine's run: total (incl. planning/start-up) and from running to done; {@code stalled} when the
     * engine stopped making progress and the run gave up on it.
     */
    private record Timing(double total, double running, boolean stalled) {
        Timing(double total, double running) {
            this(total, running, false);
        }
    }

    private static void row(String engine, BenchmarkEvents data, Timing timing, int windows, boolean ok) {
        System.out.printf("%-14s %,14.0f %,18.0f %9.1f %8.1f %9d  %s%n", engine, data.sent() / timing.total(),
                data.sent() / timing.running(), timing.total(), timing.running(), windows,
                timing.stalled() ? "STALLED" : ok ? "exact" : "WRONG");
        System.out.flush();
    }

    private static Timing runFlink(String bs) {
        long start = System.nanoTime();
        SqlJobRunner.Builder builder = SqlJobRunner.builder();
        // -Dflink.<option>=<value> passes Flink options through, e.g. -Dflink.pipeline.object-reuse=true
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("flink."))
                .forEach(k -> builder.flinkOption(k.substring("flink.".length()), System.getProperty(k)));
        try (SqlJob job = builder
                .scriptResource("sql/00-functions.sql")
                .scriptResource("sql/01-source-events-raw.sql")
                .scriptResource("sql/02-dedupe-events-clean.sql")
                .scriptResource("sql/03-metrics-1m.sql")
                .bootstrapServers(bs)
                .variable("topic.raw", "events.raw")
                .variable("topic.clean", "flink.clean")
                .variable("topic.metrics.1m", "flink.metrics.1m")
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .parallelism(2)
                .start()) {
            long submitted = System.nanoTime(); // planned, MiniCluster up, job accepted
            job.await(TIMEOUT);
            long end = System.nanoTime();
            return new Timing(seconds(end - start), seconds(end - submitted));
        }
    }

    private static Timing runStreams(String bs, BenchmarkEvents data) throws IOException {
        Path stateDir = Files.createTempDirectory("streams-bench");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, BenchmarkEvents.PARTITIONS);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Same commit cadence as Flink's checkpoint interval in the runner (10 s) ...
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10_000);
        // ... but no record cache: with one, closed windows wait for the next commit (up to 10 s) before they are
        // forwarded to the suppression and out, which Flink's windows do not (they fire on the watermark).
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(
                StreamsDedupeAggregation.topology("events.raw", "streams.clean", "streams.metrics.1m"), props)) {
            java.util.concurrent.atomic.AtomicLong running = new java.util.concurrent.atomic.AtomicLong();
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.compareAndSet(0, System.nanoTime()); // threads joined the group, tasks assigned
                }
            });
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            });
            streams.start();
            // Done when every expected window and every clean event is out (Streams has no end of input). A peer that
            // stops making progress ends the run with what it was doing, instead of waiting for the overall timeout.
            boolean stalled = false;
            try (KafkaConsumer<byte[], byte[]> metrics = consumer(bs, "streams.metrics.1m");
                 KafkaConsumer<byte[], byte[]> clean = consumer(bs, "streams.clean")) {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                int windows = 0;
                long cleanCount = 0;
                StallWatch watch = new StallWatch(STALL_LIMIT);
                while (windows < data.expected().size() || cleanCount < data.distinct()) {
                    windows += metrics.poll(Duration.ofMillis(20)).count();
                    cleanCount += clean.poll(Duration.ofMillis(20)).count();
                    long consumed = consumedRecords(streams);
                    if (failure.get() != null || System.nanoTime() > deadline
                            || watch.stalled(windows + cleanCount + consumed)) {
                        stalled = true;
                        System.out.printf("kafka streams: gave up after %.0f s without progress or on error: state %s, "
                                        + "%,d records consumed, %,d of %,d clean events and %d of %d windows out, "
                                        + "error: %s%n", watch.secondsSinceProgress(), streams.state(), consumed,
                                cleanCount, data.distinct(), windows, data.expected().size(), failure.get());
                        break;
                    }
                }
            }
            long end = System.nanoTime();
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return new Timing(seconds(end - start), seconds(end - (running.get() == 0 ? start : running.get())),
                    stalled);
        }
    }

    /** Records the Streams client's consumers have taken from its input so far (the thread-level metric). */
    private static long consumedRecords(KafkaStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("records-consumed-total")
                        && e.getKey().group().equals("consumer-fetch-manager-metrics")
                        && !e.getKey().tags().containsKey("topic"))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue()).sum();
    }

    /** The window rows of a metrics topic by "window start millis|type|region", left out: the flush windows. */
    private static Map<String, JsonNode> readMetrics(String bs, String topic, BenchmarkEvents data) {
        Map<String, JsonNode> results = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bs, topic)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (results.size() < data.expected().size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode row = readTree(record.value());
                    long start = Instant.parse(row.get("window_start").asText()).toEpochMilli();
                    if (start >= data.flushTime()) {
                        continue;
                    }
                    String key = start + "|" + row.get("event_type").asText() + "|" + row.get("region").asText();
                    JsonNode previous = results.put(key, row);
                    if (previous != null) {
                        results.put("DUPLICATE " + key, previous);
                    }
                }
            }
        }
        return results;
    }

    private static long count(String bs, String topic, long expected) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bs, topic)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            count += consumer.poll(Duration.ofMillis(500)).count();
        }
        return count;
    }

    private static boolean cleanCount(String engine, long clean, BenchmarkEvents data) {
        if (clean != data.distinct()) {
            System.out.printf("%s: %,d clean events, expected %,d%n", engine, clean, data.distinct());
            return false;
        }
        return true;
    }

    private static boolean equal(String engine, Map<String, WindowAnswer> expected, Map<String, JsonNode> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            System.out.printf("%s: %d window rows, expected %d%n", engine, actual.size(), expected.size());
            return false;
        }
        long wrong = 0;
        for (Map.Entry<String, WindowAnswer> entry : expected.entrySet()) {
            String mismatch = entry.getValue().mismatch(actual.get(entry.getKey()));
            if (mismatch != null && wrong++ < 5) {
                System.out.printf("%s: window %s: %s%n", engine, entry.getKey(), mismatch);
            }
        }
        return wrong == 0;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bs, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50_000));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

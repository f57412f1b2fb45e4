package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.testkit.KafkaTestCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the drills that kill the sink's worker while it writes share: a {@link SteadyProducer} that keeps a stream
 * flowing through the kills, the table's progress read from its log (newest commit, offsets covered by
 * the sink's {@code txn} versions of a two-partition topic), and the check that Spark reads every record exactly once.
 */
final class SinkDrill implements AutoCloseable {
    private static final int PARTITIONS = 2;

    private final KafkaTestCluster kafka;
    private final String topic;
    private final String connector;
    private final Path table;
    private final SteadyProducer producer;

    /** A drill on {@code topic} (two partitions, created here) written by {@code connector} to {@code lake/topic}. */
    SinkDrill(KafkaTestCluster kafka, Path lake, String topic, String connector) {
        this.kafka = kafka;
        this.topic = topic;
        this.connector = connector;
        this.table = lake.resolve(topic);
        this.producer = new SteadyProducer(kafka, topic);
        kafka.createTopic(topic, PARTITIONS);
    }

    Path table() {
        return table;
    }

    /** Produces {@code batch} events every {@code pauseMillis} until {@link #stopProducing}. */
    void startProducing(int batch, long pauseMillis) {
        producer.start(batch, pauseMillis);
    }

    /** Stops the producer and returns how many events it wrote (seq 0 to that count - 1). */
    long stopProducing() throws InterruptedException {
        return producer.stop();
    }

    /** The newest commit version in {@code _delta_log}, -1 before the table exists. */
    long latestCommit() {
        return SinkCrashDrill.latestCommit(table);
    }

    /** The commit files of {@code _delta_log} (none before the table exists); the caller closes the stream. */
    Stream<Path> listLog() {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return Stream.empty();
        }
        try {
            return Files.list(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offsets the table holds, by the txn versions of both partitions (each the last offset committed). */
    long committedOffsets() {
        if (latestCommit() < 0) {
            return 0;
        }
        io.delta.kernel.Snapshot snapshot = KernelTableReader.snapshot(table.toString());
        long sum = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            sum += snapshot.getLatestTransactionVersion(KernelTableReader.engine(),
                    connector + "-" + topic + "-" + partition).map(v -> v + 1).orElse(0L);
        }
        return sum;
    }

    /** Spark reads seq 0 to total - 1 exactly once each, and the txn versions cover exactly total offsets. */
    static void assertEveryRecordOnce(DeltaTableSnapshot spark, long total) {
        assertThat(spark.rowCount()).isEqualTo(total);
        Map<Long, Long> copies = spark.rows().stream()
                .collect(Collectors.groupingBy(r -> ((Number) r.get("seq")).longValue(), Collectors.counting()));
        assertThat(copies).as("every seq once").hasSize((int) total);
        assertThat(copies.values()).containsOnly(1L);
        assertThat(copies.keySet().stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);
        assertThat(spark.transactions().values().stream().mapToLong(v -> v + 1).sum()).isEqualTo(total);
    }

    @Override
    public void close() throws InterruptedException {
        stopProducing();
    }
}

package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes the Connect worker (SIGKILL of its JVM) while the sink writes a stream, right after a Delta commit appeared
 * and while data files are open between commits, restarts it each time and checks with Spark that every record is in
 * the table exactly once with its values.
 */
class DeltaSinkCrashIT {
    private static final String TOPIC = "crash.events";
    private static final String CONNECTOR = "crash-sink";
    private static final int KILLS = 6;

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    @TempDir
    Path lake;

    @Test
    void everyRecordIsInTheTableExactlyOnceAfterRepeatedWorkerKills() throws Exception {
        KAFKA.createTopic(TOPIC, 2);
        Path table = lake.resolve(TOPIC);
        AtomicLong produced = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> produceSteadily(produced, producing), "crash-it-producer");
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers())
                .groupId("crash-it").build()) {
            worker.start();
            worker.rest().putConnectorConfig(CONNECTOR, SequencedEvents.sinkConfig(lake, TOPIC));
            worker.rest().awaitRunning(CONNECTOR, 2, Duration.ofSeconds(60));
            producer.start();
            Set<String> orphans = new HashSet<>();
            for (int kill = 0; kill < KILLS; kill++) {
                if (kill % 2 == 0) {
                    long before = latestCommit(table);
                    Await.until(Duration.ofSeconds(60), "a Delta commit after version " + before,
                            () -> latestCommit(table) > before);
                } else {
                    Await.until(Duration.ofSeconds(60), "a data file being written and not yet committed",
                            () -> !newUncommittedFiles(table, orphans).isEmpty());
                }
                worker.kill();
                orphans.addAll(newUncommittedFiles(table, orphans));
                worker.start();
            }
            producing.set(false);
            producer.join();
            long total = produced.get();
            Await.until(Duration.ofSeconds(90), "txn versions covering all " + total + " offsets",
                    () -> committedOffsets(table) == total);
            worker.kill();

            DeltaTableSnapshot spark = SparkDeltaReader.read(table);
            assertThat(spark.transactions()).hasSize(2);
            assertThat(spark.transactions().values().stream().mapToLong(v -> v + 1).sum()).isEqualTo(total);
            assertThat(spark.rowCount()).isEqualTo(total);
            Map<Long, Long> copies = spark.rows().stream()
                    .collect(Collectors.groupingBy(r -> ((Number) r.get("seq")).longValue(), Collectors.counting()));
            assertThat(copies).as("every seq once").hasSize((int) total);
            assertThat(copies.keySet().stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);
            for (Map<String, Object> row : spark.rows()) {
                long seq = ((Number) row.get("seq")).longValue();
                assertThat(row).as("row of seq %d", seq)
                        .containsEntry("event_id", SequencedEvents.eventId(seq))
                        .containsEntry("event_type", SequencedEvents.eventType(seq))
                        .containsEntry("amount", SequencedEvents.amount(seq))
                        .containsEntry("event_time", SequencedEvents.eventTime(seq).toString());
            }
            assertThat(orphans).as("the kills between commits left uncommitted files behind").isNotEmpty();
        } finally {
            producing.set(false);
            producer.join();
        }
    }

    /** About 1,000 events a second until told to stop, so that every kill lands in a flowing stream. */
    private static void produceSteadily(AtomicLong produced, AtomicBoolean producing) {
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer(Map.of())) {
            while (producing.get()) {
                long from = produced.get();
                SequencedEvents.produce(producer, TOPIC, from, from + 100);
                produced.set(from + 100);
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The newest commit version in {@code _delta_log}, -1 before the table exists. */
    private static long latestCommit(Path table) {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Data files in the table folder that no commit names and that are not among {@code known}. */
    private static Set<String> newUncommittedFiles(Path table, Set<String> known) {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return Set.of();
        }
        try (Stream<Path> data = Files.list(table); Stream<Path> commits = Files.list(log)) {
            List<String> candidates = data.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet") && !known.contains(n)).toList();
            if (candidates.isEmpty()) {
                return Set.of();
            }
            StringBuilder logText = new StringBuilder();
            for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).toList()) {
                logText.append(Files.readString(commit));
            }
            return candidates.stream().filter(n -> logText.indexOf(n) < 0).collect(Collectors.toSet());
        } catch (IOException e) {
            // A commit or file that vanished or is half-listed while the sink works: not yet, look again.
            return Set.of();
        }
    }

    /** Offsets the table holds, by the txn versions of both partitions (each the last offset committed). */
    private static long committedOffsets(Path table) {
        if (latestCommit(table) < 0) {
            return 0;
        }
        io.delta.kernel.Snapshot snapshot = KernelTableReader.snapshot(table.toString());
        long sum = 0;
        for (int partition = 0; partition < 2; partition++) {
            sum += snapshot.getLatestTransactionVersion(KernelTableReader.engine(),
                    CONNECTOR + "-" + TOPIC + "-" + partition).map(v -> v + 1).orElse(0L);
        }
        return sum;
    }
}

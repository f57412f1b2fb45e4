package dev.medallion.delta.sink;

import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's crash drill, for any storage: a Delta sink connector on a child Connect worker writes a steady stream of
 * {@link SequencedEvents} from a two-partition topic while the worker is SIGKILLed, alternately right after a Delta
 * commit appeared and while a data file is open between commits, and started again each time. The table's folder on
 * local disk (the table itself, or the ADLS emulator's copy of it) tells when to kill; how the table is read back is
 * up to the caller ({@link #committedOffsets}, {@link #assertEveryRecordOnce}).
 */
final class SinkCrashDrill {
    static final int PARTITIONS = 2;

    private final KafkaTestCluster kafka;
    private final String topic;
    private final String connector;

    SinkCrashDrill(KafkaTestCluster kafka, String topic, String connector) {
        this.kafka = kafka;
        this.topic = topic;
        this.connector = connector;
    }

    /** What a drill produced, and the data files its kills left behind uncommitted. */
    record Outcome(long produced, Set<String> orphans) {
    }

    /**
     * Runs the drill: {@code kills} kills, then stops producing and waits until {@code committedOffsets} (offsets the
     * table's txn versions cover) reaches what was produced; the worker is killed again before returning, so the
     * table is read back at rest.
     *
     * @param tableFolder the table's folder on this machine's disk, watched for commits and new data files
     */
    Outcome run(ConnectWorkerProcess worker, Map<String, String> sinkConfig, Path tableFolder, int kills,
                LongSupplier committedOffsets) throws Exception {
        kafka.createTopic(topic, PARTITIONS);
        try (worker; SteadyProducer producer = new SteadyProducer(kafka, topic)) {
            worker.start();
            worker.rest().putConnectorConfig(connector, sinkConfig);
            worker.rest().awaitRunning(connector, PARTITIONS, Duration.ofSeconds(60));
            // About 1,000 events a second, so that every kill lands in a flowing stream.
            producer.start(100, 100);
            Set<String> orphans = new HashSet<>();
            for (int kill = 0; kill < kills; kill++) {
                if (kill % 2 == 0) {
                    long before = latestCommit(tableFolder);
                    Await.until(Duration.ofSeconds(60), "a Delta commit after version " + before,
                            () -> latestCommit(tableFolder) > before);
                } else {
                    Await.until(Duration.ofSeconds(60), "a data file being written and not yet committed",
                            () -> !newUncommittedFiles(tableFolder, orphans).isEmpty());
                }
                worker.kill();
                orphans.addAll(newUncommittedFiles(tableFolder, orphans));
                worker.start();
            }
            long total = producer.stop();
            Await.until(Duration.ofSeconds(90), "txn versions covering all " + total + " offsets",
                    () -> latestCommit(tableFolder) >= 0 && committedOffsets.getAsLong() == total);
            worker.kill();
            return new Outcome(total, orphans);
        }
    }

    /** Offsets the table holds by the txn versions of both partitions (each the last offset committed, plus one). */
    long committedOffsets(Snapshot snapshot, Engine engine) {
        return transactions(snapshot, engine).values().stream().mapToLong(v -> v + 1).sum();
    }

    /** The txn versions of the partitions the table has one for, by app id, as Delta Kernel reads them. */
    Map<String, Long> transactions(Snapshot snapshot, Engine engine) {
        Map<String, Long> versions = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String appId = connector + "-" + topic + "-" + partition;
            snapshot.getLatestTransactionVersion(engine, appId).ifPresent(v -> versions.put(appId, v));
        }
        return versions;
    }

    /**
     * Every produced seq is in {@code rows} once, with its values; the txn versions of both partitions add up to
     * {@code produced}; and the kills between commits did leave files behind (else the drill tested less than it
     * claims). {@code eventTimeAsRead} turns an event time into the value the reader returns for it.
     */
    static void assertEveryRecordOnce(Outcome outcome, List<Map<String, Object>> rows, Map<String, Long> transactions,
                                      Function<Instant, Object> eventTimeAsRead) {
        long total = outcome.produced();
        assertThat(transactions).hasSize(PARTITIONS);
        assertThat(transactions.values().stream().mapToLong(v -> v + 1).sum()).isEqualTo(total);
        assertThat(rows).hasSize((int) total);
        Map<Long, Long> copies = rows.stream()
                .collect(Collectors.groupingBy(r -> ((Number) r.get("seq")).longValue(), Collectors.counting()));
        assertThat(copies).as("every seq once").hasSize((int) total);
        assertThat(copies.keySet().stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);
        for (Map<String, Object> row : rows) {
            long seq = ((Number) row.get("seq")).longValue();
            assertThat(row).as("row of seq %d", seq)
                    .containsEntry("event_id", SequencedEvents.eventId(seq))
                    .containsEntry("event_type", SequencedEvents.eventType(seq))
                    .containsEntry("amount", SequencedEvents.amount(seq))
                    .containsEntry("event_time", eventTimeAsRead.apply(SequencedEvents.eventTime(seq)));
        }
        assertThat(outcome.orphans()).as("the kills between commits left uncommitted files behind").isNotEmpty();
    }

    /** The newest commit version in {@code _delta_log}, -1 before the table exists. */
    static long latestCommit(Path table) {
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
}

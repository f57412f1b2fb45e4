package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        try (SinkDrill drill = new SinkDrill(KAFKA, lake, TOPIC, CONNECTOR);
             ConnectWorkerProcess worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers())
                     .groupId("crash-it").build()) {
            Path table = drill.table();
            worker.start();
            worker.rest().putConnectorConfig(CONNECTOR, SequencedEvents.sinkConfig(lake, TOPIC));
            worker.rest().awaitRunning(CONNECTOR, 2, Duration.ofSeconds(60));
            // About 1,000 events a second, so that every kill lands in a flowing stream.
            drill.startProducing(100, 100);
            Set<String> orphans = new HashSet<>();
            for (int kill = 0; kill < KILLS; kill++) {
                if (kill % 2 == 0) {
                    long before = drill.latestCommit();
                    Await.until(Duration.ofSeconds(60), "a Delta commit after version " + before,
                            () -> drill.latestCommit() > before);
                } else {
                    Await.until(Duration.ofSeconds(60), "a data file being written and not yet committed",
                            () -> !newUncommittedFiles(table, orphans).isEmpty());
                }
                worker.kill();
                orphans.addAll(newUncommittedFiles(table, orphans));
                worker.start();
            }
            long total = drill.stopProducing();
            Await.until(Duration.ofSeconds(90), "txn versions covering all " + total + " offsets",
                    () -> drill.committedOffsets() == total);
            worker.kill();

            DeltaTableSnapshot spark = SparkDeltaReader.read(table);
            assertThat(spark.transactions()).hasSize(2);
            SinkDrill.assertEveryRecordOnce(spark, total);
            for (Map<String, Object> row : spark.rows()) {
                long seq = ((Number) row.get("seq")).longValue();
                assertThat(row).as("row of seq %d", seq)
                        .containsEntry("event_id", SequencedEvents.eventId(seq))
                        .containsEntry("event_type", SequencedEvents.eventType(seq))
                        .containsEntry("amount", SequencedEvents.amount(seq))
                        .containsEntry("event_time", SequencedEvents.eventTime(seq).toString());
            }
            assertThat(orphans).as("the kills between commits left uncommitted files behind").isNotEmpty();
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

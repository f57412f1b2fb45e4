package dev.medallion.delta.sink.storage;

import dev.medallion.delta.logstore.LocalAtomicLogStore;
import dev.medallion.delta.sink.DeltaSinkConfig;
import dev.medallion.delta.sink.table.DeltaTable;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.defaults.internal.logstore.LogStoreProvider;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's commits through Delta Kernel are put-if-absent on local disk: two writers whose engines are built from
 * the sink's Hadoop configuration exactly as {@code DeltaSinkTask} builds them race for the same table version many
 * times, and each time exactly one wins while the other is refused, the winner's commit intact. If the configuration
 * key that selects {@link LocalAtomicLogStore} were wrong, Kernel would fall back to Hadoop's check-then-rename: the
 * first assertion fails at once, and racing writers could both "win" (seen once as a replaced commit).
 */
class KernelCommitRaceTest {
    private static final int ROUNDS = 100;

    @TempDir
    Path dir;

    /** What the task does in start(): config, Hadoop configuration, engine. */
    private Engine sinkEngine() {
        DeltaSinkConfig config = new DeltaSinkConfig(Map.of("name", "race",
                DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toUri().toString()));
        Configuration hadoop = HadoopConfigurationFactory.create(config);
        assertThat(LogStoreProvider.getLogStore(hadoop, "file")).as("Kernel's log store for file: tables")
                .isInstanceOf(LocalAtomicLogStore.class);
        return DeltaTable.engine(hadoop);
    }

    @Test
    void twoSinkWritersRacingForOneVersionThroughKernelHaveExactlyOneWinnerEachTime() throws Exception {
        String location = dir.resolve("events").toUri().toString();
        List<Engine> engines = List.of(sinkEngine(), sinkEngine());
        new DeltaTable(engines.get(0), location, "race", 1_000, 0)
                .create(new StructType().add("seq", LongType.LONG), List.of(), java.util.Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(engines.size());
        List<String> winners = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier loaded = new CyclicBarrier(engines.size());
                List<Future<Long>> attempts = new ArrayList<>();
                for (int w = 0; w < engines.size(); w++) {
                    Engine engine = engines.get(w);
                    String appId = "writer-" + w;
                    long txnVersion = round;
                    attempts.add(pool.submit(() -> commit(engine, location, appId, txnVersion, loaded)));
                }
                List<Long> versions = new ArrayList<>();
                int refused = 0;
                String winner = null;
                for (int w = 0; w < attempts.size(); w++) {
                    Long version = attempts.get(w).get(60, TimeUnit.SECONDS);
                    if (version == null) {
                        refused++;
                    } else {
                        versions.add(version);
                        winner = "writer-" + w;
                    }
                }
                assertThat(versions).as("round %d: winners' versions", round).containsExactly(round + 1L);
                assertThat(refused).as("round %d: refused writers", round).isEqualTo(1);
                winners.add(winner);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int round = 0; round < ROUNDS; round++) {
            Path commit = dir.resolve("events/_delta_log/" + String.format("%020d.json", round + 1));
            assertThat(Files.readString(commit, StandardCharsets.UTF_8)).as("version %d is the winner's", round + 1)
                    .contains("\"appId\":\"" + winners.get(round) + "\"")
                    .doesNotContain("\"appId\":\"" + (winners.get(round).endsWith("0") ? "writer-1" : "writer-0") + "\"");
        }
        Snapshot last = TableManager.loadSnapshot(location).build(engines.get(0));
        assertThat(last.getVersion()).isEqualTo(ROUNDS);
    }

    /** One commit with no retries on the snapshot both writers loaded; the version, or null when refused. */
    private static Long commit(Engine engine, String location, String appId, long txnVersion, CyclicBarrier loaded)
            throws Exception {
        Snapshot snapshot = TableManager.loadSnapshot(location).build(engine);
        Transaction txn = snapshot.buildUpdateTableTransaction("race", Operation.STREAMING_UPDATE)
                .withTransactionId(appId, txnVersion)
                .withMaxRetries(0)
                .build(engine);
        loaded.await(30, TimeUnit.SECONDS);   // both hold the same version: both try to write the next one
        try {
            return txn.commit(engine, CloseableIterable.emptyIterable()).getVersion();
        } catch (ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            return null;   // Kernel found the version taken (with no retry allowed it says so either way)
        }
    }
}

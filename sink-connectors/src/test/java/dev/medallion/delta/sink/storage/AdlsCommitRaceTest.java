package dev.medallion.delta.sink.storage;

import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.delta.sink.DeltaSinkConfig;
import dev.medallion.delta.sink.table.DeltaTable;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's commits to an {@code abfss://} table are put-if-absent too: two writers whose Kernel engines are built
 * from the sink's Hadoop configuration (account key auth, as a connector config sets it) race for the same table
 * version through the real ABFS driver and the ADLS emulator; each time exactly one wins and the commit file is the
 * winner's. Kernel's Azure log store renames a temporary file onto the version's name and relies on the service
 * refusing the rename when that name exists ({@code If-None-Match: *}).
 */
class AdlsCommitRaceTest {
    private static final int ROUNDS = 5;
    private static AdlsEmulator adls;

    @BeforeAll
    static void start() {
        AdlsEmulator.trustCertificateInThisJvm();
        adls = AdlsEmulator.builder().fileSystem("lakehouse").build().start();
    }

    @AfterAll
    static void stop() {
        adls.close();
    }

    private static Engine sinkEngine() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "race");
        props.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, adls.uri("lakehouse", ""));
        props.put(DeltaSinkConfig.AZURE_ACCOUNT_NAME_CONFIG, adls.accountName());
        props.put(DeltaSinkConfig.AZURE_AUTH_CONFIG, DeltaSinkConfig.AUTH_ACCOUNT_KEY);
        props.put(DeltaSinkConfig.AZURE_ACCOUNT_KEY_CONFIG, adls.accountKey());
        adls.endpointSettings().forEach((k, v) -> props.put(DeltaSinkConfig.HADOOP_PREFIX + k, v));
        Configuration hadoop = HadoopConfigurationFactory.create(new DeltaSinkConfig(props));
        return DeltaTable.engine(hadoop);
    }

    @Test
    void twoSinkWritersRacingForOneVersionOnAdlsHaveExactlyOneWinnerEachTime() throws Exception {
        String location = adls.uri("lakehouse", "race/events");
        List<Engine> engines = List.of(sinkEngine(), sinkEngine());
        new DeltaTable(engines.get(0), location, "race", 1_000, 0)
                .create(new StructType().add("seq", LongType.LONG), List.of(), Map.of());
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
                String winner = null;
                for (int w = 0; w < attempts.size(); w++) {
                    Long version = attempts.get(w).get(120, TimeUnit.SECONDS);
                    if (version != null) {
                        versions.add(version);
                        winner = "writer-" + w;
                    }
                }
                assertThat(versions).as("round %d: winners' versions", round).containsExactly(round + 1L);
                winners.add(winner);
            }
        } finally {
            pool.shutdownNow();
        }
        Path log = adls.fileSystemDirectory("lakehouse").resolve("race/events/_delta_log");
        for (int round = 0; round < ROUNDS; round++) {
            String loser = winners.get(round).endsWith("0") ? "writer-1" : "writer-0";
            assertThat(Files.readString(log.resolve(String.format("%020d.json", round + 1)), StandardCharsets.UTF_8))
                    .as("version %d is the winner's", round + 1)
                    .contains("\"appId\":\"" + winners.get(round) + "\"")
                    .doesNotContain("\"appId\":\"" + loser + "\"");
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
        loaded.await(60, TimeUnit.SECONDS);
        try {
            return txn.commit(engine, CloseableIterable.emptyIterable()).getVersion();
        } catch (ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            return null;
        }
    }
}

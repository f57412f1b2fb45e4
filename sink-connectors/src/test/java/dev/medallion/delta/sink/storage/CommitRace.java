package dev.medallion.delta.sink.storage;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.utils.CloseableIterable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race the commit-race tests run on each storage: two writers, each with its own Kernel engine, load the same
 * table version and commit the next one at once, round after round; each round exactly one wins (with the next
 * version) and the other is refused, and afterwards each version's commit file is its winner's.
 */
final class CommitRace {
    private static final int WRITERS = 2;

    private CommitRace() {
    }

    /**
     * Runs {@code rounds} races on the existing table at {@code location}, asserting one winner per round; returns the
     * winner of each round ({@code writer-0} or {@code writer-1}). {@code timeout} bounds one writer's attempt.
     */
    static List<String> run(List<Engine> engines, String location, int rounds, Duration timeout) throws Exception {
        assertThat(engines).hasSize(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<String> winners = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier loaded = new CyclicBarrier(WRITERS);
                List<Future<Long>> attempts = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    Engine engine = engines.get(w);
                    String appId = "writer-" + w;
                    long txnVersion = round;
                    attempts.add(pool.submit(() -> commit(engine, location, appId, txnVersion, loaded, timeout)));
                }
                List<Long> versions = new ArrayList<>();
                int refused = 0;
                String winner = null;
                for (int w = 0; w < WRITERS; w++) {
                    Long version = attempts.get(w).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    if (version == null) {
                        refused++;
                    } else {
                        versions.add(version);
                        winner = "writer-" + w;
                    }
                }
                assertThat(versions).as("round %d: winners' versions", round).containsExactly(round + 1L);
                assertThat(refused).as("round %d: refused writers", round).isEqualTo(WRITERS - 1);
                winners.add(winner);
            }
        } finally {
            pool.shutdownNow();
        }
        return winners;
    }

    /** Each version 1..n in {@code log} holds its round's winner's transaction and not the loser's. */
    static void assertEachVersionIsItsWinners(Path log, List<String> winners) throws IOException {
        for (int round = 0; round < winners.size(); round++) {
            String loser = winners.get(round).endsWith("0") ? "writer-1" : "writer-0";
            assertThat(Files.readString(log.resolve(String.format("%020d.json", round + 1)), StandardCharsets.UTF_8))
                    .as("version %d is the winner's", round + 1)
                    .contains("\"appId\":\"" + winners.get(round) + "\"")
                    .doesNotContain("\"appId\":\"" + loser + "\"");
        }
    }

    /** One commit with no retries on the snapshot both writers loaded; the version, or null when refused. */
    private static Long commit(Engine engine, String location, String appId, long txnVersion, CyclicBarrier loaded,
                               Duration timeout) throws Exception {
        Snapshot snapshot = TableManager.loadSnapshot(location).build(engine);
        Transaction txn = snapshot.buildUpdateTableTransaction("race", Operation.STREAMING_UPDATE)
                .withTransactionId(appId, txnVersion)
                .withMaxRetries(0)
                .build(engine);
        loaded.await(timeout.toMillis() / 2, TimeUnit.MILLISECONDS);   // both hold the same version: both try the next
        try {
            return txn.commit(engine, CloseableIterable.emptyIterable()).getVersion();
        } catch (ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            return null;   // Kernel found the version taken (with no retry allowed it says so either way)
        }
    }
}

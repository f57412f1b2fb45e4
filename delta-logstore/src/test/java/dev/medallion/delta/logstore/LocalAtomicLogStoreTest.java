package dev.medallion.delta.logstore;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalAtomicLogStoreTest {
    @TempDir
    java.nio.file.Path dir;

    private final Configuration conf = new Configuration();

    private Path version(long v) {
        return new Path(dir.resolve(String.format("%020d.json", v)).toUri());
    }

    @Test
    void racingWritersOfOneVersionHaveExactlyOneWinnerWhoseCommitStaysWhole() throws Exception {
        int versions = 200;
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        Map<Long, String> winners = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        try {
            for (long v = 0; v < versions; v++) {
                long version = v;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> attempts = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String writer = "writer-" + w;
                    attempts.add(pool.submit(() -> {
                        start.await();
                        try {
                            new LocalAtomicLogStore(conf).write(version(version),
                                    List.of("{\"commitInfo\":{\"by\":\"" + writer + "\"}}", "{\"txn\":" + version + "}")
                                            .iterator(), false, conf);
                            assertThat(winners.putIfAbsent(version, writer)).as("a second winner").isNull();
                        } catch (FileAlreadyExistsException e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> attempt : attempts) {
                    attempt.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(winners).hasSize(versions);
        assertThat(refused.get()).isEqualTo(versions * (writers - 1));
        for (long v = 0; v < versions; v++) {
            assertThat(Files.readAllLines(java.nio.file.Path.of(version(v).toUri()), StandardCharsets.UTF_8))
                    .containsExactly("{\"commitInfo\":{\"by\":\"" + winners.get(v) + "\"}}", "{\"txn\":" + v + "}");
        }
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .allMatch(name -> name.endsWith(".json")).hasSize(versions);
        }
    }

    @Test
    void overwriteReplacesTheFileAndDropsHadoopsStaleChecksum() throws IOException {
        Path lastCheckpoint = new Path(dir.resolve("_last_checkpoint").toUri());
        java.nio.file.Path file = java.nio.file.Path.of(lastCheckpoint.toUri());
        Files.writeString(file, "{\"version\":10}\n");
        Files.writeString(LocalAtomicLogStore.hadoopChecksumOf(file), "stale");

        new LocalAtomicLogStore(conf).write(lastCheckpoint, List.of("{\"version\":20}").iterator(), true, conf);

        assertThat(Files.readString(file)).isEqualTo("{\"version\":20}\n");
        assertThat(LocalAtomicLogStore.hadoopChecksumOf(file)).doesNotExist();
        // Hadoop's checksummed reader (what Kernel reads the log with) accepts it.
        assertThat(new LocalAtomicLogStore(conf).read(lastCheckpoint, conf).next()).isEqualTo("{\"version\":20}");
    }

    @Test
    void anExistingVersionIsRefusedAndLeftUnchanged() throws IOException {
        LocalAtomicLogStore store = new LocalAtomicLogStore(conf);
        store.write(version(0), List.of("first").iterator(), false, conf);
        assertThatThrownBy(() -> store.write(version(0), List.of("second").iterator(), false, conf))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(java.nio.file.Path.of(version(0).toUri()))).isEqualTo("first\n");
    }
}

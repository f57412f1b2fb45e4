package dev.medallion.adls.emulator;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real ABFS driver (hadoop-azure, unchanged) against the emulator over HTTPS with Shared Key. */
class AbfsFileSystemTest {
    private static AdlsEmulator emulator;
    private static FileSystem fs;

    @BeforeAll
    static void start() {
        AdlsEmulator.trustCertificateInThisJvm();
        emulator = AdlsEmulator.builder().fileSystem("lake").build().start();
        Map<String, String> settings = new HashMap<>(emulator.sharedKeySettings());
        // Small requests so a few MB take several appends, reads and list pages.
        settings.put("fs.azure.write.request.size", Integer.toString(256 * 1024));
        settings.put("fs.azure.read.request.size", Integer.toString(256 * 1024));
        settings.put("fs.azure.list.max.results", "5");
        fs = AbfsClients.fileSystem(emulator, "lake", settings);
    }

    @AfterAll
    static void stop() throws IOException {
        fs.close();
        emulator.close();
    }

    @Test
    void writesAFileInSeveralAppendsAndReadsItBackInRanges() throws IOException {
        byte[] data = new byte[1_000_000];
        new Random(7).nextBytes(data);
        Path file = new Path("/write/data.bin");
        long appendsBefore = emulator.faults().requests(dev.medallion.adls.emulator.fault.Operation.APPEND);

        AbfsClients.write(fs, file, data);

        assertThat(emulator.faults().requests(dev.medallion.adls.emulator.fault.Operation.APPEND) - appendsBefore)
                .isEqualTo(4);
        FileStatus status = fs.getFileStatus(file);
        assertThat(status.isFile()).isTrue();
        assertThat(status.getLen()).isEqualTo(data.length);
        assertThat(fs.getFileStatus(new Path("/write")).isDirectory()).isTrue();
        assertThat(Files.readAllBytes(emulator.fileSystemDirectory("lake").resolve("write/data.bin")))
                .isEqualTo(data);
        assertThat(AbfsClients.read(fs, file)).isEqualTo(data);
        try (FSDataInputStream in = fs.open(file)) {
            byte[] middle = new byte[1000];
            in.readFully(600_000, middle);
            assertThat(middle).isEqualTo(Arrays.copyOfRange(data, 600_000, 601_000));
            in.seek(999_990);
            byte[] tail = new byte[10];
            in.readFully(tail);
            assertThat(tail).isEqualTo(Arrays.copyOfRange(data, 999_990, 1_000_000));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void createWithoutOverwriteRefusesAnExistingFile() throws IOException {
        Path file = new Path("/create/once.txt");
        AbfsClients.write(fs, file, "first".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> fs.create(file, false).close())
                .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
        assertThat(AbfsClients.read(fs, file)).asString(StandardCharsets.UTF_8).isEqualTo("first");
        try (var out = fs.create(file, true)) {
            out.write("second".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(AbfsClients.read(fs, file)).asString(StandardCharsets.UTF_8).isEqualTo("second");
    }

    @Test
    void listsMoreThanOnePageWithContinuationTokens() throws IOException {
        Path dir = new Path("/list");
        for (int i = 0; i < 12; i++) {
            AbfsClients.write(fs, new Path(dir, String.format("f-%02d", i)), new byte[] {(byte) i});
        }
        fs.mkdirs(new Path(dir, "sub"));
        long listsBefore = emulator.faults().requests(dev.medallion.adls.emulator.fault.Operation.LIST);

        FileStatus[] entries = fs.listStatus(dir);

        assertThat(entries).hasSize(13);
        assertThat(Arrays.stream(entries).filter(FileStatus::isDirectory).map(e -> e.getPath().getName()))
                .containsExactly("sub");
        assertThat(Arrays.stream(entries).filter(FileStatus::isFile).mapToLong(FileStatus::getLen).sum())
                .isEqualTo(12);
        // 13 entries at 5 per page: 3 requests, each after the first carrying the previous continuation token
        assertThat(emulator.faults().requests(dev.medallion.adls.emulator.fault.Operation.LIST) - listsBefore)
                .isEqualTo(3);
    }

    @Test
    void renameWithoutOverwriteHasExactlyOneWinnerWhenWritersRace() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 8; round++) {
                Path target = new Path("/race/" + round + ".json");
                fs.mkdirs(target.getParent());
                List<Path> temps = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    Path temp = new Path("/race/." + round + "." + w + ".tmp");
                    AbfsClients.write(fs, temp, ("writer-" + w).getBytes(StandardCharsets.UTF_8));
                    temps.add(temp);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (Path temp : temps) {
                    Callable<Boolean> rename = () -> {
                        go.await();
                        return fs.rename(temp, target);
                    };
                    results.add(pool.submit(rename));
                }
                go.countDown();
                List<Integer> winners = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get()) {
                        winners.add(w);
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(AbfsClients.read(fs, target)).asString(StandardCharsets.UTF_8)
                        .isEqualTo("writer-" + winners.get(0));
                for (int w = 0; w < writers; w++) {
                    assertThat(fs.exists(temps.get(w))).isEqualTo(w != winners.get(0));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renamesADirectoryWithItsFiles() throws IOException {
        AbfsClients.write(fs, new Path("/mv/a/x/1.txt"), new byte[] {1});
        AbfsClients.write(fs, new Path("/mv/a/2.txt"), new byte[] {2, 2});

        assertThat(fs.rename(new Path("/mv/a"), new Path("/mv/b"))).isTrue();

        assertThat(fs.exists(new Path("/mv/a"))).isFalse();
        assertThat(AbfsClients.read(fs, new Path("/mv/b/x/1.txt"))).containsExactly(1);
        assertThat(AbfsClients.read(fs, new Path("/mv/b/2.txt"))).containsExactly(2, 2);
        assertThat(fs.rename(new Path("/mv/missing"), new Path("/mv/c"))).isFalse();
    }

    @Test
    void deletesRecursivelyOnlyWhenAsked() throws IOException {
        AbfsClients.write(fs, new Path("/del/d/1"), new byte[] {1});
        AbfsClients.write(fs, new Path("/del/d/e/2"), new byte[] {2});

        assertThatThrownBy(() -> fs.delete(new Path("/del/d"), false)).isInstanceOf(IOException.class);
        assertThat(fs.exists(new Path("/del/d/e/2"))).isTrue();

        assertThat(fs.delete(new Path("/del/d"), true)).isTrue();
        assertThat(fs.exists(new Path("/del/d"))).isFalse();
        assertThat(Files.exists(emulator.fileSystemDirectory("lake").resolve("del/d"))).isFalse();
        assertThat(fs.delete(new Path("/del/d"), true)).isFalse();
    }
}

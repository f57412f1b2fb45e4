package dev.medallion.adls.emulator;

import dev.medallion.adls.emulator.fault.Fault;
import dev.medallion.adls.emulator.fault.Operation;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Injected faults reach the real ABFS driver, which retries them; the data ends up whole and once. */
class FaultInjectionTest {
    private static AdlsEmulator emulator;
    private static FileSystem fs;

    @BeforeAll
    static void start() {
        AdlsEmulator.trustCertificateInThisJvm();
        emulator = AdlsEmulator.builder().fileSystem("faults").build().start();
        Map<String, String> settings = new HashMap<>(emulator.sharedKeySettings());
        settings.put("fs.azure.write.request.size", Integer.toString(256 * 1024));
        // Without read-ahead every read request is the test's own, so they can be counted.
        settings.put("fs.azure.enable.readahead", "false");
        settings.put("fs.azure.http.read.timeout", "2000");
        fs = AbfsClients.fileSystem(emulator, "faults", settings);
    }

    @AfterAll
    static void stop() throws IOException {
        fs.close();
        emulator.close();
    }

    @BeforeEach
    void noLeftoverFaults() {
        emulator.faults().clear();
    }

    @Test
    void appendsAndFlushesAreRetriedAfterServerBusyInternalErrorAndAResetConnection() throws IOException {
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        long appends = emulator.faults().requests(Operation.APPEND);
        long flushes = emulator.faults().requests(Operation.FLUSH);
        emulator.faults()
                .serverBusy(Operation.APPEND, 2)
                .connectionReset(Operation.APPEND, 1)
                .internalError(Operation.FLUSH, 1);

        AbfsClients.write(fs, new Path("/retried.bin"), data);

        assertThat(emulator.faults().pending()).isZero();
        assertThat(emulator.faults().injected(Fault.Kind.SERVER_BUSY)).isGreaterThanOrEqualTo(2);
        assertThat(emulator.faults().injected(Fault.Kind.CONNECTION_RESET)).isGreaterThanOrEqualTo(1);
        // 4 appends of 256 KiB, each fault answered one attempt that was then retried
        assertThat(emulator.faults().requests(Operation.APPEND) - appends).isEqualTo(4 + 3);
        assertThat(emulator.faults().requests(Operation.FLUSH) - flushes).isEqualTo(1 + 1);
        assertThat(Files.readAllBytes(emulator.fileSystemDirectory("faults").resolve("retried.bin"))).isEqualTo(data);
        assertThat(AbfsClients.read(fs, new Path("/retried.bin"))).isEqualTo(data);
    }

    @Test
    void aResponseSlowerThanTheReadTimeoutIsRetried() throws IOException {
        byte[] data = {4, 5, 6, 7};
        AbfsClients.write(fs, new Path("/slow.bin"), data);
        long reads = emulator.faults().requests(Operation.READ);
        emulator.faults().slow(Operation.READ, Duration.ofMillis(3000), 1);

        assertThat(AbfsClients.read(fs, new Path("/slow.bin"))).isEqualTo(data);

        assertThat(emulator.faults().injected(Fault.Kind.SLOW)).isEqualTo(1);
        assertThat(emulator.faults().requests(Operation.READ) - reads).isEqualTo(2);
    }

    @Test
    void serverBusyOnAnyOperationIsRetried() throws IOException {
        emulator.faults().serverBusy(Operation.ANY, 3);

        fs.mkdirs(new Path("/busy/dir"));
        assertThat(fs.exists(new Path("/busy/dir"))).isTrue();

        assertThat(emulator.faults().pending()).isZero();
    }
}

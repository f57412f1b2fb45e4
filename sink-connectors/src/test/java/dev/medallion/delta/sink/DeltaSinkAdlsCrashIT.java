package dev.medallion.delta.sink;

import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@link DeltaSinkCrashIT}'s drill with the table on ADLS Gen2: the worker JVM writes through {@code abfss://} (the
 * plugin's hadoop-azure, HTTPS, account key) to the emulator in this JVM and is SIGKILLed right after a commit and
 * between commits. The table is then read back through {@code abfss://} with Delta Kernel: every record once, and the
 * txn versions at the last offsets. Two kills (one of each kind) keep it within CI's time.
 */
class DeltaSinkAdlsCrashIT {
    private static final String TOPIC = "adls.crash.events";
    private static final String CONNECTOR = "adls-crash-sink";
    private static final int KILLS = 2;

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    private static AdlsEmulator adls;

    @BeforeAll
    static void startAdls() {
        AdlsEmulator.trustCertificateInThisJvm();
        adls = AdlsEmulator.builder().fileSystem(AdlsTables.FILE_SYSTEM).build().start();
    }

    @AfterAll
    static void stopAdls() {
        adls.close();
        AdlsTables.forgetFileSystems();
    }

    @Test
    void everyRecordIsInTheAbfssTableExactlyOnceAfterWorkerKills() throws Exception {
        SinkCrashDrill drill = new SinkCrashDrill(KAFKA, TOPIC, CONNECTOR);
        String table = AdlsTables.tableUri(adls, TOPIC);
        Engine kernel = AdlsTables.kernel(adls);
        SinkCrashDrill.Outcome outcome = drill.run(
                ConnectWorkerProcess.builder(KAFKA.bootstrapServers()).groupId("adls-crash-it")
                        .jvmOptions(AdlsTables.workerJvmOptions()).build(),
                AdlsTables.sinkConfig(adls, TOPIC, AdlsTables.accountKey(adls)),
                AdlsTables.tableFolder(adls, TOPIC), KILLS,
                () -> drill.committedOffsets(TableManager.loadSnapshot(table).build(kernel), kernel));

        SinkCrashDrill.assertEveryRecordOnce(outcome, KernelTableReader.rows(table, kernel),
                drill.transactions(TableManager.loadSnapshot(table).build(kernel), kernel),
                DeltaSinkAdlsCrashIT::kernelMicros);
    }

    /** A TIMESTAMP as Delta Kernel's reader returns it: microseconds since the epoch. */
    private static Object kernelMicros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }
}

package dev.medallion.quickstart;

import dev.medallion.adls.emulator.AdlsEmulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --storage adls}: the lakehouse on ADLS Gen2, that is on the ADLS emulator ({@code adls-emulator/}) started
 * in the quickstart's JVM on a free port of 127.0.0.1. The Delta sinks, the batch jobs and the serving layer write
 * and read {@code abfss://lakehouse@medallionlake.dfs.core.windows.net/} through hadoop-azure's ABFS driver with
 * the account key; the emulator keeps the files under {@code <data-dir>/_adls}, where the quickstart's own
 * end-of-run checks read the committed tables from disk ({@link #tablesDir}).
 */
final class AdlsStorageStep implements AutoCloseable {
    static final String FILE_SYSTEM = "lakehouse";
    private final AdlsEmulator emulator;

    private AdlsStorageStep(AdlsEmulator emulator) {
        this.emulator = emulator;
    }

    /** Starts the emulator with its data in {@code <data-dir>/_adls}, so a second run finds its tables again. */
    static AdlsStorageStep start(Path dataDir) {
        // Before the JVM's first ABFS request (the sinks' in the Connect worker of this JVM, the serving layer's):
        // hadoop-azure captures the default TLS context once.
        AdlsEmulator.trustCertificateInThisJvm();
        return new AdlsStorageStep(AdlsEmulator.builder().dataDir(dataDir.resolve("_adls")).fileSystem(FILE_SYSTEM)
                .build().start());
    }

    /** Where the emulator keeps the lakehouse's files on this machine (what the end-of-run checks read). */
    static Path tablesDir(Path dataDir) {
        return dataDir.resolve("_adls").resolve("medallionlake").resolve(FILE_SYSTEM);
    }

    /** The lakehouse root the sinks, the batch jobs and the serving layer use. */
    String lakehouse() {
        return emulator.uri(FILE_SYSTEM, "");
    }

    /** One line for the step list: where the account is served. */
    String describe() {
        return "ADLS Gen2 emulator on https://" + emulator.endpoint() + ", lakehouse " + lakehouse();
    }

    /** Keys that move a Delta sink config of {@code connect-configs/local/} onto the account (the key included). */
    Map<String, String> sinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tables.root", lakehouse());
        settings.put("azure.storage.account.name", emulator.accountName());
        settings.put("azure.storage.auth", "account-key");
        settings.put("azure.storage.account.key", emulator.accountKey());
        settings.put("hadoop.fs.azure.abfs.endpoint", emulator.endpoint());
        return settings;
    }

    /** hadoop-azure settings (endpoint and account key) for a reader in this JVM (the serving layer). */
    Map<String, String> hadoopSettings() {
        return emulator.sharedKeySettings();
    }

    /** JVM options for a Spark child (the batch jobs): trust the emulator's certificate, reach the account. */
    List<String> sparkJvmOptions() {
        List<String> options = new ArrayList<>(List.of(
                "-Djavax.net.ssl.trustStore=" + AdlsEmulator.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + AdlsEmulator.trustStorePassword(),
                "-Djavax.net.ssl.trustStoreType=PKCS12"));
        hadoopSettings().forEach((k, v) -> options.add("-Dspark.hadoop." + k + "=" + v));
        return options;
    }

    @Override
    public void close() {
        emulator.stop();
    }
}

package dev.medallion.delta.sink;

import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.sparkreader.SparkProcess;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the sink's ADLS tests share: a {@link SequencedEvents} connector config with its tables on the emulator, a
 * Delta Kernel engine and a Spark child JVM that read {@code abfss://} with the account key, and the JVM options that
 * make a child JVM (a Connect worker, Spark) trust the emulator's certificate.
 */
final class AdlsTables {
    static final String FILE_SYSTEM = "lakehouse";

    private AdlsTables() {
    }

    /** A sink config as SequencedEvents gives it, with tables under abfss://lakehouse@<account>/lake and {@code auth}. */
    static Map<String, String> sinkConfig(AdlsEmulator adls, String topic, Map<String, String> auth, String... extra) {
        Map<String, String> config = SequencedEvents.sinkConfig(Paths.get("unused"), topic, extra);
        config.put("tables.root", adls.uri(FILE_SYSTEM, "lake"));
        config.put("azure.storage.account.name", adls.accountName());
        config.putAll(auth);
        Map<String, String> hadoop = new HashMap<>(adls.endpointSettings());
        hadoop.putAll(AdlsEmulator.fastRetrySettings());
        hadoop.forEach((k, v) -> config.put("hadoop." + k, v));
        return config;
    }

    static Map<String, String> accountKey(AdlsEmulator adls) {
        return Map.of("azure.storage.auth", "account-key", "azure.storage.account.key", adls.accountKey());
    }

    /** abfss:// URI of a table of {@link #sinkConfig}. */
    static String tableUri(AdlsEmulator adls, String table) {
        return adls.uri(FILE_SYSTEM, "lake/" + table);
    }

    /** Where the emulator keeps that table on this machine's disk (what a test may watch, not read as the table). */
    static Path tableFolder(AdlsEmulator adls, String table) {
        return adls.fileSystemDirectory(FILE_SYSTEM).resolve("lake/" + table);
    }

    /**
     * Closes Hadoop's cached file systems of this JVM. Call it when a test class's emulator stops: the cache keys ABFS
     * clients by file system and account only, so the next class's emulator (same names, another port) would
     * otherwise get a client that retries against the closed port for minutes.
     */
    static void forgetFileSystems() {
        try {
            FileSystem.closeAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Engine kernel(AdlsEmulator adls) {
        Configuration conf = new Configuration();
        adls.sharedKeySettings().forEach(conf::set);
        return DefaultEngine.create(conf);
    }

    /** Every row of a table under {@code fileSystem}'s {@code path}, read with Kernel through abfss; none before it exists. */
    static List<Map<String, Object>> rows(AdlsEmulator adls, String fileSystem, String path) {
        if (!Files.exists(adls.fileSystemDirectory(fileSystem).resolve(path + "/_delta_log"))) {
            return List.of();
        }
        return KernelTableReader.rows(adls.uri(fileSystem, path), kernel(adls));
    }

    /** JVM options for a child JVM that talks to the emulator over HTTPS. */
    static List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + AdlsEmulator.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + AdlsEmulator.trustStorePassword(),
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** A Connect worker JVM's options as testkit's defaults, plus {@link #trustOptions()}. */
    static List<String> workerJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(trustOptions());
        return options;
    }

    /**
     * The Spark reader's child JVM with hadoop-azure and the jars it needs beyond Spark's (as the sink bundles them,
     * from this test's class path) and the account's settings as {@code spark.hadoop.*} properties; it trusts the
     * emulator's certificate.
     */
    static SparkProcess spark(AdlsEmulator adls) {
        SparkProcess spark = SparkProcess.create()
                .withExtraClassPath(classPathJar("hadoop-azure-"), classPathJar("hadoop-shaded-guava-"),
                        classPathJar("httpclient-"), classPathJar("httpcore-"))
                .withSystemProperty("javax.net.ssl.trustStore", AdlsEmulator.trustStore().toString())
                .withSystemProperty("javax.net.ssl.trustStorePassword", AdlsEmulator.trustStorePassword())
                .withSystemProperty("javax.net.ssl.trustStoreType", "PKCS12");
        for (Map.Entry<String, String> e : adls.sharedKeySettings().entrySet()) {
            spark = spark.withSystemProperty("spark.hadoop." + e.getKey(), e.getValue());
        }
        return spark;
    }

    private static Path classPathJar(String prefix) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Paths::get)
                .filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(prefix))
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(prefix + "*.jar is not on the test class path"));
    }
}

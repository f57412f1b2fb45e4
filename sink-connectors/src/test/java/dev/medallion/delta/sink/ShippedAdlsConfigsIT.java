package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.adls.emulator.fault.Operation;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.PluginPaths;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four sink files of {@code connect-configs/adls/} exactly as shipped, on a Connect worker set up as
 * {@code connect-configs/README.md} says (directory provider for the schemas, file provider for the secrets, each
 * limited to its folder), against the ADLS emulator with the account and file system the files name. Only the
 * placeholders are filled ({@code ${SCHEMA_DIR}}, {@code ${SECRETS_DIR}}); the secrets are in files the worker reads.
 * Two keys are added that a real account does not need: the emulator's endpoint ({@code hadoop.fs.azure.abfs.endpoint})
 * and its token endpoint ({@code azure.oauth.authority.host}). The DLQ topics are created beforehand with one replica
 * (the files ask for three; this cluster has one broker), as an operator may create them. Tables are read back with
 * Delta Kernel through {@code abfss://}.
 */
class ShippedAdlsConfigsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCHEMAS = PROJECT.resolve("connect-configs/schemas");
    private static final Path SECRETS = tempDir("adls-secrets");
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT_ID = "medallion-connect";
    private static final String CLIENT_SECRET = "shipped-config-client-secret";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final List<String> SINKS = List.of("bronze-sink", "silver-sink", "gold-1m-sink", "gold-1h-sink");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("shipped-adls-configs-it")
            .pluginPath(List.of(PluginPaths.fromBuild().get(0), PluginPaths.ofModule(PROJECT, "smts")))
            .workerProperty("config.providers", "dir,file")
            .workerProperty("config.providers.dir.class",
                    "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
            .workerProperty("config.providers.dir.param.allowed.paths", SCHEMAS.toString())
            .workerProperty("config.providers.file.class",
                    "org.apache.kafka.common.config.provider.FileConfigProvider")
            .workerProperty("config.providers.file.param.allowed.paths", SECRETS.toString())
            .build();

    private static AdlsEmulator adls;

    @BeforeAll
    static void startAdls() throws IOException {
        AdlsEmulator.trustCertificateInThisJvm();
        // The account and file system the shipped files name: abfss://lakehouse@medallionlake.dfs.core.windows.net/
        adls = AdlsEmulator.builder().account("medallionlake").fileSystem("lakehouse")
                .oauthClient(TENANT, CLIENT_ID, CLIENT_SECRET).build().start();
        Files.writeString(SECRETS.resolve("adls.properties"), "tenant.id=" + TENANT + "\nclient.id=" + CLIENT_ID
                + "\nclient.secret=" + CLIENT_SECRET + "\n");
        // No Azure AI Language here: the silver sink's Enrich falls back to its offline engine (azure.fallback).
        Files.writeString(SECRETS.resolve("language.properties"), "key=not-a-real-language-key\n");
    }

    @AfterAll
    static void stopAdls() {
        if (adls != null) {
            adls.close();
        }
        AdlsTables.forgetFileSystems();
    }

    @Test
    void everyShippedAdlsSinkWritesItsTableThroughAbfssWithSecretsFromTheWorkersFiles() throws Exception {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (String sink : SINKS) {
            configs.put(sink, shipped(sink));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                CONNECT.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Map<String, String> config : configs.values()) {
                topics.add(new NewTopic(config.get("topics"), 2, (short) 1));
                topics.add(new NewTopic(config.get("errors.deadletterqueue.topic.name"), 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        long tokensBefore = adls.faults().requests(Operation.TOKEN);
        configs.forEach((name, config) -> CONNECT.rest().putConnectorConfig(name, config));
        for (String sink : SINKS) {
            CONNECT.rest().awaitRunning(sink, Integer.parseInt(configs.get(sink).get("tasks.max")),
                    Duration.ofSeconds(120));
        }

        int bronze = 40;
        int silver = 20;
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            for (int i = 0; i < bronze; i++) {
                ProducerRecord<byte[], byte[]> raw = new ProducerRecord<>("events.raw", i % 2, utf8("e" + i),
                        utf8(rawEvent(i)));
                // What the source connector writes next to each event (header.metadata.enabled, InsertProcessingTime).
                raw.headers().add("medallion.ingested.at", utf8(Long.toString(T0.toEpochMilli() + i * 1000L + 500)))
                        .add("eventhubs.partition.id", utf8(Integer.toString(i % 2)))
                        .add("eventhubs.offset", utf8(Long.toString(1000L + i)))
                        .add("eventhubs.sequence.number", utf8(Long.toString(i)))
                        .add("eventhubs.enqueued.time", utf8(Long.toString(T0.toEpochMilli() + i * 1000L + 100)));
                producer.send(raw);
            }
            // One record another producer wrote: not JSON. It must reach bronze-sink.dlq with the reason.
            producer.send(new ProducerRecord<>("events.raw", 0, utf8("bad"), utf8("{not json")));
            for (int i = 0; i < silver; i++) {
                producer.send(new ProducerRecord<>("events.clean", i % 2, utf8("e" + i), utf8(cleanEvent(i))));
            }
            for (int m = 0; m < 3; m++) {
                producer.send(new ProducerRecord<>("metrics.1m", 0, utf8("m" + m), utf8(metric(m, 60))));
            }
            for (int h = 0; h < 2; h++) {
                producer.send(new ProducerRecord<>("metrics.1h", 0, utf8("h" + h), utf8(metric(h, 3600))));
            }
        }

        // Flush intervals as shipped: 10 s bronze, 30 s silver, 60 s gold.
        Await.until(Duration.ofSeconds(240), "every table complete on ADLS", () -> rows("bronze/events").size() == bronze
                && rows("silver/events").size() == silver && rows("gold/metrics_1m").size() == 3
                && rows("gold/metrics_1h").size() == 2);

        List<Map<String, Object>> bronzeRows = rows("bronze/events");
        assertThat(bronzeRows).extracting(r -> r.get("event_id")).doesNotHaveDuplicates();
        Map<String, Object> e7 = bronzeRows.stream().filter(r -> "e7".equals(r.get("event_id"))).findFirst()
                .orElseThrow();
        assertThat(e7).containsEntry("eventhubs_partition", "1").containsEntry("eventhubs_offset", "1007")
                .containsEntry("eventhubs_sequence_number", 7L).containsEntry("hour", 10)
                .containsEntry("ingested_at", micros(T0.plusMillis(7_500)))
                .containsEntry("event_timestamp", micros(T0.plusSeconds(7)));
        assertThat(partitionColumns("bronze/events")).containsExactly("date", "hour");
        assertThat(partitionColumns("silver/events")).containsExactly("date");

        List<Map<String, Object>> silverRows = rows("silver/events");
        assertThat(silverRows).extracting(r -> r.get("event_id")).doesNotHaveDuplicates();
        assertThat(silverRows).allSatisfy(r -> assertThat(r.get("enrichment_status")).isNotNull());
        assertThat(silverRows).allSatisfy(r -> assertThat(r).containsKey("latency_anomaly"));
        assertThat(rows("gold/metrics_1h")).extracting(r -> r.get("event_count")).containsExactlyInAnyOrder(10L, 11L);

        List<ConsumerRecord<byte[], byte[]>> dlq = CONNECT.consume("bronze-sink.dlq", 1, Duration.ofSeconds(60));
        assertThat(dlq).hasSize(1);
        assertThat(new String(dlq.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(dlq.get(0), "__connect.errors.exception.class.name")).isNotBlank();

        assertThat(adls.faults().requests(Operation.TOKEN)).as("the sinks signed in at the local token endpoint")
                .isGreaterThan(tokensBefore);
        for (String sink : SINKS) {
            String shown = CONNECT.rest().connectorStatus(sink).toString()
                    + CONNECT.rest().send("GET", "/connectors/" + sink + "/config", null, 200).toString();
            assertThat(shown).as(sink).doesNotContain(CLIENT_SECRET).contains("${file:");
        }
        SINKS.forEach(CONNECT.rest()::deleteConnector);
    }

    /** The shipped file with only its placeholders filled, plus the two keys that point the sink at the emulator. */
    private static Map<String, String> shipped(String connector) throws IOException {
        String text = Files.readString(PROJECT.resolve("connect-configs/adls/" + connector + ".json"));
        Map<String, String> values = Map.of("SCHEMA_DIR", SCHEMAS.toString(), "SECRETS_DIR", SECRETS.toString());
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        TreeSet<String> unknown = new TreeSet<>();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                unknown.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        assertThat(unknown).as("placeholders of %s that connect-configs/README.md does not name", connector)
                .isEmpty();
        Map<String, String> config = new LinkedHashMap<>();
        JSON.readTree(filled.toString()).fields()
                .forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
        assertThat(config.get("tables.root")).isEqualTo(adls.uri("lakehouse", ""));
        config.put("hadoop.fs.azure.abfs.endpoint", adls.endpointSettings().get("fs.azure.abfs.endpoint"));
        config.put("azure.oauth.authority.host", adls.authorityHost());
        return config;
    }

    private static String rawEvent(int i) {
        return JSON.createObjectNode().put("event_id", "e" + i).put("event_type", i % 2 == 0 ? "purchase" : "click")
                .put("user_id", "u" + i).put("region", "westeurope")
                .put("event_time", T0.toEpochMilli() + i * 1000L).put("revenue", 1.5 * i)
                .put("latency_ms", 100 + i).put("response_time_ms", 50 + i).put("processing_time_ms", 10 + i)
                .put("text", "a great product, I love it").toString();
    }

    /** An events.clean record as the Flink job writes it (ISO-8601 timestamps, late_arrival flag). */
    private static String cleanEvent(int i) {
        return JSON.createObjectNode().put("event_id", "e" + i).put("event_type", "review").put("user_id", "u" + i)
                .put("region", "westeurope").put("event_timestamp", T0.plusSeconds(i).toString().replace("Z", ""))
                .put("latency_ms", 100 + i).put("response_time_ms", 50 + i).put("processing_time_ms", 10 + i)
                .put("text", "The delivery was fast and the product works well").put("late_arrival", false)
                .put("processed_timestamp", T0.plusSeconds(i + 2).toString().replace("Z", "")).toString();
    }

    private static String metric(int n, int seconds) {
        Instant start = T0.plusSeconds((long) n * seconds);
        return JSON.createObjectNode().put("window_start", start.toString().replace("Z", ""))
                .put("window_end", start.plusSeconds(seconds).toString().replace("Z", ""))
                .put("event_type", "click").put("region", "westeurope").put("event_count", 10L + n)
                .put("avg_latency_ms", 120.0).put("avg_processing_time_ms", 12.0).put("p95_response_time_ms", 80.0)
                .put("revenue_sum", 0.0).toString();
    }

    private static List<Map<String, Object>> rows(String table) {
        return AdlsTables.rows(adls, "lakehouse", table);
    }

    private static List<String> partitionColumns(String table) {
        return io.delta.kernel.TableManager.loadSnapshot(adls.uri("lakehouse", table)).build(AdlsTables.kernel(adls))
                .getPartitionColumnNames();
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

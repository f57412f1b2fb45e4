package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorConfigsTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SCHEMAS = PROJECT.resolve("connect-configs").resolve("schemas");
    private static final ConfigTemplate LOCAL = new ConfigTemplate(Map.of("DATA_DIR", "/data/lake",
            "EVENTHUBS_CONNECTION_STRING", "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v;"
                    + "UseDevelopmentEmulator=true", "BOOTSTRAP_SERVERS", "localhost:9092",
            "SCHEMA_DIR", SCHEMAS.toString()));
    private static final ConfigTemplate ALL = new ConfigTemplate(Map.of("DATA_DIR", "/data/lake",
            "APICURIO_URL", "http://registry", "SCHEMA_DIR", SCHEMAS.toString(),
            "EVENTHUBS_CONNECTION_STRING", "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v",
            "SECRETS_DIR", "/etc/kafka-connect/secrets"));
    private static final List<String> VARIANTS = List.of("local", "adls", "avro");

    @Test
    void localConfigsRenderWithSourceFirstAndEveryTableRouted() {
        Map<String, Map<String, String>> configs = ConnectorConfigs.load(PROJECT.resolve("connect-configs/local"), LOCAL);
        assertThat(configs.keySet()).first().isEqualTo(Topology.SOURCE_CONNECTOR);
        assertThat(configs.values()).allSatisfy(c -> assertThat(c).containsKey("connector.class"));
        String routes = configs.values().stream().map(c -> c.getOrDefault("tables.map", "")).reduce("", String::concat);
        for (String table : Topology.TABLES) {
            assertThat(routes).contains(table);
        }
        assertThat(configs.get("bronze-sink").get("tables.root")).isEqualTo("file:///data/lake");
        assertThat(configs.get(Topology.SOURCE_CONNECTOR).get("transforms")).isEqualTo("validate,ingested");
    }

    @Test
    void adlsConfigsKeepSecretsInConfigProviders() throws IOException {
        Path adls = PROJECT.resolve("connect-configs/adls");
        Map<String, Map<String, String>> configs = ConnectorConfigs.load(adls,
                new ConfigTemplate(Map.of("SCHEMA_DIR", SCHEMAS.toString(),
                        "SECRETS_DIR", "/etc/kafka-connect/secrets")));
        assertThat(configs).hasSameSizeAs(ConnectorConfigs.load(PROJECT.resolve("connect-configs/local"), LOCAL));
        configs.values().forEach(config -> config.forEach((key, value) -> {
            if (key.endsWith(".key") || key.endsWith("secret") || key.endsWith("connection.string")
                    || key.endsWith("sas.token")) {
                assertThat(value).as(key).startsWith("${file:/etc/kafka-connect/secrets/");
            }
            if (key.equals("tables.root")) {
                assertThat(value).startsWith("abfss://");
            }
        }));
    }

    @Test
    void everySinkSendsRecordsItCannotWriteToItsOwnDeadLetterTopic() {
        ConfigTemplate template = ALL;
        // Replication factor: one broker locally (quickstart, compose), three on a production cluster.
        for (Map.Entry<String, String> variant : Map.of("local", "1", "adls", "3", "avro", "1").entrySet()) {
            Map<String, Map<String, String>> configs = ConnectorConfigs.load(
                    PROJECT.resolve("connect-configs").resolve(variant.getKey()), template);
            assertThat(configs.keySet()).as(variant.getKey()).anyMatch(name -> name.endsWith("-sink"));
            configs.forEach((name, config) -> {
                if (name.endsWith("-sink")) {
                    assertThat(config).as(variant.getKey() + "/" + name).containsEntry("errors.tolerance", "all")
                            .containsEntry("errors.deadletterqueue.topic.name", name + ".dlq")
                            .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                            .containsEntry("errors.deadletterqueue.topic.replication.factor", variant.getValue());
                }
            });
        }
    }

    @Test
    void nestedValuesAreRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x-sink.json"), "{\"connector.class\":\"A\",\"nested\":{\"a\":1}}");
        assertThatThrownBy(() -> ConnectorConfigs.load(dir, LOCAL)).hasMessageContaining("'nested'");
        assertThatThrownBy(() -> ConnectorConfigs.load(Files.createDirectories(dir.resolve("empty")), LOCAL))
                .hasMessageContaining("No connector config");
    }

    private static final Pattern DIR_REFERENCE = Pattern.compile("\\$\\{dir:([^:}]+):([^}]+)}");

    @Test
    void everyConfigRendersAndEverySchemaReferenceResolvesOnTheWorkerToANonEmptyFile() throws IOException {
        int references = 0;
        for (String variant : VARIANTS) {
            Map<String, Map<String, String>> configs = ConnectorConfigs.load(
                    PROJECT.resolve("connect-configs").resolve(variant), ALL);
            for (Map.Entry<String, Map<String, String>> connector : configs.entrySet()) {
                Map<String, String> resolved = WorkerConfigProviders.resolve(connector.getValue(), SCHEMAS);
                for (Map.Entry<String, String> entry : connector.getValue().entrySet()) {
                    Matcher reference = DIR_REFERENCE.matcher(entry.getValue());
                    if (!reference.find()) {
                        continue;
                    }
                    references++;
                    String where = variant + "/" + connector.getKey() + " " + entry.getKey();
                    assertThat(Path.of(reference.group(1))).as(where).isEqualTo(SCHEMAS);
                    Path file = SCHEMAS.resolve(reference.group(2));
                    assertThat(file).as(where).isRegularFile();
                    assertThat(Files.readString(file)).as(where).isNotBlank();
                    assertThat(resolved.get(entry.getKey())).as(where + " as the worker resolves it")
                            .isEqualTo(Files.readString(file));
                }
            }
        }
        // Four sinks with a DDL in local/ and in adls/, plus the Avro source's Connect schema.
        assertThat(references).isEqualTo(9);
    }

    @Test
    void noSchemaIsLeftAsAnEscapedStringInTheConnectorConfigs() throws IOException {
        try (Stream<Path> files = Files.walk(PROJECT.resolve("connect-configs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")
                    && !f.getParent().equals(SCHEMAS)).toList()) {
                ConnectorConfigs.render(file, ALL).forEach((key, value) -> {
                    if (key.equals("schemaless.schema") || key.equals("value.json.schema")) {
                        assertThat(value).as(file + " " + key).startsWith("${dir:" + SCHEMAS + ":");
                    }
                    assertThat(value).as(file + " " + key).doesNotContain("\"fields\"").doesNotContain("\"struct\"");
                });
            }
        }
    }

    @Test
    void everySchemaFileSaysWhatItHoldsAndDeclaresTheColumnsOfTheSpec() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("bronze_events.ddl", List.of("event_id STRING", "event_type STRING", "user_id STRING",
                "region STRING", "event_time BIGINT", "revenue DOUBLE", "latency_ms BIGINT", "response_time_ms BIGINT",
                "processing_time_ms BIGINT", "text STRING", "event_timestamp TIMESTAMP", "ingested_at TIMESTAMP",
                "eventhubs_partition STRING", "eventhubs_offset STRING", "eventhubs_sequence_number BIGINT",
                "eventhubs_enqueued_time TIMESTAMP"));
        expected.put("silver_events.ddl", List.of("event_id STRING", "event_type STRING", "user_id STRING",
                "region STRING", "event_timestamp TIMESTAMP", "revenue DOUBLE", "latency_ms BIGINT",
                "response_time_ms BIGINT", "processing_time_ms BIGINT", "text STRING", "sentiment STRING",
                "sentiment_score DOUBLE", "language STRING", "language_confidence DOUBLE",
                "entities ARRAY<STRUCT<text: STRING, category: STRING, offset: BIGINT>>", "key_phrases ARRAY<STRING>",
                "enrichment_status STRING", "enrichment_engine STRING", "enrichment_error STRING",
                "latency_anomaly BOOLEAN", "response_time_anomaly BOOLEAN", "revenue_anomaly BOOLEAN",
                "late_arrival BOOLEAN", "processed_timestamp TIMESTAMP"));
        List<String> gold = List.of("window_start TIMESTAMP", "window_end TIMESTAMP", "event_type STRING",
                "region STRING", "event_count BIGINT", "avg_latency_ms DOUBLE", "avg_processing_time_ms DOUBLE",
                "p95_response_time_ms DOUBLE", "revenue_sum DOUBLE");
        expected.put("gold_metrics_1m.ddl", gold);
        expected.put("gold_metrics_1h.ddl", gold);
        for (Map.Entry<String, List<String>> file : expected.entrySet()) {
            String ddl = Files.readString(SCHEMAS.resolve(file.getKey()));
            String table = file.getKey().replaceFirst("\\.ddl$", "").replaceFirst("_", "/");
            assertThat(ddl.lines().findFirst().orElse("")).as(file.getKey() + " header")
                    .matches("-- " + Pattern.quote(table) + ", schema version \\d+: .{20,}");
            List<String> columns = DdlColumns.parse(ddl).entrySet().stream()
                    .map(column -> column.getKey() + " " + column.getValue()).toList();
            assertThat(columns).as(file.getKey()).isEqualTo(file.getValue());
            // Partition columns are derived and appended by the sink (partition.time.*), never declared.
            assertThat(columns).as(file.getKey()).noneMatch(c -> c.startsWith("date ") || c.startsWith("hour "));
        }
    }

    @Test
    void theChainsAndLayoutsOfTheSpec() {
        for (String variant : VARIANTS) {
            Map<String, Map<String, String>> configs = ConnectorConfigs.load(
                    PROJECT.resolve("connect-configs").resolve(variant), ALL);
            Map<String, String> source = configs.get(Topology.SOURCE_CONNECTOR);
            assertThat(source).as(variant).containsEntry("transforms", "validate,ingested")
                    .containsEntry("transforms.ingested.type", "dev.medallion.smt.InsertProcessingTime")
                    .containsEntry("transforms.ingested.header.name", "medallion.ingested.at");
            assertThat(source.keySet()).as(variant + ": enrichment happens after dedupe, in the silver sink")
                    .noneMatch(key -> key.startsWith("transforms.enrich"));

            Map<String, String> bronze = configs.get("bronze-sink");
            assertThat(bronze).as(variant).containsEntry("transforms", "eventTime,coordinates")
                    .containsEntry("transforms.eventTime.type", "dev.medallion.smt.eventtime.ExtractEventTime")
                    .containsEntry("transforms.eventTime.field", "event_time")
                    .containsEntry("transforms.eventTime.format", "epoch_millis")
                    .containsEntry("transforms.eventTime.output.field", "event_timestamp")
                    .containsEntry("transforms.eventTime.on.missing", "keep")
                    .containsEntry("transforms.coordinates.type", "dev.medallion.smt.header.HeaderToField")
                    .containsEntry("transforms.coordinates.mappings", "medallion.ingested.at:ingested_at:timestamp,"
                            + "eventhubs.partition.id:eventhubs_partition:string,"
                            + "eventhubs.offset:eventhubs_offset:string,"
                            + "eventhubs.sequence.number:eventhubs_sequence_number:int64,"
                            + "eventhubs.enqueued.time:eventhubs_enqueued_time:timestamp")
                    .containsEntry("partition.time.field", "event_time")
                    .containsEntry("partition.time.granularity", "hour")
                    .containsEntry("parquet.compression", "snappy")
                    .containsEntry("tables.create.properties", "delta.logRetentionDuration=interval 30 days");
            if (variant.equals("avro")) {
                // Avro records carry their schema (registered from schemas/events_raw.connect.json): no DDL.
                assertThat(bronze).doesNotContainKey("schemaless.schema");
                continue;
            }
            assertThat(bronze).containsEntry("schemaless.schema", "${dir:" + SCHEMAS + ":bronze_events.ddl}");

            Map<String, String> silver = configs.get("silver-sink");
            assertThat(silver).as(variant)
                    .containsEntry("transforms", "latencyAnomaly,responseTimeAnomaly,revenueAnomaly,enrich")
                    .containsEntry("partition.time.field", "event_timestamp")
                    .containsEntry("partition.time.granularity", "date")
                    .containsEntry("schemaless.schema", "${dir:" + SCHEMAS + ":silver_events.ddl}")
                    .containsEntry("transforms.enrich.type", "dev.medallion.smt.enrich.Enrich")
                    .containsEntry("transforms.enrich.text.field", "text")
                    .containsEntry("transforms.enrich.output.layout", "flat");
            Map<String, String[]> anomalies = Map.of("latencyAnomaly", new String[] {"latency_ms", "latency_anomaly"},
                    "responseTimeAnomaly", new String[] {"response_time_ms", "response_time_anomaly"},
                    "revenueAnomaly", new String[] {"revenue", "revenue_anomaly"});
            anomalies.forEach((name, fields) -> assertThat(silver).as(variant + " " + name)
                    .containsEntry("transforms." + name + ".type", "dev.medallion.smt.anomaly.FlagAnomaly")
                    .containsEntry("transforms." + name + ".field", fields[0])
                    .containsEntry("transforms." + name + ".key.field", "event_type")
                    .containsEntry("transforms." + name + ".output.field", fields[1]));
            for (String window : List.of("1m", "1h")) {
                assertThat(configs.get("gold-" + window + "-sink")).as(variant).containsEntry("schemaless.schema",
                        "${dir:" + SCHEMAS + ":gold_metrics_" + window + ".ddl}");
            }
        }
        Map<String, Map<String, String>> local = ConnectorConfigs.load(PROJECT.resolve("connect-configs/local"), LOCAL);
        assertThat(local.get("silver-sink")).as("one silver task per partition of events.clean (Enrich is the cost)")
                .containsEntry("tasks.max", String.valueOf(Topology.topics(QuickstartOptions.parse().partitions())
                        .get(Topology.CLEAN)));
        assertThat(local.get("silver-sink")).containsEntry("transforms.enrich.engine", "offline");
    }
}

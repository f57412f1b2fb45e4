package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.adls.emulator.fault.Fault;
import dev.medallion.adls.emulator.fault.Operation;
import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.sparkreader.SparkField;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector writing Delta tables to ADLS Gen2 through {@code abfss://}: the real hadoop-azure ABFS driver inside
 * the plugin, over HTTPS, against the ADLS emulator, with each authentication the connector offers (account key,
 * SAS, OAuth client credentials). Storage faults injected while records flow are retried without losing or
 * duplicating a record; a new field evolves the table's schema; Spark + delta-spark read the table back through ABFS
 * too.
 */
class DeltaSinkAdlsIT {
    private static final String TENANT = "00000000-0000-0000-0000-00000000a11s";
    private static final String CLIENT_ID = "medallion-sink";
    private static final String CLIENT_SECRET = "emulator-client-secret";

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("delta-sink-adls-it").build();

    private static AdlsEmulator adls;

    @BeforeAll
    static void startAdls() {
        // Before the first ABFS request of this JVM: the driver captures the default TLS context once.
        AdlsEmulator.trustCertificateInThisJvm();
        adls = AdlsEmulator.builder().fileSystem("lakehouse").oauthClient(TENANT, CLIENT_ID, CLIENT_SECRET)
                .build().start();
    }

    @AfterAll
    static void stopAdls() {
        adls.close();
        AdlsTables.forgetFileSystems();
    }

    private static Map<String, String> connector(String topic, Map<String, String> auth, String... extra) {
        return AdlsTables.sinkConfig(adls, topic, auth, extra);
    }

    private static Map<String, String> accountKey() {
        return AdlsTables.accountKey(adls);
    }

    private static List<Map<String, Object>> rows(String table) {
        return AdlsTables.rows(adls, AdlsTables.FILE_SYSTEM, "lake/" + table);
    }

    private static long committedOffsets(String connector) {
        long committed = 0;
        for (JsonNode offset : CONNECT.rest().connectorOffsets(connector).path("offsets")) {
            committed += offset.path("offset").path("kafka_offset").asLong();
        }
        return committed;
    }

    @Test
    void recordsLandExactlyOnceThroughAbfssDespiteStorageFaultsAndSparkReadsThemBack() throws Exception {
        String topic = "adls.events";
        CONNECT.createTopic(topic, 2);
        CONNECT.rest().putConnectorConfig("adls-key", connector(topic, accountKey(),
                "flush.interval.ms", "1000", "flush.max.records", "100"));
        CONNECT.rest().awaitRunning("adls-key", 2, Duration.ofSeconds(120));
        int plain = 600;
        int evolved = 100;
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            SequencedEvents.produce(producer, topic, 0, 200);
            Await.until(Duration.ofSeconds(120), "first rows committed on ADLS", () -> !rows(topic).isEmpty());
            // Every kind of storage fault, while records keep coming: the driver retries them, or the sink's next
            // flush commits the partition again from its txn version.
            adls.faults()
                    .serverBusy(Operation.APPEND, 3)
                    .connectionReset(Operation.APPEND, 2)
                    .internalError(Operation.FLUSH, 2)
                    .serverBusy(Operation.RENAME, 2)
                    .serverBusy(Operation.CREATE_PATH, 2)
                    .slow(Operation.LIST, Duration.ofMillis(300), 2);
            SequencedEvents.produce(producer, topic, 200, plain);
            Await.until(Duration.ofSeconds(120), "every injected fault answered", () -> adls.faults().pending() == 0);
            // Then records with a field the table does not have yet (schema.evolution is on by default).
            for (long seq = plain; seq < plain + evolved; seq++) {
                producer.send(new ProducerRecord<>(topic, ("k" + seq).getBytes(StandardCharsets.UTF_8),
                        evolvedJson(topic, seq)));
            }
            producer.flush();
        }
        int total = plain + evolved;
        Await.until(Duration.ofSeconds(180), "all " + total + " rows on ADLS", () -> rows(topic).size() >= total);
        Await.until(Duration.ofSeconds(120), "Connect's offsets at the end of both partitions",
                () -> committedOffsets("adls-key") == total);

        List<Map<String, Object>> rows = rows(topic);
        Map<Object, Long> perId = rows.stream().collect(Collectors.groupingBy(r -> r.get("event_id"),
                Collectors.counting()));
        assertThat(rows).as("exactly one row per record").hasSize(total);
        assertThat(perId.values()).as("no duplicates").containsOnly(1L);
        assertThat(adls.faults().injected(Fault.Kind.SERVER_BUSY)).isEqualTo(7);
        assertThat(adls.faults().injected(Fault.Kind.CONNECTION_RESET)).isEqualTo(2);
        assertThat(adls.faults().injected(Fault.Kind.INTERNAL_ERROR)).isEqualTo(2);
        assertThat(rows.stream().filter(r -> r.get("region") != null).count()).isEqualTo(evolved);

        // Spark + delta-spark, in their own JVM, read the same table through ABFS.
        DeltaTableSnapshot spark = new SparkDeltaReader(AdlsTables.spark(adls)).snapshot(adls.uri("lakehouse",
                "lake/" + topic), true);
        assertThat(spark.rowCount()).isEqualTo(total);
        assertThat(spark.rows().stream().map(r -> r.get("event_id")).distinct().count()).isEqualTo(total);
        assertThat(spark.schema()).extracting(SparkField::name).contains("event_id", "seq", "amount", "region");
        Map<String, Object> row = spark.rows().stream().filter(r -> "ev-650".equals(r.get("event_id"))).findFirst()
                .orElseThrow();
        assertThat(row).containsEntry("seq", 650L).containsEntry("region", "emea-650")
                .containsEntry("amount", 325.0);
        assertThat(spark.rows().stream().filter(r -> r.get("region") == null).count()).isEqualTo(plain);
        CONNECT.rest().deleteConnector("adls-key");
    }

    @Test
    void sasAndOauthConnectorsWriteThroughAbfss() {
        CONNECT.createTopic("adls.sas", 1);
        CONNECT.createTopic("adls.oauth", 1);
        String sas = adls.accountSas("racwdl", Instant.now().plus(Duration.ofHours(2)));
        long tokensBefore = adls.faults().requests(Operation.TOKEN);
        CONNECT.rest().putConnectorConfig("adls-sas", connector("adls.sas",
                Map.of("azure.storage.auth", "sas", "azure.storage.sas.token", "?" + sas), "tasks.max", "1"));
        CONNECT.rest().putConnectorConfig("adls-oauth", connector("adls.oauth",
                Map.of("azure.storage.auth", "oauth", "azure.oauth.tenant.id", TENANT,
                        "azure.oauth.client.id", CLIENT_ID, "azure.oauth.client.secret", CLIENT_SECRET,
                        "azure.oauth.authority.host", adls.authorityHost()), "tasks.max", "1"));
        CONNECT.rest().awaitRunning("adls-sas", 1, Duration.ofSeconds(120));
        CONNECT.rest().awaitRunning("adls-oauth", 1, Duration.ofSeconds(120));
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            SequencedEvents.produce(producer, "adls.sas", 0, 50);
            SequencedEvents.produce(producer, "adls.oauth", 0, 50);
        }
        Await.until(Duration.ofSeconds(180), "50 rows in each table",
                () -> rows("adls.sas").size() == 50 && rows("adls.oauth").size() == 50);
        assertThat(rows("adls.sas")).extracting(r -> r.get("seq")).doesNotHaveDuplicates();
        assertThat(rows("adls.oauth")).extracting(r -> r.get("seq")).doesNotHaveDuplicates();
        assertThat(adls.faults().requests(Operation.TOKEN)).as("the OAuth connector got its token here")
                .isGreaterThan(tokensBefore);
        String status = CONNECT.rest().connectorStatus("adls-oauth").toString()
                + CONNECT.rest().connectorStatus("adls-sas").toString();
        assertThat(status).doesNotContain(CLIENT_SECRET).doesNotContain(sas);
        CONNECT.rest().deleteConnector("adls-sas");
        CONNECT.rest().deleteConnector("adls-oauth");
    }

    private static final Schema EVOLVED = SchemaBuilder.struct().name("Event")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("event_time", Timestamp.SCHEMA)
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static byte[] evolvedJson(String topic, long seq) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Struct event = new Struct(EVOLVED).put("event_id", SequencedEvents.eventId(seq)).put("seq", seq)
                .put("event_type", SequencedEvents.eventType(seq)).put("amount", SequencedEvents.amount(seq))
                .put("event_time", java.util.Date.from(SequencedEvents.eventTime(seq)))
                .put("region", "emea-" + seq);
        return converter.fromConnectData(topic, EVOLVED, event);
    }
}

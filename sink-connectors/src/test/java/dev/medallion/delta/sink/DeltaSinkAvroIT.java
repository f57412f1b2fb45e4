package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.sparkreader.SparkField;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.PluginPaths;
import dev.medallion.testkit.registry.ApicurioRegistry;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Avro end to end through Apicurio Registry: an application writes Avro with Apicurio's serializer (schemas
 * auto-registered in a real registry), the sink runs with {@code value.converter} = Apicurio's AvroConverter loaded
 * from the {@code medallion-apicurio-converter} plugin folder on a {@code service_load} worker, and Spark reads the
 * Delta table back. Logical types (timestamp-millis, date, decimal), nested records and arrays of records; the second
 * schema version adds an optional field, which must become a nullable column.
 */
class DeltaSinkAvroIT {
    private static final String CONNECTOR_CLASS = "dev.medallion.delta.sink.DeltaSinkConnector";
    private static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";

    @RegisterExtension
    @Order(1)
    static final ApicurioRegistry REGISTRY = ApicurioRegistry.builder().build();

    @RegisterExtension
    @Order(2)
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("delta-sink-avro-it")
            .pluginPath(pluginFolders()).build();

    private static Path lake;

    private static List<Path> pluginFolders() {
        List<Path> folders = new ArrayList<>(PluginPaths.fromBuild());
        Path converter = PluginPaths.ofModule(Path.of("").toAbsolutePath().getParent(), "apicurio-converter");
        if (!Files.isDirectory(converter)) {
            throw new IllegalStateException(converter + " is missing: build with -am (mvn -pl sink-connectors -am verify)");
        }
        folders.add(converter);
        return folders;
    }

    @BeforeAll
    static void lake() throws Exception {
        lake = Files.createTempDirectory("delta-sink-avro-it");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Stream<Path> files = Files.walk(lake)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static final Schema ADDRESS = record("Address", """
            [{"name":"city","type":"string"},{"name":"zip","type":"string"}]""");

    /** Version 1 of the order schema; version 2 adds an optional {@code coupon}. */
    private static Schema orderSchema(boolean withCoupon) {
        String coupon = withCoupon ? ",{\"name\":\"coupon\",\"type\":[\"null\",\"string\"],\"default\":null}" : "";
        return new Schema.Parser().parse("""
                {"type":"record","name":"Order","namespace":"dev.medallion.it","fields":[
                  {"name":"order_id","type":"string"},
                  {"name":"placed_at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"ship_date","type":{"type":"int","logicalType":"date"}},
                  {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
                  {"name":"customer","type":{"type":"record","name":"Customer","fields":[
                    {"name":"name","type":"string"},
                    {"name":"address","type":%s}]}},
                  {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
                    {"name":"sku","type":"string"},{"name":"qty","type":"int"},
                    {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":8,"scale":2}}]}}},
                  {"name":"tags","type":{"type":"array","items":"string"}}%s]}
                """.formatted(ADDRESS.toString(), coupon));
    }

    private static Schema record(String name, String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name
                + "\",\"namespace\":\"dev.medallion.it\",\"fields\":" + fields + "}");
    }

    private static ByteBuffer decimal(Schema field, String value) {
        return new Conversions.DecimalConversion().toBytes(new BigDecimal(value), field, field.getLogicalType());
    }

    private static GenericRecord order(Schema schema, int i) {
        Schema customerSchema = schema.getField("customer").schema();
        Schema itemSchema = schema.getField("items").schema().getElementType();
        GenericRecord address = new GenericData.Record(customerSchema.getField("address").schema());
        address.put("city", "Berlin");
        address.put("zip", "1011" + i);
        GenericRecord customer = new GenericData.Record(customerSchema);
        customer.put("name", "customer-" + i);
        customer.put("address", address);
        List<GenericRecord> items = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            GenericRecord item = new GenericData.Record(itemSchema);
            item.put("sku", "sku-" + i + "-" + n);
            item.put("qty", n);
            item.put("price", decimal(itemSchema.getField("price").schema(), n + ".50"));
            items.add(item);
        }
        GenericRecord order = new GenericData.Record(schema);
        order.put("order_id", "o-" + i);
        order.put("placed_at", Instant.parse("2026-11-25T10:15:30.250Z").plusSeconds(60L * i).toEpochMilli());
        order.put("ship_date", (int) LocalDate.parse("2026-11-27").plusDays(i).toEpochDay());
        order.put("amount", decimal(schema.getField("amount").schema(), "1234.5" + i));
        order.put("customer", customer);
        order.put("items", items);
        order.put("tags", List.of("t" + i, "all"));
        if (schema.getField("coupon") != null) {
            order.put("coupon", i % 2 == 0 ? "SAVE" + i : null);
        }
        return order;
    }

    /** Apicurio's serializer as an application would use it; {@code idInHeaders} picks its id encoding. */
    private static KafkaProducer<byte[], Object> producer(boolean idInHeaders) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", CONNECT.bootstrapServers());
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", AvroKafkaSerializer.class.getName());
        props.put(SerdeConfig.REGISTRY_URL, REGISTRY.url());
        props.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        props.put(SerdeConfig.ENABLE_HEADERS, idInHeaders);
        return new KafkaProducer<>(props);
    }

    @Test
    void avroWithLogicalTypesNestedRecordsAndASecondSchemaVersionLandsInDeltaAsSparkReadsIt() throws Exception {
        String topic = "orders.avro";
        CONNECT.createTopic(topic, 1);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("tables.root", lake.toString());
        config.put("tables.map", topic + ":bronze/orders");
        config.put("flush.interval.ms", "1000");
        config.put("value.converter", AVRO_CONVERTER);
        config.put("value.converter.apicurio.registry.url", REGISTRY.url());
        CONNECT.rest().putConnectorConfig("avro-sink", config);
        CONNECT.rest().awaitRunning("avro-sink", 1, Duration.ofSeconds(90));

        Schema v1 = orderSchema(false);
        Schema v2 = orderSchema(true);
        // Version 1 with the id in record headers (Apicurio's default), version 2 with the id in the value (the
        // encoding Flink's avro-apicurio format uses): the converter reads both.
        try (KafkaProducer<byte[], Object> producer = producer(true)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, order(v1, i))).get();
            }
        }
        try (KafkaProducer<byte[], Object> producer = producer(false)) {
            for (int i = 3; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, order(v2, i))).get();
            }
        }
        Path table = lake.resolve("bronze/orders");
        Await.until(Duration.ofSeconds(120), "6 rows in bronze/orders", () -> committedRecords(table) == 6);

        assertThat(artifactVersions(topic + "-value")).as("both schema versions registered").isEqualTo(2);
        DeltaTableSnapshot spark = SparkDeltaReader.read(table);
        assertThat(spark.rowCount()).isEqualTo(6);
        Map<String, String> types = spark.schema().stream().collect(Collectors.toMap(SparkField::name, SparkField::type));
        assertThat(types).containsEntry("order_id", "string").containsEntry("placed_at", "timestamp")
                .containsEntry("ship_date", "date").containsEntry("amount", "decimal(10,2)")
                .containsEntry("customer", "struct<name:string,address:struct<city:string,zip:string>>")
                .containsEntry("items", "array<struct<sku:string,qty:int,price:decimal(8,2)>>")
                .containsEntry("tags", "array<string>").containsEntry("coupon", "string");
        assertThat(spark.field("coupon").orElseThrow().nullable()).isTrue();

        Map<String, Map<String, Object>> byId = spark.rows().stream()
                .collect(Collectors.toMap(r -> (String) r.get("order_id"), r -> r));
        assertThat(byId).containsOnlyKeys("o-0", "o-1", "o-2", "o-3", "o-4", "o-5");
        assertThat(byId.get("o-1")).containsEntry("placed_at", "2026-11-25T10:16:30.250Z")
                .containsEntry("ship_date", "2026-11-28").containsEntry("amount", new BigDecimal("1234.51"))
                .containsEntry("customer", Map.of("name", "customer-1", "address", Map.of("city", "Berlin", "zip", "10111")))
                .containsEntry("items", List.of(
                        Map.of("sku", "sku-1-1", "qty", 1, "price", new BigDecimal("1.50")),
                        Map.of("sku", "sku-1-2", "qty", 2, "price", new BigDecimal("2.50"))))
                .containsEntry("tags", List.of("t1", "all"))
                .containsEntry("coupon", null);
        assertThat(byId.get("o-4")).containsEntry("coupon", "SAVE4").containsEntry("amount", new BigDecimal("1234.54"))
                .containsEntry("placed_at", "2026-11-25T10:19:30.250Z").containsEntry("ship_date", "2026-12-01");
        assertThat(byId.get("o-5")).containsEntry("coupon", null);
        CONNECT.rest().deleteConnector("avro-sink");
    }

    @Test
    void theAvroBronzeSinkFileOfConnectConfigsValidatesOnTheWorker() throws Exception {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("connect-configs/avro/bronze-sink.json");
        String rendered = Files.readString(file).replace("${DATA_DIR}", lake.toString())
                .replace("${APICURIO_URL}", REGISTRY.url());
        Map<String, String> config = new com.fasterxml.jackson.databind.ObjectMapper().readValue(rendered,
                new com.fasterxml.jackson.core.type.TypeReference<HashMap<String, String>>() { });
        assertThat(config).containsEntry("value.converter", AVRO_CONVERTER);
        config.put("name", "bronze-sink");   // PUT /connectors/bronze-sink/config supplies it from the path
        // This worker has no medallion-smts plugin: the bronze transforms are checked by the quickstart's tests.
        config.keySet().removeIf(key -> key.startsWith("transforms"));
        com.fasterxml.jackson.databind.JsonNode result = CONNECT.rest().validateConfig(CONNECTOR_CLASS, config);
        assertThat(result.path("error_count").asInt()).as(result.toString()).isZero();
    }

    /** Number of versions of an artifact in the registry's default group (v2 REST API). */
    private static int artifactVersions(String artifactId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(REGISTRY.url() + "/groups/default/artifacts/" + artifactId + "/versions")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("count").asInt();
    }

    /** Rows the table's log says were added (append-only table: the sum of numRecords of its add actions). */
    private static long committedRecords(Path table) {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return 0;
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Stream<Path> commits = Files.list(log)) {
            long rows = 0;
            for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(commit)) {
                    com.fasterxml.jackson.databind.JsonNode add = json.readTree(line).path("add");
                    if (!add.isMissingNode()) {
                        rows += json.readTree(add.path("stats").asText("{}")).path("numRecords").asLong();
                    }
                }
            }
            return rows;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

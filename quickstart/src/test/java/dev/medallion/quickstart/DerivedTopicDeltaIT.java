package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.sql.SqlJob;
import dev.medallion.sql.SqlJobRunner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/sql-gateway.md, "Add a derived topic and a Delta table", end to end: the page's SQL submitted through the SQL
 * Gateway of the runner (a persistent INSERT INTO a new topic), and the page's connector JSON registered through the
 * Connect REST API of the quickstart's in-process Kafka and Connect with the built Delta sink plugin; the Delta table
 * then holds exactly the click events. Free ports throughout.
 */
class DerivedTopicDeltaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SQL_EXAMPLE = Pattern.compile(
            "<!-- example: clicks-insert -->\\s*\\n```sql\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern JSON_EXAMPLE = Pattern.compile(
            "<!-- example: clicks-sink -->\\s*\\n```json\\n(.*?)\\n```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void anAnalystsInsertIntoANewTopicReachesADeltaTableRegisteredThroughConnect() throws Exception {
        Path project = Path.of(System.getProperty("medallion.project.dir", "..")).toAbsolutePath().normalize();
        String page = Files.readString(project.resolve("docs/sql-gateway.md"));
        Matcher sqlBlock = SQL_EXAMPLE.matcher(page);
        Matcher sinkJson = JSON_EXAMPLE.matcher(page);
        assertThat(sqlBlock.find()).as("the SQL block of the page").isTrue();
        assertThat(sinkJson.find()).as("the connector JSON of the page").isTrue();
        String sql = sqlBlock.group(1);
        Path lakehouse = dir.resolve("lakehouse");

        try (LocalKafka kafka = new LocalKafka(dir.resolve("kafka"), TestPorts.freePortPair()).start();
             LocalConnect connect = new LocalConnect(kafka.bootstrapServers(), TestPorts.freePort(),
                     List.of(project.resolve("sink-connectors/target/plugin")),
                     project.resolve("connect-configs/schemas")).start()) {
            // events.clicks too: the quickstart's broker does not create topics on first write (step 1 of the page).
            kafka.createTopics(Map.of("events.raw", 1, "events.clean", 1, "metrics.1m", 1, "metrics.1h", 1,
                    "events.clicks", 1));
            long t0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                String[] types = {"click", "page_view", "click", "purchase", "click"};
                for (int i = 0; i < types.length; i++) {
                    producer.send(new ProducerRecord<>("events.raw", "e" + i, JSON.createObjectNode()
                            .put("event_id", "e" + i).put("event_type", types[i]).put("user_id", "u" + i)
                            .put("region", "westeurope").put("event_time", t0 + i * 1_000L).toString()));
                }
            }
            try (SqlJob pipeline = SqlJobRunner.builder().bootstrapServers(kafka.bootstrapServers())
                    .variable("scan.startup.mode", "earliest-offset")
                    .parallelism(1)
                    .checkpointInterval(Duration.ofSeconds(1))
                    .gateway("127.0.0.1:0")
                    .start()) {
                Gateway gateway = new Gateway("http://" + pipeline.gatewayAddress().orElseThrow());
                String session = gateway.openSession();
                for (String statement : sql.replace("localhost:9092", kafka.bootstrapServers()).split(";\\s*\\n?")) {
                    if (!statement.isBlank()) {
                        gateway.run(session, statement);
                    }
                }
                gateway.closeSession(session);

                Map<String, String> config = new LinkedHashMap<>();
                JSON.readTree(sinkJson.group(1).replace("${DATA_DIR}", lakehouse.toString()))
                        .fields().forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
                ConnectRest rest = new ConnectRest(connect.restUrl());
                rest.putConnectorConfig("clicks-sink", config);

                DeltaColumnReader delta = new DeltaColumnReader();
                Path table = lakehouse.resolve("silver/clicks");
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                List<String> ids = List.of();
                while (ids.size() < 3 && System.nanoTime() < deadline) {
                    ids = delta.readTable(table, "event_id");
                    if (ids.size() < 3) {
                        Thread.sleep(200); // poll interval of this await loop
                    }
                }
                assertThat(ids).containsExactlyInAnyOrder("e0", "e2", "e4");
                assertThat(pipeline.status().name()).isEqualTo("RUNNING");
            }
        }
    }

    /** The gateway's REST calls as docs/sql-gateway.md shows them with curl. */
    private static final class Gateway {
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;

        Gateway(String base) {
            this.base = base;
        }

        String openSession() throws Exception {
            return call("POST", "/v3/sessions", "{}").get("sessionHandle").asText();
        }

        /** Submits and fetches until EOS, so DDL, SET and the INSERT's job submission are done before the next. */
        void run(String session, String statement) throws Exception {
            String operation = call("POST", "/v3/sessions/" + session + "/statements",
                    JSON.createObjectNode().put("statement", statement).toString()).get("operationHandle").asText();
            String next = "/v3/sessions/" + session + "/operations/" + operation + "/result/0?rowFormat=JSON";
            List<JsonNode> pages = new ArrayList<>();
            while (next != null) {
                JsonNode page = call("GET", next, null);
                pages.add(page);
                next = page.hasNonNull("nextResultUri") ? page.get("nextResultUri").asText() : null;
            }
        }

        void closeSession(String session) throws Exception {
            call("DELETE", "/v3/sessions/" + session, null);
        }

        private JsonNode call(String method, String path, String body) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
            return JSON.readTree(response.body());
        }
    }
}

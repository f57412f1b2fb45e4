package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysts' SQL Gateway started by the runner next to the bundled pipeline (in-process broker, one embedded
 * MiniCluster shared by both), driven through its REST API as docs/sql-gateway.md shows: a bounded query on the
 * metrics topic, a push query with change kinds, and closing an operation, which cancels only the analyst's job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlGatewayIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static SqlJob pipeline;
    private static GatewayRestClient gateway;

    @BeforeAll
    static void startPipelineWithGateway() {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("bootstrap.servers", KAFKA.bootstrapServers());
        for (String name : List.of("raw", "clean", "metrics.1m", "metrics.1h")) {
            KAFKA.createTopic("gw." + name, 1);
            topics.put("topic." + name, "gw." + name);
        }
        // Minute 0: 3 clicks and 2 page views; minute 1: 1 click (a retry of it is dropped); an event at minute 3
        // moves the watermark to minute 2, which closes the windows of minutes 0 and 1.
        List<Events.Event> events = new ArrayList<>(List.of(
                Events.simple("a", "click", T0 + 1_000), Events.simple("b", "click", T0 + 2_000),
                Events.simple("c", "click", T0 + 3_000), Events.simple("d", "page_view", T0 + 4_000),
                Events.simple("e", "page_view", T0 + 5_000), Events.simple("f", "click", T0 + 61_000),
                Events.simple("f", "click", T0 + 61_000), Events.simple("g", "page_view", T0 + 180_000)));
        KAFKA.produce("gw.raw", events.stream().map(Events.Event::record).toList());
        pipeline = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .parallelism(1)
                .checkpointInterval(Duration.ofSeconds(1))
                .gateway("127.0.0.1:0")
                .start();
        gateway = new GatewayRestClient("http://" + pipeline.gatewayAddress().orElseThrow());
        try (TopicReader metrics = new TopicReader(KAFKA.bootstrapServers(), "gw.metrics.1m")) {
            metrics.awaitCount(3, TIMEOUT);
        }
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aBoundedQueryOnTheMetricsTopicReturnsExactlyItsRows() {
        String session = gateway.openSession();
        String operation = gateway.submit(session, """
                SELECT window_start, event_type, region, event_count
                FROM metrics_1m /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */""");
        List<JsonNode> rows = gateway.fetchAll(session, operation);
        assertThat(rows).extracting(row -> row.get("kind").asText() + " " + row.get("fields")).containsExactlyInAnyOrder(
                "INSERT [\"2026-12-01T10:00:00Z\",\"click\",\"westeurope\",3]",
                "INSERT [\"2026-12-01T10:00:00Z\",\"page_view\",\"westeurope\",2]",
                "INSERT [\"2026-12-01T10:01:00Z\",\"click\",\"westeurope\",1]");
        assertThat(gateway.closeSession(session)).isEqualTo("CLOSED");
    }

    @Test
    @Order(2)
    void aPushQueryReturnsChangeKindsAndClosingItCancelsOnlyTheAnalystsJob() {
        String session = gateway.openSession();
        String operation = gateway.submit(session,
                "SELECT event_type, COUNT(*) AS events FROM events_clean GROUP BY event_type");
        // Like ksqlDB's EMIT CHANGES: every change of a count arrives as -U (old row) and +U (new row).
        List<String> changes = new ArrayList<>();
        String[] next = {GatewayRestClient.firstPage(session, operation)};
        String[] jobId = {null};
        Await.until(TIMEOUT, "the final counts click=4, page_view=3 in the changes " + changes, () -> {
            JsonNode page = gateway.fetch(next[0]);
            if (page.hasNonNull("jobID")) {
                jobId[0] = page.get("jobID").asText();
            }
            page.path("results").path("data").forEach(row -> changes.add(row.get("kind").asText() + " "
                    + row.get("fields").get(0).asText() + "=" + row.get("fields").get(1).asLong()));
            next[0] = page.get("nextResultUri").asText();
            return changes.contains("UPDATE_AFTER click=4") && changes.contains("UPDATE_AFTER page_view=3");
        });
        assertThat(changes).startsWith("INSERT click=1").contains("UPDATE_BEFORE click=1", "UPDATE_AFTER click=2",
                "INSERT page_view=1", "UPDATE_BEFORE page_view=2");
        assertThat(jobId[0]).isNotNull();

        // The analyst's job runs on the pipeline's cluster, beside the pipeline job (task slots for both).
        assertThat(jobStatus(session, jobId[0])).contains("RUNNING");
        assertThat(pipeline.status()).isEqualTo(JobStatus.RUNNING);

        assertThat(gateway.closeOperation(session, operation)).isEqualTo("CLOSED");
        Await.until(TIMEOUT, "the analyst's job " + jobId[0] + " CANCELED",
                () -> jobStatus(session, jobId[0]).filter("CANCELED"::equals).isPresent());
        assertThat(pipeline.status()).isEqualTo(JobStatus.RUNNING);
        gateway.closeSession(session);
    }

    @Test
    @Order(3)
    void theJdbcDriverOfFlink23ReadsFromThe221Gateway() throws Exception {
        // The bundle plus slf4j-api, which it needs beside it (as in DBeaver or SqlLine), and nothing of Flink 2.2.
        URL slf4j = org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader driverLoader = new URLClassLoader(
                new URL[] {Path.of(System.getProperty("flink.jdbc.bundle")).toUri().toURL(), slf4j},
                ClassLoader.getPlatformClassLoader());
             Connection connection = ((Driver) driverLoader.loadClass("org.apache.flink.table.jdbc.FlinkDriver")
                     .getDeclaredConstructor().newInstance())
                     .connect("jdbc:flink://" + pipeline.gatewayAddress().orElseThrow(), new Properties());
             Statement statement = connection.createStatement()) {
            assertThat(rows(statement, """
                    SELECT event_type, event_count FROM metrics_1m /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
                    WHERE window_start = TIMESTAMP '2026-12-01 10:00:00'""")).containsExactlyInAnyOrder(
                    "click=3", "page_view=2");
            // Streaming mode: the driver hands out retractions as plain rows without their kind (FLINK-33606), so a
            // GROUP BY shows every intermediate count. Batch mode gives the final ones, which is what tools expect.
            String counts = """
                    SELECT event_type, COUNT(*) FROM events_clean /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
                    GROUP BY event_type""";
            assertThat(rows(statement, counts)).contains("click=1", "click=4", "page_view=3").hasSizeGreaterThan(2);
            statement.execute("SET 'execution.runtime-mode' = 'batch'");
            assertThat(rows(statement, counts)).containsExactlyInAnyOrder("click=4", "page_view=3");
        }
    }

    @Test
    @Order(4)
    void ksqlShOpensTheFlinkSqlCliAgainstTheGateway() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("ksql.sh");
        Process cli = new ProcessBuilder("bash", script.toString(), "--endpoint", pipeline.gatewayAddress().orElseThrow())
                .redirectErrorStream(true).start();
        try (var stdin = cli.getOutputStream()) {
            stdin.write("""
                    SELECT event_type, event_count FROM metrics_1m /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
                    WHERE window_start = TIMESTAMP '2026-12-01 10:00:00';
                    QUIT;
                    """.getBytes(StandardCharsets.UTF_8));
        }
        // The first run fetches the CLI's jars with Maven.
        assertThat(cli.waitFor(5, TimeUnit.MINUTES)).as("ksql.sh ended").isTrue();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("\\|\\s+\\+I\\s+\\|\\s+click\\s+\\|\\s+3\\s+\\|")
                .containsPattern("\\|\\s+\\+I\\s+\\|\\s+page_view\\s+\\|\\s+2\\s+\\|")
                .contains("Received a total of 2 rows");
    }

    @Test
    @Order(5)
    void anInsertIntoOutlivesItsSessionStopsWithASavepointAndResumesFromIt() {
        KAFKA.createTopic("gw.clicks", 1);
        String clicksTable = """
                CREATE TABLE clicks (event_id STRING, region STRING, event_timestamp TIMESTAMP_LTZ(3)) WITH (
                  'connector' = 'kafka', 'topic' = 'gw.clicks',
                  'properties.bootstrap.servers' = '%s', 'format' = 'json')""".formatted(KAFKA.bootstrapServers());
        String insert = "INSERT INTO clicks SELECT event_id, region, event_timestamp FROM events_clean "
                + "WHERE event_type = 'click'";
        String session = gateway.openSession();
        gateway.fetchAll(session, gateway.submit(session, clicksTable));
        gateway.fetchAll(session, gateway.submit(session, "SET 'pipeline.name' = 'clicks'"));
        String jobId = gateway.fetchAll(session, gateway.submit(session, insert)).get(0).get("fields").get(0).asText();
        assertThat(gateway.closeSession(session)).isEqualTo("CLOSED");

        try (TopicReader clicks = new TopicReader(KAFKA.bootstrapServers(), "gw.clicks")) {
            clicks.awaitCount(4, TIMEOUT);
            String other = gateway.openSession();
            assertThat(jobStatus(other, jobId)).contains("RUNNING");
            // A savepoint needs the job to have started its tasks; STOP JOB answers with the savepoint's path.
            String savepoint = Await.untilValue(TIMEOUT, "a savepoint of " + jobId, () -> gateway.fetchAll(other,
                    gateway.submit(other, "STOP JOB '" + jobId + "' WITH SAVEPOINT")).get(0).get("fields").get(0).asText());
            assertThat(jobStatus(other, jobId)).contains("FINISHED");

            KAFKA.produce("gw.raw", List.of(Events.simple("h", "click", T0 + 181_000).record()));
            gateway.fetchAll(other, gateway.submit(other, clicksTable));
            gateway.fetchAll(other, gateway.submit(other, "SET 'execution.state-recovery.path' = '" + savepoint + "'"));
            String resumed = gateway.fetchAll(other, gateway.submit(other, insert)).get(0).get("fields").get(0).asText();
            // From the savepoint's offsets: the new click only, none of the four again.
            assertThat(clicks.awaitCount(5, TIMEOUT)).extracting(row -> row.get("event_id").asText())
                    .containsExactlyInAnyOrder("a", "b", "c", "f", "h");
            assertThat(jobStatus(other, resumed)).contains("RUNNING");
            gateway.fetchAll(other, gateway.submit(other, "STOP JOB '" + resumed + "'"));
            gateway.closeSession(other);
        }
        assertThat(pipeline.status()).isEqualTo(JobStatus.RUNNING);
    }

    private static List<String> rows(Statement statement, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1) + "=" + result.getLong(2));
            }
        }
        return rows;
    }

    /** The status SHOW JOBS reports for {@code jobId}, through the gateway. */
    private static Optional<String> jobStatus(String session, String jobId) {
        String operation = gateway.submit(session, "SHOW JOBS");
        for (JsonNode row : gateway.fetchAll(session, operation)) {
            if (row.get("fields").get(0).asText().equals(jobId)) {
                return Optional.of(row.get("fields").get(2).asText());
            }
        }
        return Optional.empty();
    }
}

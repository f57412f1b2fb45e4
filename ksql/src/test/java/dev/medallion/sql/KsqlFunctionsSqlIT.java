package dev.medallion.sql;

import dev.medallion.testkit.KafkaTestCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ksqlDB-familiar aggregates of medallion-ksql-udfs in Flink SQL over a Kafka topic, registered by the pipeline's
 * {@code sql/00-functions.sql} (or by the README's block): on an append-only input (a tumbling window, with merged partial results) and on an
 * updating input (an aggregate over a GROUP BY result, which feeds them retractions).
 */
class KsqlFunctionsSqlIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    @RegisterExtension
    static final FlinkTestCluster FLINK = new FlinkTestCluster();

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The registration block and the two queries of ksql-udfs/README.md, so the README shows what is tested. */
    private static final List<String> README_REGISTRATION = readmeBlock("CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS LATEST_BY_OFFSET");
    private static final List<String> PIPELINE_REGISTRATION =
            SqlScript.fromResource("sql/00-functions.sql").statements(Map.of());
    private static final List<String> README_QUERIES = readmeBlock("LATEST_BY_OFFSET(region, 2)");
    private static final long T0 = 1_764_756_000_000L; // 2025-12-03T10:00:00Z

    @BeforeAll
    static void events() {
        KAFKA.createTopic("fn.window", 1);
        KAFKA.produce("fn.window", List.of(
                event("u1", "eu", 100, T0 + 1_000),
                event("u2", null, 300, T0 + 2_000),
                event("u1", "us", 300, T0 + 3_000),
                event("u3", "eu", 50, T0 + 4_000),
                event("u2", "eu", 7, T0 + 61_000)));
        KAFKA.createTopic("fn.updates", 1);
        KAFKA.produce("fn.updates", List.of(
                event("u1", "eu", 100, T0),
                event("u2", "eu", 300, T0),
                event("u3", "us", 200, T0),
                event("u1", "us", 50, T0),    // u1 moves from eu to us: eu's aggregates get a retraction
                event("u4", "eu", 300, T0),
                event("u2", "eu", 400, T0),   // u2's worst latency changes: retraction and accumulation in eu
                event("u5", "ap", 10, T0),
                event("u5", "us", 10, T0)));  // ap loses its only user: its row is deleted
    }

    @Test
    void appendOnlyWindowAggregation() {
        TableEnvironment session = sessionOver("fn.window", PIPELINE_REGISTRATION);
        List<String> rows = QueryRows.all(session.executeSql(README_QUERIES.get(0)), TIMEOUT);

        assertThat(rows).containsExactly(
                "+I 2025-12-03T10:00,eu,[us, eu],[eu, null],u1,[eu, null, us, eu],[u1, u2, u3],[300, 300, 100],[300, 100]",
                "+I 2025-12-03T10:01,eu,[eu],[eu],u2,[eu],[u2],[7],[7]");
    }

    @Test
    void updatingInputFeedsRetractions() {
        TableEnvironment session = sessionOver("fn.updates", README_REGISTRATION);
        List<String> changelog = QueryRows.all(session.executeSql(README_QUERIES.get(1)), TIMEOUT);

        // "Offset" of a user in a region is the time of its last update there: an update retracts the old row
        // (its copy leaves the list) and adds the new one at the end.
        assertThat(QueryRows.finalState(changelog)).containsOnly(
                Map.entry("us", "us,3,[u3, u1, u5],[u3, u1, u5],[200, 100],[200, 100],u5,u3"),
                Map.entry("eu", "eu,2,[u4, u2],[u4, u2],[400, 300],[400, 300],u2,u4"));
        assertThat(changelog).as("the retractions Flink fed").contains(
                "-U eu,2,[u1, u2],[u1, u2],[300, 100],[300, 100],u2,u1",
                "-D ap,1,[u5],[u5],[10],[10],u5,u5");
    }

    @Test
    void badArgumentsFailPlanningWithTheReason() {
        TableEnvironment session = sessionOver("fn.window", PIPELINE_REGISTRATION);
        assertThatThrownBy(() -> session.executeSql("SELECT TOPK(latency_ms, 5000) FROM events"))
                .hasStackTraceContaining("TOPK: k must be an INT constant between 1 and 1000, but was 5000");
        assertThatThrownBy(() -> session.executeSql("SELECT LATEST_BY_OFFSET(region, latency_ms) FROM events"))
                .hasStackTraceContaining("LATEST_BY_OFFSET: n must be a constant between 1 and 1000");
        assertThatThrownBy(() -> session.executeSql("SELECT COLLECT_LIST(MAP['a', latency_ms]) FROM events"))
                .hasStackTraceContaining("COLLECT_LIST takes a number, string, boolean, date, time or timestamp column");
    }

    private static List<String> readmeBlock(String containing) {
        try {
            String readme = Files.readString(Path.of(System.getProperty("user.dir"), "..", "ksql-udfs", "README.md"));
            Matcher block = Pattern.compile("(?ms)^```sql\\n(.*?)^```").matcher(readme);
            while (block.find()) {
                if (block.group(1).contains(containing)) {
                    return new SqlScript("ksql-udfs/README.md", block.group(1)).statements(Map.of());
                }
            }
            throw new AssertionError("No sql block with '" + containing + "' in ksql-udfs/README.md");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TableEnvironment sessionOver(String topic, List<String> registration) {
        TableEnvironment session = FLINK.newSession();
        for (String statement : registration) {
            session.executeSql(statement);
        }
        session.executeSql("""
                CREATE TABLE events (
                  user_id STRING, region STRING, latency_ms BIGINT, event_time BIGINT,
                  ts AS TO_TIMESTAMP_LTZ(event_time, 3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
                ) WITH (
                  'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json'
                )""".formatted(topic, KAFKA.bootstrapServers()));
        session.getConfig().set("table.local-time-zone", "UTC");
        return session;
    }

    private static Map.Entry<String, String> event(String user, String region, long latency, long time) {
        return Map.entry(user, "{\"user_id\":\"" + user + "\",\"region\":" + (region == null ? "null" : "\"" + region
                + "\"") + ",\"latency_ms\":" + latency + ",\"event_time\":" + time + "}");
    }
}

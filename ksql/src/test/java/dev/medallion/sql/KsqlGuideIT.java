package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs every Flink SQL block of {@code docs/ksqldb-to-flink.md} (fenced {@code ```sql id=...}), in the page's order and
 * in one session, against an in-process broker holding the page's six events, and asserts each block's result. Blocks
 * tagged {@code ksqldb} are not run (no ksqlDB here); blocks tagged {@code skip="reason"} must give a reason. A block
 * without an expected result here, or an expectation without its block, fails the test.
 */
class KsqlGuideIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    @RegisterExtension
    static final FlinkTestCluster FLINK = new FlinkTestCluster();

    private static final Path GUIDE = Path.of(System.getProperty("user.dir")).resolve("../docs/ksqldb-to-flink.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```sql([^\\n]*)\\n(.*?)^```\\s*$");
    private static final Pattern ID = Pattern.compile("\\bid=([\\w-]+)");
    private static final Pattern SKIP = Pattern.compile("\\bskip=\"([^\"]+)\"");
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TableEnvironment session;

    @BeforeAll
    static void topics() {
        KAFKA.createTopic("events.clean", 1);
        KAFKA.produce("events.clean", List.of(
                event("e1", "u1", "click", "eu", "10:00:05", 100, null),
                event("e2", "u1", "purchase", "eu", "10:00:40", 300, 20.0),
                event("e3", "u2", "click", "us", "10:00:50", 200, null),
                event("e4", "u2", "purchase", "us", "10:01:10", 120, 5.5),
                event("e5", "u1", "purchase", "eu", "10:03:00", 80, 10.0),
                event("e6", "u3", "click", "eu", "10:09:00", 60, null)));
        KAFKA.createTopic("metrics.1m", 1);
        KAFKA.produce("metrics.1m", List.of(
                metric("10:00", "purchase", "eu", 1, 20.0),
                metric("10:00", "click", "eu", 1, null),
                metric("10:03", "purchase", "eu", 1, 10.0)));
        KAFKA.createTopic("users.tiers", 1);
        KAFKA.produce("users.tiers", List.of(
                tier("u1", "free", "09:00:00"),
                tier("u2", "free", "09:00:00"),
                tier("u1", "gold", "10:02:00"),
                tier("u9", "free", "10:30:00"))); // moves the table's watermark past every event's time
        KAFKA.createTopic("purchases", 1);
        KAFKA.createTopic("users.latest", 1);
        session = FLINK.newSession();
    }

    @TestFactory
    Stream<DynamicTest> everyFlinkBlockOfTheGuideRunsWithItsResult() throws IOException {
        Map<String, BiConsumer<String, List<String>>> expectations = expectations();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Matcher fence = FENCE.matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
        while (fence.find()) {
            String info = fence.group(1).trim();
            String sql = fence.group(2);
            if (info.equals("ksqldb")) {
                continue;
            }
            Matcher id = ID.matcher(info);
            assertThat(id.find()).as("a Flink block without id=...: " + info + "\n" + sql).isTrue();
            ids.add(id.group(1));
            Matcher skip = SKIP.matcher(info);
            BiConsumer<String, List<String>> expectation = expectations.get(id.group(1));
            assertThat(expectation).as("no expected result for block " + id.group(1)).isNotNull();
            List<String> statements = new SqlScript(id.group(1), sql.replace("localhost:9092", KAFKA.bootstrapServers()))
                    .statements(Map.of());
            String reason = skip.find() ? skip.group(1) : null;
            tests.add(DynamicTest.dynamicTest(id.group(1) + (reason == null ? "" : " (skipped: " + reason + ")"),
                    () -> expectation.accept(reason, statements)));
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expectations.keySet());
        return tests.stream();
    }

    private static Map<String, BiConsumer<String, List<String>>> expectations() {
        Map<String, BiConsumer<String, List<String>>> expect = new LinkedHashMap<>();
        expect.put("session", run(last -> {
            assertThat(session.getConfig().get(org.apache.flink.table.api.config.TableConfigOptions.LOCAL_TIME_ZONE))
                    .isEqualTo("UTC");
            assertThat(session.listFunctions()).contains("latest_by_offset", "collect_set", "topk");
        }));
        expect.put("create-stream", ddl());
        expect.put("create-metrics", ddl());
        expect.put("create-table", ddl());
        expect.put("csas", run(result -> {
            List<String> ids = new ArrayList<>();
            for (JsonNode row : readTopic("purchases", 3)) {
                ids.add(row.get("event_id").asText() + "," + row.get("revenue").asDouble());
            }
            stop(result);
            assertThat(ids).containsExactly("e2,20.0", "e4,5.5", "e5,10.0");
        }));
        expect.put("ctas", run(result -> {
            Map<String, String> latest = Await.untilValue(TIMEOUT, "the final rows of users.latest", () -> {
                Map<String, String> state = upsertState("users.latest");
                return state.equals(Map.of("u1", "eu,3", "u2", "us,2", "u3", "eu,1")) ? state : null;
            });
            stop(result);
            assertThat(latest).hasSize(3);
        }));
        expect.put("tumbling", run(result -> assertThat(QueryRows.first(result, 4, TIMEOUT)).containsExactlyInAnyOrder(
                "+I 2026-12-03T10:00,click,2,null",
                "+I 2026-12-03T10:00,purchase,1,20.0",
                "+I 2026-12-03T10:01,purchase,1,5.5",
                "+I 2026-12-03T10:03,purchase,1,10.0")));
        expect.put("hopping", run(result -> assertThat(QueryRows.first(result, 5, TIMEOUT)).containsExactly(
                "+I 2026-12-03T09:59,2026-12-03T10:01,3",
                "+I 2026-12-03T10:00,2026-12-03T10:02,4",
                "+I 2026-12-03T10:01,2026-12-03T10:03,1",
                "+I 2026-12-03T10:02,2026-12-03T10:04,1",
                "+I 2026-12-03T10:03,2026-12-03T10:05,1")));
        expect.put("session-window", run(result -> assertThat(QueryRows.first(result, 3, TIMEOUT))
                .containsExactlyInAnyOrder(
                        "+I u1,2026-12-03T10:00:05,2026-12-03T10:02:40,2",
                        "+I u1,2026-12-03T10:03,2026-12-03T10:05,1",
                        "+I u2,2026-12-03T10:00:50,2026-12-03T10:03:10,2")));
        expect.put("emit-changes", run(result -> assertThat(QueryRows.first(result, 9, TIMEOUT)).containsExactly(
                "+I u1,1,click,[eu]",
                "-U u1,1,click,[eu]",
                "+U u1,2,purchase,[eu]",
                "+I u2,1,click,[us]",
                "-U u2,1,click,[us]",
                "+U u2,2,purchase,[us]",
                "-U u1,2,purchase,[eu]",
                "+U u1,3,purchase,[eu]",
                "+I u3,1,click,[eu]")));
        expect.put("push", run(result -> assertThat(QueryRows.first(result, 3, TIMEOUT)).containsExactly(
                "+I e2,u1,20.0", "+I e4,u2,5.5", "+I e5,u1,10.0")));
        expect.put("pull-bounded-scan", run(result -> assertThat(QueryRows.all(result, TIMEOUT)).containsExactly(
                "+I 2026-12-03T10:00:00Z,purchase,eu,1,20.0",
                "+I 2026-12-03T10:03:00Z,purchase,eu,1,10.0")));
        expect.put("interval-join", run(result -> assertThat(QueryRows.first(result, 3, TIMEOUT))
                .containsExactlyInAnyOrder("+I u1,e1,e2", "+I u1,e1,e5", "+I u2,e3,e4")));
        expect.put("temporal-join", run(result -> assertThat(QueryRows.first(result, 3, TIMEOUT))
                .containsExactlyInAnyOrder("+I e2,u1,free,20.0", "+I e4,u2,free,5.5", "+I e5,u1,gold,10.0")));
        expect.put("show-jobs", (reason, statements) -> {
            assertThat(reason).contains("SQL Gateway");
            assertThatThrownBy(() -> session.executeSql(statements.get(0))).as("TableEnvironment refuses SHOW JOBS")
                    .isNotNull();
        });
        expect.put("stop-job", (reason, statements) -> assertThat(reason).contains("SQL Gateway"));
        expect.put("state-ttl", run(last -> assertThat(session.getConfig().getConfiguration()
                .toMap()).containsEntry("table.exec.state.ttl", "1 d")));
        return expect;
    }

    /** Runs the block's statements; the last one's result (null for SET) goes to {@code check}. */
    private static BiConsumer<String, List<String>> run(java.util.function.Consumer<TableResult> check) {
        return (reason, statements) -> {
            assertThat(reason).as("an executed block has no skip reason").isNull();
            TableResult last = null;
            for (String statement : statements) {
                Matcher set = SET.matcher(statement);
                if (set.matches()) {
                    session.getConfig().set(set.group(1), set.group(2));
                    last = null;
                } else {
                    last = session.executeSql(statement);
                }
            }
            check.accept(last);
        };
    }

    private static BiConsumer<String, List<String>> ddl() {
        return run(result -> assertThat(result.getResultKind()).isEqualTo(ResultKind.SUCCESS));
    }

    private static void stop(TableResult result) {
        result.getJobClient().orElseThrow().cancel().join();
    }

    private static List<JsonNode> readTopic(String topic, int count) {
        List<JsonNode> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.consume(topic, count, TIMEOUT)) {
            rows.add(json(record.value()));
        }
        return rows;
    }

    /** The latest value per key of an upsert topic, as "last_region,events"; a tombstone removes the key. */
    private static Map<String, String> upsertState(String topic) {
        Map<String, String> state = new HashMap<>();
        try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
            for (JsonNode row : reader.rows()) {
                state.put(row.get("user_id").asText(), row.get("last_region").asText() + "," + row.get("events").asLong());
            }
        }
        return state;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    private static Map.Entry<String, String> event(String id, String user, String type, String region, String time,
                                                   long latency, Double revenue) {
        return Map.entry(id, "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"event_type\":\"" + type
                + "\",\"region\":\"" + region + "\",\"event_timestamp\":\"2026-12-03T" + time + ".000Z\",\"latency_ms\":"
                + latency + ",\"revenue\":" + revenue + ",\"late_arrival\":false}");
    }

    private static Map.Entry<String, String> metric(String minute, String type, String region, long count,
                                                    Double revenue) {
        return Map.entry(type, "{\"window_start\":\"2026-12-03T" + minute + ":00.000Z\",\"window_end\":\"2026-12-03T"
                + minute.substring(0, 3) + String.format("%02d", Integer.parseInt(minute.substring(3)) + 1)
                + ":00.000Z\",\"event_type\":\"" + type + "\",\"region\":\"" + region + "\",\"event_count\":" + count
                + ",\"revenue_sum\":" + revenue + "}");
    }

    private static Map.Entry<String, String> tier(String user, String tier, String time) {
        return Map.entry("{\"user_id\":\"" + user + "\"}", "{\"user_id\":\"" + user + "\",\"tier\":\"" + tier
                + "\",\"updated_at\":\"2026-12-03T" + time + ".000Z\"}");
    }
}

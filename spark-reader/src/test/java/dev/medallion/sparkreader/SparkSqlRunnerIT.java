package dev.medallion.sparkreader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analyst SQL over Delta tables written by Spark itself (SqlFixtureWriter): tables registered by name, rows with
 * Spark's types, the files each query's scans read per table (partition pruning and data skipping), and the
 * DESCRIBE DETAIL facts of each table.
 */
class SparkSqlRunnerIT {

    static final String PRUNED = "SELECT event_type, count(*) AS events, sum(latency_ms) AS latency FROM events"
            + " WHERE date = DATE'2024-01-01' AND hour = 10 GROUP BY event_type ORDER BY event_type";
    static final String JOIN = "SELECT count(*) AS slow FROM events e JOIN limits l ON e.event_type = l.event_type"
            + " WHERE e.latency_ms > l.max_latency_ms";
    static final String SUBQUERY = "SELECT event_id FROM events"
            + " WHERE latency_ms = (SELECT max(max_latency_ms) FROM limits WHERE event_type = 'click') + 5";
    static final String SKIPPING = "SELECT event_timestamp, date, hour FROM events WHERE event_id = 'e7'";

    @TempDir
    static Path dir;

    static SqlRun run;

    @BeforeAll
    static void writeWithSparkAndQuery() throws URISyntaxException {
        Path testClasses = Paths.get(
                SparkSqlRunnerIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        SparkProcess.create().withExtraClassPath(testClasses).run("dev.medallion.sparkreader.SqlFixtureWriter",
                List.of(dir.resolve("events").toString(), dir.resolve("limits").toString()));
        Map<String, Path> tables = new LinkedHashMap<>();
        tables.put("events", dir.resolve("events"));
        tables.put("limits", dir.resolve("limits"));
        run = SparkSqlRunner.run(tables, List.of(PRUNED, JOIN, SUBQUERY, SKIPPING));
    }

    @Test
    void describesEachTable() {
        assertThat(run.tables()).containsOnlyKeys("events", "limits");
        SqlTableDetail events = run.table("events");
        assertThat(events.format()).isEqualTo("delta");
        assertThat(events.location()).endsWith("/events");
        assertThat(events.partitionColumns()).containsExactly("date", "hour");
        assertThat(events.properties()).containsEntry("delta.logRetentionDuration", "interval 30 days");
        assertThat(events.numFiles()).as("one file per (date, hour) partition").isEqualTo(4);
        assertThat(events.schema()).extracting(SparkField::name, SparkField::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("event_id", "string"),
                org.assertj.core.groups.Tuple.tuple("event_type", "string"),
                org.assertj.core.groups.Tuple.tuple("latency_ms", "bigint"),
                org.assertj.core.groups.Tuple.tuple("event_timestamp", "timestamp"),
                org.assertj.core.groups.Tuple.tuple("date", "date"),
                org.assertj.core.groups.Tuple.tuple("hour", "int"));
        assertThat(events.columnComments()).containsExactly(Map.entry("event_id", "id the producer gave the event"));
        assertThat(run.table("limits").partitionColumns()).isEmpty();
    }

    @Test
    void aPartitionFilterReadsOnlyThatPartitionsFile() {
        SqlStatementResult result = run.results().get(0);
        assertThat(result.sql()).isEqualTo(PRUNED);
        assertThat(result.columns()).extracting(SparkField::name, SparkField::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("event_type", "string"),
                org.assertj.core.groups.Tuple.tuple("events", "bigint"),
                org.assertj.core.groups.Tuple.tuple("latency", "bigint"));
        // (2024-01-01, 10) holds ids 0, 2, 4: purchase 0, clicks 2 and 4.
        assertThat(result.rows()).containsExactly(
                Map.of("event_type", "click", "events", 2L, "latency", 60L),
                Map.of("event_type", "purchase", "events", 1L, "latency", 0L));
        assertThat(result.filesRead()).containsExactly(Map.entry("events", 1L));
    }

    @Test
    void aJoinCountsTheFilesOfBothTables() {
        SqlStatementResult result = run.results().get(1);
        // Clicks slower than 45 ms: ids 5, 7, 8, 10, 11 (latency 10 * id); no purchase reaches 1000 ms.
        assertThat(result.rows()).containsExactly(Map.of("slow", 5L));
        assertThat(result.filesRead()).containsOnly(Map.entry("events", 4L),
                Map.entry("limits", run.table("limits").numFiles()));
    }

    @Test
    void aScalarSubquerysScanIsCountedToo() {
        SqlStatementResult result = run.results().get(2);
        assertThat(result.rows()).containsExactly(Map.of("event_id", "e5"));
        assertThat(result.filesRead()).containsEntry("limits", run.table("limits").numFiles());
        // The subquery's value is not known when Delta skips files, so every file of events is read.
        assertThat(result.filesRead()).containsEntry("events", 4L);
    }

    @Test
    void dataSkippingOnColumnStatisticsAndSparkTypedValues() {
        SqlStatementResult result = run.results().get(3);
        assertThat(result.columns()).extracting(SparkField::type).containsExactly("timestamp", "date", "int");
        assertThat(result.rows()).containsExactly(
                Map.of("event_timestamp", "2024-01-02T11:00:07Z", "date", "2024-01-02", "hour", 11));
        // Min/max of event_id: e7 lies within (e11, e9) and (e10, e8) only, as strings compare.
        assertThat(result.filesRead()).containsExactly(Map.entry("events", 2L));
        assertThat(result.filesRead("events")).isEqualTo(2L);
        assertThat(result.filesRead("limits")).isZero();
    }

    @Test
    void aFailingStatementIsNamedWithSparksReason() {
        assertThatThrownBy(() -> SparkSqlRunner.run(Map.of("events", dir.resolve("events")),
                List.of("SELECT no_such_column FROM events")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SELECT no_such_column FROM events")
                .hasMessageContaining("UNRESOLVED_COLUMN");
    }

    @Test
    void rejectsATableNameThatIsNoIdentifier() {
        assertThatThrownBy(() -> SparkSqlRunner.run(Map.of("bronze events", dir.resolve("events")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bronze events");
    }
}

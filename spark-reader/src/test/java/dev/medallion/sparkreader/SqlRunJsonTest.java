package dev.medallion.sparkreader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parent-side reading of SqlStatementDumper's JSON: table details, typed rows, files read per table. */
class SqlRunJsonTest {

    private static final String JSON = """
            {"tables":[
               {"name":"bronze_events","format":"delta","location":"file:/lake/bronze/events",
                "partitionColumns":["date","hour"],"properties":{"delta.logRetentionDuration":"interval 30 days"},
                "numFiles":7,
                "schema":[{"name":"event_id","type":"string","nullable":true,"children":[]},
                          {"name":"date","type":"date","nullable":true,"children":[]},
                          {"name":"hour","type":"int","nullable":true,"children":[]}],
                "comments":{"event_id":"id the producer gave the event"}},
               {"name":"gold","format":"delta","location":"file:/lake/gold","partitionColumns":[],"properties":{},
                "numFiles":1,"schema":[],"comments":{}}],
             "results":[
               {"sql":"SELECT ...","columns":[
                   {"name":"region","type":"string","nullable":true,"children":[]},
                   {"name":"n","type":"bigint","nullable":false,"children":[]},
                   {"name":"score","type":"double","nullable":true,"children":[]},
                   {"name":"first","type":"timestamp","nullable":true,"children":[]},
                   {"name":"phrases","type":"array<string>","nullable":true,"children":[
                       {"name":"element","type":"string","nullable":true,"children":[]}]}],
                "rows":[{"region":"eastus","n":3,"score":0.5,"first":"2024-01-15T10:00:00Z","phrases":["a","b"]},
                        {"region":null,"n":1,"score":"NaN","first":null,"phrases":null}],
                "filesRead":{"bronze_events":2,"gold":1}},
               {"sql":"SET x = 1","columns":[],"rows":[],"filesRead":{}}]}
            """;

    @Test
    void readsTablesWithTheirDetail() {
        SqlRun run = SqlRunJson.parse(JSON);
        assertThat(run.tables()).containsOnlyKeys("bronze_events", "gold");
        SqlTableDetail bronze = run.table("bronze_events");
        assertThat(bronze.location()).isEqualTo("file:/lake/bronze/events");
        assertThat(bronze.format()).isEqualTo("delta");
        assertThat(bronze.partitionColumns()).containsExactly("date", "hour");
        assertThat(bronze.properties()).containsExactly(Map.entry("delta.logRetentionDuration", "interval 30 days"));
        assertThat(bronze.numFiles()).isEqualTo(7);
        assertThat(bronze.schema()).containsExactly(new SparkField("event_id", "string", true),
                new SparkField("date", "date", true), new SparkField("hour", "int", true));
        assertThat(bronze.columnComments()).containsExactly(Map.entry("event_id", "id the producer gave the event"));
        assertThatThrownBy(() -> run.table("silver")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("silver").hasMessageContaining("bronze_events");
    }

    @Test
    void readsRowsTypedByTheirColumnsAndFilesReadPerTable() {
        SqlRun run = SqlRunJson.parse(JSON);
        assertThat(run.results()).hasSize(2);
        SqlStatementResult first = run.results().get(0);
        assertThat(first.sql()).isEqualTo("SELECT ...");
        assertThat(first.columns()).extracting(SparkField::name).containsExactly("region", "n", "score", "first",
                "phrases");
        assertThat(first.rows().get(0)).containsExactly(Map.entry("region", "eastus"), Map.entry("n", 3L),
                Map.entry("score", 0.5), Map.entry("first", "2024-01-15T10:00:00Z"),
                Map.entry("phrases", List.of("a", "b")));
        Map<String, Object> nulls = first.rows().get(1);
        assertThat(nulls.keySet()).containsExactly("region", "n", "score", "first", "phrases");
        assertThat(nulls.get("region")).isNull();
        assertThat(nulls.get("n")).isEqualTo(1L);
        assertThat(nulls.get("score")).isEqualTo(Double.NaN);
        assertThat(nulls.get("first")).isNull();
        assertThat(nulls.get("phrases")).isNull();
        assertThat(first.filesRead()).containsExactly(Map.entry("bronze_events", 2L), Map.entry("gold", 1L));
        assertThat(first.filesRead("bronze_events")).isEqualTo(2);
        assertThat(first.filesRead("silver")).as("a table the query did not scan").isZero();
        assertThat(first.column("n")).isEqualTo(Arrays.asList(3L, 1L));

        SqlStatementResult second = run.results().get(1);
        assertThat(second.columns()).isEmpty();
        assertThat(second.rows()).isEmpty();
        assertThat(second.filesRead()).isEmpty();
    }
}

package dev.medallion.sparkreader;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parent-side mapping from the dumper's JSON to Java values, driven by the Spark schema. */
class SnapshotJsonTest {

    private static final String JSON = """
            {"location":"file:/t","version":3,"numFiles":2,"sizeInBytes":100,"minReaderVersion":1,"minWriterVersion":2,
              "partitionColumns":["day"],"tableFeatures":[],"properties":{"delta.checkpointInterval":"10"},
              "transactions":{"app-0":41},
              "schema":[
                  {"name":"id","type":"bigint","nullable":false,"children":[]},
                  {"name":"small","type":"tinyint","nullable":true,"children":[]},
                  {"name":"amount","type":"decimal(10,2)","nullable":true,"children":[]},
                  {"name":"ratio","type":"double","nullable":true,"children":[]},
                  {"name":"f","type":"float","nullable":true,"children":[]},
                  {"name":"tags","type":"array<struct<k:string>>","nullable":true,"children":[
                      {"name":"element","type":"struct<k:string>","nullable":true,"children":[
                          {"name":"k","type":"string","nullable":true,"children":[]}]}]},
                  {"name":"m","type":"map<string,bigint>","nullable":true,"children":[
                      {"name":"key","type":"string","nullable":false,"children":[]},
                      {"name":"value","type":"bigint","nullable":true,"children":[]}]},
                  {"name":"ts","type":"timestamp","nullable":true,"children":[]},
                  {"name":"day","type":"string","nullable":true,"children":[]}],
              "history":[{"version":3,"timestamp":"2024-05-01T00:00:00Z","operation":"WRITE",
                  "operationParameters":{"mode":"Append"},"operationMetrics":{"numOutputRows":"2"},"engineInfo":"x",
                  "transactions":{"app-0":41}}],
              "rowCount":2,
              "rows":[
                  {"id":1,"small":3,"amount":"12.50","ratio":2,"f":"NaN","tags":[{"k":"a"},null],"m":{"x":7},
                    "ts":"2024-05-01T12:00:00.000001Z","day":"2024-05-01"},
                  {"id":2,"small":null,"amount":null,"ratio":null,"f":null,"tags":null,"m":null,"ts":null,"day":null}]}
            """;

    @Test
    void mapsValuesByTheirSparkType() {
        DeltaTableSnapshot s = SnapshotJson.parse(JSON);
        Map<String, Object> row = s.rows().get(0);
        assertThat(row.get("id")).isEqualTo(1L);
        assertThat(row.get("small")).isEqualTo((byte) 3);
        assertThat(row.get("amount")).isEqualTo(new BigDecimal("12.50"));
        assertThat(row.get("ratio")).isEqualTo(2.0d);
        assertThat(row.get("f")).isEqualTo(Float.NaN);
        assertThat(row.get("tags")).isEqualTo(Arrays.asList(Map.of("k", "a"), null));
        assertThat(row.get("m")).isEqualTo(Map.of("x", 7L));
        assertThat(row.get("ts")).isEqualTo("2024-05-01T12:00:00.000001Z");
        assertThat(row.keySet()).containsExactly("id", "small", "amount", "ratio", "f", "tags", "m", "ts", "day");
        assertThat(s.rows().get(1).values()).containsExactly(2L, null, null, null, null, null, null, null, null);
    }

    @Test
    void keepsTableMetadata() {
        DeltaTableSnapshot s = SnapshotJson.parse(JSON);
        assertThat(s.version()).isEqualTo(3);
        assertThat(s.partitionColumns()).containsExactly("day");
        assertThat(s.properties()).containsEntry("delta.checkpointInterval", "10");
        assertThat(s.transactions()).containsExactly(Map.entry("app-0", 41L));
        assertThat(s.history()).containsExactly(new DeltaCommit(3, "2024-05-01T00:00:00Z", "WRITE",
                Map.of("mode", "Append"), Map.of("numOutputRows", "2"), "x", Map.of("app-0", 41L)));
        assertThat(s.field("tags").orElseThrow().child("element").orElseThrow().children())
                .containsExactly(new SparkField("k", "string", true));
        assertThat(s.rowCount()).isEqualTo(2);
        assertThat(s.columnNames()).hasSize(9);
        assertThat(List.of(s.field("m").orElseThrow().isMap(), s.field("tags").orElseThrow().isArray()))
                .containsOnly(true);
    }
}

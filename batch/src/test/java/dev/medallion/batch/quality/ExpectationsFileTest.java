package dev.medallion.batch.quality;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectationsFileTest {
    static ExpectationsFile parse(String yaml) throws Exception {
        return ExpectationsFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void bundledFileParsesWithAVersionAndTheDefaultThreshold() throws Exception {
        ExpectationsFile f = ExpectationsFile.bundled();
        assertThat(f.version()).isPositive();
        assertThat(f.tables()).extracting(ExpectationsFile.TableExpectations::table)
                .contains("silver/events", "bronze/events");
        assertThat(f.tables()).allSatisfy(t -> assertThat(t.threshold()).isEqualTo(0.998));
    }

    @Test
    void readsEveryExpectationType() throws Exception {
        ExpectationsFile f = parse("""
                version: 7
                tables:
                  - table: t
                    date_column: date
                    threshold: 0.9
                    expectations:
                      - {type: not_null, columns: [a, b]}
                      - {type: unique, columns: [a]}
                      - {type: range, column: n, min: 0}
                      - {type: allowed_values, column: c, values: [x, y]}
                      - {type: freshness, column: ts, max_age: 90m}
                      - {type: row_count_drift, max_change: 0.5}
                """);
        assertThat(f.version()).isEqualTo(7);
        assertThat(f.tables().get(0).threshold()).isEqualTo(0.9);
        assertThat(f.tables().get(0).checks()).containsExactly(
                new Expectation.NotNull(List.of("a", "b")), new Expectation.Unique(List.of("a")),
                new Expectation.Range("n", 0.0, null), new Expectation.AllowedValues("c", List.of("x", "y")),
                new Expectation.Freshness("ts", Duration.ofMinutes(90)), new Expectation.RowCountDrift(0.5));
    }

    @Test
    void refusesMistakesWithWhereAndWhat() {
        assertThatThrownBy(() -> parse("tables: []")).hasMessageContaining("version");
        assertThatThrownBy(() -> parse("""
                version: 1
                tables: [{table: t, date_column: d, expectations: [{type: nonull, columns: [a]}]}]
                """)).hasMessageContaining("table t").hasMessageContaining("unknown expectation type 'nonull'");
        assertThatThrownBy(() -> parse("""
                version: 1
                tables: [{table: t, date_column: d, threshold: 2, expectations: [{type: unique, columns: [a]}]}]
                """)).hasMessageContaining("threshold must be a number between 0 and 1");
        assertThatThrownBy(() -> parse("""
                version: 1
                tables: [{table: t, date_column: d, expectations: [{type: range, column: a, min: 5, max: 1}]}]
                """)).hasMessageContaining("min <= max");
    }
}

package dev.medallion.sql.gateway;

import dev.medallion.sql.SqlJobRunner;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStatementsTest {
    private static List<String> statements(Map<String, String> overrides) {
        Map<String, String> variables = new LinkedHashMap<>(SqlJobRunner.DEFAULT_VARIABLES);
        variables.putAll(overrides);
        return SessionStatements.forPipeline(variables);
    }

    @Test
    void registersThePipelinesTablesAndFunctionsButRunsNothing() {
        List<String> statements = statements(Map.of("bootstrap.servers", "kafka:19092", "topic.clean", "silver"));
        assertThat(statements).anyMatch(s -> s.contains("CREATE TABLE events_raw"))
                .anyMatch(s -> s.contains("CREATE TABLE events_clean") && s.contains("'topic' = 'silver'")
                        && s.contains("'properties.bootstrap.servers' = 'kafka:19092'"))
                .anyMatch(s -> s.contains("CREATE TABLE metrics_1m"))
                .anyMatch(s -> s.contains("CREATE TABLE metrics_1h"))
                .anyMatch(s -> s.contains("APPROX_PERCENTILE"))
                .anyMatch(s -> s.contains("ADD WATERMARK FOR event_timestamp"))
                .noneMatch(s -> s.trim().toUpperCase().startsWith("INSERT"))
                .noneMatch(s -> s.trim().toUpperCase().startsWith("SET"));
    }

    @Test
    void analystsNeverReadWithThePipelinesConsumerGroup() {
        String all = String.join("\n", statements(Map.of("group.id", "medallion-quickstart",
                "scan.startup.mode", "group-offsets", "scan.bounded.mode", "latest-offset")));
        assertThat(all).doesNotContain("medallion-quickstart").doesNotContain("group-offsets")
                .doesNotContain("latest-offset")
                .contains("'properties.group.id' = '" + SessionStatements.ANALYST_GROUP_ID + "'")
                .contains("'scan.startup.mode' = 'earliest-offset'");
    }

    @Test
    void followsTheRawFormatOfThePipeline() {
        assertThat(String.join("\n", statements(Map.of("raw.format", "avro-apicurio")))).contains("'format' = 'avro-apicurio'");
    }
}

package dev.medallion.delta.sink.routing;

import dev.medallion.delta.sink.DeltaSinkConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableRouterTest {
    @Test
    void explicitMapWinsOverTheTemplateAndAbsoluteLocationsStayAbsolute() {
        TableRouter router = TableRouter.from(new DeltaSinkConfig(Map.of(
                DeltaSinkConfig.TABLES_ROOT_CONFIG, "abfss://lake@acct.dfs.core.windows.net/lakehouse/",
                DeltaSinkConfig.TABLES_TEMPLATE_CONFIG, "bronze/${topic}",
                DeltaSinkConfig.TABLES_MAP_CONFIG, "events.clean:silver/events, metrics.1m:file:///gold/metrics_1m")));
        assertThat(router.tableFor("events.raw")).isEqualTo("abfss://lake@acct.dfs.core.windows.net/lakehouse/bronze/events.raw");
        assertThat(router.tableFor("events.clean")).isEqualTo("abfss://lake@acct.dfs.core.windows.net/lakehouse/silver/events");
        assertThat(router.tableFor("metrics.1m")).isEqualTo("file:///gold/metrics_1m");
    }

    @Test
    void badRoutesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new DeltaSinkConfig(Map.of(DeltaSinkConfig.TABLES_ROOT_CONFIG, "/x",
                DeltaSinkConfig.TABLES_TEMPLATE_CONFIG, "all-in-one"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("${topic}");
        assertThatThrownBy(() -> new DeltaSinkConfig(Map.of(DeltaSinkConfig.TABLES_ROOT_CONFIG, "/x",
                DeltaSinkConfig.TABLES_MAP_CONFIG, "events.raw"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic:location");
        assertThatThrownBy(() -> new DeltaSinkConfig(Map.of(DeltaSinkConfig.TABLES_ROOT_CONFIG, "/x",
                DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, "{not json"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("JSON struct schema");
    }
}

package dev.medallion.eventhubs.source.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parser knows schemas, not config keys: it says which schema element is wrong with an
 * {@link IllegalArgumentException}; {@link EventHubsSourceConfig} turns that into an error on its key.
 */
class JsonSchemaParserTest {
    @Test
    void parsesStructsWithTimestamps() {
        Schema schema = JsonSchemaParser.parse("{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"string\"},"
                + "{\"field\":\"at\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\"}]}");
        assertThat(schema.field("id").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.field("at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    }

    @Test
    void aBadSchemaIsAnIllegalArgumentNamingTheElementNotAConfigKey() {
        assertThatThrownBy(() -> JsonSchemaParser.parse("{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"strng\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(ConfigException.class)
                .hasMessageContaining("value.id").hasMessageContaining("strng")
                .hasMessageNotContaining(EventHubsSourceConfig.VALUE_JSON_SCHEMA_CONFIG);
        assertThatThrownBy(() -> JsonSchemaParser.parse("{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }
}

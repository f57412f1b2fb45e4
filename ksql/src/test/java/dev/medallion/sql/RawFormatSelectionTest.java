package dev.medallion.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawFormatSelectionTest {
    @Test
    void jsonIsTheDefaultSourceAndAvroApicurioSwapsOnlyTheSourceScript() {
        assertThat(SqlJobRunner.pipeline(SqlJobRunner.DEFAULT_VARIABLES.get("raw.format")))
                .isEqualTo(SqlJobRunner.PIPELINE);
        List<String> avro = SqlJobRunner.pipeline("avro-apicurio");
        assertThat(avro).hasSameSizeAs(SqlJobRunner.PIPELINE)
                .contains("sql/01-source-events-raw-avro-apicurio.sql").doesNotContain("sql/01-source-events-raw.sql");
        for (String resource : avro) {
            assertThat(SqlScript.fromResource(resource).statements(SqlJobRunner.DEFAULT_VARIABLES)).as(resource)
                    .noneMatch(s -> s.contains("${"));
        }
    }

    @Test
    void theAvroSourceTakesTheRegistrySettingsFromVariables() {
        String ddl = SqlScript.fromResource("sql/01-source-events-raw-avro-apicurio.sql")
                .statements(new java.util.HashMap<>(SqlJobRunner.DEFAULT_VARIABLES) {{
                    put("registry.url", "http://r:8080/apis/registry/v2");
                    put("registry.id-encoding", "4-byte");
                    put("registry.use-id", "contentId");
                }}).get(0);
        assertThat(ddl).contains("'format' = 'avro-apicurio'", "'avro-apicurio.url' = 'http://r:8080/apis/registry/v2'",
                "'avro-apicurio.id-encoding' = '4-byte'", "'avro-apicurio.use-id' = 'contentId'");
    }

    @Test
    void anUnknownRawFormatNamesTheChoices() {
        assertThatThrownBy(() -> SqlJobRunner.builder().variable("raw.format", "protobuf").build())
                .hasMessageContaining("protobuf").hasMessageContaining("avro-apicurio").hasMessageContaining("json");
    }
}

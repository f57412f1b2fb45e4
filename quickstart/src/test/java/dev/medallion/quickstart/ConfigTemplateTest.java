package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTemplateTest {
    private final ConfigTemplate template = new ConfigTemplate(Map.of("DATA_DIR", "/tmp/lake $1", "HUB", "events"));

    @Test
    void replacesPlaceholdersLiterally() {
        assertThat(template.render("file://${DATA_DIR}/bronze/${HUB}", "f")).isEqualTo("file:///tmp/lake $1/bronze/events");
    }

    @Test
    void leavesConnectConfigProviderReferencesAndTopicTemplatesAlone() {
        String provider = "${file:/etc/kafka-connect/secrets/eventhubs.properties:connection.string}";
        assertThat(template.render(provider, "f")).isEqualTo(provider);
        assertThat(template.render("eh.${hub}", "f")).isEqualTo("eh.${hub}");
    }

    @Test
    void namesEveryMissingPlaceholderAndTheFile() {
        assertThatThrownBy(() -> template.render("${NOPE} ${ALSO_NOPE} ${HUB}", "local/x.json key k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local/x.json key k")
                .hasMessageContaining("[ALSO_NOPE, NOPE]")
                .hasMessageContaining("DATA_DIR");
    }

    @Test
    void fillsTheSchemaDirectoryInsideADirectoryProviderReferenceAndLeavesTheReferenceToTheWorker() {
        ConfigTemplate schemas = new ConfigTemplate(Map.of("SCHEMA_DIR", "/opt/medallion/connect-configs/schemas"));
        assertThat(schemas.render("${dir:${SCHEMA_DIR}:bronze_events.ddl}", "f"))
                .isEqualTo("${dir:/opt/medallion/connect-configs/schemas:bronze_events.ddl}");
    }

    @Test
    void aSchemaDirectoryIsAbsoluteAndHoldsNothingThatBreaksTheReferenceSyntax() {
        assertThat(ConfigTemplate.providerPath(Path.of("connect-configs/../connect-configs/schemas")))
                .isEqualTo(Path.of("connect-configs/schemas").toAbsolutePath().toString());
        // ${dir:<path>:<file>}: Connect splits at ':' and ends at '}', so such a path would name another file.
        for (String bad : new String[] {"/tmp/a:b/schemas", "/tmp/a}b/schemas", "/tmp/a{b/schemas"}) {
            assertThatThrownBy(() -> ConfigTemplate.providerPath(Path.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad)
                    .hasMessageContaining("move the project");
        }
    }
}

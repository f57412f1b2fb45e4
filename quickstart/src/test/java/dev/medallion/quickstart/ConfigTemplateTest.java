package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

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
}

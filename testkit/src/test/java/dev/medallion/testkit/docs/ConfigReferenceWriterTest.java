package dev.medallion.testkit.docs;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceWriterTest {
    /** A stand-in plugin: only its ConfigDef matters to the writer. */
    public static final class SamplePlugin {
        public ConfigDef config() {
            return new ConfigDef()
                    .define("b.size", ConfigDef.Type.INT, 10, ConfigDef.Range.between(1, 100), ConfigDef.Importance.HIGH,
                            "Batch size | records.", "Batching", 2, ConfigDef.Width.SHORT, "Size")
                    .define("a.mode", ConfigDef.Type.STRING, "fast", ConfigDef.ValidString.in("fast", "slow"),
                            ConfigDef.Importance.MEDIUM, "How to run.", "Batching", 1, ConfigDef.Width.SHORT, "Mode")
                    .define("secret", ConfigDef.Type.PASSWORD, new Password("hunter2"), ConfigDef.Importance.HIGH,
                            "A secret.", "Auth", 1, ConfigDef.Width.LONG, "Secret")
                    .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Target topic.");
        }
    }

    @Test
    void rendersGroupsInOrderWithValidatorsAndHidesPasswordDefaults() {
        String page = ConfigReferenceWriter.render("Sample", List.of(SamplePlugin.class.getName()));

        assertThat(page).startsWith("# Sample\n");
        assertThat(page).contains("## `" + SamplePlugin.class.getName().replace('$', '.') + "`");
        assertThat(page.indexOf("### Batching")).isLessThan(page.indexOf("### Auth"));
        assertThat(page.indexOf("`a.mode`")).isLessThan(page.indexOf("`b.size`"));
        assertThat(page).contains("| `b.size` | int | `10` | [1,...,100] | high | Batch size \\| records. |");
        assertThat(page).contains("| `secret` | password | [hidden] |");
        assertThat(page).doesNotContain("hunter2");
        assertThat(page).contains("| `topic` | string | (required) |");
    }
}

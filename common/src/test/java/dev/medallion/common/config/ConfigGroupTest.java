package dev.medallion.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigGroupTest {

    @Test
    void keysAreNumberedFromOneWithinTheirGroupInTheOrderDefined() {
        ConfigDef def = new ConfigDef();
        ConfigGroup.of(def, "Connection")
                .define("a", ConfigDef.Type.STRING, "x", ConfigDef.Importance.HIGH, "A.", ConfigDef.Width.SHORT, "A")
                .define("b", ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "B.",
                        ConfigDef.Width.SHORT, "B");
        ConfigGroup.of(def, "Sending")
                .define("c", ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW, "C.", ConfigDef.Width.SHORT, "C");

        Map<String, ConfigDef.ConfigKey> keys = def.configKeys();
        assertThat(keys.keySet()).containsExactly("a", "b", "c");
        assertThat(List.of(keys.get("a").group, keys.get("b").group, keys.get("c").group))
                .containsExactly("Connection", "Connection", "Sending");
        assertThat(List.of(keys.get("a").orderInGroup, keys.get("b").orderInGroup, keys.get("c").orderInGroup))
                .containsExactly(1, 2, 1);
        assertThat(def.groups()).containsExactly("Connection", "Sending");
        assertThat(keys.get("b").displayName).isEqualTo("B");
        assertThatThrownBy(() -> def.parse(Map.of("b", "0"))).isInstanceOf(ConfigException.class);
    }
}

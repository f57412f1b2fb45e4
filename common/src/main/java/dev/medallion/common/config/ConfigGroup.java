package dev.medallion.common.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Defines the keys of one group of a {@link ConfigDef}, in order: each key gets the group's name and the next
 * {@code orderInGroup} (1, 2, ... within the group, as Connect's validate answer and config UIs read it), so neither is
 * written out per key. A plugin config opens one per group: {@code ConfigGroup.of(def, "Flushing").define(...)}.
 */
public final class ConfigGroup {
    private final ConfigDef def;
    private final String name;
    private int order;

    private ConfigGroup(ConfigDef def, String name) {
        this.def = def;
        this.name = name;
    }

    /** A group whose keys {@link #define} adds to {@code def}; groups appear in docs in the order they are opened. */
    public static ConfigGroup of(ConfigDef def, String name) {
        return new ConfigGroup(def, name);
    }

    public ConfigGroup define(String key, ConfigDef.Type type, Object defaultValue, ConfigDef.Validator validator,
                              ConfigDef.Importance importance, String doc, ConfigDef.Width width,
                              String displayName) {
        def.define(key, type, defaultValue, validator, importance, doc, name, ++order, width, displayName);
        return this;
    }

    public ConfigGroup define(String key, ConfigDef.Type type, Object defaultValue, ConfigDef.Importance importance,
                              String doc, ConfigDef.Width width, String displayName) {
        def.define(key, type, defaultValue, importance, doc, name, ++order, width, displayName);
        return this;
    }

    /** The ConfigDef the keys go to, to open the next group on or to return. */
    public ConfigDef configDef() {
        return def;
    }
}

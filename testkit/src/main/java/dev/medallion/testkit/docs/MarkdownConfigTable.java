package dev.medallion.testkit.docs;

import org.apache.kafka.common.config.ConfigDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders one {@link ConfigDef} as Markdown: keys grouped as the ConfigDef groups them, in their declared order. */
final class MarkdownConfigTable {
    private MarkdownConfigTable() {
    }

    static String render(String heading, ConfigDef def) {
        Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
        keys.sort((a, b) -> {
            int byGroupOrder = Integer.compare(groupIndex(def, a), groupIndex(def, b));
            return byGroupOrder != 0 ? byGroupOrder : Integer.compare(a.orderInGroup, b.orderInGroup);
        });
        for (ConfigDef.ConfigKey key : keys) {
            byGroup.computeIfAbsent(key.group == null ? "" : key.group, g -> new ArrayList<>()).add(key);
        }
        StringBuilder out = new StringBuilder("## `").append(heading).append("`\n");
        if (keys.isEmpty()) {
            return out.append("\nNo configuration keys.\n").toString();
        }
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : byGroup.entrySet()) {
            if (!group.getKey().isEmpty()) {
                out.append("\n### ").append(group.getKey()).append('\n');
            }
            out.append("\n| Key | Type | Default | Valid values | Importance | Description |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : group.getValue()) {
                out.append("| `").append(key.name).append("` | ")
                        .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(cell(defaultOf(key))).append(" | ")
                        .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
                        .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(cell(key.documentation)).append(" |\n");
            }
        }
        return out.toString();
    }

    private static int groupIndex(ConfigDef def, ConfigDef.ConfigKey key) {
        int index = key.group == null ? -1 : def.groups().indexOf(key.group);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "[hidden]";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text == null || text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }
}

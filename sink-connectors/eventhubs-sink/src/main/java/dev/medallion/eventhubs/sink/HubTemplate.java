package dev.medallion.eventhubs.sink;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names the event hub a topic goes to: an explicit {@code topic:hub} pair when there is one, else the template with
 * {@code ${topic}} replaced by the topic.
 */
final class HubTemplate {
    static final String TOPIC_PLACEHOLDER = "${topic}";
    /** Event Hubs names: letters, digits, '.', '-', '_' (Kafka topic names use the same characters). */
    private static final Pattern HUB_NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");

    private final String template;
    private final Map<String, String> topicToHub;

    HubTemplate(String template, Map<String, String> topicToHub) {
        this.template = template;
        this.topicToHub = Map.copyOf(topicToHub);
    }

    String hubFor(String topic) {
        String mapped = topicToHub.get(topic);
        return mapped != null ? mapped : template.replace(TOPIC_PLACEHOLDER, topic);
    }

    static Map<String, String> parseMap(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ConfigException(EventHubsSinkConfig.HUB_MAP_CONFIG, trimmed,
                        "must be topic:hub pairs separated by commas, e.g. orders:orders-hub,clicks:web");
            }
            String hub = trimmed.substring(colon + 1).trim();
            if (!HUB_NAME.matcher(hub).matches()) {
                throw new ConfigException(EventHubsSinkConfig.HUB_MAP_CONFIG, trimmed,
                        "names a hub with characters other than letters, digits, '.', '-' and '_'");
            }
            if (map.put(trimmed.substring(0, colon).trim(), hub) != null) {
                throw new ConfigException(EventHubsSinkConfig.HUB_MAP_CONFIG, trimmed, "maps a topic twice");
            }
        }
        return map;
    }

    /** Accepts null or a hub name in which only {@code ${topic}} is a placeholder. */
    static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            String probe = value.toString().trim().replace(TOPIC_PLACEHOLDER, "t");
            if (!HUB_NAME.matcher(probe).matches()) {
                throw new ConfigException(name, value, "must be a hub name (letters, digits, '.', '-', '_') in which"
                        + " ${topic} is the only placeholder, e.g. 'events' or 'eh-${topic}'");
            }
        }

        @Override
        public String toString() {
            return "hub name, ${topic} allowed, e.g. eh-${topic}";
        }
    }

    /** Checks {@code topic:hub} pairs. */
    static final class MapValidator implements ConfigDef.Validator {
        @Override
        @SuppressWarnings("unchecked")
        public void ensureValid(String name, Object value) {
            if (value != null) {
                parseMap((List<String>) value);
            }
        }

        @Override
        public String toString() {
            return "topic:hub pairs, e.g. orders:orders-hub,clicks:web";
        }
    }
}

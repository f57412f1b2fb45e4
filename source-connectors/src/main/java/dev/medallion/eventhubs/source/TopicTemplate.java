package dev.medallion.eventhubs.source;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A topic template ({@code kafka.topic}, {@code dlq.topic.name}): replaces {@code ${namespace}}, {@code ${hub}},
 * {@code ${consumerGroup}} and {@code ${partition}}. Resolved once per partition (not per event), since all of them are
 * fixed per partition.
 */
public final class TopicTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private final String key;
    private final String template;

    public TopicTemplate(String template) {
        this(EventHubsSourceConfig.TOPIC_CONFIG, template);
    }

    /** @param key the config key the template comes from, named in error messages */
    public TopicTemplate(String key, String template) {
        this.key = key;
        this.template = template;
    }

    /** The topic for one partition; fails when the result is not a legal Kafka topic name. */
    public String resolve(String namespace, String hub, String consumerGroup, String partition) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "namespace" -> namespace;
                case "hub" -> hub;
                case "consumerGroup" -> consumerGroup;
                case "partition" -> partition;
                default -> throw new ConfigException(key, template,
                        "unknown placeholder ${" + m.group(1) + "}");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String topic = out.toString();
        if (topic.length() > 249 || !LEGAL_TOPIC.matcher(topic).matches()) {
            throw new ConfigException(key, template, "resolves to '" + topic
                    + "', which is not a legal Kafka topic name (letters, digits, '.', '_', '-'; at most 249)");
        }
        return topic;
    }

    @Override
    public String toString() {
        return template;
    }

    /** Checks placeholders and the characters outside them. */
    static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must name a topic, e.g. events.raw or eh.${hub}");
            }
            // Resolve with legal stand-ins: catches unknown placeholders and illegal literal characters.
            new TopicTemplate(name, value.toString()).resolve("ns", "hub", "cg", "0");
        }

        @Override
        public String toString() {
            return "topic name, may use ${namespace}, ${hub}, ${consumerGroup}, ${partition}";
        }
    }
}

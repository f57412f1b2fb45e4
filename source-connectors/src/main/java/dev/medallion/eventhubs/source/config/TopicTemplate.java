package dev.medallion.eventhubs.source.config;


import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A topic template ({@code kafka.topic}, {@code dlq.topic.name}): replaces {@code ${namespace}}, {@code ${hub}},
 * {@code ${consumerGroup}} and {@code ${partition}}. Resolved once per partition (not per event), since all of them are
 * fixed per partition. Knows nothing of config keys: the config reports its errors on the key the template came from.
 */
public final class TopicTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private final String template;

    public TopicTemplate(String template) {
        this.template = template;
    }

    /**
     * The topic for one partition.
     *
     * @throws IllegalArgumentException on an unknown placeholder, or when the result is not a legal Kafka topic name
     */
    public String resolve(String namespace, String hub, String consumerGroup, String partition) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "namespace" -> namespace;
                case "hub" -> hub;
                case "consumerGroup" -> consumerGroup;
                case "partition" -> partition;
                default -> throw new IllegalArgumentException("topic template '" + template
                        + "' has an unknown placeholder ${" + m.group(1) + "}");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String topic = out.toString();
        if (topic.length() > 249 || !LEGAL_TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic template '" + template + "' resolves to '" + topic
                    + "', which is not a legal Kafka topic name (letters, digits, '.', '_', '-'; at most 249)");
        }
        return topic;
    }

    @Override
    public String toString() {
        return template;
    }
}

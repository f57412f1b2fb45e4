package dev.medallion.eventhubs.source.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A topic template knows placeholders and topic names, not the config key it came from. */
class TopicTemplateTest {
    @Test
    void resolvesPlaceholders() {
        assertThat(new TopicTemplate("eh.${namespace}.${hub}.p${partition}").resolve("ns", "orders", "cg", "3"))
                .isEqualTo("eh.ns.orders.p3");
    }

    @Test
    void anUnknownPlaceholderIsAnIllegalArgumentNotAConfigError() {
        assertThatThrownBy(() -> new TopicTemplate("eh.${nope}").resolve("ns", "h", "cg", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(ConfigException.class)
                .hasMessageContaining("${nope}")
                .hasMessageNotContaining(EventHubsSourceConfig.TOPIC_CONFIG);
    }
}

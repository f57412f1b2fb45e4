package dev.medallion.smt.dlq;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The dead-letter keys every rejecting transform shares; each transform's ConfigDef includes them. */
public final class DeadLetterConfig {
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic.name";
    public static final String DLQ_TOPIC_DEFAULT = "events.dlq";
    private static final String DLQ_TOPIC_DOC = "Topic that receives rejected records, unchanged, with headers"
            + " error.reason, error.field, error.stage, error.rule and the original topic/partition/offset (or the"
            + " source partition/offset for source connectors). Create it beforehand or let topic creation do it.";

    public static final String ON_INVALID_CONFIG = "on.invalid";
    public static final String ON_INVALID_DEFAULT = "route";
    private static final String ON_INVALID_DOC = "What happens to a rejected record: 'route' rewrites its topic to"
            + " the dead-letter topic (works for source and sink connectors; the only DLQ a source connector has),"
            + " 'fail' throws a DataException so Connect's error handling decides (for sink connectors with"
            + " errors.tolerance=all and errors.deadletterqueue.topic.name; with errors.tolerance=none the task stops).";

    public static final String GROUP = "Dead letters";

    private DeadLetterConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(DLQ_TOPIC_CONFIG, ConfigDef.Type.STRING, DLQ_TOPIC_DEFAULT,
                        new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, DLQ_TOPIC_DOC,
                        GROUP, 1, ConfigDef.Width.MEDIUM, "Dead-letter topic")
                .define(ON_INVALID_CONFIG, ConfigDef.Type.STRING, ON_INVALID_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in("route", "fail"), ConfigDef.Importance.MEDIUM,
                        ON_INVALID_DOC, GROUP, 2, ConfigDef.Width.SHORT, "On invalid record");
    }

    public static DeadLetterRouter router(AbstractConfig config, String stage) {
        return new DeadLetterRouter(config.getString(DLQ_TOPIC_CONFIG),
                DeadLetterRouter.Mode.parse(config.getString(ON_INVALID_CONFIG)), stage);
    }
}

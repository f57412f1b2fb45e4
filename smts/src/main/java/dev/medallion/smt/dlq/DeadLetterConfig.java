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

    public static final String KNOWN_TOPICS_CONFIG = "dlq.known.topics";
    private static final String KNOWN_TOPICS_DOC = "Further dead-letter topics whose records this transform passes"
            + " through untouched, e.g. the source connector's dlq.topic.name when it does not end in '.dlq'. A record"
            + " counts as already dead-lettered only when it carries error.stage and its topic is a dead-letter topic"
            + " (dlq.topic.name of any transform of this plugin in the worker, a name listed here, or a name ending in"
            + " '.dlq'): an event can forge headers but not choose its topic.";

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
                        ON_INVALID_DOC, GROUP, 2, ConfigDef.Width.SHORT, "On invalid record")
                .define(KNOWN_TOPICS_CONFIG, ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW, KNOWN_TOPICS_DOC,
                        GROUP, 3, ConfigDef.Width.LONG, "Other dead-letter topics");
    }

    public static DeadLetterRouter router(AbstractConfig config, String stage) {
        DeadLetterTopics.register(config.getList(KNOWN_TOPICS_CONFIG));
        return new DeadLetterRouter(config.getString(DLQ_TOPIC_CONFIG),
                DeadLetterRouter.Mode.parse(config.getString(ON_INVALID_CONFIG)), stage);
    }
}

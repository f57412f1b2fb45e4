package dev.medallion.eventhubs.source;

/**
 * Names of the headers a dead-letter record carries, the same vocabulary as the smts module's Validate and ParseJson
 * transforms (kept as constants here because a connector plugin does not depend on the transforms plugin), so one
 * consumer of the dead-letter topics understands both.
 */
final class DeadLetterHeaders {
    static final String REASON = "error.reason";
    static final String STAGE = "error.stage";
    static final String FIELD = "error.field";
    static final String ORIGINAL_TOPIC = "error.original.topic";
    /** {@code error.stage} of events the source connector itself could not read. */
    static final String STAGE_SOURCE = "source";

    private DeadLetterHeaders() {
    }
}

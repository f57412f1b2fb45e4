package dev.medallion.common;

/**
 * Names of the headers a dead-letter record carries, written by the source connector and by the transforms alike, so
 * one consumer of the dead-letter topics understands all of them. They are a contract with whoever reads those topics:
 * the values never change.
 */
public final class DeadLetterHeaders {
    /** What is wrong with the record, for an operator. */
    public static final String REASON = "error.reason";
    /** Where it was rejected: {@link #STAGE_SOURCE}, or a transform's stage ({@code parse}, {@code validate}, ...). */
    public static final String STAGE = "error.stage";
    /** The field at fault, when one is. */
    public static final String FIELD = "error.field";
    /** The rule that failed (Validate), e.g. {@code amount.range}. */
    public static final String RULE = "error.rule";
    /** Every rule that failed (Validate). */
    public static final String VIOLATIONS = "error.violations";
    public static final String ORIGINAL_TOPIC = "error.original.topic";
    /** Kafka partition and offset of a sink record. */
    public static final String ORIGINAL_PARTITION = "error.original.partition";
    public static final String ORIGINAL_OFFSET = "error.original.offset";
    /** Source partition and offset of a source record (the connector's own, e.g. an Event Hubs partition). */
    public static final String SOURCE_PARTITION = "error.source.partition";
    public static final String SOURCE_OFFSET = "error.source.offset";
    /** {@link #STAGE} of events a source connector itself could not read. */
    public static final String STAGE_SOURCE = "source";

    private DeadLetterHeaders() {
    }
}

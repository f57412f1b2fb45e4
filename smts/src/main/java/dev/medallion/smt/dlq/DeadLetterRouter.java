package dev.medallion.smt.dlq;

import dev.medallion.common.DeadLetterHeaders;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Locale;

/**
 * Sends a record the pipeline cannot accept to the dead-letter topic, unchanged, with the reason in headers. Connect's
 * own dead-letter queue only serves sink connectors; for source connectors this is the only way to keep a bad record:
 * the transform rewrites the record's topic, so the worker's producer writes it to the DLQ topic instead (and, with
 * exactly-once source, in the same transaction as the source offsets). Mode {@code fail} throws a
 * {@link DataException} instead, for sink connectors that use Connect's {@code errors.deadletterqueue.topic.name}.
 */
public final class DeadLetterRouter {
    // The names live in medallion-common, shared with the source connector; these aliases keep this class's API.
    public static final String REASON_HEADER = DeadLetterHeaders.REASON;
    public static final String FIELD_HEADER = DeadLetterHeaders.FIELD;
    public static final String STAGE_HEADER = DeadLetterHeaders.STAGE;
    public static final String RULE_HEADER = DeadLetterHeaders.RULE;
    public static final String ORIGINAL_TOPIC_HEADER = DeadLetterHeaders.ORIGINAL_TOPIC;
    public static final String ORIGINAL_PARTITION_HEADER = DeadLetterHeaders.ORIGINAL_PARTITION;
    public static final String ORIGINAL_OFFSET_HEADER = DeadLetterHeaders.ORIGINAL_OFFSET;
    public static final String SOURCE_PARTITION_HEADER = DeadLetterHeaders.SOURCE_PARTITION;
    public static final String SOURCE_OFFSET_HEADER = DeadLetterHeaders.SOURCE_OFFSET;
    /** The headers a routed record's reason is read from; copies an event brought along are dropped first. */
    private static final List<String> OWN_HEADERS = List.of(REASON_HEADER, FIELD_HEADER, STAGE_HEADER, RULE_HEADER,
            ORIGINAL_TOPIC_HEADER, ORIGINAL_PARTITION_HEADER, ORIGINAL_OFFSET_HEADER, SOURCE_PARTITION_HEADER,
            SOURCE_OFFSET_HEADER);

    /** What to do with an invalid record. */
    public enum Mode {
        ROUTE, FAIL;

        public static Mode parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final String topic;
    private final Mode mode;
    private final String stage;

    /**
     * @param topic the dead-letter topic
     * @param mode  route (rewrite the topic) or fail (throw for Connect's sink DLQ)
     * @param stage name written to {@code error.stage}, e.g. {@code validate}
     */
    public DeadLetterRouter(String topic, Mode mode, String stage) {
        this.topic = topic;
        this.mode = mode;
        this.stage = stage;
        if (mode == Mode.ROUTE) {
            DeadLetterTopics.register(List.of(topic));
        }
    }

    /**
     * True when an earlier stage already sent this record to a dead-letter topic; later stages leave it alone. Both
     * the {@code error.stage} header and a dead-letter topic ({@link DeadLetterTopics}) are needed: an event can bring
     * any header along as an application property, but only routing puts it on a dead-letter topic.
     */
    public static boolean isDeadLetter(ConnectRecord<?> record) {
        return record.headers().lastWithName(STAGE_HEADER) != null && DeadLetterTopics.contains(record.topic());
    }

    public <R extends ConnectRecord<R>> R route(R record, String field, String rule, String reason) {
        if (mode == Mode.FAIL) {
            throw new DataException(stage + " rejected record from topic " + record.topic() + " partition "
                    + record.kafkaPartition() + (field == null ? "" : ", field '" + field + "'") + ": " + reason);
        }
        Headers headers = record.headers().duplicate();
        for (String name : OWN_HEADERS) {
            headers.remove(name);
        }
        headers.addString(REASON_HEADER, reason);
        headers.addString(STAGE_HEADER, stage);
        if (field != null) {
            headers.addString(FIELD_HEADER, field);
        }
        if (rule != null) {
            headers.addString(RULE_HEADER, rule);
        }
        if (record.topic() != null) {
            headers.addString(ORIGINAL_TOPIC_HEADER, record.topic());
        }
        if (record.kafkaPartition() != null) {
            headers.addInt(ORIGINAL_PARTITION_HEADER, record.kafkaPartition());
        }
        if (record instanceof SinkRecord sink) {
            headers.addLong(ORIGINAL_OFFSET_HEADER, sink.kafkaOffset());
        } else if (record instanceof SourceRecord source) {
            if (source.sourcePartition() != null) {
                headers.addString(SOURCE_PARTITION_HEADER, source.sourcePartition().toString());
            }
            if (source.sourceOffset() != null) {
                headers.addString(SOURCE_OFFSET_HEADER, source.sourceOffset().toString());
            }
        }
        // Source records: partition null, the DLQ topic may have fewer partitions; let the producer choose. Sink
        // records must keep theirs (it identifies the consumed partition for offset commits).
        Integer partition = record instanceof SinkRecord ? record.kafkaPartition() : null;
        return record.newRecord(topic, partition, record.keySchema(), record.key(), record.valueSchema(), record.value(),
                record.timestamp(), headers);
    }

    public String topic() {
        return topic;
    }

    public Mode mode() {
        return mode;
    }
}

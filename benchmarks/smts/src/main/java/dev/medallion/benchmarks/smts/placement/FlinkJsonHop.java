package dev.medallion.benchmarks.smts.placement;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonParserRowDataDeserializationSchema;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming SQL job's per-record work that depends on whether events carry their enrichment, done with Flink's own
 * classes: the {@code 'format' = 'json'} decoder Flink 2.2 uses by default ({@link JsonParserRowDataDeserializationSchema},
 * {@code decode.json-parser.enabled=true}) on {@code events.raw}, the keyed exchange in front of the dedupe operator
 * ({@link RowDataSerializer} out and back, as a network edge does), the projection to the {@code events.clean} row and
 * its JSON encoder ({@link JsonRowDataSerializationSchema}, ISO-8601 timestamps, nulls written). The row types are what
 * the SQL would declare: the raw event (issue #12 spec), plus, when the enrichment is carried, the source's nested
 * {@code enrichment} ROW in and the silver table's flat columns out.
 */
final class FlinkJsonHop {
    private static final int ENRICHMENT = 10;

    private final boolean carriesEnrichment;
    private final JsonParserRowDataDeserializationSchema rawDecoder;
    private final RowDataSerializer exchange;
    private final JsonRowDataSerializationSchema cleanEncoder;
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();

    FlinkJsonHop(boolean carriesEnrichment) {
        this.carriesEnrichment = carriesEnrichment;
        RowType raw = rawRowType(carriesEnrichment);
        rawDecoder = new JsonParserRowDataDeserializationSchema(raw, InternalTypeInfo.of(raw),
                false, false, TimestampFormat.ISO_8601);
        exchange = new RowDataSerializer(raw);
        cleanEncoder = new JsonRowDataSerializationSchema(cleanRowType(carriesEnrichment), TimestampFormat.ISO_8601,
                JsonFormatOptions.MapNullKeyMode.FAIL, "null", false, false);
        try {
            // Both ignore the context: open() only builds their ObjectMapper.
            rawDecoder.open(null);
            cleanEncoder.open(null);
        } catch (Exception e) {
            throw new IllegalStateException("Flink JSON format did not open", e);
        }
    }

    /** events.raw as {@code 01-source-events-raw.sql} declares it (plus the enrichment ROW when carried). */
    static RowType rawRowType(boolean carriesEnrichment) {
        List<DataTypes.Field> fields = new ArrayList<>(List.of(
                DataTypes.FIELD("event_id", DataTypes.STRING()),
                DataTypes.FIELD("event_type", DataTypes.STRING()),
                DataTypes.FIELD("user_id", DataTypes.STRING()),
                DataTypes.FIELD("region", DataTypes.STRING()),
                DataTypes.FIELD("event_time", DataTypes.BIGINT()),
                DataTypes.FIELD("revenue", DataTypes.DOUBLE()),
                DataTypes.FIELD("latency_ms", DataTypes.BIGINT()),
                DataTypes.FIELD("response_time_ms", DataTypes.BIGINT()),
                DataTypes.FIELD("processing_time_ms", DataTypes.BIGINT()),
                DataTypes.FIELD("text", DataTypes.STRING())));
        if (carriesEnrichment) {
            fields.add(DataTypes.FIELD("enrichment", DataTypes.ROW(
                    DataTypes.FIELD("status", DataTypes.STRING()),
                    DataTypes.FIELD("engine", DataTypes.STRING()),
                    DataTypes.FIELD("sentiment", DataTypes.STRING()),
                    DataTypes.FIELD("sentiment_score", DataTypes.DOUBLE()),
                    DataTypes.FIELD("language", DataTypes.STRING()),
                    DataTypes.FIELD("language_confidence", DataTypes.DOUBLE()),
                    DataTypes.FIELD("entities", entities()),
                    DataTypes.FIELD("key_phrases", DataTypes.ARRAY(DataTypes.STRING())),
                    DataTypes.FIELD("error", DataTypes.STRING()))));
        }
        return (RowType) DataTypes.ROW(fields).getLogicalType();
    }

    /** events.clean as the spec fixes it (plus the silver table's flat enrichment columns when carried). */
    static RowType cleanRowType(boolean carriesEnrichment) {
        List<DataTypes.Field> fields = new ArrayList<>(List.of(
                DataTypes.FIELD("event_id", DataTypes.STRING()),
                DataTypes.FIELD("event_type", DataTypes.STRING()),
                DataTypes.FIELD("user_id", DataTypes.STRING()),
                DataTypes.FIELD("region", DataTypes.STRING()),
                DataTypes.FIELD("event_timestamp", DataTypes.TIMESTAMP_LTZ(3)),
                DataTypes.FIELD("revenue", DataTypes.DOUBLE()),
                DataTypes.FIELD("latency_ms", DataTypes.BIGINT()),
                DataTypes.FIELD("response_time_ms", DataTypes.BIGINT()),
                DataTypes.FIELD("processing_time_ms", DataTypes.BIGINT()),
                DataTypes.FIELD("text", DataTypes.STRING()),
                DataTypes.FIELD("late_arrival", DataTypes.BOOLEAN()),
                DataTypes.FIELD("processed_timestamp", DataTypes.TIMESTAMP_LTZ(3))));
        if (carriesEnrichment) {
            fields.addAll(List.of(
                    DataTypes.FIELD("sentiment", DataTypes.STRING()),
                    DataTypes.FIELD("sentiment_score", DataTypes.DOUBLE()),
                    DataTypes.FIELD("language", DataTypes.STRING()),
                    DataTypes.FIELD("language_confidence", DataTypes.DOUBLE()),
                    DataTypes.FIELD("entities", entities()),
                    DataTypes.FIELD("key_phrases", DataTypes.ARRAY(DataTypes.STRING())),
                    DataTypes.FIELD("enrichment_status", DataTypes.STRING()),
                    DataTypes.FIELD("enrichment_engine", DataTypes.STRING()),
                    DataTypes.FIELD("enrichment_error", DataTypes.STRING())));
        }
        return (RowType) DataTypes.ROW(fields).getLogicalType();
    }

    private static org.apache.flink.table.types.DataType entities() {
        return DataTypes.ARRAY(DataTypes.ROW(
                DataTypes.FIELD("text", DataTypes.STRING()),
                DataTypes.FIELD("category", DataTypes.STRING()),
                DataTypes.FIELD("offset", DataTypes.BIGINT())));
    }

    /** The Kafka source's decoding of one events.raw value. */
    RowData read(byte[] json) {
        try {
            return rawDecoder.deserialize(json);
        } catch (IOException e) {
            throw new UncheckedIOException("events.raw value Flink cannot decode", e);
        }
    }

    /** The keyed (hash) exchange in front of the dedupe operator: a network edge even at parallelism 1. */
    RowData exchange(RowData row) {
        try {
            out.clear();
            exchange.serialize(row, out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            return exchange.deserialize(in);
        } catch (IOException e) {
            throw new UncheckedIOException("row did not pass the exchange", e);
        }
    }

    /** The SELECT into events_clean and its JSON encoding, for a distinct event. */
    byte[] writeClean(RowData raw, boolean lateArrival, TimestampData processedAt) {
        GenericRowData clean = new GenericRowData(carriesEnrichment ? 21 : 12);
        clean.setField(0, string(raw, 0));
        clean.setField(1, string(raw, 1));
        clean.setField(2, string(raw, 2));
        clean.setField(3, string(raw, 3));
        clean.setField(4, raw.isNullAt(4) ? null : TimestampData.fromEpochMillis(raw.getLong(4)));
        clean.setField(5, raw.isNullAt(5) ? null : raw.getDouble(5));
        clean.setField(6, raw.isNullAt(6) ? null : raw.getLong(6));
        clean.setField(7, raw.isNullAt(7) ? null : raw.getLong(7));
        clean.setField(8, raw.isNullAt(8) ? null : raw.getLong(8));
        clean.setField(9, string(raw, 9));
        clean.setField(10, lateArrival);
        clean.setField(11, processedAt);
        if (carriesEnrichment && !raw.isNullAt(ENRICHMENT)) {
            // enrichment.sentiment AS sentiment, ...: the SQL flattens the carried struct into silver's columns.
            RowData e = raw.getRow(ENRICHMENT, 9);
            clean.setField(12, string(e, 2));
            clean.setField(13, e.isNullAt(3) ? null : e.getDouble(3));
            clean.setField(14, string(e, 4));
            clean.setField(15, e.isNullAt(5) ? null : e.getDouble(5));
            clean.setField(16, e.isNullAt(6) ? null : e.getArray(6));
            clean.setField(17, e.isNullAt(7) ? null : e.getArray(7));
            clean.setField(18, string(e, 0));
            clean.setField(19, string(e, 1));
            clean.setField(20, string(e, 8));
        }
        return cleanEncoder.serialize(clean);
    }

    /** A binary row answers an empty string for a null field: check first, as Flink's generated code does. */
    private static StringData string(RowData row, int pos) {
        return row.isNullAt(pos) ? null : row.getString(pos);
    }
}

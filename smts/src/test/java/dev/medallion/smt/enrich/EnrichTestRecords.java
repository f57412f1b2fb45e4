package dev.medallion.smt.enrich;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/** The source records the Enrich tests feed the transform, and the status header it answers with. */
final class EnrichTestRecords {
    private EnrichTestRecords() {
    }

    static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(Map.of(), Map.of(), "events.raw", 0, null, null, schema, value, 5L);
    }

    static String status(SourceRecord r) {
        return String.valueOf(r.headers().lastWithName("enrichment.status").value());
    }
}

package dev.medallion.benchmarks.smts.placement;

import dev.medallion.smt.enrich.Enrich;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hops of the pipeline whose per-record cost depends on where enrichment runs, for one {@link Placement}, each
 * with the component that does it in production: Enrich (offline engine, en/de/fr, nested layout), Connect's
 * JsonConverter and SimpleHeaderConverter, Flink's JSON format and row serializer. {@link #run} pushes one
 * {@link EventStream} through all hops in order, each hop consuming what the previous produced, and measures each
 * hop's CPU time on the calling thread.
 */
public final class PlacementPipeline implements AutoCloseable {
    /** The hops, in pipeline order; a hop a placement does not have costs it nothing. */
    public enum Hop {
        SOURCE_ENRICH("source: Enrich (every valid record, duplicates too)"),
        SOURCE_SERIALISE("source: JsonConverter -> events.raw (+ header)"),
        BRONZE_DESERIALISE("bronze sink: JsonConverter <- events.raw (+ header)"),
        FLINK_DECODE("Flink: JSON format <- events.raw"),
        FLINK_EXCHANGE("Flink: keyed exchange (RowDataSerializer)"),
        FLINK_ENCODE("Flink: project + JSON format -> events.clean (distinct)"),
        SILVER_DESERIALISE("silver sink: JsonConverter <- events.clean"),
        SILVER_ENRICH("silver sink: Enrich (distinct events only)");

        public final String label;

        Hop(String label) {
            this.label = label;
        }
    }

    /** What one {@link #run} cost and produced. */
    public static final class RoundResult {
        public final long[] cpuNanos = new long[Hop.values().length];
        public final int distinct;
        public long rawBytes;
        public long rawHeaderBytes;
        public int rawRecords;
        public long cleanBytes;
        public int cleanRecords;
        public int enriched;
        /** The silver sink's record values after its transforms (what the Delta writer gets). */
        public final List<Map<?, ?>> silverValues;

        RoundResult(int distinct) {
            this.distinct = distinct;
            this.silverValues = new ArrayList<>(distinct);
        }

        public long totalNanos() {
            long sum = 0;
            for (long n : cpuNanos) {
                sum += n;
            }
            return sum;
        }

        /** CPU microseconds per distinct valid event. */
        public double microsPerDistinct(Hop hop) {
            return cpuNanos[hop.ordinal()] / 1e3 / distinct;
        }

        public double totalMicrosPerDistinct() {
            return totalNanos() / 1e3 / distinct;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String RAW = "events.raw";
    private static final String CLEAN = "events.clean";

    private final Placement placement;
    private final Enrich<SourceRecord> sourceEnrich;
    private final Enrich<SinkRecord> silverEnrich;
    private final JsonConverter sourceConverter = schemaless();
    private final JsonConverter bronzeConverter = schemaless();
    private final JsonConverter silverConverter = schemaless();
    private final SimpleHeaderConverter sourceHeaders = new SimpleHeaderConverter();
    private final SimpleHeaderConverter bronzeHeaders = new SimpleHeaderConverter();
    private final FlinkJsonHop flink;
    private int blackhole;

    public PlacementPipeline(Placement placement) {
        this.placement = placement;
        boolean atSource = placement == Placement.SOURCE_CARRIED;
        sourceEnrich = atSource ? enrich() : null;
        silverEnrich = atSource ? null : enrich();
        flink = new FlinkJsonHop(atSource);
        sourceHeaders.configure(Map.of());
        bronzeHeaders.configure(Map.of());
    }

    /** Enrich as the shipped source chain configures it (connect-configs/local/eventhubs-source.json). */
    private static <R extends org.apache.kafka.connect.connector.ConnectRecord<R>> Enrich<R> enrich() {
        Enrich<R> enrich = new Enrich<>();
        enrich.configure(Map.of("text.field", "text", "output.field", "enrichment", "engine", "offline",
                "offline.languages", "en,de,fr"));
        return enrich;
    }

    private static JsonConverter schemaless() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }

    public Placement placement() {
        return placement;
    }

    /** Pushes {@code stream} through every hop; keeps the silver values only when {@code keepSilver}. */
    public RoundResult run(EventStream stream, boolean keepSilver) {
        RoundResult r = new RoundResult(stream.distinctCount);
        int n = stream.valid();
        int h = 0;

        // Source task: Validate has passed these (same in both placements, not measured); Enrich in A only.
        List<SourceRecord> source = new ArrayList<>(n);
        for (Map<String, Object> value : stream.values) {
            source.add(new SourceRecord(Map.of("p", 0), Map.of("o", 0L), RAW, 0, null, null, null, value));
        }
        long t = cpu();
        if (sourceEnrich != null) {
            for (int i = 0; i < n; i++) {
                source.set(i, sourceEnrich.apply(source.get(i)));
            }
            r.enriched += n;
            t = lap(r, Hop.SOURCE_ENRICH, t);
        }

        // Worker: value and headers to bytes for events.raw.
        byte[][] raw = new byte[n][];
        byte[][][] rawHeaders = new byte[n][][];
        for (int i = 0; i < n; i++) {
            SourceRecord rec = source.get(i);
            raw[i] = sourceConverter.fromConnectData(RAW, rec.valueSchema(), rec.value());
            rawHeaders[i] = headerBytes(rec);
        }
        t = lap(r, Hop.SOURCE_SERIALISE, t);
        for (int i = 0; i < n; i++) {
            r.rawBytes += raw[i].length;
            for (byte[] b : rawHeaders[i]) {
                r.rawHeaderBytes += b.length;
            }
        }
        r.rawRecords = n;

        // Bronze sink worker: bytes back to a Connect value (its transforms are the same in both placements).
        t = cpu();
        for (int i = 0; i < n; i++) {
            SchemaAndValue v = bronzeConverter.toConnectData(RAW, raw[i]);
            h += System.identityHashCode(v.value());
            for (byte[] b : rawHeaders[i]) {
                h += System.identityHashCode(bronzeHeaders.toConnectHeader(RAW, Enrich.STATUS_HEADER, b).value());
            }
        }
        t = lap(r, Hop.BRONZE_DESERIALISE, t);

        // Flink job: decode every record, send it through the keyed exchange, encode the distinct ones.
        RowData[] rows = new RowData[n];
        for (int i = 0; i < n; i++) {
            rows[i] = flink.read(raw[i]);
        }
        t = lap(r, Hop.FLINK_DECODE, t);
        for (int i = 0; i < n; i++) {
            rows[i] = flink.exchange(rows[i]);
        }
        t = lap(r, Hop.FLINK_EXCHANGE, t);
        TimestampData processedAt = TimestampData.fromEpochMillis(System.currentTimeMillis());
        byte[][] clean = new byte[stream.distinctCount][];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (stream.distinct[i]) {
                clean[c++] = flink.writeClean(rows[i], stream.late[i], processedAt);
            }
        }
        t = lap(r, Hop.FLINK_ENCODE, t);
        for (byte[] b : clean) {
            r.cleanBytes += b.length;
        }
        r.cleanRecords = c;

        // Silver sink worker: bytes to a Connect value; then Enrich in B only (FlagAnomaly is the same in both).
        List<SinkRecord> silver = new ArrayList<>(c);
        t = cpu();
        for (int i = 0; i < c; i++) {
            SchemaAndValue v = silverConverter.toConnectData(CLEAN, clean[i]);
            silver.add(new SinkRecord(CLEAN, 0, null, null, v.schema(), v.value(), i, 0L,
                    TimestampType.CREATE_TIME));
        }
        t = lap(r, Hop.SILVER_DESERIALISE, t);
        if (silverEnrich != null) {
            for (int i = 0; i < c; i++) {
                silver.set(i, silverEnrich.apply(silver.get(i)));
            }
            r.enriched += c;
            lap(r, Hop.SILVER_ENRICH, t);
        }

        if (keepSilver) {
            for (SinkRecord rec : silver) {
                r.silverValues.add((Map<?, ?>) rec.value());
            }
        }
        for (SinkRecord rec : silver) {
            h += System.identityHashCode(rec.value());
        }
        blackhole += h;
        return r;
    }

    /** Only the headers Enrich adds differ between placements; the others are the same bytes in both. */
    private byte[][] headerBytes(SourceRecord rec) {
        List<byte[]> out = new ArrayList<>(2);
        for (Header header : rec.headers()) {
            out.add(sourceHeaders.fromConnectHeader(RAW, header.key(), header.schema(), header.value()));
        }
        return out.toArray(new byte[0][]);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static long lap(RoundResult r, Hop hop, long start) {
        long now = cpu();
        r.cpuNanos[hop.ordinal()] += now - start;
        return now;
    }

    /** Keeps the JIT from dropping results nobody reads. */
    public int blackhole() {
        return blackhole;
    }

    @Override
    public void close() {
        if (sourceEnrich != null) {
            sourceEnrich.close();
        }
        if (silverEnrich != null) {
            silverEnrich.close();
        }
    }
}

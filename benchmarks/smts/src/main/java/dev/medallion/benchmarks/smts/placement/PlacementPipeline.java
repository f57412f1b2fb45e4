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
 * JsonConverter and SimpleHeaderConverter, Flink's JSON format and row serializer. {@link #run} (or a {@link Round},
 * one hop at a time) pushes one {@link EventStream} through all hops in order, each hop consuming what the previous
 * produced, and measures each hop's CPU time on the calling thread.
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
        Round round = start(stream);
        for (Hop hop : Hop.values()) {
            round.step(hop);
        }
        return round.finish(keepSilver);
    }

    /**
     * A round taken one hop at a time, so that two placements can run the same hop back to back and a change of the
     * machine's load falls on both (a shared 2-core machine's speed swings within seconds).
     */
    public Round start(EventStream stream) {
        return new Round(stream);
    }

    /** One stream's way through the hops; each {@link #step} consumes what the previous one produced. */
    public final class Round {
        private final EventStream stream;
        private final RoundResult r;
        private final int n;
        private final List<SourceRecord> source;
        private final byte[][] raw;
        private final byte[][][] rawHeaders;
        private final RowData[] rows;
        private final byte[][] clean;
        private final List<SinkRecord> silver;
        private int h;

        private Round(EventStream stream) {
            this.stream = stream;
            r = new RoundResult(stream.distinctCount);
            n = stream.valid();
            // Source task: Validate has passed these (same in both placements, not measured).
            source = new ArrayList<>(n);
            for (Map<String, Object> value : stream.values) {
                source.add(new SourceRecord(Map.of("p", 0), Map.of("o", 0L), RAW, 0, null, null, null, value));
            }
            raw = new byte[n][];
            rawHeaders = new byte[n][][];
            rows = new RowData[n];
            clean = new byte[stream.distinctCount][];
            silver = new ArrayList<>(stream.distinctCount);
        }

        /** Runs one hop over the whole stream and adds its CPU time; a hop this placement lacks costs nothing. */
        public void step(Hop hop) {
            long t = cpu();
            boolean ran = switch (hop) {
                case SOURCE_ENRICH -> sourceEnrich();
                case SOURCE_SERIALISE -> sourceSerialise();
                case BRONZE_DESERIALISE -> bronzeDeserialise();
                case FLINK_DECODE -> flinkDecode();
                case FLINK_EXCHANGE -> flinkExchange();
                case FLINK_ENCODE -> flinkEncode();
                case SILVER_DESERIALISE -> silverDeserialise();
                case SILVER_ENRICH -> silverEnrich();
            };
            if (ran) {
                r.cpuNanos[hop.ordinal()] += cpu() - t;
            }
        }

        private boolean sourceEnrich() {
            if (sourceEnrich == null) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                source.set(i, sourceEnrich.apply(source.get(i)));
            }
            r.enriched += n;
            return true;
        }

        /** The source worker: value and headers to bytes for events.raw. */
        private boolean sourceSerialise() {
            for (int i = 0; i < n; i++) {
                SourceRecord rec = source.get(i);
                raw[i] = sourceConverter.fromConnectData(RAW, rec.valueSchema(), rec.value());
                rawHeaders[i] = headerBytes(rec);
            }
            return true;
        }

        /** The bronze sink worker: bytes back to a Connect value (its transforms are the same in both placements). */
        private boolean bronzeDeserialise() {
            for (int i = 0; i < n; i++) {
                SchemaAndValue v = bronzeConverter.toConnectData(RAW, raw[i]);
                h += System.identityHashCode(v.value());
                for (byte[] b : rawHeaders[i]) {
                    h += System.identityHashCode(bronzeHeaders.toConnectHeader(RAW, Enrich.STATUS_HEADER, b).value());
                }
            }
            return true;
        }

        private boolean flinkDecode() {
            for (int i = 0; i < n; i++) {
                rows[i] = flink.read(raw[i]);
            }
            return true;
        }

        private boolean flinkExchange() {
            for (int i = 0; i < n; i++) {
                rows[i] = flink.exchange(rows[i]);
            }
            return true;
        }

        /** Only the first copy of an (event_id, event_time) leaves the dedupe. */
        private boolean flinkEncode() {
            TimestampData processedAt = TimestampData.fromEpochMillis(System.currentTimeMillis());
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (stream.distinct[i]) {
                    clean[c++] = flink.writeClean(rows[i], stream.late[i], processedAt);
                }
            }
            return true;
        }

        private boolean silverDeserialise() {
            for (int i = 0; i < clean.length; i++) {
                SchemaAndValue v = silverConverter.toConnectData(CLEAN, clean[i]);
                silver.add(new SinkRecord(CLEAN, 0, null, null, v.schema(), v.value(), i, 0L,
                        TimestampType.CREATE_TIME));
            }
            return true;
        }

        /** FlagAnomaly runs before it in the silver chain in both placements: not measured. */
        private boolean silverEnrich() {
            if (silverEnrich == null) {
                return false;
            }
            for (int i = 0; i < silver.size(); i++) {
                silver.set(i, silverEnrich.apply(silver.get(i)));
            }
            r.enriched += silver.size();
            return true;
        }

        /** Counts the bytes on each topic; call after every hop ran. */
        public RoundResult finish(boolean keepSilver) {
            for (int i = 0; i < n; i++) {
                r.rawBytes += raw[i].length;
                for (byte[] b : rawHeaders[i]) {
                    r.rawHeaderBytes += b.length;
                }
            }
            r.rawRecords = n;
            for (byte[] b : clean) {
                r.cleanBytes += b.length;
            }
            r.cleanRecords = silver.size();
            for (SinkRecord rec : silver) {
                h += System.identityHashCode(rec.value());
                if (keepSilver) {
                    r.silverValues.add((Map<?, ?>) rec.value());
                }
            }
            blackhole += h;
            return r;
        }
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

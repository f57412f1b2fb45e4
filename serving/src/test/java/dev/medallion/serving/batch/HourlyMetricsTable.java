package dev.medallion.serving.batch;

import com.tdunning.math.stats.MergingDigest;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultRowBasedColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test stand-in for the batch layer's hourly job: writes {@code gold/hourly_metrics} with Delta Kernel in the
 * wave-spec shape, one commit per hour carrying txn (medallion-batch-hourly, epoch hour), as the real job does with
 * delta-spark's idempotent writes.
 */
public final class HourlyMetricsTable {
    public static final StructType SCHEMA = new StructType()
            .add("window_start", TimestampType.TIMESTAMP)
            .add("window_end", TimestampType.TIMESTAMP)
            .add("event_type", StringType.STRING)
            .add("region", StringType.STRING)
            .add("event_count", LongType.LONG)
            .add("late_event_count", LongType.LONG)
            .add("latency_ms_sum", LongType.LONG)
            .add("avg_latency_ms", DoubleType.DOUBLE)
            .add("processing_time_ms_sum", LongType.LONG)
            .add("avg_processing_time_ms", DoubleType.DOUBLE)
            .add("p95_response_time_ms", DoubleType.DOUBLE)
            .add("response_time_digest", BinaryType.BINARY)
            .add("revenue_sum", DoubleType.DOUBLE)
            .add("computed_at", TimestampType.TIMESTAMP);

    /** One group of an hour, from raw values (as the batch job computes it from silver). */
    public record Group(String eventType, String region, long lateCount, long[] latencies, long[] processingTimes,
                        long[] responseTimes, Double revenueSum, double exactP95) {
    }

    private final Engine engine;
    private final String location;
    private final StructType schema;

    public HourlyMetricsTable(Path root) {
        this(root, SCHEMA);
    }

    /** Any other table written the same way (e.g. gold/data_quality). */
    public HourlyMetricsTable(Path root, StructType schema) {
        this(root.toUri().toString(), DefaultEngine.create(new Configuration()), schema);
    }

    /** A table at any Hadoop URI (e.g. {@code abfss://...}), written with {@code engine}'s file system settings. */
    public HourlyMetricsTable(String location, Engine engine, StructType schema) {
        this.location = location;
        this.engine = engine;
        this.schema = schema;
    }

    /** Appends rows given as column values in schema order, without a txn. */
    public long append(List<Object[]> rows) {
        List<Row> kernelRows = new ArrayList<>();
        for (Object[] values : rows) {
            Map<Integer, Object> v = new HashMap<>();
            for (int i = 0; i < values.length; i++) {
                v.put(i, values[i]);
            }
            kernelRows.add(new ValuesRow(schema, v));
        }
        return commit(kernelRows, null);
    }

    public String location() {
        return location;
    }

    public void create() {
        Transaction txn = TableManager.buildCreateTableTransaction(location, schema, "serving-test").build(engine);
        txn.commit(engine, CloseableIterable.emptyIterable());
    }

    /** Commits the hour's groups (possibly none) with txn version = epochHour. */
    public long commitHour(long epochHour, List<Group> groups) {
        List<Row> rows = new ArrayList<>();
        for (Group g : groups) {
            rows.add(row(epochHour, g));
        }
        return commit(rows, epochHour);
    }

    private long commit(List<Row> rows, Long txnVersion) {
        Snapshot snapshot = TableManager.loadSnapshot(location).build(engine);
        var builder = snapshot.buildUpdateTableTransaction("serving-test", Operation.WRITE);
        if (txnVersion != null) {
            builder = builder.withTransactionId(HourlyMetricsReader.BATCH_APP_ID, txnVersion);
        }
        Transaction txn = builder.build(engine);
        Row state = txn.getTransactionState(engine);
        List<Row> actions = new ArrayList<>();
        if (!rows.isEmpty()) {
            try {
                FilteredColumnarBatch batch = new FilteredColumnarBatch(new DefaultRowBasedColumnarBatch(schema, rows),
                        Optional.empty());
                CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                        iterator(List.of(batch).iterator()), Map.of());
                DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
                CloseableIterator<DataFileStatus> files = engine.getParquetHandler().writeParquetFiles(
                        context.getTargetDirectory(), physical, context.getStatisticsColumns());
                try (CloseableIterator<Row> append = Transaction.generateAppendActions(engine, state, files, context)) {
                    append.forEachRemaining(actions::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return txn.commit(engine, CloseableIterable.inMemoryIterable(iterator(actions.iterator()))).getVersion();
    }

    private static Row row(long epochHour, Group g) {
        long startMicros = epochHour * 3_600_000_000L;
        Map<Integer, Object> v = new HashMap<>();
        v.put(0, startMicros);
        v.put(1, startMicros + 3_600_000_000L);
        v.put(2, g.eventType());
        v.put(3, g.region());
        v.put(4, (long) g.responseTimes().length);
        v.put(5, g.lateCount());
        long latencySum = sum(g.latencies());
        v.put(6, latencySum);
        v.put(7, g.latencies().length == 0 ? null : (double) latencySum / g.latencies().length);
        long processingSum = sum(g.processingTimes());
        v.put(8, processingSum);
        v.put(9, g.processingTimes().length == 0 ? null : (double) processingSum / g.processingTimes().length);
        v.put(10, g.exactP95());
        MergingDigest digest = new MergingDigest(100);
        for (long r : g.responseTimes()) {
            digest.add(r);
        }
        ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
        digest.asBytes(buffer);
        v.put(11, buffer.array());
        v.put(12, g.revenueSum());
        v.put(13, System.currentTimeMillis() * 1000);
        return new ValuesRow(SCHEMA, v);
    }

    /** A row over plain values; Kernel's GenericRow refuses getLong on a timestamp, which its Parquet writer uses. */
    private record ValuesRow(StructType schema, Map<Integer, Object> values) implements Row {
        @Override
        public StructType getSchema() {
            return schema;
        }

        @Override
        public boolean isNullAt(int ordinal) {
            return values.get(ordinal) == null;
        }

        @Override
        public boolean getBoolean(int ordinal) {
            return (Boolean) values.get(ordinal);
        }

        @Override
        public byte getByte(int ordinal) {
            return (Byte) values.get(ordinal);
        }

        @Override
        public short getShort(int ordinal) {
            return (Short) values.get(ordinal);
        }

        @Override
        public int getInt(int ordinal) {
            return (Integer) values.get(ordinal);
        }

        @Override
        public long getLong(int ordinal) {
            return (Long) values.get(ordinal);
        }

        @Override
        public float getFloat(int ordinal) {
            return (Float) values.get(ordinal);
        }

        @Override
        public double getDouble(int ordinal) {
            return (Double) values.get(ordinal);
        }

        @Override
        public String getString(int ordinal) {
            return (String) values.get(ordinal);
        }

        @Override
        public java.math.BigDecimal getDecimal(int ordinal) {
            return (java.math.BigDecimal) values.get(ordinal);
        }

        @Override
        public byte[] getBinary(int ordinal) {
            return (byte[]) values.get(ordinal);
        }

        @Override
        public Row getStruct(int ordinal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.delta.kernel.data.ArrayValue getArray(int ordinal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.delta.kernel.data.MapValue getMap(int ordinal) {
            throw new UnsupportedOperationException();
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long x : values) {
            s += x;
        }
        return s;
    }

    private static <T> CloseableIterator<T> iterator(Iterator<T> it) {
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}

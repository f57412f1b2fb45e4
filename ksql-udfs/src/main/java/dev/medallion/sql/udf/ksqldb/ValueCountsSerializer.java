package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink serializer for {@link ValueCounts}: the parameters, then (value, count) pairs in the accumulator's order
 * ({@link ValueCodec}). Written by hand so checkpoints have a stable format that does not depend on Kryo.
 */
public final class ValueCountsSerializer extends TypeSerializerSingleton<ValueCounts> {
    private static final long serialVersionUID = 1L;

    public static final ValueCountsSerializer INSTANCE = new ValueCountsSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ValueCounts createInstance() {
        return new ValueCounts();
    }

    @Override
    public ValueCounts copy(ValueCounts from) {
        // Keys are immutable values (strings, boxed numbers, java.time); copying the map is deep enough.
        return ValueCounts.restore(from.order(), from.capacity(), from.capacityCountsCopies(), from.resultSize(),
                from.counts());
    }

    @Override
    public ValueCounts copy(ValueCounts from, ValueCounts reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ValueCounts counts, DataOutputView target) throws IOException {
        target.writeByte(counts.order().ordinal());
        target.writeInt(counts.capacity());
        target.writeBoolean(counts.capacityCountsCopies());
        target.writeInt(counts.resultSize());
        target.writeInt(counts.counts().size());
        for (Map.Entry<Object, Long> entry : counts.counts().entrySet()) {
            ValueCodec.write(entry.getKey(), target);
            target.writeLong(entry.getValue());
        }
    }

    @Override
    public ValueCounts deserialize(DataInputView source) throws IOException {
        ValueCounts.Order order = ValueCounts.Order.values()[source.readByte()];
        int capacity = source.readInt();
        boolean capacityCountsCopies = source.readBoolean();
        int resultSize = source.readInt();
        int size = source.readInt();
        Map<Object, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            Object value = ValueCodec.read(source);
            counts.put(value, source.readLong());
        }
        return ValueCounts.restore(order, capacity, capacityCountsCopies, resultSize, counts);
    }

    @Override
    public ValueCounts deserialize(ValueCounts reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<ValueCounts> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for checkpoints; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ValueCounts> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

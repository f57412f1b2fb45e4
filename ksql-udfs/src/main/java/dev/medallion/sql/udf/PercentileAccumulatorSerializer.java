package dev.medallion.sql.udf;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer for {@link PercentileAccumulator}: a length-prefixed byte array of the t-digest.
 *
 * <p>Written by hand instead of leaving the RAW type to Kryo so that checkpoints (and RocksDB state) have a stable,
 * compact format that does not depend on t-digest's private field layout.
 */
public final class PercentileAccumulatorSerializer extends TypeSerializerSingleton<PercentileAccumulator> {
    private static final long serialVersionUID = 1L;

    public static final PercentileAccumulatorSerializer INSTANCE = new PercentileAccumulatorSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PercentileAccumulator createInstance() {
        return new PercentileAccumulator();
    }

    @Override
    public PercentileAccumulator copy(PercentileAccumulator from) {
        return PercentileAccumulator.fromBytes(from.toBytes());
    }

    @Override
    public PercentileAccumulator copy(PercentileAccumulator from, PercentileAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PercentileAccumulator record, DataOutputView target) throws IOException {
        byte[] bytes = record.toBytes();
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public PercentileAccumulator deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return PercentileAccumulator.fromBytes(bytes);
    }

    @Override
    public PercentileAccumulator deserialize(PercentileAccumulator reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<PercentileAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for checkpoints; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PercentileAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer for {@link ArrivalLog}: the parameters, then the values in arrival order ({@link ValueCodec}).
 * Written by hand so checkpoints have a stable format that does not depend on Kryo.
 */
public final class ArrivalLogSerializer extends TypeSerializerSingleton<ArrivalLog> {
    private static final long serialVersionUID = 1L;

    public static final ArrivalLogSerializer INSTANCE = new ArrivalLogSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ArrivalLog createInstance() {
        return new ArrivalLog();
    }

    @Override
    public ArrivalLog copy(ArrivalLog from) {
        // The values themselves are immutable (strings, boxed numbers, java.time), so copying the list is deep enough.
        ArrivalLog copy = new ArrivalLog();
        copy.configure(from.capacity(), from.keepLatest(), from.ignoreNulls(), from.resultSize(), from.arrayResult());
        copy.values().addAll(from.values());
        return copy;
    }

    @Override
    public ArrivalLog copy(ArrivalLog from, ArrivalLog reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ArrivalLog log, DataOutputView target) throws IOException {
        target.writeInt(log.capacity());
        target.writeBoolean(log.keepLatest());
        target.writeBoolean(log.ignoreNulls());
        target.writeInt(log.resultSize());
        target.writeBoolean(log.arrayResult());
        target.writeInt(log.size());
        for (Object value : log.values()) {
            ValueCodec.write(value, target);
        }
    }

    @Override
    public ArrivalLog deserialize(DataInputView source) throws IOException {
        ArrivalLog log = new ArrivalLog();
        log.configure(source.readInt(), source.readBoolean(), source.readBoolean(), source.readInt(),
                source.readBoolean());
        int size = source.readInt();
        for (int i = 0; i < size; i++) {
            log.values().add(ValueCodec.read(source));
        }
        return log;
    }

    @Override
    public ArrivalLog deserialize(ArrivalLog reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<ArrivalLog> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for checkpoints; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ArrivalLog> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

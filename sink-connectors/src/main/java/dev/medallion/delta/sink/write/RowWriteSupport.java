package dev.medallion.delta.sink.write;

import dev.medallion.delta.sink.write.RowConverter.MapEntries;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;

/**
 * Streams rows produced by {@link RowConverter} into Parquet through parquet-mr's {@link RecordConsumer}, without an
 * intermediate object model. Writers are compiled once per file schema; the row arrays are indexed by table column and
 * {@code dataColumns} says which of them are stored in the file (partition columns are not).
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final int[] columnIndexes;
    private final String[] names;
    private final ValueWriter[] writers;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema, List<StructField> dataFields, int[] columnIndexes) {
        this.schema = schema;
        this.columnIndexes = columnIndexes;
        this.names = new String[dataFields.size()];
        this.writers = new ValueWriter[dataFields.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = ParquetSchemas.physicalName(dataFields.get(i));
            writers[i] = writerFor(dataFields.get(i).getDataType());
        }
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        RecordConsumer c = consumer;
        c.startMessage();
        for (int i = 0; i < names.length; i++) {
            Object value = row[columnIndexes[i]];
            if (value != null) {
                c.startField(names[i], i);
                writers[i].write(c, value);
                c.endField(names[i], i);
            }
        }
        c.endMessage();
    }

    @FunctionalInterface
    private interface ValueWriter {
        void write(RecordConsumer c, Object value);
    }

    private static ValueWriter writerFor(DataType type) {
        if (type instanceof StringType) {
            return (c, v) -> c.addBinary(Binary.fromString((String) v));
        }
        if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
            return (c, v) -> c.addLong((Long) v);
        }
        if (type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType || type instanceof DateType) {
            return (c, v) -> c.addInteger((Integer) v);
        }
        if (type instanceof DoubleType) {
            return (c, v) -> c.addDouble((Double) v);
        }
        if (type instanceof FloatType) {
            return (c, v) -> c.addFloat((Float) v);
        }
        if (type instanceof BooleanType) {
            return (c, v) -> c.addBoolean((Boolean) v);
        }
        if (type instanceof BinaryType) {
            return (c, v) -> c.addBinary(Binary.fromConstantByteArray((byte[]) v));
        }
        if (type instanceof DecimalType decimal) {
            int precision = decimal.getPrecision();
            if (precision <= 9) {
                return (c, v) -> c.addInteger(((BigDecimal) v).unscaledValue().intValue());
            }
            if (precision <= 18) {
                return (c, v) -> c.addLong(((BigDecimal) v).unscaledValue().longValue());
            }
            int size = ParquetSchemas.decimalBytes(precision);
            return (c, v) -> c.addBinary(Binary.fromConstantByteArray(fixedBytes(((BigDecimal) v).unscaledValue(), size)));
        }
        if (type instanceof StructType struct) {
            return structWriter(struct);
        }
        if (type instanceof ArrayType array) {
            ValueWriter element = writerFor(array.getElementType());
            return (c, v) -> {
                Object[] values = (Object[]) v;
                c.startGroup();
                if (values.length > 0) {
                    c.startField("list", 0);
                    for (Object value : values) {
                        c.startGroup();
                        if (value != null) {
                            c.startField("element", 0);
                            element.write(c, value);
                            c.endField("element", 0);
                        }
                        c.endGroup();
                    }
                    c.endField("list", 0);
                }
                c.endGroup();
            };
        }
        if (type instanceof MapType map) {
            ValueWriter key = writerFor(map.getKeyType());
            ValueWriter value = writerFor(map.getValueType());
            return (c, v) -> {
                MapEntries entries = (MapEntries) v;
                c.startGroup();
                if (entries.keys().length > 0) {
                    c.startField("key_value", 0);
                    for (int i = 0; i < entries.keys().length; i++) {
                        c.startGroup();
                        c.startField("key", 0);
                        key.write(c, entries.keys()[i]);
                        c.endField("key", 0);
                        Object mapValue = entries.values()[i];
                        if (mapValue != null) {
                            c.startField("value", 1);
                            value.write(c, mapValue);
                            c.endField("value", 1);
                        }
                        c.endGroup();
                    }
                    c.endField("key_value", 0);
                }
                c.endGroup();
            };
        }
        throw new IllegalArgumentException("No Parquet writer for Delta type " + type);
    }

    private static ValueWriter structWriter(StructType struct) {
        int n = struct.length();
        String[] fieldNames = new String[n];
        ValueWriter[] fieldWriters = new ValueWriter[n];
        for (int i = 0; i < n; i++) {
            fieldNames[i] = ParquetSchemas.physicalName(struct.at(i));
            fieldWriters[i] = writerFor(struct.at(i).getDataType());
        }
        return (c, v) -> {
            Object[] values = (Object[]) v;
            c.startGroup();
            for (int i = 0; i < n; i++) {
                if (values[i] != null) {
                    c.startField(fieldNames[i], i);
                    fieldWriters[i].write(c, values[i]);
                    c.endField(fieldNames[i], i);
                }
            }
            c.endGroup();
        };
    }

    /** Big-endian two's complement of {@code unscaled}, sign-extended to {@code size} bytes. */
    static byte[] fixedBytes(BigInteger unscaled, int size) {
        byte[] minimal = unscaled.toByteArray();
        if (minimal.length == size) {
            return minimal;
        }
        byte[] out = new byte[size];
        byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
        int offset = size - minimal.length;
        for (int i = 0; i < offset; i++) {
            out[i] = pad;
        }
        System.arraycopy(minimal, 0, out, offset, minimal.length);
        return out;
    }
}

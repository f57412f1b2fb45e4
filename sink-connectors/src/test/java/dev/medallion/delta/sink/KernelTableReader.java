package dev.medallion.delta.sink;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
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
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a whole Delta table through Delta Kernel's own scan (log replay, column mapping, partition values): the check
 * used by unit tests until the Spark reader is available. Values come back as plain Java (Long, String, Integer days for
 * DATE, Long micros for TIMESTAMP, List, Map, nested Map for structs).
 */
final class KernelTableReader {
    private KernelTableReader() {
    }

    static Engine engine() {
        return DefaultEngine.create(new Configuration());
    }

    static Snapshot snapshot(String location) {
        return TableManager.loadSnapshot(location).build(engine());
    }

    static List<Map<String, Object>> rows(String location) {
        return rows(location, engine());
    }

    /** The rows, read with {@code engine} (e.g. one whose Hadoop configuration reaches an ADLS account). */
    static List<Map<String, Object>> rows(String location, Engine engine) {
        Snapshot snapshot = TableManager.loadSnapshot(location).build(engine);
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<Map<String, Object>> out = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> scanFiles = files.next().getRows()) {
                    while (scanFiles.hasNext()) {
                        Row scanFile = scanFiles.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                        CloseableIterator<ColumnarBatch> physicalData = engine.getParquetHandler()
                                .readParquetFiles(single(status), physical, Optional.empty())
                                .map(r -> r.getData());
                        try (CloseableIterator<FilteredColumnarBatch> data =
                                     Scan.transformPhysicalData(engine, scanState, scanFile, physicalData)) {
                            while (data.hasNext()) {
                                FilteredColumnarBatch batch = data.next();
                                try (CloseableIterator<Row> rows = batch.getRows()) {
                                    while (rows.hasNext()) {
                                        out.add(toMap(rows.next(), snapshot.getSchema()));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Names come from the logical schema: Kernel leaves nested fields under their physical (column mapping) names. */
    static Map<String, Object> toMap(Row row, StructType schema) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < schema.length(); i++) {
            map.put(schema.at(i).getName(), value(row, i, schema.at(i).getDataType()));
        }
        return map;
    }

    private static Object value(Row row, int i, DataType type) {
        if (row.isNullAt(i)) {
            return null;
        }
        if (type instanceof StringType) return row.getString(i);
        if (type instanceof LongType || type instanceof TimestampType) return row.getLong(i);
        if (type instanceof IntegerType || type instanceof DateType) return row.getInt(i);
        if (type instanceof ShortType) return row.getShort(i);
        if (type instanceof ByteType) return row.getByte(i);
        if (type instanceof DoubleType) return row.getDouble(i);
        if (type instanceof FloatType) return row.getFloat(i);
        if (type instanceof BooleanType) return row.getBoolean(i);
        if (type instanceof BinaryType) return row.getBinary(i);
        if (type instanceof DecimalType) return row.getDecimal(i);
        if (type instanceof StructType s) return toMap(row.getStruct(i), s);
        if (type instanceof ArrayType a) return list(row.getArray(i), a.getElementType());
        if (type instanceof MapType m) return map(row.getMap(i), m);
        throw new IllegalArgumentException("unsupported " + type);
    }

    private static List<Object> list(ArrayValue array, DataType element) {
        List<Object> out = new ArrayList<>();
        ColumnVector v = array.getElements();
        for (int i = 0; i < array.getSize(); i++) {
            out.add(vectorValue(v, i, element));
        }
        return out;
    }

    private static Map<Object, Object> map(MapValue map, MapType type) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < map.getSize(); i++) {
            out.put(vectorValue(map.getKeys(), i, type.getKeyType()), vectorValue(map.getValues(), i, type.getValueType()));
        }
        return out;
    }

    private static Object vectorValue(ColumnVector v, int i, DataType type) {
        if (v.isNullAt(i)) return null;
        if (type instanceof StringType) return v.getString(i);
        if (type instanceof LongType || type instanceof TimestampType) return v.getLong(i);
        if (type instanceof IntegerType || type instanceof DateType) return v.getInt(i);
        if (type instanceof DoubleType) return v.getDouble(i);
        if (type instanceof BooleanType) return v.getBoolean(i);
        if (type instanceof StructType s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int f = 0; f < s.length(); f++) {
                out.put(s.at(f).getName(), vectorValue(v.getChild(f), i, s.at(f).getDataType()));
            }
            return out;
        }
        throw new IllegalArgumentException("unsupported nested " + type);
    }

    private static <T> CloseableIterator<T> single(T item) {
        Iterator<T> it = List.of(item).iterator();
        return new CloseableIterator<>() {
            public boolean hasNext() { return it.hasNext(); }
            public T next() { return it.next(); }
            public void close() { }
        };
    }
}

package dev.medallion.quickstart;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads chosen columns of a Delta table with Delta Kernel, as TablesIT's independent check of what Spark SQL returns:
 * a different reader (Delta's own Java kernel, not Spark), and the arithmetic done here in Java. Values: STRING →
 * String, BIGINT → Long, INT → Integer, DOUBLE → Double, BOOLEAN → Boolean, TIMESTAMP → Instant, DATE → LocalDate,
 * ARRAY&lt;STRING&gt; → List&lt;String&gt;; SQL NULL → null. Handles column mapping (the sinks' tables use it).
 */
final class KernelRows {
    private final Engine engine = DefaultEngine.create(new Configuration());

    /** Every row of the table's latest snapshot, as column name → value for the given columns. */
    List<Map<String, Object>> read(Path table, String... columns) {
        Snapshot snapshot = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine);
        StructType readSchema = new StructType();
        for (String column : columns) {
            readSchema = readSchema.add(snapshot.getSchema().get(column));
        }
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        Row file = files.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
                        try (CloseableIterator<FileReadResult> physical = engine.getParquetHandler()
                                .readParquetFiles(singleton(status), physicalSchema, Optional.empty());
                             CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine,
                                     scanState, file, physical.map(FileReadResult::getData))) {
                            while (logical.hasNext()) {
                                collect(logical.next(), columns, rows);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + List.of(columns) + " of table " + table, e);
        }
        return rows;
    }

    private static void collect(FilteredColumnarBatch filtered, String[] columns, List<Map<String, Object>> rows) {
        ColumnarBatch batch = filtered.getData();
        Optional<ColumnVector> selection = filtered.getSelectionVector();
        for (int row = 0; row < batch.getSize(); row++) {
            if (selection.isPresent() && (selection.get().isNullAt(row) || !selection.get().getBoolean(row))) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                values.put(columns[c], value(batch.getColumnVector(c), row));
            }
            rows.add(values);
        }
    }

    private static Object value(ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            return null;
        }
        DataType type = vector.getDataType();
        if (type instanceof StringType) {
            return vector.getString(row);
        } else if (type instanceof LongType) {
            return vector.getLong(row);
        } else if (type instanceof IntegerType) {
            return vector.getInt(row);
        } else if (type instanceof DoubleType) {
            return vector.getDouble(row);
        } else if (type instanceof BooleanType) {
            return vector.getBoolean(row);
        } else if (type instanceof TimestampType) {
            long micros = vector.getLong(row);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        } else if (type instanceof DateType) {
            return LocalDate.ofEpochDay(vector.getInt(row));
        } else if (type instanceof ArrayType) {
            ArrayValue array = vector.getArray(row);
            List<Object> list = new ArrayList<>(array.getSize());
            for (int i = 0; i < array.getSize(); i++) {
                list.add(value(array.getElements(), i));
            }
            return list;
        }
        throw new IllegalArgumentException("KernelRows does not map " + type + " yet");
    }

    private static <T> CloseableIterator<T> singleton(T value) {
        return new CloseableIterator<>() {
            private boolean consumed;

            @Override
            public boolean hasNext() {
                return !consumed;
            }

            @Override
            public T next() {
                consumed = true;
                return value;
            }

            @Override
            public void close() {
            }
        };
    }
}

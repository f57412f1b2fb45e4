package dev.medallion.quickstart;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads one string column of local Delta tables with Delta Kernel, the reader Delta Lake itself maintains: either the
 * whole table at its latest snapshot (for the end-of-run reconciliation) or single data files that a commit just
 * added (for the publish-to-bronze latency). Independent of the sink's own code.
 */
public final class DeltaColumnReader {
    private final Engine engine = DefaultEngine.create(new Configuration());

    /**
     * The name under which {@code column} is stored in the table's Parquet files: with column mapping (which the
     * sink enables so columns can be renamed) that is {@code delta.columnMapping.physicalName}, else the name itself.
     * Empty while the table or the column does not exist.
     */
    public Optional<String> physicalName(Path table, String column) {
        try {
            StructType schema = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine).getSchema();
            if (schema.indexOf(column) < 0) {
                return Optional.empty();
            }
            FieldMetadata metadata = schema.get(column).getMetadata();
            Object physical = metadata.get("delta.columnMapping.physicalName");
            return Optional.of(physical == null ? column : physical.toString());
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The values of the physical {@code column} in one Parquet data file (nulls included as {@code null}). */
    public List<String> readFile(String fileUri, long sizeBytes, String column) {
        List<String> values = new ArrayList<>();
        StructType schema = new StructType().add(column, StringType.STRING);
        try (CloseableIterator<FileReadResult> results = engine.getParquetHandler().readParquetFiles(
                singleton(FileStatus.of(fileUri, sizeBytes, 0)), schema, Optional.empty())) {
            while (results.hasNext()) {
                collect(results.next().getData(), Optional.empty(), values::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read column " + column + " of " + fileUri, e);
        }
        return values;
    }

    /** Every value of {@code column} in the latest snapshot of the table; empty if the table does not exist yet. */
    public List<String> readTable(Path table, String column) {
        List<String> values = new ArrayList<>();
        Snapshot snapshot;
        try {
            snapshot = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine);
        } catch (TableNotFoundException e) {
            return values;
        }
        StructType readSchema = new StructType().add(snapshot.getSchema().get(column));
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
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
                                FilteredColumnarBatch batch = logical.next();
                                collect(batch.getData(), batch.getSelectionVector(), values::add);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read column " + column + " of table " + table, e);
        }
        return values;
    }

    private static void collect(ColumnarBatch batch, Optional<ColumnVector> selection, Consumer<String> sink) {
        ColumnVector vector = batch.getColumnVector(0);
        for (int row = 0; row < batch.getSize(); row++) {
            if (selection.isPresent() && (selection.get().isNullAt(row) || !selection.get().getBoolean(row))) {
                continue;
            }
            sink.accept(vector.isNullAt(row) ? null : vector.getString(row));
        }
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

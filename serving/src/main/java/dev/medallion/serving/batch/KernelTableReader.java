package dev.medallion.serving.batch;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a whole Delta table through Delta Kernel: the latest snapshot's version, a txn version, and every live row
 * in the table's logical schema (column mapping and partition values resolved by Kernel). The serving tables are
 * small (one row per hour and series), so a full scan per new version is cheaper than any incremental bookkeeping.
 */
public final class KernelTableReader {
    private final Engine engine;

    public KernelTableReader(Engine engine) {
        this.engine = engine;
    }

    /** The latest snapshot, or empty when no table exists at {@code location} (yet). */
    public Optional<Snapshot> latest(String location) {
        try {
            return Optional.of(TableManager.loadSnapshot(location).build(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<Long> transactionVersion(Snapshot snapshot, String appId) {
        return snapshot.getLatestTransactionVersion(engine, appId);
    }

    /** Hands every live row of {@code snapshot} to {@code rowConsumer}. */
    public void forEachRow(Snapshot snapshot, Consumer<Row> rowConsumer) {
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
                    while (fileRows.hasNext()) {
                        readFile(scanState, physicalSchema, fileRows.next(), rowConsumer);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading Delta table " + snapshot.getPath() + " at version "
                    + snapshot.getVersion() + " failed: " + e.getMessage(), e);
        }
    }

    private void readFile(Row scanState, StructType physicalSchema, Row scanFile, Consumer<Row> rowConsumer)
            throws IOException {
        FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
        try (CloseableIterator<FileReadResult> physical = engine.getParquetHandler().readParquetFiles(
                singleton(file), physicalSchema, Optional.empty());
             CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState,
                     scanFile, physical.map(FileReadResult::getData))) {
            while (logical.hasNext()) {
                try (CloseableIterator<Row> rows = logical.next().getRows()) {
                    rows.forEachRemaining(rowConsumer);
                }
            }
        }
    }

    private static CloseableIterator<FileStatus> singleton(FileStatus file) {
        return new CloseableIterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public FileStatus next() {
                done = true;
                return file;
            }

            @Override
            public void close() {
            }
        };
    }

    public Engine engine() {
        return engine;
    }
}

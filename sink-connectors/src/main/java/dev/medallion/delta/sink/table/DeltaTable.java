package dev.medallion.delta.sink.table;

import dev.medallion.delta.sink.write.DataFile;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Delta table as the sink sees it, through Delta Kernel: load the latest snapshot, create the table, commit a
 * schema change, append data files together with a {@code txn} action (application id + last offset) that makes the
 * append idempotent, and write a checkpoint every N versions. Conflicts with concurrent writers are retried on a fresh
 * snapshot; a conflicting {@code txn} for the same application id means another writer already committed those
 * offsets, which the caller learns through {@link AppendResult}.
 */
public final class DeltaTable {
    private static final Logger log = LoggerFactory.getLogger(DeltaTable.class);
    /** Column mapping lets Kernel add columns (schema evolution); Spark and Databricks read such tables natively. */
    public static final String COLUMN_MAPPING_MODE = "delta.columnMapping.mode";
    public static final String CHECKPOINT_INTERVAL = "delta.checkpointInterval";

    private final Engine engine;
    private final String location;
    private final String engineInfo;
    private final int checkpointInterval;
    private final int maxRetries;
    /** The snapshot our last commit produced: the next append starts from it instead of re-listing the log. */
    private Snapshot lastCommitted;
    /**
     * The txn version of each app id as of {@link #lastCommitted}, learnt from our own commits and look-ups on that
     * chain of snapshots: it spares a log replay per commit. Cleared whenever a commit was rebased over another
     * writer's commits or a snapshot is re-read, since another writer may have changed any app id but ours.
     */
    private final Map<String, Long> knownTxnVersions = new java.util.HashMap<>();

    public DeltaTable(Engine engine, String location, String engineInfo, int checkpointInterval, int maxRetries) {
        this.engine = engine;
        this.location = location;
        this.engineInfo = engineInfo;
        this.checkpointInterval = checkpointInterval;
        this.maxRetries = maxRetries;
    }

    public String location() {
        return location;
    }

    /** The latest snapshot, or empty when there is no table at the location yet. */
    public Optional<Snapshot> load() {
        try {
            return Optional.of(TableManager.loadSnapshot(location).build(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The last offset committed under {@code appId}, if any. */
    public Optional<Long> committedVersion(Snapshot snapshot, String appId) {
        return snapshot.getLatestTransactionVersion(engine, appId);
    }

    /**
     * Creates the table with {@code extraProperties} (tables.create.properties) plus column mapping and the
     * checkpoint interval; returns the winner's snapshot on a race (whose properties are the winner's).
     */
    public Snapshot create(StructType schema, List<String> partitionColumns, Map<String, String> extraProperties) {
        // The operator's properties first, ours last: the config validator refuses the keys set here anyway.
        Map<String, String> properties = new LinkedHashMap<>(extraProperties);
        properties.put(COLUMN_MAPPING_MODE, "name");
        properties.put(CHECKPOINT_INTERVAL, Integer.toString(checkpointInterval));
        List<Column> columns = partitionColumns.stream().map(Column::new).toList();
        try {
            Transaction txn = TableManager.buildCreateTableTransaction(location, schema, engineInfo)
                    .withTableProperties(properties)
                    .withDataLayoutSpec(columns.isEmpty() ? DataLayoutSpec.noDataLayout() : DataLayoutSpec.partitioned(columns))
                    .withMaxRetries(maxRetries)
                    .build(engine);
            TransactionCommitResult result = txn.commit(engine, emptyActions());
            log.info("Created Delta table {} (version {}, partitioned by {})", location, result.getVersion(), partitionColumns);
        } catch (TableAlreadyExistsException e) {
            log.info("Delta table {} was created concurrently; using it", location);
        } catch (ConcurrentWriteException e) {
            log.info("Delta table {} was created concurrently ({}); using it", location, e.getMessage());
        }
        return load().orElseThrow(() -> new ConnectException("Delta table " + location + " does not exist right after"
                + " creating it; check that the location is writable and consistent"));
    }

    /**
     * Commits {@code schema} as the table's new schema (a metadata-only commit) on top of {@code base}. Returns the
     * snapshot after the change, or, when another writer committed first, the latest snapshot without our change:
     * callers merge their schema into its schema again and retry (see {@code TableState}).
     */
    public Snapshot updateSchema(Snapshot base, StructType schema) {
        lastCommitted = null;
        knownTxnVersions.clear();
        try {
            // No retries inside Kernel: a schema computed from a stale snapshot would drop the winner's columns or
            // fail as a metadata conflict, so the caller must re-merge against the winner's schema instead.
            Transaction txn = base.buildUpdateTableTransaction(engineInfo, Operation.MANUAL_UPDATE)
                    .withUpdatedSchema(schema)
                    .withMaxRetries(0)
                    .build(engine);
            TransactionCommitResult result = txn.commit(engine, emptyActions());
            log.info("Evolved schema of Delta table {} at version {}", location, result.getVersion());
            afterCommit(result);
        } catch (ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            // With no retries allowed, Kernel reports a version already taken by another writer as "max retries
            // reached" rather than as a ConcurrentWriteException.
            log.info("Schema update of Delta table {} lost a race ({}); re-reading the table", location, e.getMessage());
        }
        return load().orElseThrow(() -> new ConnectException("Delta table " + location + " disappeared during a"
                + " schema change; recreate it or restart the connector"));
    }

    /** What happened to an append. */
    public enum AppendResult {
        /** The files and the txn version are in a new table version. */
        COMMITTED,
        /** The table already holds this app id at or beyond the last offset: the files must not be committed. */
        ALREADY_COMMITTED,
        /** Another writer with this app id committed part of these offsets: the task must re-read from the table. */
        OVERLAP
    }

    /**
     * Appends {@code files} (possibly none) with txn ({@code appId}, {@code lastOffset}), unless the table's txn for
     * {@code appId} shows these offsets are already (partly) committed.
     *
     * @param firstOffset first offset covered by this append
     */
    public AppendResult append(List<DataFile> files, String appId, long firstOffset, long lastOffset) {
        ConcurrentWriteException lastConflict = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            // Starting from our own last commit is safe even if others committed since: Kernel checks the winning
            // commits (including their txn actions for our app id) and rebases or fails the commit.
            boolean onOwnChain = attempt == 0 && lastCommitted != null;
            Snapshot snapshot = onOwnChain ? lastCommitted : load().orElseThrow(() ->
                    new ConnectException("Delta table " + location + " disappeared while " + appId
                            + " was writing to it; recreate it or restart the connector"));
            lastCommitted = null;
            if (!onOwnChain) {
                knownTxnVersions.clear();
            }
            Optional<Long> committed = knownTxnVersions.containsKey(appId)
                    ? Optional.of(knownTxnVersions.get(appId)) : committedVersion(snapshot, appId);
            committed.ifPresent(v -> knownTxnVersions.put(appId, v));
            if (committed.isPresent() && committed.get() >= lastOffset) {
                return AppendResult.ALREADY_COMMITTED;
            }
            if (committed.isPresent() && committed.get() >= firstOffset) {
                return AppendResult.OVERLAP;
            }
            try {
                Transaction txn = snapshot.buildUpdateTableTransaction(engineInfo, Operation.STREAMING_UPDATE)
                        .withTransactionId(appId, lastOffset)
                        .withMaxRetries(maxRetries)
                        .build(engine);
                Row state = txn.getTransactionState(engine);
                List<Row> actions = new ArrayList<>();
                Map<Map<String, Literal>, List<DataFile>> byPartition = new LinkedHashMap<>();
                for (DataFile file : files) {
                    byPartition.computeIfAbsent(file.partition(), k -> new ArrayList<>()).add(file);
                }
                for (Map.Entry<Map<String, Literal>, List<DataFile>> group : byPartition.entrySet()) {
                    DataWriteContext context = Transaction.getWriteContext(engine, state, group.getKey());
                    List<DataFileStatus> statuses = new ArrayList<>();
                    for (DataFile file : group.getValue()) {
                        statuses.add(new DataFileStatus(file.path(), file.sizeBytes(), file.modificationTime(),
                                Optional.of(file.statistics())));
                    }
                    try (CloseableIterator<Row> rows = Transaction.generateAppendActions(engine, state,
                            iterator(statuses.iterator()), context)) {
                        rows.forEachRemaining(actions::add);
                    }
                }
                TransactionCommitResult result = txn.commit(engine, CloseableIterable.inMemoryIterable(iterator(actions.iterator())));
                log.debug("Committed {} files to {} at version {} (txn {} = {})", files.size(), location,
                        result.getVersion(), appId, lastOffset);
                afterCommit(result);
                lastCommitted = result.getPostCommitSnapshot().orElse(null);
                if (lastCommitted == null || result.getVersion() != snapshot.getVersion() + 1) {
                    // Rebased over other writers' commits: only our own app id is known (Kernel checked that no
                    // winner carried a txn for it).
                    knownTxnVersions.clear();
                }
                knownTxnVersions.put(appId, lastOffset);
                return AppendResult.COMMITTED;
            } catch (ConcurrentTransactionException e) {
                lastConflict = e;   // re-read: either our own earlier attempt landed, or a zombie wrote these offsets
            } catch (ConcurrentWriteException e) {
                lastConflict = e;
                log.info("Commit to {} conflicted with a concurrent writer ({}); retrying on a fresh snapshot",
                        location, e.getMessage());
            } catch (IOException | java.io.UncheckedIOException | io.delta.kernel.exceptions.KernelEngineException
                     | io.delta.kernel.exceptions.CommitStateUnknownException | MaxCommitRetryLimitReachedException e) {
                // MaxCommitRetryLimitReachedException: Kernel retried a failed write of the commit file (an I/O
                // error) or lost every race; like any commit failure it is counted (commit.max.failures), not fatal.
                // Storage trouble (or a commit whose outcome is unknown): the next attempt re-reads the txn version
                // first, so a commit that did land is recognised and not repeated.
                throw new org.apache.kafka.connect.errors.RetriableException("Commit to Delta table " + location
                        + " for " + appId + " failed: " + e.getMessage(), e);
            }
        }
        throw new org.apache.kafka.connect.errors.RetriableException("Commit to Delta table " + location + " for "
                + appId + " kept conflicting with concurrent writers after " + maxRetries + " retries", lastConflict);
    }

    private void afterCommit(TransactionCommitResult result) {
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            if (hook.getType() == PostCommitHook.PostCommitHookType.CHECKPOINT
                    || hook.getType() == PostCommitHook.PostCommitHookType.CHECKSUM_FULL) {
                // Checkpoints follow our interval below, also for tables we did not create. A full checksum replays
                // the whole log after every commit; the incremental one (CHECKSUM_SIMPLE) is kept.
                continue;
            }
            try {
                hook.threadSafeInvoke(engine);
            } catch (IOException | RuntimeException e) {
                log.warn("Post-commit {} of {} failed; the table is fine, readers only lose a shortcut: {}",
                        hook.getType(), location, e.getMessage());
            }
        }
        long version = result.getVersion();
        if (version > 0 && version % checkpointInterval == 0) {
            try {
                Snapshot snapshot = result.getPostCommitSnapshot().isPresent() ? result.getPostCommitSnapshot().get()
                        : TableManager.loadSnapshot(location).atVersion(version).build(engine);
                snapshot.writeCheckpoint(engine);
                log.info("Wrote checkpoint of {} at version {}", location, version);
            } catch (CheckpointAlreadyExistsException e) {
                log.debug("Checkpoint of {} at {} exists already", location, version);
            } catch (IOException | RuntimeException e) {
                log.warn("Checkpoint of {} at version {} failed; readers replay more JSON until the next one: {}",
                        location, version, e.getMessage());
            }
        }
    }

    private static CloseableIterable<Row> emptyActions() {
        return CloseableIterable.emptyIterable();
    }

    static <T> CloseableIterator<T> iterator(Iterator<T> it) {
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

    /** A Kernel engine over the given Hadoop configuration. */
    public static Engine engine(org.apache.hadoop.conf.Configuration conf) {
        return DefaultEngine.create(conf);
    }
}

package dev.medallion.delta.sink.write;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The uncommitted data of one topic partition: open Parquet files (one per table partition), finished files waiting
 * for the next commit, and the offset range they cover. One commit per topic partition lets a single Delta txn action
 * (app id per topic partition) record exactly which offsets the table holds. Open files count against the task's
 * {@link OpenFileBudget}, which may roll any of them to make room for another partition's file.
 *
 * <p>A file that failed while being written or finished may hold part of a row or miss rows whose offsets were
 * already consumed: the writer is then damaged and refuses to hand out files for a commit until it is abandoned, so
 * the consumer re-reads the range instead of a commit skipping it.
 */
public final class PartitionWriter {
    private static final int SIZE_CHECK_EVERY = 1024;

    private final TopicPartition topicPartition;
    private final String location;
    private final Configuration conf;
    private final CompressionCodecName codec;
    private final int rowGroupSize;
    private final long targetFileSize;
    private final OpenFileBudget budget;
    private final Map<List<Object>, DataFileWriter> open = new HashMap<>();
    private final List<DataFile> finished = new ArrayList<>();
    private final String filePrefix;
    private Object[] lastPartitionValues;
    private DataFileWriter lastWriter;
    private boolean fullFileWaiting;
    private String damage;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long rows;

    /** A writer with its own budget of {@code Integer.MAX_VALUE} open files (tests, single-partition use). */
    public PartitionWriter(TopicPartition topicPartition, String location, Configuration conf, CompressionCodecName codec,
                           int rowGroupSize, long targetFileSize) {
        this(topicPartition, location, conf, codec, rowGroupSize, targetFileSize, new OpenFileBudget(Integer.MAX_VALUE));
    }

    /**
     * @param location the table's root: data files go below it, in the directory of their partition values
     * @param budget   the task's open files, shared by all its partition writers
     */
    public PartitionWriter(TopicPartition topicPartition, String location, Configuration conf, CompressionCodecName codec,
                           int rowGroupSize, long targetFileSize, OpenFileBudget budget) {
        this.topicPartition = topicPartition;
        this.location = location;
        this.conf = conf;
        this.codec = codec;
        this.rowGroupSize = rowGroupSize;
        this.targetFileSize = targetFileSize;
        this.budget = budget;
        this.filePrefix = "part-" + topicPartition.partition() + "-";
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public String location() {
        return location;
    }

    /** Notes that the offset was consumed (written, reported or skipped): the next commit covers it. */
    public void advance(long offset) {
        if (firstOffset < 0) {
            firstOffset = offset;
        }
        lastOffset = offset;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public long lastOffset() {
        return lastOffset;
    }

    public boolean hasUncommitted() {
        return firstOffset >= 0;
    }

    /**
     * Whether a file reached the target size (or a schema change closed one) since the last commit. Files rolled to
     * stay within the open file budget do not count: they wait for the regular commit.
     */
    public boolean hasFinishedFiles() {
        return fullFileWaiting;
    }

    /** Rows written since the last commit. */
    public long rows() {
        return rows;
    }

    /**
     * Writes a row into the file of its partition values.
     *
     * @param layout the table layout the row was converted with: a row of a newer layout (the schema evolved) starts
     *               a new file, since a Parquet file has one schema
     */
    public void write(TableLayout layout, Object[] row) throws IOException {
        if (damage != null) {
            throw new IOException(damage);
        }
        DataFileWriter writer;
        Object[] values = layout.partitioned() ? layout.partitionValues(row) : null;
        if (lastWriter != null && lastWriter.layout() == layout && Arrays.equals(values, lastPartitionValues)) {
            writer = lastWriter;
        } else {
            List<Object> key = values == null ? List.of() : Arrays.asList(values);
            writer = open.get(key);
            if (writer != null && writer.layout() != layout) {
                // The table schema changed: this file keeps the old columns, new rows start a file with the new ones.
                finish(key, writer);
                fullFileWaiting = true;
                writer = null;
            }
            if (writer == null) {
                budget.reserve();
                writer = newFile(layout, values);
                open.put(key, writer);
                budget.opened(writer, this);
            }
            lastWriter = writer;
            lastPartitionValues = values;
        }
        try {
            writer.write(row);
        } catch (IOException | RuntimeException e) {
            // parquet-mr may have taken part of the row: the file cannot be finished, and its earlier rows are lost.
            discard(writer);
            throw damaged("Could not write a row to " + writer.path() + " of " + topicPartition + ": " + e, e);
        }
        budget.written(writer);
        rows++;
        if (writer.records() % SIZE_CHECK_EVERY == 0 && writer.dataSize() >= targetFileSize) {
            finish(lastPartitionValues == null ? List.of() : Arrays.asList(lastPartitionValues), writer);
            fullFileWaiting = true;
        }
    }

    /** Called by the budget: finishes {@code file} now; it waits for this partition's next commit. */
    void roll(DataFileWriter file) throws IOException {
        open.values().remove(file);
        forget(file);
        try {
            finished.add(file.finish());
        } catch (IOException | RuntimeException e) {
            throw damaged("Could not finish " + file.path() + " of " + topicPartition + ": " + e, e);
        }
    }

    private void finish(List<Object> key, DataFileWriter file) throws IOException {
        open.remove(key);
        budget.closed(file);
        forget(file);
        try {
            finished.add(file.finish());
        } catch (IOException | RuntimeException e) {
            throw damaged("Could not finish " + file.path() + " of " + topicPartition + ": " + e, e);
        }
    }

    private void discard(DataFileWriter file) {
        open.values().remove(file);
        budget.closed(file);
        forget(file);
        file.closeQuietly();
    }

    private void forget(DataFileWriter file) {
        if (lastWriter == file) {
            lastWriter = null;
            lastPartitionValues = null;
        }
    }

    private IOException damaged(String message, Throwable cause) {
        damage = message + "; the uncommitted records of " + topicPartition + " are re-read from the table's"
                + " committed offset";
        return new IOException(damage, cause);
    }

    private DataFileWriter newFile(TableLayout layout, Object[] values) throws IOException {
        String dir = values == null ? "" : layout.partitionDirectory(values) + "/";
        String name = filePrefix + UUID.randomUUID() + "." + codec.name().toLowerCase(java.util.Locale.ROOT) + ".parquet";
        Path path = new Path(location + "/" + dir + name);
        return new DataFileWriter(conf, path, layout, values == null ? Map.of() : layout.literals(values), codec,
                rowGroupSize);
    }

    /** Closes the open files; returns every file waiting for a commit. Refused while the writer is damaged. */
    public List<DataFile> closeFiles() throws IOException {
        if (damage != null) {
            throw new IOException(damage);
        }
        for (Map.Entry<List<Object>, DataFileWriter> entry : List.copyOf(open.entrySet())) {
            finish(entry.getKey(), entry.getValue());
        }
        lastWriter = null;
        lastPartitionValues = null;
        return List.copyOf(finished);
    }

    /** Forgets the committed (or abandoned) range; files are the table's now, or garbage. */
    public void reset() {
        for (DataFileWriter writer : open.values()) {
            budget.closed(writer);
        }
        finished.clear();
        open.clear();
        lastWriter = null;
        lastPartitionValues = null;
        fullFileWaiting = false;
        damage = null;
        firstOffset = -1;
        lastOffset = -1;
        rows = 0;
    }

    /**
     * Closes open files and forgets the uncommitted range; the consumer re-reads it. Files are left in place, never
     * deleted: after a commit whose outcome is unknown they may be part of the table. Files that are not are orphans
     * that no reader sees, removed by VACUUM.
     */
    public void abandon() {
        for (DataFileWriter writer : open.values()) {
            writer.closeQuietly();
        }
        reset();
    }
}

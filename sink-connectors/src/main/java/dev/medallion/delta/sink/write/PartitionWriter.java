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
 * (app id per topic partition) record exactly which offsets the table holds.
 */
public final class PartitionWriter {
    private static final int SIZE_CHECK_EVERY = 1024;

    private final TopicPartition topicPartition;
    private final TableState table;
    private final Configuration conf;
    private final CompressionCodecName codec;
    private final int rowGroupSize;
    private final long targetFileSize;
    private final Map<List<Object>, DataFileWriter> open = new HashMap<>();
    private final List<DataFile> finished = new ArrayList<>();
    private final String filePrefix;
    private Object[] lastPartitionValues;
    private DataFileWriter lastWriter;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long rows;

    public PartitionWriter(TopicPartition topicPartition, TableState table, Configuration conf, CompressionCodecName codec,
                           int rowGroupSize, long targetFileSize) {
        this.topicPartition = topicPartition;
        this.table = table;
        this.conf = conf;
        this.codec = codec;
        this.rowGroupSize = rowGroupSize;
        this.targetFileSize = targetFileSize;
        this.filePrefix = "part-" + topicPartition.partition() + "-";
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public TableState table() {
        return table;
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

    /** Whether a file reached the target size (or a schema change closed one) since the last commit. */
    public boolean hasFinishedFiles() {
        return !finished.isEmpty();
    }

    /** Rows written since the last commit. */
    public long rows() {
        return rows;
    }

    public void write(Object[] row) throws IOException {
        TableLayout layout = table.layout();
        DataFileWriter writer;
        Object[] values = layout.partitioned() ? layout.partitionValues(row) : null;
        if (lastWriter != null && lastWriter.layout() == layout && Arrays.equals(values, lastPartitionValues)) {
            writer = lastWriter;
        } else {
            List<Object> key = values == null ? List.of() : Arrays.asList(values);
            writer = open.get(key);
            if (writer != null && writer.layout() != layout) {
                // The table schema changed: this file keeps the old columns, new rows start a file with the new ones.
                finished.add(writer.finish());
                open.remove(key);
                writer = null;
            }
            if (writer == null) {
                writer = newFile(layout, values);
                open.put(key, writer);
            }
            lastWriter = writer;
            lastPartitionValues = values;
        }
        writer.write(row);
        rows++;
        if (writer.records() % SIZE_CHECK_EVERY == 0 && writer.dataSize() >= targetFileSize) {
            finished.add(writer.finish());
            open.values().remove(writer);
            lastWriter = null;
        }
    }

    private DataFileWriter newFile(TableLayout layout, Object[] values) throws IOException {
        String dir = values == null ? "" : layout.partitionDirectory(values) + "/";
        String name = filePrefix + UUID.randomUUID() + "." + codec.name().toLowerCase(java.util.Locale.ROOT) + ".parquet";
        Path path = new Path(table.location() + "/" + dir + name);
        return new DataFileWriter(conf, path, layout, values == null ? Map.of() : layout.literals(values), codec,
                rowGroupSize);
    }

    /** Closes the open files; returns every file waiting for a commit. */
    public List<DataFile> closeFiles() throws IOException {
        for (DataFileWriter writer : open.values()) {
            finished.add(writer.finish());
        }
        open.clear();
        lastWriter = null;
        lastPartitionValues = null;
        return List.copyOf(finished);
    }

    /** Forgets the committed (or abandoned) range; files are the table's now, or garbage. */
    public void reset() {
        finished.clear();
        open.clear();
        lastWriter = null;
        lastPartitionValues = null;
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

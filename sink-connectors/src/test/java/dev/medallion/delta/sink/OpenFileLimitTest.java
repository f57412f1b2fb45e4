package dev.medallion.delta.sink;

import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code file.open.max} bounds the Parquet files a task keeps open, over all its topic partitions, and every row still
 * lands; the rolled files wait for the regular commit. {@code BacklogReplayHeapIT} shows what the bound is for: a
 * small heap.
 */
class OpenFileLimitTest {
    private static final TopicPartition TP0 = new TopicPartition("replay", 0);
    private static final TopicPartition TP1 = new TopicPartition("replay", 1);

    @TempDir
    Path dir;

    @Test
    void atMostFileOpenMaxFilesAreOpenAcrossTopicPartitionsAndRolledFilesWaitForTheRegularCommit() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts open files through /proc (Linux)");
        Map<String, String> config = new HashMap<>();
        config.put("name", "replay");
        config.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toString());
        config.put(DeltaSinkConfig.FLUSH_INTERVAL_MS_CONFIG, "3600000");
        config.put(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "event_time");
        config.put(DeltaSinkConfig.FILE_OPEN_MAX_CONFIG, "8");
        DeltaSinkTask task = new DeltaSinkTask();
        task.initialize(new RecordingSinkTaskContext(config, false));
        task.start(config);
        task.open(List.of(TP0, TP1));
        int hours = 150;
        int mostOpen = 0;
        // Each batch carries 5 hours of each topic partition (TP1 a year later, so their partitions differ).
        for (int first = 0; first < hours; first += 5) {
            List<SinkRecord> batch = new ArrayList<>();
            for (TopicPartition tp : List.of(TP0, TP1)) {
                for (int hour = first; hour < first + 5; hour++) {
                    for (int n = 0; n < 2; n++) {
                        long offset = hour * 2L + n;
                        int partitionHour = tp == TP0 ? hour : hour + 24 * 365;
                        batch.add(new SinkRecord(tp.topic(), tp.partition(), null, null, null,
                                BacklogReplayMain.event(offset, partitionHour), offset));
                    }
                }
            }
            task.put(batch);
            mostOpen = Math.max(mostOpen, openParquetFiles());
        }
        assertThat(mostOpen).as("Parquet files open at once").isBetween(1, 8);
        assertThat(task.preCommit(Map.of())).as("rolled files do not commit early").isEmpty();

        task.commitNow();
        assertThat(openParquetFiles()).isZero();
        assertThat(task.preCommit(Map.of())).containsEntry(TP0, new OffsetAndMetadata(hours * 2L))
                .containsEntry(TP1, new OffsetAndMetadata(hours * 2L));
        String table = dir.resolve("replay").toString();
        List<Map<String, Object>> rows = KernelTableReader.rows(table);
        assertThat(rows).hasSize(hours * 2 * 2);
        assertThat(rows.stream().map(r -> List.of(r.get("date"), r.get("hour"))).collect(Collectors.toSet()))
                .hasSize(hours * 2);
        assertThat(KernelTableReader.snapshot(table).getVersion()).as("create + one append per topic partition")
                .isEqualTo(2);
        task.stop();
    }

    /** Parquet files of the tables below {@link #dir} this JVM holds open. */
    private int openParquetFiles() throws IOException {
        String root = dir.toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";   // closed since listed
                }
            }).filter(target -> target.startsWith(root) && target.endsWith(".parquet")).distinct().count();
        }
    }
}

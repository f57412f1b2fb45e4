package dev.medallion.delta.sink;

import dev.medallion.delta.sink.table.DeltaTable;
import dev.medallion.delta.sink.table.TableState;
import dev.medallion.delta.sink.write.PartitionWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PartitionCommitter} on a real table: what it commits, what it awaits first, when it defers and gives up, and
 * what it does when another writer with the partition's app id got there first.
 */
class PartitionCommitterTest {
    private static final TopicPartition TP = new TopicPartition("events", 0);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Map<TopicPartition, Long> rereads = new HashMap<>();
    private final SinkMetrics metrics = new SinkMetrics();
    private final Configuration hadoop = new Configuration();
    private DeltaSinkConfig config;
    private String location;
    private TableState table;
    private PartitionCommitter committer;

    @BeforeEach
    void setUp() {
        config = new DeltaSinkConfig(Map.of("name", "eos", DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toString(),
                DeltaSinkConfig.FLUSH_INTERVAL_MS_CONFIG, "5000", DeltaSinkConfig.COMMIT_MAX_FAILURES_CONFIG, "2"));
        location = dir.resolve("events").toString();
        table = new TableState(new DeltaTable(DeltaTable.engine(hadoop), location, "test", 10, 3), config);
        committer = committer(table);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private PartitionCommitter committer(TableState state) {
        return new PartitionCommitter(config, l -> state, (part, offset) -> rereads.put(part.topicPartition, offset),
                now::get, metrics);
    }

    private ConsumedPartition partition() {
        ConsumedPartition part = new ConsumedPartition(TP);
        part.writers.put(location, new PartitionWriter(TP, location, hadoop, CompressionCodecName.SNAPPY, 1 << 20,
                1 << 30));
        return part;
    }

    private void write(ConsumedPartition part, TableState state, long from, long to) throws IOException {
        PartitionWriter writer = part.writers.get(location);
        for (long offset = from; offset < to; offset++) {
            Object[] row = state.toRow(Map.of("id", offset));
            writer.write(state.layout(), row);
            writer.advance(offset);
            part.handled(offset);
        }
    }

    private List<Object> ids() {
        return KernelTableReader.rows(location).stream().map(r -> r.get("id")).toList();
    }

    @Test
    void commitsThePartitionsFilesWithItsTxnAndLetsConnectCommitTheOffsetAfter() throws IOException {
        ConsumedPartition part = partition();
        write(part, table, 0, 3);

        assertThat(committer.commitOrDefer(part, location, part.writers.get(location))).isTrue();

        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L);
        table.refresh();
        assertThat(table.snapshot().flatMap(s -> table.table().committedVersion(s, "eos-events-0"))).contains(2L);
        assertThat(PartitionCommitter.committedOffsets(List.of(part))).containsExactly(
                Map.entry(TP, new OffsetAndMetadata(3)));
        assertThat(metrics.commits()).isEqualTo(1);
        assertThat(metrics.filesCommitted()).isEqualTo(1);
    }

    @Test
    void aRecordTheDeadLetterQueueCouldNotTakeStopsTheCommitOfItsOffset() throws IOException {
        ConsumedPartition part = partition();
        write(part, table, 0, 1);
        part.reportsOf(location).add(CompletableFuture.failedFuture(new IllegalStateException("dlq topic gone")));
        part.handled(1);

        assertThatThrownBy(() -> committer.commitOrDefer(part, location, part.writers.get(location)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("dead-letter").hasMessageContaining("dlq topic gone");
        assertThat(ids()).isEmpty();
        assertThat(PartitionCommitter.committedOffsets(List.of(part))).isEmpty();
    }

    @Test
    void aDeferredCommitStillAwaitsTheReportsOfItsRange() throws IOException {
        ConsumedPartition part = partition();
        write(part, table, 0, 1);
        CompletableFuture<Void> report = new CompletableFuture<>();
        part.reportsOf(location).add(report);
        part.handled(1);

        part.writers.get(location).closeFiles();   // file I/O done: the interrupt below only cuts the wait short
        Thread.currentThread().interrupt();   // the wait for the report is cut short: a transient failure
        assertThat(committer.commitOrDefer(part, location, part.writers.get(location))).isFalse();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(committer.mayRetry(part)).isFalse();
        now.addAndGet(1000);
        assertThat(committer.mayRetry(part)).isTrue();

        report.completeExceptionally(new IllegalStateException("dlq topic gone"));
        assertThatThrownBy(() -> committer.commitOrDefer(part, location, part.writers.get(location)))
                .as("the retry must not commit the offset of a record the dead-letter queue never got")
                .isInstanceOf(ConnectException.class).hasMessageContaining("dlq topic gone");
        assertThat(ids()).isEmpty();
    }

    @Test
    void failsTheTaskAfterCommitMaxFailuresInARow() throws IOException {
        ConsumedPartition part = partition();
        write(part, table, 0, 1);
        part.reportsOf(location).add(new CompletableFuture<>());
        part.writers.get(location).closeFiles();   // file I/O done: each interrupt below only cuts the wait short

        Thread.currentThread().interrupt();
        assertThat(committer.commitOrDefer(part, location, part.writers.get(location))).isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> committer.commitOrDefer(part, location, part.writers.get(location)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("2 in a row")
                .hasMessageContaining(DeltaSinkConfig.COMMIT_MAX_FAILURES_CONFIG);
    }

    @Test
    void whenAnotherWriterCommittedPartOfTheRangeKeepsItsVersionAndRereadsTheRest() throws IOException {
        ConsumedPartition ours = partition();
        write(ours, table, 0, 4);
        TableState zombieTable = new TableState(new DeltaTable(DeltaTable.engine(hadoop), location, "zombie", 10, 3),
                config);
        ConsumedPartition zombie = partition();
        write(zombie, zombieTable, 0, 2);
        assertThat(committer(zombieTable).commitOrDefer(zombie, location, zombie.writers.get(location))).isTrue();

        assertThat(committer.commitOrDefer(ours, location, ours.writers.get(location))).isTrue();

        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L);
        assertThat(ours.committed).containsEntry(location, 1L);
        assertThat(rereads).containsExactly(Map.entry(TP, 2L));
        assertThat(ours.writers.get(location).hasUncommitted()).isFalse();
    }
}

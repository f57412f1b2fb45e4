package dev.medallion.delta.sink;

import dev.medallion.delta.sink.commit.DeltaTable;
import dev.medallion.delta.sink.storage.HadoopConfigurationFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@link DeltaSinkWriter} with a controlled clock and two writers sharing an app id (a zombie and its successor). */
class DeltaSinkWriterTest {
    private static final TopicPartition TP = new TopicPartition("events", 0);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000);

    private DeltaSinkWriter writer(Map<TopicPartition, Long> seeks, String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "eos");
        props.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toString());
        props.put(DeltaSinkConfig.FLUSH_INTERVAL_MS_CONFIG, "10000");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        DeltaSinkConfig config = new DeltaSinkConfig(props);
        Configuration hadoop = HadoopConfigurationFactory.create(config);
        return new DeltaSinkWriter(config, DeltaTable.engine(hadoop), hadoop, null, seeks::putAll, now::get, "test");
    }

    private static List<SinkRecord> records(long from, long to) {
        List<SinkRecord> records = new ArrayList<>();
        for (long i = from; i < to; i++) {
            records.add(new SinkRecord(TP.topic(), TP.partition(), null, null, null, Map.of("id", i), i));
        }
        return records;
    }

    private List<Object> ids() {
        return KernelTableReader.rows(dir.resolve("events").toString()).stream().map(r -> r.get("id")).toList();
    }

    @Test
    void commitsWhenTheFlushIntervalHasPassedEvenWithoutNewRecords() {
        DeltaSinkWriter writer = writer(new HashMap<>());
        writer.open(List.of(TP));
        writer.put(records(0, 3));
        assertThat(writer.committedOffsets()).isEmpty();
        now.addAndGet(9_999);
        writer.put(List.of());
        assertThat(writer.committedOffsets()).isEmpty();
        now.addAndGet(1);
        writer.put(List.of());   // Connect calls put with no records after an empty poll
        assertThat(writer.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(3));
        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L);
    }

    @Test
    void aZombieThatCommitsTheSameOffsetsLateDoesNotDuplicateRows() {
        Map<TopicPartition, Long> zombieSeeks = new HashMap<>();
        Map<TopicPartition, Long> successorSeeks = new HashMap<>();
        DeltaSinkWriter zombie = writer(zombieSeeks);
        DeltaSinkWriter successor = writer(successorSeeks);
        zombie.open(List.of(TP));
        successor.open(List.of(TP));
        zombie.put(records(0, 5));
        successor.put(records(0, 7));
        successor.commitAll();
        zombie.commitAll();   // offsets 0..4 are in the table already: the zombie must not add its copy

        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(zombie.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(7));
        assertThat(zombieSeeks).containsEntry(TP, 7L);
    }

    @Test
    void aWriterWhoseRangeOverlapsACommittedOneResumesAfterIt() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter first = writer(new HashMap<>());
        DeltaSinkWriter second = writer(seeks);
        first.open(List.of(TP));
        second.open(List.of(TP));
        first.put(records(0, 4));
        second.put(records(0, 9));
        first.commitAll();
        second.commitAll();   // 0..3 committed by the other writer: 4..8 must be re-read, not committed with duplicates
        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertThat(seeks).containsEntry(TP, 4L);
        second.put(records(2, 9));   // the consumer re-delivers from 4 (and maybe older records): only 4..8 are new
        second.commitAll();
        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    private static SinkRecord record(TopicPartition tp, long offset, Map<String, Object> value) {
        return new SinkRecord(tp.topic(), tp.partition(), null, null, null, value, offset);
    }

    private static Map<String, Object> value(Object... keysAndValues) {
        Map<String, Object> value = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            value.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return value;
    }

    @Test
    void writersOfTwoPartitionsEvolvingTheSameTableFromStaleSnapshotsBothSucceed() {
        TopicPartition other = new TopicPartition(TP.topic(), 1);
        DeltaSinkWriter first = writer(new HashMap<>());
        DeltaSinkWriter second = writer(new HashMap<>());
        first.open(List.of(TP));
        second.open(List.of(other));
        first.put(List.of(record(TP, 0, value("id", 0L))));          // creates the table (version 0)
        second.put(List.of(record(other, 0, value("id", 1L))));      // uses it
        first.put(List.of(record(TP, 1, value("id", 2L, "a", "x")))); // adds column a (version 1)
        // The second writer still holds version 0: its schema change conflicts and must be merged and retried.
        second.put(List.of(record(other, 1, value("id", 3L, "b", "y"))));
        first.commitAll();
        second.commitAll();

        assertThat(KernelTableReader.snapshot(dir.resolve("events").toString()).getSchema().fieldNames())
                .containsExactly("id", "a", "b");
        assertThat(KernelTableReader.rows(dir.resolve("events").toString()))
                .extracting(r -> r.get("id"), r -> r.get("a"), r -> r.get("b"))
                .containsExactlyInAnyOrder(tuple(0L, null, null), tuple(1L, null, null), tuple(2L, "x", null),
                        tuple(3L, null, "y"));
        assertThat(first.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(2));
        assertThat(second.committedOffsets()).containsEntry(other, new OffsetAndMetadata(2));
    }

    @Test
    void aSchemaChangeOutOfRetriesIsRetriableAndTheRedeliveredBatchLandsExactlyOnce() {
        TopicPartition other = new TopicPartition(TP.topic(), 1);
        // No retries: a single lost schema race exhausts them.
        DeltaSinkWriter first = writer(new HashMap<>(), DeltaSinkConfig.COMMIT_MAX_RETRIES_CONFIG, "0");
        DeltaSinkWriter second = writer(new HashMap<>(), DeltaSinkConfig.COMMIT_MAX_RETRIES_CONFIG, "0");
        first.open(List.of(TP));
        second.open(List.of(other));
        first.put(List.of(record(TP, 0, value("id", 0L))));
        second.put(List.of(record(other, 0, value("id", 1L))));
        first.put(List.of(record(TP, 1, value("id", 2L, "a", "x"))));
        List<SinkRecord> batch = List.of(record(other, 1, value("id", 3L)), record(other, 2, value("id", 4L, "b", "y")));

        assertThatThrownBy(() -> second.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining(DeltaSinkConfig.COMMIT_MAX_RETRIES_CONFIG);
        second.put(batch);   // what Connect does after a RetriableException from put()
        first.commitAll();
        second.commitAll();

        assertThat(KernelTableReader.rows(dir.resolve("events").toString()))
                .extracting(r -> r.get("id"), r -> r.get("b"))
                .containsExactlyInAnyOrder(tuple(0L, null), tuple(1L, null), tuple(2L, null), tuple(3L, null),
                        tuple(4L, "y"));
        assertThat(second.committedOffsets()).containsEntry(other, new OffsetAndMetadata(3));
    }

    @Test
    void aFieldThatIsNullInTheFirstRecordBecomesAColumnWhenAValueArrives() {
        DeltaSinkWriter writer = writer(new HashMap<>());
        writer.open(List.of(TP));
        writer.put(List.of(record(TP, 0, value("id", 0L, "text", null, "tags", List.of(),
                "user", value("name", "ann", "age", null)))));
        writer.put(List.of(record(TP, 1, value("id", 1L, "text", "hello", "tags", List.of("t"),
                "user", value("name", "bob", "age", 42L)))));
        writer.put(List.of(record(TP, 2, value("id", 2L, "text", null))));
        writer.commitAll();

        String table = dir.resolve("events").toString();
        assertThat(KernelTableReader.snapshot(table).getSchema().fieldNames())
                .containsExactly("id", "user", "text", "tags");
        assertThat(KernelTableReader.rows(table))
                .extracting(r -> r.get("id"), r -> r.get("text"), r -> r.get("tags"))
                .containsExactlyInAnyOrder(tuple(0L, null, null), tuple(1L, "hello", List.of("t")),
                        tuple(2L, null, null));
        assertThat(KernelTableReader.rows(table)).filteredOn(r -> r.get("id").equals(1L))
                .extracting(r -> r.get("user")).containsExactly(Map.of("name", "bob", "age", 42L));
        assertThat(writer.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(3));
    }
}

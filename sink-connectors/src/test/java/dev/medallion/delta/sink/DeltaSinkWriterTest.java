package dev.medallion.delta.sink;

import dev.medallion.delta.sink.table.DeltaTable;
import dev.medallion.delta.sink.storage.HadoopConfigurationFactory;
import dev.medallion.delta.logstore.LocalAtomicLogStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
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
        // No seek forward (records of the partition routed to another table may not be committed there): the
        // zombie skips what the table holds as it reads on.
        assertThat(zombieSeeks).isEmpty();
        assertThat(zombie.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(5));
        zombie.put(records(5, 7));
        zombie.commitAll();
        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(zombie.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(7));
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
        // The seek waits for the next put(), when Connect knows every partition it holds is still assigned. That
        // batch was fetched before the seek: the consumer re-delivers from 4 (and maybe older records).
        second.put(records(2, 9));
        assertThat(seeks).containsEntry(TP, 4L);
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

    // ---- A commit in put() that meets a zombie's overlapping commit (issue 11, item 1)

    @Test
    void anOverlapFoundInsidePutDoesNotSkipTheRestOfTheBatchAsDuplicates() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter zombie = writer(new HashMap<>());
        DeltaSinkWriter successor = writer(seeks, DeltaSinkConfig.FLUSH_MAX_RECORDS_CONFIG, "10");
        zombie.open(List.of(TP));
        successor.open(List.of(TP));
        zombie.put(records(0, 5));
        successor.put(records(0, 1));       // the successor starts while the zombie still holds 0..4
        zombie.commitAll();                 // offsets 0..4 under the app id both share
        successor.put(records(1, 20));      // commits 0..9 at 10 rows: overlaps 0..4, so 5..9 must be re-read
        assertThat(seeks).containsEntry(TP, 5L);
        successor.put(records(5, 20));      // the consumer re-delivers from the seek
        successor.commitAll();

        assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(0, 20));
        assertThat(successor.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(20));
    }

    @Test
    void afterASeekARedeliveredOlderBatchResumesAtTheSeekOffsetAndNewerRecordsWaitForIt() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter zombie = writer(new HashMap<>());
        DeltaSinkWriter successor = writer(seeks, DeltaSinkConfig.FLUSH_MAX_RECORDS_CONFIG, "10");
        zombie.open(List.of(TP));
        successor.open(List.of(TP));
        zombie.put(records(0, 3));
        successor.put(records(0, 5));       // 0..4 buffered
        zombie.commitAll();                 // 0..2
        successor.put(records(5, 15));      // commit at 9 overlaps: seek to 3; 10..14 must wait for 3
        assertThat(seeks).containsEntry(TP, 3L);
        successor.put(records(3, 15));
        successor.commitAll();

        assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(0, 15));
    }

    @Test
    void aBatchRedeliveredAfterARetriableErrorWaitsForTheSeekOffsetInsteadOfResumingAtItsFirstRecord() {
        TopicPartition side = new TopicPartition("side", 0);
        TopicPartition sideOther = new TopicPartition("side", 1);
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter zombie = writer(new HashMap<>());
        DeltaSinkWriter evolver = writer(new HashMap<>());
        DeltaSinkWriter successor = writer(seeks, DeltaSinkConfig.FLUSH_MAX_RECORDS_CONFIG, "5",
                DeltaSinkConfig.COMMIT_MAX_RETRIES_CONFIG, "0");
        successor.put(records(0, 4));                                   // 0..3 buffered
        successor.put(List.of(record(side, 0, value("id", 100L))));    // creates table "side"
        zombie.put(records(0, 2));
        zombie.commitAll();                                             // 0..1 under the shared app id
        // Another writer adds a column to "side": the successor's next schema change there loses the race.
        evolver.put(List.of(record(sideOther, 0, value("id", 200L, "a", "x"))));
        List<SinkRecord> batch = new ArrayList<>(records(4, 10));      // commit at 4 overlaps 0..1: seek to 2
        batch.add(record(side, 1, value("id", 101L, "b", "y")));      // then put() fails, retriably
        assertThatThrownBy(() -> successor.put(batch)).isInstanceOf(RetriableException.class);
        assertThat(seeks).containsEntry(TP, 2L);

        successor.put(batch);   // Connect redelivers the batch, fetched before the seek: 4..9 must not resume TP
        successor.put(records(2, 10));   // the consumer, sought back, delivers from 2
        successor.commitAll();
        evolver.commitAll();

        assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(0, 10));
        assertThat(KernelTableReader.rows(dir.resolve("side").toString())).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder(100L, 101L, 200L);
    }

    @Test
    void aSeekToAnOffsetWithoutRecordResumesAtTheNextRecordOfALaterBatch() {
        // Offset 5 holds no record (a transaction marker of an exactly-once producer, or compacted away).
        List<SinkRecord> topic = new ArrayList<>(records(0, 5));
        topic.addAll(records(6, 21));
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter zombie = writer(new HashMap<>());
        DeltaSinkWriter successor = writer(seeks, DeltaSinkConfig.FLUSH_MAX_RECORDS_CONFIG, "10");
        zombie.put(records(0, 5));
        successor.put(topic.subList(0, 1));
        zombie.commitAll();                       // 0..4
        successor.put(topic.subList(1, topic.size()));   // commit of 0..10 overlaps: seek to 5
        assertThat(seeks).containsEntry(TP, 5L);
        successor.put(topic.subList(5, topic.size()));   // the consumer resumes at 6, the first record from 5 on
        successor.commitAll();

        List<Long> expected = new ArrayList<>(range(0, 21));
        expected.remove(5L);
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(successor.committedOffsets()).containsEntry(TP, new OffsetAndMetadata(21));
    }

    @Test
    void aPartitionClosedAfterAnOverlapIsNotSoughtSinceItIsNoLongerAssigned() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter zombie = writer(new HashMap<>());
        DeltaSinkWriter successor = writer(seeks);
        zombie.open(List.of(TP));
        successor.open(List.of(TP));
        zombie.put(records(0, 3));
        successor.put(records(0, 6));
        zombie.commitAll();
        successor.close(List.of(TP));      // commit overlaps 0..2; a seek on a revoked partition kills the task

        assertThat(seeks).isEmpty();
        assertThat(ids()).containsExactlyInAnyOrder(0L, 1L, 2L);
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }

    // ---- Topics renamed by an SMT (issue 11, item 2): bookkeeping on the consumed topic partition

    /** A record consumed from {@code original} at {@code offset}, renamed to {@code topic} by an SMT (as RegexRouter does). */
    private static SinkRecord renamed(TopicPartition original, long offset, String topic, Map<String, Object> value) {
        return new SinkRecord(original.topic(), original.partition(), null, null, null, value, offset)
                .newRecord(topic, original.partition(), null, null, null, value, null);
    }

    private static List<SinkRecord> renamedRange(TopicPartition original, String topic, long from, long to) {
        List<SinkRecord> records = new ArrayList<>();
        for (long i = from; i < to; i++) {
            records.add(renamed(original, i, topic, value("id", original.topic() + "-" + i)));
        }
        return records;
    }

    private static List<String> expectedIds(TopicPartition tp, long from, long to) {
        return java.util.stream.LongStream.range(from, to).mapToObj(i -> tp.topic() + "-" + i).toList();
    }

    @Test
    void twoTopicsRenamedIntoOneTableKeepTheirOwnOffsetsAndTxnAppIds() {
        TopicPartition a = new TopicPartition("events.a", 0);
        TopicPartition b = new TopicPartition("events.b", 0);
        Map<TopicPartition, Long> seeks = new HashMap<>();
        DeltaSinkWriter writer = writer(seeks);
        writer.open(List.of(a, b));
        writer.put(renamedRange(a, "events", 0, 10));
        writer.put(renamedRange(b, "events", 0, 10));
        writer.commitAll();

        List<Object> all = new ArrayList<>(expectedIds(a, 0, 10));
        all.addAll(expectedIds(b, 0, 10));
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(writer.committedOffsets()).containsOnlyKeys(a, b)
                .containsEntry(a, new OffsetAndMetadata(10)).containsEntry(b, new OffsetAndMetadata(10));
        assertThat(KernelTableReader.snapshot(dir.resolve("events").toString())
                .getLatestTransactionVersion(KernelTableReader.engine(), writer.appId(a))).contains(9L);
        assertThat(seeks).isEmpty();

        // A restarted task: the consumer re-delivers from its group offsets (here: from the start); nothing doubles.
        DeltaSinkWriter restarted = writer(seeks);
        restarted.open(List.of(a, b));
        assertThat(seeks).as("no seek on a topic the task is not assigned").isEmpty();
        restarted.put(renamedRange(a, "events", 0, 12));
        restarted.put(renamedRange(b, "events", 5, 10));
        restarted.commitAll();
        all.addAll(expectedIds(a, 10, 12));
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(restarted.committedOffsets()).containsOnlyKeys(a, b)
                .containsEntry(a, new OffsetAndMetadata(12)).containsEntry(b, new OffsetAndMetadata(10));
    }

    @Test
    void aPartitionWhoseRecordsAreRoutedToTwoTablesCommitsEachAndReportsOnlyWhatBothHold() {
        TopicPartition raw = new TopicPartition("raw", 0);
        DeltaSinkWriter writer = writer(new HashMap<>());
        writer.open(List.of(raw));
        List<SinkRecord> batch = new ArrayList<>();
        for (long i = 0; i < 10; i++) {   // odd offsets renamed to "invalid", as a routing validator does
            batch.add(renamed(raw, i, i % 2 == 0 ? "events" : "invalid", value("id", "raw-" + i)));
        }
        writer.put(batch);
        writer.commitAll();
        assertThat(writer.committedOffsets()).containsOnlyKeys(raw).containsEntry(raw, new OffsetAndMetadata(10));

        // Only "events" gets a new record, "invalid" keeps one uncommitted: Kafka may not move past it.
        writer.put(List.of(renamed(raw, 10, "invalid", value("id", "raw-10")),
                renamed(raw, 11, "events", value("id", "raw-11"))));
        assertThat(writer.committedOffsets()).containsEntry(raw, new OffsetAndMetadata(10));

        DeltaSinkWriter restarted = writer(new HashMap<>());   // crash: offsets 10 and 11 were never committed
        restarted.open(List.of(raw));
        List<SinkRecord> again = new ArrayList<>(batch);
        again.add(renamed(raw, 10, "invalid", value("id", "raw-10")));
        again.add(renamed(raw, 11, "events", value("id", "raw-11")));
        restarted.put(again);
        restarted.commitAll();
        assertThat(KernelTableReader.rows(dir.resolve("events").toString())).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder("raw-0", "raw-2", "raw-4", "raw-6", "raw-8", "raw-11");
        assertThat(KernelTableReader.rows(dir.resolve("invalid").toString())).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder("raw-1", "raw-3", "raw-5", "raw-7", "raw-9", "raw-10");
        assertThat(restarted.committedOffsets()).containsOnlyKeys(raw).containsEntry(raw, new OffsetAndMetadata(12));
    }

    // ---- Commit failures (issue 11, item 4): counted per partition, limit configurable

    @Test
    void commitFailuresAreCountedPerPartitionSoAHealthyPartitionDoesNotHideAStuckOne() {
        TopicPartition stuck = new TopicPartition("stuck", 0);
        TopicPartition healthy = new TopicPartition("healthy", 0);
        DeltaSinkWriter writer = writer(new HashMap<>(), DeltaSinkConfig.COMMIT_MAX_FAILURES_CONFIG, "3",
                "hadoop." + LocalAtomicLogStore.KERNEL_LOG_STORE_KEY, FailingLogStore.class.getName());
        writer.open(List.of(stuck, healthy));
        writer.put(List.of(record(stuck, 0, value("id", 0L)), record(healthy, 0, value("id", 0L))));
        writer.commitAll();   // both tables exist now
        FailingLogStore.failUnder = dir.resolve("stuck").toString();
        try {
            for (long offset = 1; offset <= 2; offset++) {
                writer.put(List.of(record(stuck, offset, value("id", offset)), record(healthy, offset, value("id", offset))));
                now.addAndGet(10_000);
                writer.put(List.of());   // flush: "stuck" fails, "healthy" commits
            }
            assertThat(writer.committedOffsets()).containsEntry(healthy, new OffsetAndMetadata(3))
                    .containsEntry(stuck, new OffsetAndMetadata(1));
            writer.put(List.of(record(healthy, 3, value("id", 3L))));
            now.addAndGet(10_000);
            assertThatThrownBy(() -> writer.put(List.of())).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("3 in a row").hasMessageContaining(stuck.toString())
                    .hasMessageContaining(DeltaSinkConfig.COMMIT_MAX_FAILURES_CONFIG);
        } finally {
            FailingLogStore.failUnder = null;
        }
    }

    /** Local commits that fail with an I/O error under one table, like a full or read-only disk (one writer: no race). */
    public static final class FailingLogStore extends io.delta.storage.HDFSLogStore {
        static volatile String failUnder;

        public FailingLogStore(Configuration conf) {
            super(conf);
        }

        @Override
        public void write(org.apache.hadoop.fs.Path path, java.util.Iterator<String> actions, Boolean overwrite,
                          Configuration conf) throws java.io.IOException {
            String prefix = failUnder;
            if (prefix != null && path.toUri().getPath().startsWith(prefix)) {
                throw new java.io.IOException("No space left on device");
            }
            super.write(path, actions, overwrite, conf);
        }
    }
}

package dev.medallion.delta.sink.table;

import dev.medallion.delta.sink.table.DeltaTable.AppendResult;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory txn versions that spare a log replay per commit must never hide another writer's commit: two
 * {@link DeltaTable} instances on one location play the task and a zombie (or a second connector).
 */
class DeltaTableTest {
    private static final String APP = "conn-events-0";
    private static final String OTHER_APP = "conn-events-1";

    @TempDir
    Path dir;
    private DeltaTable task;
    private DeltaTable zombie;

    @BeforeEach
    void table() {
        Engine engine = DeltaTable.engine(new Configuration());
        String location = dir.resolve("events").toString();
        task = new DeltaTable(engine, location, "test", 10, 3);
        zombie = new DeltaTable(engine, location, "test", 10, 3);
        task.create(new StructType().add("seq", LongType.LONG), List.of(), java.util.Map.of());
    }

    @Test
    void aLaterCommitOfTheSameAppIdByAnotherWriterIsSeenDespiteTheCache() {
        assertThat(task.append(List.of(), APP, 0, 9)).isEqualTo(AppendResult.COMMITTED);
        assertThat(zombie.append(List.of(), APP, 10, 19)).isEqualTo(AppendResult.COMMITTED);

        assertThat(task.append(List.of(), APP, 10, 19)).isEqualTo(AppendResult.ALREADY_COMMITTED);
        assertThat(zombie.append(List.of(), APP, 20, 29)).isEqualTo(AppendResult.COMMITTED);
        assertThat(task.append(List.of(), APP, 25, 39)).isEqualTo(AppendResult.OVERLAP);
        assertThat(task.append(List.of(), APP, 30, 39)).isEqualTo(AppendResult.COMMITTED);
    }

    @Test
    void cachedVersionsOfOtherAppIdsAreDroppedWhenACommitWasRebasedOverAnotherWriter() {
        assertThat(task.append(List.of(), OTHER_APP, 0, 9)).isEqualTo(AppendResult.COMMITTED);
        assertThat(task.append(List.of(), APP, 0, 9)).isEqualTo(AppendResult.COMMITTED);
        // A zombie of the other partition commits its next range; our next commit (for APP) is rebased over it.
        assertThat(zombie.append(List.of(), OTHER_APP, 10, 19)).isEqualTo(AppendResult.COMMITTED);
        assertThat(task.append(List.of(), APP, 10, 19)).isEqualTo(AppendResult.COMMITTED);

        assertThat(task.append(List.of(), OTHER_APP, 10, 19)).isEqualTo(AppendResult.ALREADY_COMMITTED);
        assertThat(task.append(List.of(), OTHER_APP, 15, 24)).isEqualTo(AppendResult.OVERLAP);
    }

    @Test
    void consecutiveOwnCommitsKeepAdvancingTheTxnVersion() {
        for (long from = 0; from < 100; from += 10) {
            assertThat(task.append(List.of(), APP, from, from + 9)).isEqualTo(AppendResult.COMMITTED);
        }
        assertThat(task.load().orElseThrow().getLatestTransactionVersion(DeltaTable.engine(new Configuration()), APP))
                .contains(99L);
        assertThat(task.append(List.of(), APP, 90, 99)).isEqualTo(AppendResult.ALREADY_COMMITTED);
    }
}

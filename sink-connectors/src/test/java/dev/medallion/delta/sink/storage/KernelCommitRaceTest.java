package dev.medallion.delta.sink.storage;

import dev.medallion.delta.logstore.LocalAtomicLogStore;
import dev.medallion.delta.sink.DeltaSinkConfig;
import dev.medallion.delta.sink.table.DeltaTable;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.internal.logstore.LogStoreProvider;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's commits through Delta Kernel are put-if-absent on local disk: two writers whose engines are built from
 * the sink's Hadoop configuration exactly as {@code DeltaSinkTask} builds them race for the same table version many
 * times, and each time exactly one wins while the other is refused, the winner's commit intact. If the configuration
 * key that selects {@link LocalAtomicLogStore} were wrong, Kernel would fall back to Hadoop's check-then-rename: the
 * first assertion fails at once, and racing writers could both "win" (seen once as a replaced commit).
 */
class KernelCommitRaceTest {
    private static final int ROUNDS = 100;

    @TempDir
    Path dir;

    /** What the task does in start(): config, Hadoop configuration, engine. */
    private Engine sinkEngine() {
        DeltaSinkConfig config = new DeltaSinkConfig(Map.of("name", "race",
                DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toUri().toString()));
        Configuration hadoop = HadoopConfigurationFactory.create(config);
        assertThat(LogStoreProvider.getLogStore(hadoop, "file")).as("Kernel's log store for file: tables")
                .isInstanceOf(LocalAtomicLogStore.class);
        return DeltaTable.engine(hadoop);
    }

    @Test
    void twoSinkWritersRacingForOneVersionThroughKernelHaveExactlyOneWinnerEachTime() throws Exception {
        String location = dir.resolve("events").toUri().toString();
        List<Engine> engines = List.of(sinkEngine(), sinkEngine());
        new DeltaTable(engines.get(0), location, "race", 1_000, 0)
                .create(new StructType().add("seq", LongType.LONG), List.of(), Map.of());
        List<String> winners = CommitRace.run(engines, location, ROUNDS, Duration.ofSeconds(60));
        CommitRace.assertEachVersionIsItsWinners(dir.resolve("events/_delta_log"), winners);
        Snapshot last = TableManager.loadSnapshot(location).build(engines.get(0));
        assertThat(last.getVersion()).isEqualTo(ROUNDS);
    }
}

package dev.medallion.delta.sink.storage;

import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.delta.sink.DeltaSinkConfig;
import dev.medallion.delta.sink.table.DeltaTable;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's commits to an {@code abfss://} table are put-if-absent too: two writers whose Kernel engines are built
 * from the sink's Hadoop configuration (account key auth, as a connector config sets it) race for the same table
 * version through the real ABFS driver and the ADLS emulator; each time exactly one wins and the commit file is the
 * winner's. Kernel's Azure log store renames a temporary file onto the version's name and relies on the service
 * refusing the rename when that name exists ({@code If-None-Match: *}).
 */
class AdlsCommitRaceTest {
    private static final int ROUNDS = 5;
    private static AdlsEmulator adls;

    @BeforeAll
    static void start() {
        AdlsEmulator.trustCertificateInThisJvm();
        adls = AdlsEmulator.builder().fileSystem("lakehouse").build().start();
    }

    @AfterAll
    static void stop() {
        adls.close();
    }

    private static Engine sinkEngine() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "race");
        props.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, adls.uri("lakehouse", ""));
        props.put(DeltaSinkConfig.AZURE_ACCOUNT_NAME_CONFIG, adls.accountName());
        props.put(DeltaSinkConfig.AZURE_AUTH_CONFIG, DeltaSinkConfig.AUTH_ACCOUNT_KEY);
        props.put(DeltaSinkConfig.AZURE_ACCOUNT_KEY_CONFIG, adls.accountKey());
        adls.endpointSettings().forEach((k, v) -> props.put(DeltaSinkConfig.HADOOP_PREFIX + k, v));
        Configuration hadoop = HadoopConfigurationFactory.create(new DeltaSinkConfig(props));
        return DeltaTable.engine(hadoop);
    }

    @Test
    void twoSinkWritersRacingForOneVersionOnAdlsHaveExactlyOneWinnerEachTime() throws Exception {
        String location = adls.uri("lakehouse", "race/events");
        List<Engine> engines = List.of(sinkEngine(), sinkEngine());
        new DeltaTable(engines.get(0), location, "race", 1_000, 0)
                .create(new StructType().add("seq", LongType.LONG), List.of(), Map.of());
        List<String> winners = CommitRace.run(engines, location, ROUNDS, Duration.ofSeconds(120));
        CommitRace.assertEachVersionIsItsWinners(
                adls.fileSystemDirectory("lakehouse").resolve("race/events/_delta_log"), winners);
        Snapshot last = TableManager.loadSnapshot(location).build(engines.get(0));
        assertThat(last.getVersion()).isEqualTo(ROUNDS);
    }
}

package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Crashes the Connect worker (SIGKILL of its JVM) while the sink writes a stream to a table on local disk, right after
 * a Delta commit appeared and while data files are open between commits, restarts it each time and checks with Spark
 * that every record is in the table exactly once with its values ({@link SinkCrashDrill}; {@code DeltaSinkAdlsCrashIT}
 * runs the same drill on ADLS).
 */
class DeltaSinkCrashIT {
    private static final String TOPIC = "crash.events";
    private static final String CONNECTOR = "crash-sink";
    private static final int KILLS = 6;

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    @TempDir
    Path lake;

    @Test
    void everyRecordIsInTheTableExactlyOnceAfterRepeatedWorkerKills() throws Exception {
        Path table = lake.resolve(TOPIC);
        SinkCrashDrill drill = new SinkCrashDrill(KAFKA, TOPIC, CONNECTOR);
        SinkCrashDrill.Outcome outcome = drill.run(
                ConnectWorkerProcess.builder(KAFKA.bootstrapServers()).groupId("crash-it").build(),
                SequencedEvents.sinkConfig(lake, TOPIC), table, KILLS,
                () -> drill.committedOffsets(KernelTableReader.snapshot(table.toString()), KernelTableReader.engine()));

        DeltaTableSnapshot spark = SparkDeltaReader.read(table);
        SinkCrashDrill.assertEveryRecordOnce(outcome, spark.rows(), spark.transactions(), Object::toString);
    }
}

package dev.medallion.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    @Test
    void parsesOptionsIntoTheBuilder() {
        CommandLine line = CommandLine.parse("--remote", "flink:8081", "--var", "bootstrap.servers=k:9092",
                "--var", "dedupe.ttl=10 min", "--parallelism", "4", "--checkpoint-interval", "30s",
                "--state-backend", "RocksDB", "--exactly-once", "--conf", "table.exec.source.idle-timeout=30 s",
                "--explain");
        assertThat(line.explain).isTrue();
        assertThat(line.builder.remote).isEqualTo("flink:8081");
        assertThat(line.builder.variables).containsEntry("bootstrap.servers", "k:9092").containsEntry("dedupe.ttl", "10 min");
        assertThat(line.builder.parallelism).isEqualTo(4);
        assertThat(line.builder.checkpointInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(line.builder.stateBackend).isEqualTo("rocksdb");
        assertThat(line.builder.exactlyOnce).isTrue();
        assertThat(line.builder.flinkOptions).containsEntry("table.exec.source.idle-timeout", "30 s");
    }

    @Test
    void gatewayOptions() {
        CommandLine line = CommandLine.parse("--gateway", "8091", "--gateway-slots", "6", "--gateway-bind-any");
        assertThat(line.builder.gatewayAddress).isEqualTo("8091");
        assertThat(line.builder.gatewayExtraSlots).isEqualTo(6);
        assertThat(line.builder.gatewayBindAny).isTrue();
        assertThat(CommandLine.parse().builder.gatewayExtraSlots).isEqualTo(4);
        assertThat(CommandLine.USAGE).contains("--gateway [host:]port", "--gateway-bind-any", "--gateway-slots");
    }

    @Test
    void aGatewayOnANonLoopbackAddressNeedsBindAny() {
        assertThatThrownBy(() -> CommandLine.parse("--gateway", "0.0.0.0:8091").builder.build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--gateway-bind-any");
        assertThatThrownBy(() -> CommandLine.parse("--gateway-slots", "-1"))
                .hasMessageContaining("at least 0");
    }

    @Test
    void gatewaySessionsGetTheJobsClusterButNeverItsRestorePath() {
        var job = FlinkSettings.onCluster(FlinkSettings.configuration(CommandLine.parse(
                "--checkpoint-dir", "file:///tmp/cp/", "--conf", "execution.state-recovery.path=file:///tmp/sp",
                "--conf", "pipeline.name=x").builder), "127.0.0.1", 4242, 2);
        assertThat(job.toMap()).containsEntry("execution.target", "remote").containsEntry("rest.port", "4242")
                .containsEntry("parallelism.default", "2");
        assertThat(FlinkSettings.gatewaySessions(job)).containsEntry("execution.target", "remote")
                .containsEntry("rest.address", "127.0.0.1").containsEntry("rest.port", "4242")
                .containsEntry("parallelism.default", "1").containsEntry("table.local-time-zone", "UTC")
                .containsEntry("execution.checkpointing.savepoint-dir", "file:///tmp/cp/gateway-savepoints")
                .doesNotContainKey("execution.state-recovery.path").doesNotContainKey("pipeline.name");
    }

    @Test
    void flinkSettingsFollowTheOptions() {
        var conf = FlinkSettings.configuration(CommandLine.parse("--remote", "flink:8081", "--jar", "/x/udfs.jar",
                "--checkpoint-dir", "file:///tmp/cp", "--state-backend", "rocksdb").builder).toMap();
        assertThat(conf).containsEntry("execution.target", "remote").containsEntry("rest.address", "flink")
                .containsEntry("rest.port", "8081").containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.dir", "file:///tmp/cp")
                .containsEntry("execution.checkpointing.interval", "10000 ms")
                .containsEntry("table.local-time-zone", "UTC")
                .containsEntry("pipeline.jars", "file:///x/udfs.jar");
        assertThat(FlinkSettings.configuration(CommandLine.parse().builder).toMap())
                .containsEntry("execution.target", "local").doesNotContainKey("pipeline.jars")
                .containsKey("execution.checkpointing.dir");
    }

    @Test
    void badValuesAreRejectedWithWhatToDo() {
        assertThatThrownBy(() -> CommandLine.parse("--remote", "flink")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> CommandLine.parse("--state-backend", "memory")).hasMessageContaining("'hashmap' or 'rocksdb'");
        assertThatThrownBy(() -> CommandLine.parse("--var", "novalue")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> CommandLine.parse("--checkpoint-interval", "soon")).hasMessageContaining("10s");
        assertThatThrownBy(() -> CommandLine.parse("--bogus")).hasMessageContaining("Unknown option --bogus");
        assertThatThrownBy(() -> CommandLine.parse("--parallelism", "0")).hasMessageContaining("at least 1");
    }

    @Test
    void scriptsFromFilesOrTheClassPath() {
        CommandLine line = CommandLine.parse("classpath:sql/03-metrics-1m.sql");
        assertThat(line.builder.scripts).extracting(SqlScript::name).containsExactly("classpath:sql/03-metrics-1m.sql");
        assertThatThrownBy(() -> CommandLine.parse("/no/such/file.sql")).hasMessageContaining("/no/such/file.sql");
    }

    @Test
    void durationsInCommonUnits() {
        assertThat(CommandLine.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CommandLine.duration("2min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CommandLine.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(CommandLine.duration("PT5S")).isEqualTo(Duration.ofSeconds(5));
    }
}

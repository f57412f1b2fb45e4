package dev.medallion.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {
    private final ClusterOptions options = ClusterOptions.parse(new String[] {"up", "--work-dir", "/tmp/c",
            "--port-offset", "100"}, Path.of("/repo"));
    private final ConfigFiles files = new ConfigFiles(options);

    @Test
    void kafkaNodesFormOneQuorumOnLoopbackWithReplicatedTopics() {
        Map<String, String> node2 = files.kafkaNode(2);
        assertThat(node2.get("controller.quorum.voters"))
                .isEqualTo("1@127.0.0.1:9193,2@127.0.0.1:9195,3@127.0.0.1:9197");
        assertThat(node2.get("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9194,CONTROLLER://127.0.0.1:9195");
        assertThat(node2.get("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9194");
        assertThat(node2.get("log.dirs")).isEqualTo("/tmp/c/kafka-2");
        assertThat(node2).containsEntry("min.insync.replicas", "2").containsEntry("default.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2").containsEntry("offsets.topic.replication.factor", "3");
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9192,127.0.0.1:9194,127.0.0.1:9196");
    }

    @Test
    void connectWorkersShareOneGroupAndHandOverTasksWithinSeconds() {
        Map<String, String> w1 = files.connectWorker(1);
        Map<String, String> w2 = files.connectWorker(2);
        assertThat(w1.get("group.id")).isEqualTo(w2.get("group.id"));
        assertThat(w1.get("listeners")).isEqualTo("http://127.0.0.1:8183");
        assertThat(w2.get("listeners")).isEqualTo("http://127.0.0.1:8184");
        assertThat(w1).containsEntry("config.storage.replication.factor", "3")
                .containsEntry("exactly.once.source.support", "enabled")
                .containsEntry("plugin.path", "/tmp/c/plugins")
                .containsEntry("config.providers.dir.param.allowed.paths", "/repo/connect-configs/schemas");
        assertThat(Long.parseLong(w1.get("scheduled.rebalance.max.delay.ms"))).isLessThanOrEqualTo(30_000);
    }

    @Test
    void everyPortIsDistinct() {
        Set<Integer> ports = new HashSet<>();
        for (int n = 1; n <= ClusterOptions.KAFKA_NODES; n++) {
            ports.add(options.kafkaPort(n));
            ports.add(options.controllerPort(n));
        }
        for (int n = 1; n <= ClusterOptions.CONNECT_WORKERS; n++) {
            ports.add(options.connectPort(n));
        }
        ports.addAll(List.of(options.flinkRestPort(), options.flinkRpcPort(), options.eventHubsPort()));
        assertThat(ports).hasSize(3 * 2 + 2 + 3);
    }

    @Test
    void taskManagerJvmMatchesFlinksMemoryModel() {
        Map<String, String> flink = files.flink();
        // What Flink's start scripts would pass: heap = framework + task heap; direct = off-heaps + network.
        assertThat(jvmMb(ConfigFiles.taskManagerJvmOptions(), "-Xmx"))
                .isEqualTo(mb(flink, "taskmanager.memory.framework.heap.size") + mb(flink, "taskmanager.memory.task.heap.size"));
        assertThat(jvmMb(ConfigFiles.taskManagerJvmOptions(), "-XX:MaxDirectMemorySize="))
                .isEqualTo(mb(flink, "taskmanager.memory.framework.off-heap.size")
                        + mb(flink, "taskmanager.memory.task.off-heap.size") + mb(flink, "taskmanager.memory.network.max"));
        assertThat(jvmMb(ConfigFiles.jobManagerJvmOptions(), "-Xmx")).isEqualTo(mb(flink, "jobmanager.memory.heap.size"));
        assertThat(flink).containsEntry("rest.port", "8181").containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("jobmanager.rpc.port", "6223").containsEntry("parallelism.default", "1");
        assertThat(ConfigFiles.yaml(Map.of("a.b", "1"))).isEqualTo("a.b: \"1\"\n");
    }

    @Test
    void optionsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"drill"}, Path.of(".")))
                .hasMessageContaining("connect-worker | taskmanager | kafka-leader");
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"drill", "emulator"}, Path.of(".")))
                .hasMessageContaining("unknown drill 'emulator'");
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"run", "--rate", "0"}, Path.of(".")))
                .hasMessageContaining("--rate must be between 1 and 100000");
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"up", "--port-offset", "60000"}, Path.of(".")))
                .hasMessageContaining("--port-offset");
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"start"}, Path.of(".")))
                .hasMessageContaining("unknown command 'start'");
    }

    private static long mb(Map<String, String> conf, String key) {
        String value = conf.get(key);
        assertThat(value).as(key).endsWith("m");
        return Long.parseLong(value.substring(0, value.length() - 1));
    }

    private static long jvmMb(String jvmOptions, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)m").matcher(jvmOptions);
        assertThat(m.find()).as(prefix + " in " + jvmOptions).isTrue();
        return Long.parseLong(m.group(1));
    }
}

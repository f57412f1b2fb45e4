package dev.medallion.cluster;

import dev.medallion.quickstart.Topology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drill (c): SIGKILL the Kafka node leading {@code events.raw} partition 0. Another replica of the in-sync set takes
 * over; producers (the source's transactions, the Flink job's) and consumers move to it. Measures the time until the
 * partition has a new leader and until records are written to it again, then restarts the node and waits until it
 * is back in every {@code events.raw} partition's in-sync replicas.
 */
final class KafkaLeaderFault implements Fault {
    private static final TopicPartition RAW_0 = new TopicPartition(Topology.RAW, 0);
    private final LocalCluster cluster;

    KafkaLeaderFault(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return "kafka-leader";
    }

    @Override
    public String description() {
        return "SIGKILL the Kafka node leading " + RAW_0 + "; restart it once records flow again";
    }

    @Override
    public boolean restartsFlinkJob() {
        // The job may fail over when its transactions or fetches hit the dead node (then it restores a checkpoint).
        return true;
    }

    @Override
    public Report inject(ClusterRun run) {
        try (Admin admin = cluster.admin()) {
            int victim = partition(admin).leader().id();
            long endAtKill = endOffset(admin);
            long publishedAtKill = run.stats().published();
            cluster.processes().kill(LocalCluster.kafkaNode(victim));
            long killedAt = System.nanoTime();
            Duration elected = Waits.until("a new leader for " + RAW_0, Duration.ofMinutes(2), () -> {
                Node leader = partition(admin).leader();
                return leader != null && leader.id() != victim && leader.id() >= 0;
            });
            Waits.until("records written to " + RAW_0 + " again", Duration.ofMinutes(3),
                    () -> endOffset(admin) > endAtKill);
            Duration flowing = Duration.ofNanos(System.nanoTime() - killedAt);
            long delayed = run.stats().published() - publishedAtKill;
            cluster.startKafka(victim);
            Duration rejoined = Waits.until(LocalCluster.kafkaNode(victim) + " back in the ISR of every "
                    + Topology.RAW + " partition", Duration.ofMinutes(3), () -> LocalCluster.get(admin
                    .describeTopics(List.of(Topology.RAW)).allTopicNames()).get(Topology.RAW).partitions().stream()
                    .allMatch(p -> p.isr().stream().anyMatch(node -> node.id() == victim)));
            List<String> lines = new ArrayList<>();
            lines.add("killed " + LocalCluster.kafkaNode(victim) + " (leader of " + RAW_0 + ")");
            lines.add(String.format("from the kill: new leader elected after %.1f s; records written to %s again"
                    + " after %.1f s (the downtime of that partition)", elected.toMillis() / 1000.0, RAW_0,
                    flowing.toMillis() / 1000.0));
            lines.add(String.format("events delayed: %,d published until records flowed again", delayed));
            lines.add(String.format("restarted %s: in the ISR of every %s partition after %.1f s",
                    LocalCluster.kafkaNode(victim), Topology.RAW, rejoined.toMillis() / 1000.0));
            return new Report(name(), true, lines);
        }
    }

    private static TopicPartitionInfo partition(Admin admin) {
        TopicDescription description = LocalCluster.get(admin.describeTopics(List.of(Topology.RAW)).allTopicNames())
                .get(Topology.RAW);
        return description.partitions().get(0);
    }

    private static long endOffset(Admin admin) {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = LocalCluster.get(
                admin.listOffsets(Map.of(RAW_0, OffsetSpec.latest())).all());
        return offsets.get(RAW_0).offset();
    }
}

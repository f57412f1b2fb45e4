package dev.medallion.eventhubs.source;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.partition.PartitionWatcher;
import dev.medallion.eventhubs.source.partition.SourceOffsets;
import dev.medallion.eventhubs.source.partition.TaskAssignments;
import dev.medallion.eventhubs.source.receive.ErrorClassifier;
import dev.medallion.eventhubs.source.receive.EventHubsClientFactory;
import dev.medallion.eventhubs.source.receive.PartitionDiscovery;
import dev.medallion.eventhubs.source.receive.PartitionReceiver;
import dev.medallion.eventhubs.source.receive.SdkPartitionReceiver;

import dev.medallion.common.config.InvalidSetting;
import dev.medallion.common.Backoff;

import dev.medallion.common.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect source connector for Azure Event Hubs. Lists the hub's partitions at start and spreads them over
 * {@code tasks.max} {@link EventHubsSourceTask}s, and has the tasks reconfigured when the hub gains partitions
 * (checked every {@code eventhubs.partition.check.interval.ms}); offsets live in Connect (one source partition per
 * Event Hubs partition), which makes Connect's exactly-once source mode (KIP-618) possible without a checkpoint store.
 */
public class EventHubsSourceConnector extends SourceConnector {
    private static final int DISCOVERY_ATTEMPTS = 5;
    private Map<String, String> props;
    private volatile List<String> partitionIds;
    private List<String> initialPartitionIds;
    private PartitionWatcher watcher;

    @Override
    public String version() {
        return PluginVersion.of(EventHubsSourceConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        EventHubsSourceConfig config = new EventHubsSourceConfig(props);
        this.props = Map.copyOf(props);
        try (PartitionReceiver receiver = new SdkPartitionReceiver(() -> EventHubsClientFactory.consumer(config),
                config.operationTimeout())) {
            PartitionDiscovery discovery = new PartitionDiscovery(
                    new ErrorClassifier(config.namespace(), config.hub(), config.consumerGroup()),
                    new Backoff(config.reconnectBackoff(), config.reconnectBackoffMax()), DISCOVERY_ATTEMPTS,
                    Thread::sleep);
            this.partitionIds = discovery.partitionIds(receiver, config.hub());
        }
        this.initialPartitionIds = partitionIds;
        if (!config.partitionCheckInterval().isZero()) {
            watcher = new PartitionWatcher(() -> listPartitions(config), partitionIds, grown -> {
                partitionIds = grown;
                context.requestTaskReconfiguration();
            });
            watcher.start(config.partitionCheckInterval(), config.hub());
        }
    }

    private static List<String> listPartitions(EventHubsSourceConfig config) {
        try (PartitionReceiver receiver = new SdkPartitionReceiver(() -> EventHubsClientFactory.consumer(config),
                config.operationTimeout())) {
            return receiver.partitionIds();
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return EventHubsSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> assigned : TaskAssignments.assign(partitionIds, maxTasks)) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(EventHubsSourceConfig.TASK_PARTITIONS_CONFIG, String.join(",", assigned));
            List<String> added = assigned.stream().filter(p -> !initialPartitionIds.contains(p)).toList();
            taskProps.put(EventHubsSourceConfig.TASK_ADDED_PARTITIONS_CONFIG, String.join(",", added));
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    @Override
    public ConfigDef config() {
        return EventHubsSourceConfig.CONFIG_DEF;
    }

    /** Adds the cross-key rules (auth type needs its settings, hub from EntityPath...) to the per-key checks. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean clean = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (clean) {
            try {
                new EventHubsSourceConfig(connectorConfigs);
            } catch (InvalidSetting e) {
                config.configValues().stream().filter(v -> v.name().equals(e.key())).findFirst()
                        .ifPresent(v -> v.addErrorMessage(e.reason()));
            }
        }
        return config;
    }

    /** Offsets and records are written together by Connect, and resuming is by sequence number: exactly once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** With {@code transaction.boundary=connector}, each poll batch is committed as one transaction. */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /** Accepts offsets an operator writes through the REST API only in the shape the task reads back. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            // Each check throws a ConnectException naming the bad entry, which the REST API reports.
            SourceOffsets.checkPartition(entry.getKey());
            if (entry.getValue() != null) {
                SourceOffsets.sequenceNumber(entry.getKey(), entry.getValue());
            }
        }
        return true;
    }
}

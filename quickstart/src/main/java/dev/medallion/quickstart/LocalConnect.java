package dev.medallion.quickstart;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Kafka Connect worker in distributed mode, started in this JVM through the same entry point as
 * {@code connect-distributed.sh} ({@link ConnectDistributed#startConnect}), with its REST API on a fixed localhost
 * port and this build's plugin folders on its {@code plugin.path}.
 *
 * <p>Connector configs, source offsets and statuses live in Kafka topics, so a worker restarted on the same Kafka
 * data directory picks up its connectors where they stopped.
 */
public final class LocalConnect implements AutoCloseable {
    private final Map<String, String> workerProps;
    private final int restPort;
    private Connect<?> connect;

    /**
     * @param schemaDir the folder of the table schema files ({@code connect-configs/schemas}); connector configs
     *                  reference them as {@code ${dir:<schemaDir>:<file>}}, which this worker resolves
     */
    public LocalConnect(String bootstrapServers, int restPort, List<Path> pluginDirs, Path schemaDir) {
        this.restPort = restPort;
        this.workerProps = workerProps(bootstrapServers, restPort, pluginDirs, schemaDir);
    }

    static Map<String, String> workerProps(String bootstrapServers, int restPort, List<Path> pluginDirs,
                                           Path schemaDir) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", "medallion-quickstart");
        props.put("listeners", "http://localhost:" + restPort);
        props.put("rest.advertised.host.name", "localhost");
        props.put("rest.advertised.port", String.valueOf(restPort));
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        // Events are plain JSON without the schema envelope: that is what the Flink SQL job and people read.
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        // Source offsets committed often, so a resumed run re-reads little from Event Hubs.
        props.put("offset.flush.interval.ms", "1000");
        props.put("connector.client.config.override.policy", "All");
        // Exactly-once source (KIP-618): events, their DLQ copies and the source offsets commit in one transaction,
        // so a crash or Ctrl-C never duplicates an event in events.raw / bronze.
        props.put("exactly.once.source.support", "enabled");
        props.put("plugin.path", pluginDirs.stream().map(Path::toString).collect(Collectors.joining(",")));
        // Our plugins ship ServiceLoader manifests; skipping reflective scanning halves the worker's start-up time.
        props.put("plugin.discovery", "service_load");
        props.put("task.shutdown.graceful.timeout.ms", "10000");
        // Table schemas live in one readable file each (connect-configs/schemas/*.ddl); the sink configs reference
        // them as ${dir:<schema dir>:<file>} and the worker puts the file's content in before a connector sees its
        // config (the REST API keeps showing the reference). allowed.paths keeps the provider from reading any other
        // folder through a connector config: a reference outside it stays unresolved.
        props.put("config.providers", "dir");
        props.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        props.put("config.providers.dir.param.allowed.paths", ConfigTemplate.providerPath(schemaDir));
        return props;
    }

    public LocalConnect start() {
        connect = new ConnectDistributed().startConnect(workerProps);
        return this;
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    @Override
    public void close() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
            connect = null;
        }
    }
}

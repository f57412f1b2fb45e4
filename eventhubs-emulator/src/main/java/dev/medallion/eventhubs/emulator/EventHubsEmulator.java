package dev.medallion.eventhubs.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.medallion.eventhubs.emulator.amqp.AmqpServer;
import dev.medallion.eventhubs.emulator.amqp.SharedAccessKeys;
import dev.medallion.eventhubs.emulator.amqp.Throttle;
import dev.medallion.eventhubs.emulator.store.EventHub;
import dev.medallion.eventhubs.emulator.store.EventHubNamespace;

/**
 * An in-process Azure Event Hubs namespace that the real {@code azure-messaging-eventhubs} SDK talks to over AMQP 1.0
 * (plain TCP, as the SDK does for {@code UseDevelopmentEmulator=true}). Events live in memory per partition up to a
 * byte cap. It also injects faults for tests: {@link #restart()}, {@link #dropConnections()}, {@link #throttle}.
 *
 * <pre>{@code
 * try (EventHubsEmulator emulator = EventHubsEmulator.builder().hub("events", 4).build().start()) {
 *     String cs = emulator.connectionString("events");
 *     ...
 * }
 * }</pre>
 */
public final class EventHubsEmulator implements AutoCloseable {
    /** The host the emulator binds and names in its connection strings. */
    public static final String HOST = "localhost";
    /** Default retention cap per partition: 64 MiB. */
    public static final long DEFAULT_RETENTION_BYTES_PER_PARTITION = 64L * 1024 * 1024;
    /** Key name and key in the connection strings of an emulator that does not check keys. */
    private static final String UNCHECKED_KEY = "emulator";

    private final EventHubNamespace namespace;
    private final Throttle throttle = new Throttle();
    private final SharedAccessKeys keys = new SharedAccessKeys();
    private final int requestedPort;
    private AmqpServer server;
    private long acceptedByStoppedServers;
    private long droppedByStoppedServers;
    private long restarts;
    private int port = -1;
    private volatile String keyName;
    private volatile String key;

    private EventHubsEmulator(EventHubNamespace namespace, int requestedPort, String keyName, String key) {
        this.namespace = namespace;
        this.requestedPort = requestedPort;
        keys.set(keyName, key);
        this.keyName = keyName == null ? UNCHECKED_KEY : keyName;
        this.key = key == null ? UNCHECKED_KEY : key;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening (on a free port if the builder said 0). Returns this. */
    public synchronized EventHubsEmulator start() {
        if (server != null) {
            throw new IllegalStateException("The Event Hubs emulator is already running on port " + port);
        }
        AmqpServer candidate = new AmqpServer(namespace, throttle, keys);
        try {
            port = candidate.start(HOST, port > 0 ? port : requestedPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = candidate;
        return this;
    }

    /** Stops listening and drops every connection; the events stay, so {@link #start()} serves them again. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            acceptedByStoppedServers += server.acceptedConnections();
            droppedByStoppedServers += server.droppedConnections();
            server = null;
        }
    }

    /** Stops and starts again on the same port, keeping every event: clients see their connections drop. */
    public synchronized void restart() {
        stop();
        start();
        restarts++;
    }

    /** How many times {@link #restart} ran: with the connection counters, tests show an injected fault happened. */
    public synchronized long restarts() {
        return restarts;
    }

    /** Client connections accepted so far, over every start. */
    public synchronized long acceptedConnections() {
        return acceptedByStoppedServers + (server == null ? 0 : server.acceptedConnections());
    }

    /** Open client connections the emulator closed ({@link #dropConnections}, {@link #stop}, {@link #restart}). */
    public synchronized long droppedConnections() {
        return droppedByStoppedServers + (server == null ? 0 : server.droppedConnections());
    }

    /** Closes every client connection with {@code amqp:connection:forced}; the emulator keeps listening. */
    public synchronized void dropConnections() {
        if (server != null) {
            server.dropConnections();
        }
    }

    /**
     * For {@code duration}, sends are rejected, open receive links detached and new ones refused with
     * {@code com.microsoft:server-busy}.
     */
    public void throttle(Duration duration) {
        throttle.activateFor(Objects.requireNonNull(duration, "duration"));
    }

    /**
     * Grows {@code hub} to {@code partitionCount} partitions while running (Event Hubs premium/dedicated allow adding
     * partitions, never removing them); clients see the new count in the hub's properties.
     */
    public void addPartitions(String hub, int partitionCount) {
        EventHub eventHub = namespace.hub(hub);
        if (eventHub == null) {
            throw new IllegalArgumentException("The emulator has no event hub '" + hub + "'");
        }
        eventHub.growTo(partitionCount);
    }

    /** How many receive links a {@link #throttle} refused or detached so far. */
    public long throttledReceivers() {
        return throttle.receiversTurnedAway();
    }

    /**
     * Replaces the shared access key that tokens must be signed with (a key rotation); clients that authenticate
     * afterwards with the old key are refused. Only for an emulator built with {@link Builder#sharedAccessKey}.
     */
    public void rotateSharedAccessKey(String keyName, String key) {
        if (!keys.checking()) {
            throw new IllegalStateException("This emulator does not check keys; build it with sharedAccessKey(..)");
        }
        keys.set(Objects.requireNonNull(keyName, "keyName"), Objects.requireNonNull(key, "key"));
        this.keyName = keyName;
        this.key = key;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port the emulator listens on (also after it stopped, the one it will use again). */
    public synchronized int port() {
        if (port < 0) {
            throw new IllegalStateException("The Event Hubs emulator has not been started");
        }
        return port;
    }

    /** A connection string for one hub, for {@code EventHubClientBuilder.connectionString(String)}. */
    public String connectionString(String hub) {
        if (namespace.hub(hub) == null) {
            throw new IllegalArgumentException("The emulator has no event hub '" + hub + "'");
        }
        return namespaceConnectionString() + ";EntityPath=" + hub;
    }

    /**
     * A connection string for the namespace (no entity path), for
     * {@code EventHubClientBuilder.connectionString(String, String)}, with the current shared access key (checked only
     * when the builder set one).
     */
    public String namespaceConnectionString() {
        return "Endpoint=sb://" + HOST + ":" + port() + ";SharedAccessKeyName=" + keyName + ";SharedAccessKey=" + key
                + ";UseDevelopmentEmulator=true";
    }

    /** The hubs this emulator serves, by name, with their partition counts. */
    public Map<String, Integer> hubs() {
        Map<String, Integer> hubs = new LinkedHashMap<>();
        for (EventHub hub : namespace.hubs()) {
            hubs.put(hub.name(), hub.partitionCount());
        }
        return hubs;
    }

    @Override
    public void close() {
        stop();
    }

    /** Configures an emulator: its port, hubs, consumer groups and retention. */
    public static final class Builder {
        private int port;
        private long retentionBytesPerPartition = DEFAULT_RETENTION_BYTES_PER_PARTITION;
        private final Map<String, Integer> hubs = new LinkedHashMap<>();
        private final List<String[]> consumerGroups = new ArrayList<>();
        private String keyName;
        private String key;

        private Builder() {
        }

        /** The TCP port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Adds an event hub with partitions "0".."partitions-1" and the consumer group {@code $Default}. */
        public Builder hub(String name, int partitions) {
            if (name == null || name.isBlank() || name.contains("/")) {
                throw new IllegalArgumentException("Invalid event hub name: '" + name + "'");
            }
            if (partitions < 1 || partitions > 1024) {
                throw new IllegalArgumentException("Event hub '" + name + "' needs 1..1024 partitions, got "
                        + partitions);
            }
            if (hubs.putIfAbsent(name, partitions) != null) {
                throw new IllegalArgumentException("Event hub '" + name + "' is defined twice");
            }
            return this;
        }

        /** Adds a consumer group to a hub defined with {@link #hub}. */
        public Builder consumerGroup(String hub, String group) {
            if (group == null || group.isBlank() || group.contains("/")) {
                throw new IllegalArgumentException("Invalid consumer group name: '" + group + "'");
            }
            consumerGroups.add(new String[] {hub, group});
            return this;
        }

        /** The most bytes each partition keeps; past it the oldest events are dropped. */
        public Builder retentionBytesPerPartition(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("retentionBytesPerPartition must be positive, was " + bytes);
            }
            this.retentionBytesPerPartition = bytes;
            return this;
        }

        /**
         * Makes the emulator check shared access signatures as Event Hubs does: a client whose connection string has
         * another key name or key is refused with {@code amqp:unauthorized-access}. Without it every key is accepted.
         */
        public Builder sharedAccessKey(String keyName, String key) {
            if (keyName == null || keyName.isBlank() || key == null || key.isEmpty()) {
                throw new IllegalArgumentException("sharedAccessKey needs a key name and a key");
            }
            this.keyName = keyName;
            this.key = key;
            return this;
        }

        public EventHubsEmulator build() {
            if (hubs.isEmpty()) {
                throw new IllegalStateException("Define at least one event hub with hub(name, partitions)");
            }
            EventHubNamespace namespace = new EventHubNamespace();
            hubs.forEach((name, partitions) -> namespace.addHub(name, partitions, retentionBytesPerPartition));
            for (String[] group : consumerGroups) {
                EventHub hub = namespace.hub(group[0]);
                if (hub == null) {
                    throw new IllegalArgumentException("Consumer group '" + group[1] + "' names unknown event hub '"
                            + group[0] + "'; define it with hub(name, partitions) first");
                }
                hub.addConsumerGroup(group[1]);
            }
            return new EventHubsEmulator(namespace, port, keyName, key);
        }
    }
}

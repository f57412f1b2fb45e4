package dev.medallion.quickstart;

import dev.medallion.eventhubs.emulator.EventHubsEmulator;

/**
 * The local stand-in for an Event Hubs namespace: our AMQP emulator ({@code eventhubs-emulator}) with one hub, which
 * the Azure SDK in the load generator and in the source connector reach through a {@code UseDevelopmentEmulator=true}
 * connection string. Events live in memory, so they do not survive the JVM (see {@link LocalPipeline} on resuming).
 */
public final class LocalEventHubs implements AutoCloseable {
    private final String hub;
    private final EventHubsEmulator emulator;

    public LocalEventHubs(int port, String hub, int partitions) {
        this.hub = hub;
        this.emulator = EventHubsEmulator.builder().port(port).hub(hub, partitions).build();
    }

    public LocalEventHubs start() {
        emulator.start();
        return this;
    }

    public String connectionString() {
        return emulator.connectionString(hub);
    }

    @Override
    public void close() {
        emulator.close();
    }
}

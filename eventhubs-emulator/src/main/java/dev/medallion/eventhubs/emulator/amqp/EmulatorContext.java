package dev.medallion.eventhubs.emulator.amqp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.medallion.eventhubs.emulator.store.EventHubNamespace;

/**
 * What every connection of one server shares: the namespace, the throttle switch, the shared access key, the batch
 * decoder and the set of open consumer links the I/O loop feeds. Used from the I/O thread only (the namespace itself is
 * thread-safe).
 */
final class EmulatorContext {
    final EventHubNamespace namespace;
    final Throttle throttle;
    final SharedAccessKeys keys;
    final BatchDecoder batchDecoder = new BatchDecoder();
    private final Set<ConsumeLink> consumers = new LinkedHashSet<>();

    EmulatorContext(EventHubNamespace namespace, Throttle throttle, SharedAccessKeys keys) {
        this.namespace = namespace;
        this.throttle = throttle;
        this.keys = keys;
    }

    void register(ConsumeLink link) {
        consumers.add(link);
    }

    void unregister(ConsumeLink link) {
        consumers.remove(link);
    }

    List<ConsumeLink> consumers() {
        return new ArrayList<>(consumers);
    }
}

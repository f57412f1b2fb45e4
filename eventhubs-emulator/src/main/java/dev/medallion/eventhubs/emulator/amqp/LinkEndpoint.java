package dev.medallion.eventhubs.emulator.amqp;

import org.apache.qpid.proton.engine.Delivery;

/** What the emulator does on one open AMQP link; kept as the link's context. All calls come from the I/O thread. */
interface LinkEndpoint {

    /** A transfer arrived (receiving links) or the peer updated a delivery's state (sending links). */
    default void onDelivery(Delivery delivery) {
    }

    /** The peer granted credit. */
    default void onFlow() {
    }

    /** The link is gone (detached by either side, or its connection closed). */
    default void onClosed() {
    }
}

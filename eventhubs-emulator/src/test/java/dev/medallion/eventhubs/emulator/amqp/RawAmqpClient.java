package dev.medallion.eventhubs.emulator.amqp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A bare AMQP client on Proton-J, driven from the test thread, for what the SDK hides: exact link credit. It speaks
 * SASL ANONYMOUS and opens one receiver; it skips $cbs, which the emulator does not require.
 */
final class RawAmqpClient implements AutoCloseable {
    private final SocketChannel socket;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final List<Message> received = new ArrayList<>();
    private Receiver receiver;

    RawAmqpClient(int port) throws IOException {
        socket = SocketChannel.open(new InetSocketAddress("localhost", port));
        socket.configureBlocking(false);
        // Proton-J derives the session window from capacity / max frame size: both must be set (as the SDK does).
        transport.setMaxFrameSize(64 * 1024);
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        connection.collect(collector);
        transport.bind(connection);
        connection.setHostname("localhost");
        connection.setContainer("raw-test-client");
        connection.open();
    }

    /** Opens a receiver on {@code address} reading from the start, with no credit yet. */
    void openReceiver(String address) {
        Session session = connection.session();
        session.setIncomingCapacity(1024 * 1024);
        session.open();
        receiver = session.receiver("raw-receiver");
        Source source = new Source();
        source.setAddress(address);
        source.setFilter(Map.of(SelectorFilter.SELECTOR_FILTER, new UnknownDescribedType(
                SelectorFilter.SELECTOR_FILTER, "amqp.annotation.x-opt-offset > '-1'")));
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.open();
    }

    void flow(int credit) {
        receiver.flow(credit);
    }

    String state() {
        return "connection " + connection.getRemoteState() + " receiver "
                + (receiver == null ? "-" : receiver.getRemoteState() + " credit " + receiver.getCredit()
                + " queued " + receiver.getQueued() + " condition " + receiver.getRemoteCondition())
                + " sasl " + transport.sasl().getOutcome() + " frames in " + transport.getFramesInput()
                + " current " + (receiver == null ? null : receiver.current())
                + " unsettled " + (receiver == null ? -1 : receiver.getUnsettled());
    }

    List<Message> received() {
        return received;
    }

    /** Moves bytes both ways until {@code done} holds or the time is up; returns whether it holds. */
    boolean pump(Duration time, BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < deadline) {
            while (transport.pending() > 0) {
                int written = socket.write(transport.head());
                transport.pop(written);
                if (written == 0) {
                    break;
                }
            }
            int capacity = transport.capacity();
            if (capacity > 0) {
                ByteBuffer tail = transport.tail();
                int read = socket.read(tail);
                if (read > 0) {
                    transport.process();
                } else if (read < 0) {
                    throw new IOException("the emulator closed the connection");
                }
            }
            collectDeliveries();
            if (done.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return done.getAsBoolean();
    }

    private void collectDeliveries() {
        Event event;
        while ((event = collector.peek()) != null) {
            if (event.getType() == Event.Type.DELIVERY) {
                Delivery delivery = event.getDelivery();
                if (delivery.isReadable() && !delivery.isPartial() && !delivery.isSettled()) {
                    byte[] bytes = new byte[delivery.pending()];
                    int length = delivery.getLink() instanceof Receiver r ? r.recv(bytes, 0, bytes.length) : 0;
                    // advance before settle: settling the current delivery advances the link by itself
                    delivery.getLink().advance();
                    Message message = Proton.message();
                    message.decode(bytes, 0, length);
                    received.add(message);
                    delivery.disposition(Accepted.getInstance());
                    delivery.settle();
                }
            }
            collector.pop();
        }
    }

    Object annotation(Message message, String name) {
        return message.getMessageAnnotations().getValue().get(Symbol.valueOf(name));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

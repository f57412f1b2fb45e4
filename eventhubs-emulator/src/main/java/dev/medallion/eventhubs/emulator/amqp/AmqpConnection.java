package dev.medallion.eventhubs.emulator.amqp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket: moves bytes between it and a Proton-J transport (SASL ANONYMOUS or PLAIN, then AMQP), and
 * hands the engine's events to the {@link ConnectionHandler}. Runs on the server's I/O thread only.
 */
final class AmqpConnection {
    // Looked up when first needed: binding a logging backend (log4j2 takes seconds in a cold JVM) is not part of
    // start-up, and the emulator logs only when something goes wrong.
    private static Logger log() {
        return LoggerFactory.getLogger(AmqpConnection.class);
    }
    // Stop filling a connection's output buffer past this; the socket drains it first.
    static final int OUTPUT_HIGH_WATER = 1024 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final Transport transport;
    private final Connection connection;
    private final Collector collector;
    private final ConnectionHandler handler;
    private boolean closed;

    AmqpConnection(SocketChannel channel, Selector selector, EmulatorContext context) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        channel.socket().setTcpNoDelay(true);
        this.key = channel.register(selector, SelectionKey.OP_READ, this);
        this.transport = Proton.transport();
        transport.setMaxFrameSize(256 * 1024);
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.setMechanisms("ANONYMOUS", "PLAIN");
        sasl.setListener(new AcceptAllSasl());
        this.connection = Proton.connection();
        connection.setContext(this);
        this.collector = Proton.collector();
        connection.collect(collector);
        transport.bind(connection);
        this.handler = new ConnectionHandler(context);
    }

    boolean isClosed() {
        return closed;
    }

    /** Reads what the socket has, lets the engine process it and handles the resulting events. */
    void onReadable() {
        try {
            while (!closed) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    break;
                }
                ByteBuffer tail = transport.tail();
                int read = channel.read(tail);
                if (read < 0) {
                    transport.close_tail();
                    dispatch();
                    close();
                    return;
                }
                if (read == 0) {
                    break;
                }
                transport.process();
                dispatch();
            }
        } catch (IOException | TransportException e) {
            log().debug("Connection from {} failed: {}", remote(), e.toString());
            close();
        }
    }

    /** Handles any events the engine has queued (e.g. after links were changed from outside an input). */
    void dispatch() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                handler.onEvent(event);
            } catch (RuntimeException e) {
                log().warn("Failed to handle AMQP event {} from {}", event.getType(), remote(), e);
            }
            collector.pop();
        }
    }

    /** Writes pending output; keeps write interest while the socket is full. */
    void flush() {
        if (closed) {
            return;
        }
        try {
            dispatch();
            while (true) {
                int pending = transport.pending();
                if (pending < 0) {
                    // Output is finished (both sides closed the connection).
                    close();
                    return;
                }
                if (pending == 0) {
                    key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                ByteBuffer head = transport.head();
                int written = channel.write(head);
                if (written <= 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                transport.pop(written);
            }
        } catch (IOException | TransportException e) {
            log().debug("Write to {} failed: {}", remote(), e.toString());
            close();
        }
    }

    boolean outputFull() {
        return transport.pending() > OUTPUT_HIGH_WATER;
    }

    /** Keeps idle-timeout heartbeats going. */
    void tick(long nowMillis) {
        if (!closed) {
            try {
                transport.tick(nowMillis);
            } catch (TransportException e) {
                close();
            }
        }
    }

    /** Closes the AMQP connection with an error the client sees, writes what it can, then drops the socket. */
    void closeWithError(ErrorCondition condition) {
        if (closed) {
            return;
        }
        // Detach every link with an error first: the SDK then ends each receive/send link with a transient
        // AmqpException instead of a silent completion, which is what a client sees when the service fails over.
        ErrorCondition linkCondition = AmqpErrors.of(AmqpErrors.LINK_DETACH_FORCED, condition.getDescription());
        for (Link link = connection.linkHead(null, null); link != null; link = link.next(null, null)) {
            if (link.getLocalState() != EndpointState.CLOSED) {
                link.setCondition(linkCondition);
                link.close();
            }
        }
        if (connection.getLocalState() != EndpointState.CLOSED) {
            connection.setCondition(condition);
            connection.close();
        }
        try {
            int pending;
            while ((pending = transport.pending()) > 0) {
                int written = channel.write(transport.head());
                if (written <= 0) {
                    break;
                }
                transport.pop(written);
            }
        } catch (IOException | TransportException e) {
            // the socket goes away anyway
        }
        close();
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        handler.closeAll(connection);
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private String remote() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    private static final class AcceptAllSasl implements SaslListener {
        @Override
        public void onSaslInit(Sasl sasl, Transport transport) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }

        @Override
        public void onSaslResponse(Sasl sasl, Transport transport) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }

        @Override
        public void onSaslMechanisms(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslChallenge(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslOutcome(Sasl sasl, Transport transport) {
        }
    }
}

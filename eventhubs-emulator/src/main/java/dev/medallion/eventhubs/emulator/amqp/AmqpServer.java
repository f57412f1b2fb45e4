package dev.medallion.eventhubs.emulator.amqp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.medallion.eventhubs.emulator.store.EventHubNamespace;

/**
 * The AMQP 1.0 listener: one non-blocking I/O thread accepts sockets, drives every connection's Proton-J engine and
 * feeds consumer links as their credit allows. Other threads talk to it only through tasks it runs between selects.
 */
public final class AmqpServer {
    // Looked up when first needed: binding a logging backend (log4j2 takes seconds in a cold JVM) is not part of
    // start-up, and the emulator logs only when something goes wrong.
    private static Logger log() {
        return LoggerFactory.getLogger(AmqpServer.class);
    }
    private static final long SELECT_TIMEOUT_MILLIS = 200;

    private final EmulatorContext context;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<AmqpConnection> connections = new ArrayList<>();
    private Selector selector;
    private ServerSocketChannel listener;
    private Thread thread;
    private volatile boolean running;
    // Counted for tests that inject faults and must show the fault reached a client.
    private final AtomicLong acceptedConnections = new AtomicLong();
    private final AtomicLong droppedConnections = new AtomicLong();

    public AmqpServer(EventHubNamespace namespace, Throttle throttle) {
        this(namespace, throttle, new SharedAccessKeys());
    }

    public AmqpServer(EventHubNamespace namespace, Throttle throttle, SharedAccessKeys keys) {
        this.context = new EmulatorContext(namespace, throttle, keys);
    }

    /** Binds {@code host:port} (0 = any free port) and starts the I/O thread; returns the bound port. */
    public synchronized int start(String host, int port) throws IOException {
        if (running) {
            throw new IllegalStateException("The AMQP server is already running");
        }
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
            listener.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw new IOException("The Event Hubs emulator cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + ". Pick another port (0 picks a free one).", e);
        }
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        running = true;
        thread = new Thread(this::loop, "eventhubs-emulator-amqp-" + port());
        thread.setDaemon(true);
        thread.start();
        return port();
    }

    public int port() {
        return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
    }

    /** Closes every connection with {@code amqp:connection:forced}, stops the thread and releases the port. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops every client connection with an AMQP error; clients are free to reconnect. Waits until done. */
    public void dropConnections() {
        runOnLoop(() -> closeConnections("The emulator dropped this connection (fault injection)."));
    }

    /** Client connections accepted since {@link #start}. */
    public long acceptedConnections() {
        return acceptedConnections.get();
    }

    /** Open client connections the server closed with an error ({@link #dropConnections}, {@link #stop}). */
    public long droppedConnections() {
        return droppedConnections.get();
    }

    private void runOnLoop(Runnable task) {
        if (!running) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The emulator's I/O thread did not run the task", e);
        }
    }

    private void loop() {
        boolean moreWork = false;
        try {
            while (running) {
                if (moreWork) {
                    selector.selectNow();
                } else {
                    selector.select(SELECT_TIMEOUT_MILLIS);
                }
                if (!running) {
                    break;
                }
                runTasks();
                handleSelectedKeys();
                moreWork = pumpConsumers();
                long now = System.nanoTime() / 1_000_000;
                for (Iterator<AmqpConnection> it = connections.iterator(); it.hasNext(); ) {
                    AmqpConnection connection = it.next();
                    connection.tick(now);
                    connection.flush();
                    if (connection.isClosed()) {
                        it.remove();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log().error("The Event Hubs emulator's I/O loop failed", e);
        } finally {
            runTasks();
            closeConnections("The Event Hubs emulator stopped.");
            try {
                listener.close();
                selector.close();
            } catch (IOException e) {
                log().debug("Closing the listener failed", e);
            }
            running = false;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void handleSelectedKeys() throws IOException {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            AmqpConnection connection = (AmqpConnection) key.attachment();
            try {
                if (key.isReadable()) {
                    connection.onReadable();
                }
                if (key.isValid() && key.isWritable()) {
                    connection.flush();
                }
            } catch (RuntimeException e) {
                // One broken connection must not take the emulator down.
                log().warn("Closing a connection after an unexpected failure", e);
                connection.close();
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel socket;
        while ((socket = listener.accept()) != null) {
            try {
                connections.add(new AmqpConnection(socket, selector, context));
                acceptedConnections.incrementAndGet();
            } catch (IOException e) {
                log().warn("Could not set up a connection from {}", socket.getRemoteAddress(), e);
                socket.close();
            }
        }
    }

    // Returns whether some consumer could take more right away.
    private boolean pumpConsumers() {
        boolean more = false;
        for (ConsumeLink consumer : context.consumers()) {
            AmqpConnection owner = (AmqpConnection) consumer.sender().getSession().getConnection().getContext();
            if (owner == null || owner.isClosed() || owner.outputFull()) {
                continue;
            }
            try {
                more |= consumer.pump();
            } catch (RuntimeException e) {
                log().warn("Closing a consumer link after an unexpected failure", e);
                consumer.onClosed();
                owner.close();
            }
        }
        return more;
    }

    private void closeConnections(String reason) {
        ErrorCondition condition = AmqpErrors.of(AmqpErrors.CONNECTION_FORCED, reason);
        for (AmqpConnection connection : connections) {
            if (!connection.isClosed()) {
                droppedConnections.incrementAndGet();
            }
            connection.closeWithError(condition);
        }
        connections.clear();
    }
}

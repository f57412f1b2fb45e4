package dev.medallion.eventhubs.emulator.amqp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.medallion.eventhubs.emulator.store.EventHub;
import dev.medallion.eventhubs.emulator.store.PartitionLog;

/**
 * The Event Hubs semantics of one AMQP connection: answers opens and closes, and gives every link the client
 * attaches its endpoint ({@code $cbs}, {@code $management}, a publisher or a partition consumer), refusing unknown
 * entities with {@code amqp:not-found} as the service does.
 */
final class ConnectionHandler {
    // Looked up when first needed: binding a logging backend (log4j2 takes seconds in a cold JVM) is not part of
    // start-up, and the emulator logs only when something goes wrong.
    private static Logger log() {
        return LoggerFactory.getLogger(ConnectionHandler.class);
    }
    static final String CONTAINER_ID = "medallion-eventhubs-emulator";
    private static final String CBS = "$cbs";
    private static final String MANAGEMENT = "$management";
    private static final Symbol EPOCH = Symbol.valueOf("com.microsoft:epoch");
    private static final UnsignedLong MAX_MESSAGE_SIZE = UnsignedLong.valueOf(1024 * 1024);

    private final EmulatorContext context;
    private final CbsProcessor cbs;
    private final ManagementProcessor management;
    private final Map<String, ReplyLink> replyLinks = new HashMap<>();

    ConnectionHandler(EmulatorContext context) {
        this.context = context;
        this.cbs = new CbsProcessor(context.keys);
        this.management = new ManagementProcessor(context.namespace);
    }

    ReplyLink replyLink(String address) {
        return address == null ? null : replyLinks.get(address);
    }

    void onEvent(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                Connection connection = event.getConnection();
                if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
                    connection.setContainer(CONTAINER_ID);
                    connection.open();
                }
            }
            case CONNECTION_REMOTE_CLOSE -> event.getConnection().close();
            case SESSION_REMOTE_OPEN -> {
                Session session = event.getSession();
                if (session.getLocalState() == EndpointState.UNINITIALIZED) {
                    session.open();
                }
            }
            case SESSION_REMOTE_CLOSE -> event.getSession().close();
            case LINK_REMOTE_OPEN -> {
                Link link = event.getLink();
                if (link.getLocalState() == EndpointState.UNINITIALIZED) {
                    onLinkOpen(link);
                }
            }
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> {
                Link link = event.getLink();
                endpoint(link).ifPresent(endpoint -> {
                    endpoint.onClosed();
                    replyLinks.values().remove(endpoint);
                });
                if (link.getLocalState() != EndpointState.CLOSED) {
                    link.close();
                }
            }
            case LINK_FINAL -> endpoint(event.getLink()).ifPresent(LinkEndpoint::onClosed);
            case LINK_FLOW -> endpoint(event.getLink()).ifPresent(LinkEndpoint::onFlow);
            case DELIVERY -> endpoint(event.getLink()).ifPresent(e -> e.onDelivery(event.getDelivery()));
            default -> {
                // other events need no answer
            }
        }
    }

    /** Closes every link endpoint of this connection (the connection is going away). */
    void closeAll(Connection connection) {
        for (Link link = connection.linkHead(null, null); link != null; link = link.next(null, null)) {
            endpoint(link).ifPresent(LinkEndpoint::onClosed);
        }
    }

    private static Optional<LinkEndpoint> endpoint(Link link) {
        return link != null && link.getContext() instanceof LinkEndpoint endpoint
                ? Optional.of(endpoint) : Optional.empty();
    }

    private void onLinkOpen(Link link) {
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        if (link instanceof Receiver receiver) {
            openPublisherSide(receiver);
        } else {
            openConsumerSide((Sender) link);
        }
    }

    // The client sends on this link: $cbs / $management requests, or events.
    private void openPublisherSide(Receiver receiver) {
        String address = receiver.getRemoteTarget() instanceof Target t ? t.getAddress() : null;
        if (CBS.equals(address)) {
            receiver.setContext(new RequestLink(receiver, cbs, this));
            receiver.open();
            return;
        }
        if (MANAGEMENT.equals(address)) {
            receiver.setContext(new RequestLink(receiver, management, this));
            receiver.open();
            return;
        }
        EntityAddress entity = EntityAddress.parse(address);
        if (entity == null || entity.isConsumer()) {
            refuse(receiver, AmqpErrors.NOT_FOUND, "The emulator cannot send to '" + address
                    + "'; publish to '<hub>' or '<hub>/Partitions/<id>'.");
            return;
        }
        EventHub hub = context.namespace.hub(entity.hub());
        if (hub == null) {
            refuse(receiver, AmqpErrors.NOT_FOUND, notFound(entity.hub()));
            return;
        }
        PartitionLog partition = null;
        if (entity.partitionId() != null) {
            partition = hub.partition(entity.partitionId());
            if (partition == null) {
                refuse(receiver, AmqpErrors.NOT_FOUND, noPartition(hub, entity.partitionId()));
                return;
            }
        }
        receiver.setMaxMessageSize(MAX_MESSAGE_SIZE);
        receiver.setContext(new PublishLink(receiver, hub, partition, context));
        receiver.open();
    }

    // The client receives on this link: $cbs / $management answers, or a partition's events.
    private void openConsumerSide(Sender sender) {
        Source source = sender.getRemoteSource() instanceof Source s ? s : null;
        String address = source == null ? null : source.getAddress();
        if (CBS.equals(address) || MANAGEMENT.equals(address)) {
            ReplyLink reply = new ReplyLink(sender);
            String replyTo = sender.getRemoteTarget() instanceof Target t ? t.getAddress() : null;
            if (replyTo != null) {
                replyLinks.put(replyTo, reply);
            }
            sender.setContext(reply);
            sender.open();
            return;
        }
        EntityAddress entity = EntityAddress.parse(address);
        if (entity == null || !entity.isConsumer()) {
            refuse(sender, AmqpErrors.NOT_FOUND, "The emulator cannot read from '" + address
                    + "'; read from '<hub>/ConsumerGroups/<group>/Partitions/<id>'.");
            return;
        }
        EventHub hub = context.namespace.hub(entity.hub());
        if (hub == null) {
            refuse(sender, AmqpErrors.NOT_FOUND, notFound(entity.hub()));
            return;
        }
        if (!hub.hasConsumerGroup(entity.consumerGroup())) {
            refuse(sender, AmqpErrors.NOT_FOUND, "The consumer group '" + entity.consumerGroup()
                    + "' does not exist in event hub '" + hub.name() + "'; it has " + hub.consumerGroups() + ".");
            return;
        }
        PartitionLog partition = hub.partition(entity.partitionId());
        if (partition == null) {
            refuse(sender, AmqpErrors.NOT_FOUND, noPartition(hub, entity.partitionId()));
            return;
        }
        if (context.throttle.active()) {
            context.throttle.receiverTurnedAway();
            refuse(sender, AmqpErrors.SERVER_BUSY,
                    "The emulator is throttling this namespace (fault injection). Retry later.");
            return;
        }
        long start;
        try {
            start = partition.resolve(SelectorFilter.fromFilter(source.getFilter()));
        } catch (IllegalArgumentException e) {
            refuse(sender, AmqpErrors.ARGUMENT_ERROR, e.getMessage());
            return;
        }
        Long ownerLevel = ownerLevel(sender);
        if (!admitOwnerLevel(partition, entity.consumerGroup(), ownerLevel, sender)) {
            return;
        }
        boolean runtimeMetric = desires(sender, ConsumeLink.RUNTIME_METRIC);
        if (runtimeMetric) {
            sender.setOfferedCapabilities(new Symbol[] {ConsumeLink.RUNTIME_METRIC});
        }
        ConsumeLink consumer = new ConsumeLink(sender, partition, entity.consumerGroup(), ownerLevel, start,
                runtimeMetric, context);
        sender.setContext(consumer);
        sender.open();
        context.register(consumer);
    }

    /**
     * Exclusive readers, as the service does it: a link with an owner level (epoch) pushes out the readers of the same
     * partition and group with an equal, lower or no level (so a processor that replaces a dead one is never locked
     * out by a link nobody closed); a link is refused if a reader with a higher level holds the partition.
     */
    private boolean admitOwnerLevel(PartitionLog partition, String group, Long ownerLevel, Sender sender) {
        for (ConsumeLink other : context.consumers()) {
            if (other.partition() != partition || !other.consumerGroup().equalsIgnoreCase(group)) {
                continue;
            }
            Long otherLevel = other.ownerLevel();
            if (otherLevel != null && (ownerLevel == null || otherLevel > ownerLevel)) {
                refuse(sender, AmqpErrors.RECEIVER_DISCONNECTED, "A receiver with a higher owner level ("
                        + otherLevel + ") already reads partition " + partition.partitionId() + " in group " + group
                        + ".");
                return false;
            }
            if (ownerLevel != null && (otherLevel == null || otherLevel <= ownerLevel)) {
                Sender otherSender = other.sender();
                other.onClosed();
                otherSender.setCondition(AmqpErrors.of(AmqpErrors.RECEIVER_DISCONNECTED,
                        "New receiver with owner level " + ownerLevel + " took over partition "
                                + partition.partitionId() + " in group " + group + "."));
                otherSender.close();
            }
        }
        return true;
    }

    private static Long ownerLevel(Link link) {
        Map<Symbol, Object> properties = link.getRemoteProperties();
        Object value = properties == null ? null : properties.get(EPOCH);
        return value instanceof Number n ? n.longValue() : null;
    }

    private static boolean desires(Link link, Symbol capability) {
        Symbol[] desired = link.getRemoteDesiredCapabilities();
        if (desired == null) {
            return false;
        }
        for (Symbol s : desired) {
            if (capability.equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(Link link, Symbol condition, String description) {
        log().info("Refusing link '{}': {} {}", link.getName(), condition, description);
        if (link instanceof Sender) {
            link.setSource(null);
        } else {
            link.setTarget(null);
        }
        link.open();
        link.setCondition(new ErrorCondition(condition, description));
        link.close();
    }

    private static String notFound(String hub) {
        return "The messaging entity '" + hub + "' could not be found (the emulator has no event hub of that name).";
    }

    private static String noPartition(EventHub hub, String partitionId) {
        return "Partition '" + partitionId + "' of event hub '" + hub.name() + "' does not exist; it has partitions "
                + hub.partitionIds() + ".";
    }
}

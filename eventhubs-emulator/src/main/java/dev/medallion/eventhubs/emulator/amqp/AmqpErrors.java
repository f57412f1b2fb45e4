package dev.medallion.eventhubs.emulator.amqp;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** The AMQP error conditions the emulator answers with, spelled as the service spells them. */
public final class AmqpErrors {
    public static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
    public static final Symbol SERVER_BUSY = Symbol.valueOf("com.microsoft:server-busy");
    public static final Symbol LINK_DETACH_FORCED = Symbol.valueOf("amqp:link:detach-forced");
    public static final Symbol CONNECTION_FORCED = Symbol.valueOf("amqp:connection:forced");
    public static final Symbol ARGUMENT_ERROR = Symbol.valueOf("com.microsoft:argument-error");
    public static final Symbol NOT_IMPLEMENTED = Symbol.valueOf("amqp:not-implemented");
    public static final Symbol RECEIVER_DISCONNECTED = Symbol.valueOf("amqp:link:stolen");
    public static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");

    private AmqpErrors() {
    }

    public static ErrorCondition of(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }
}

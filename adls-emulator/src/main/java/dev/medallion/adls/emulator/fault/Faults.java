package dev.medallion.adls.emulator.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for tests: each rule answers the next {@code times} requests of one operation (or of
 * {@link Operation#ANY}: every dfs operation, not the token endpoint) with a fault; rules are consumed in the order they were added. The emulator counts the
 * requests it received per operation and the faults it injected per kind, so a test can show a fault reached its
 * client and that the client retried.
 *
 * <pre>{@code
 * emulator.faults().serverBusy(Operation.APPEND, 2);        // next 2 appends: 503 ServerBusy
 * emulator.faults().internalError(Operation.FLUSH, 1);      // next flush: 500 InternalError
 * emulator.faults().slow(Operation.READ, Duration.ofSeconds(1), 3);
 * emulator.faults().connectionReset(Operation.APPEND, 1);   // next append: dropped half-way through its body
 * }</pre>
 */
public final class Faults {
    private final List<Rule> rules = new ArrayList<>();
    private final Map<Fault.Kind, AtomicLong> injected = new EnumMap<>(Fault.Kind.class);
    private final Map<Operation, AtomicLong> requests = new EnumMap<>(Operation.class);

    public Faults() {
        for (Fault.Kind kind : Fault.Kind.values()) {
            injected.put(kind, new AtomicLong());
        }
        for (Operation op : Operation.values()) {
            requests.put(op, new AtomicLong());
        }
    }

    public Faults serverBusy(Operation operation, int times) {
        return inject(operation, Fault.serverBusy(), times);
    }

    public Faults internalError(Operation operation, int times) {
        return inject(operation, Fault.internalError(), times);
    }

    public Faults slow(Operation operation, Duration delay, int times) {
        return inject(operation, Fault.slow(delay), times);
    }

    public Faults connectionReset(Operation operation, int times) {
        return inject(operation, Fault.connectionReset(), times);
    }

    public synchronized Faults inject(Operation operation, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        rules.add(new Rule(operation, fault, times));
        return this;
    }

    /** Drops every rule not yet consumed. */
    public synchronized void clear() {
        rules.clear();
    }

    /** Rules not yet consumed (0 once every injected fault has fired). */
    public synchronized int pending() {
        return rules.stream().mapToInt(r -> r.remaining).sum();
    }

    /** How many faults of this kind were answered so far. */
    public long injected(Fault.Kind kind) {
        return injected.get(kind).get();
    }

    /** How many requests of this operation the emulator received (faulted ones included). */
    public long requests(Operation operation) {
        return requests.get(operation).get();
    }

    /** Counts the request and returns the fault to answer it with, or {@code null} to serve it normally. */
    public synchronized Fault next(Operation operation) {
        requests.get(operation).incrementAndGet();
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.operation == operation || (rule.operation == Operation.ANY && operation != Operation.TOKEN)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                injected.get(rule.fault.kind()).incrementAndGet();
                return rule.fault;
            }
        }
        return null;
    }

    private static final class Rule {
        final Operation operation;
        final Fault fault;
        int remaining;

        Rule(Operation operation, Fault fault, int remaining) {
            this.operation = operation;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}

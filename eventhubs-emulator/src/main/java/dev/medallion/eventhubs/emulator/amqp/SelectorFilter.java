package dev.medallion.eventhubs.emulator.amqp;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;

import dev.medallion.eventhubs.emulator.store.StartPosition;
import dev.medallion.eventhubs.emulator.store.StartPosition.Kind;

/**
 * Reads the start position out of a receive link's source filter: the SDK sends an
 * {@code apache.org:selector-filter:string} whose value is e.g. {@code amqp.annotation.x-opt-offset > '-1'},
 * {@code amqp.annotation.x-opt-sequence-number >= '42'} or {@code amqp.annotation.x-opt-enqueued-time > '<millis>'}.
 */
public final class SelectorFilter {
    public static final Symbol SELECTOR_FILTER = Symbol.valueOf("apache.org:selector-filter:string");

    private static final Pattern EXPRESSION = Pattern.compile(
            "\\s*amqp\\.annotation\\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\\s*>\\s*(=?)\\s*'([^']*)'\\s*");
    private static final String LATEST_OFFSET = "@latest";

    private SelectorFilter() {
    }

    /** The position a source filter map asks for; earliest when there is no selector filter. */
    public static StartPosition fromFilter(Map<Symbol, Object> filter) {
        if (filter == null) {
            return StartPosition.earliest();
        }
        Object value = filter.get(SELECTOR_FILTER);
        if (value == null) {
            return StartPosition.earliest();
        }
        Object expression = value instanceof DescribedType described ? described.getDescribed() : value;
        return parse(String.valueOf(expression));
    }

    /**
     * Parses a selector expression.
     *
     * @throws IllegalArgumentException with a message naming the expression, when it is not one the service knows
     */
    public static StartPosition parse(String expression) {
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unsupported selector filter expression: " + expression);
        }
        boolean inclusive = !m.group(2).isEmpty();
        String literal = m.group(3).trim();
        Kind kind = switch (m.group(1)) {
            case "x-opt-offset" -> Kind.OFFSET;
            case "x-opt-sequence-number" -> Kind.SEQUENCE_NUMBER;
            default -> Kind.ENQUEUED_TIME;
        };
        if (kind == Kind.OFFSET && LATEST_OFFSET.equalsIgnoreCase(literal)) {
            return StartPosition.latest();
        }
        try {
            return new StartPosition(kind, Long.parseLong(literal), inclusive);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Selector filter value is not a number: " + expression, e);
        }
    }
}

package dev.medallion.smt.validate;

import java.time.Clock;

/**
 * Bounds the rules apply besides what a rule set says: how far ahead of {@code clock} a timestamp may lie (an event
 * dated in the future moves the consumers' event-time watermark ahead, so on-time events after it count as late) and
 * how long a value a regex rule matches may be (Java's regex engine recurses per character for many patterns and
 * overflows the stack on long values).
 *
 * @param clock           the worker's clock
 * @param maxFutureMillis how far ahead of the clock a timestamp rule accepts a time
 * @param regexMaxLength  longest value a regex rule matches; longer values fail the rule
 */
public record RuleLimits(Clock clock, long maxFutureMillis, int regexMaxLength) {
    public static final long MAX_FUTURE_DEFAULT = 60_000L;
    public static final int REGEX_MAX_LENGTH_DEFAULT = 1_000;
    public static final RuleLimits DEFAULT = new RuleLimits(Clock.systemUTC(), MAX_FUTURE_DEFAULT,
            REGEX_MAX_LENGTH_DEFAULT);

    /** The latest epoch millis a timestamp rule accepts now. */
    long latestMillis() {
        long now = clock.millis();
        return maxFutureMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + maxFutureMillis;
    }
}

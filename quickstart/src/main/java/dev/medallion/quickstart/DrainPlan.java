package dev.medallion.quickstart;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The drain phase after a timed run: a 1-minute window reaches gold only once the streaming job's watermark (the
 * newest event time minus 1 minute of allowed lateness) passes its end, i.e. once events a minute newer than the
 * window arrive. Without them the windows of a 60-second run never close. So the quickstart keeps publishing at a low
 * rate (about 5 % of {@code --rate}, at least 5 events/s per partition, since the job's watermark is the lowest of its
 * partitions) until the window holding the run's first published event is committed in {@code gold/metrics_1m}, at
 * most {@link #TIMEOUT}. The drain's events are ordinary events, counted in the ledger like all others.
 */
public final class DrainPlan {
    public static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final long WINDOW_MILLIS = 60_000L;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final long windowStartMillis;
    private final int rate;

    /**
     * @param firstPublishMillis when the run published its first event (its event time is at most that)
     * @param runRate            the run's {@code --rate}
     * @param partitions         partitions of the hub and of the topics
     */
    public DrainPlan(long firstPublishMillis, int runRate, int partitions) {
        this.windowStartMillis = Math.floorDiv(firstPublishMillis, WINDOW_MILLIS) * WINDOW_MILLIS;
        this.rate = Math.max((int) Math.ceil(runRate * 0.05), 5 * partitions);
    }

    /** What the drain ended with; {@code ok} counts in the run's pass/fail. */
    public record Outcome(boolean ok, String line) {
    }

    /** No drain (Ctrl-C, {@code --duration 0}, nothing published). */
    public static Outcome skipped(String why) {
        return new Outcome(true, "drain: none (" + why + "): gold/metrics_1m holds the windows that closed while"
                + " publishing");
    }

    public Instant windowStart() {
        return Instant.ofEpochMilli(windowStartMillis);
    }

    public Instant windowEnd() {
        return Instant.ofEpochMilli(windowStartMillis + WINDOW_MILLIS);
    }

    /** Events per second the drain publishes. */
    public int rate() {
        return rate;
    }

    /**
     * Whether the window has closed and is in gold: the newest {@code window_end} of gold reaches its end. Windows
     * are emitted in order and the gold sink commits the topic in order, so a later window in gold implies this one.
     */
    public boolean closed(OptionalLong newestGoldWindowEndMillis) {
        return newestGoldWindowEndMillis.isPresent()
                && newestGoldWindowEndMillis.getAsLong() >= windowStartMillis + WINDOW_MILLIS;
    }

    /** The end of the progress line while draining. */
    public String note(Duration elapsed) {
        return String.format(Locale.ROOT, "draining: %,d events/s until the window %s of the run's first event is in"
                + " gold/metrics_1m (%d s, at most %d s)", rate, window(), elapsed.toSeconds(), TIMEOUT.toSeconds());
    }

    public Outcome reached(Duration elapsed, long published) {
        return new Outcome(true, String.format(Locale.ROOT, "drain: window %s of the run's first event in"
                + " gold/metrics_1m after %d s at %,d events/s (%,d events, counted above)", window(),
                elapsed.toSeconds(), rate, published));
    }

    public Outcome timedOut(long published) {
        return new Outcome(false, String.format(Locale.ROOT, "drain: FAIL, window %s of the run's first event not in"
                + " gold/metrics_1m after %d s at %,d events/s (%,d events, counted above): is the Flink job or the"
                + " gold-1m-sink connector stuck? See the lines above and _runtime/quickstart.log", window(),
                TIMEOUT.toSeconds(), rate, published));
    }

    private String window() {
        return HH_MM.format(windowStart()) + "-" + HH_MM.format(windowEnd()) + " UTC";
    }
}

package dev.medallion.serving.speed.redis;

import dev.medallion.serving.model.SeriesKey;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The key layout of the Redis speed view, all under one prefix:
 * <ul>
 *   <li>{@code <p>minutes}: sorted set of the minutes held (member and score = epoch minute);</li>
 *   <li>{@code <p>m:<minute>}: hash of the minute's counters, field {@code <counter>|<series>};</li>
 *   <li>{@code <p>s:<minute>:<series>}: list of response times not yet folded into the digest;</li>
 *   <li>{@code <p>d:<minute>:<series>}: the folded t-digest ({@code MergingDigest.asBytes});</li>
 *   <li>{@code <p>entries}: number of (minute, series) entries; {@code <p>offsets}: hash of the highest offset
 *       applied per {@code topic/partition}.</li>
 * </ul>
 * A series is its event type and region URL-encoded and joined by a comma ({@code ~} for null): neither a comma,
 * a colon, a bar nor a tilde survives URL encoding, so the separators are unambiguous.
 */
final class RedisKeys {
    static final String NULL_PART = "~";
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String minutes() {
        return prefix + "minutes";
    }

    String entries() {
        return prefix + "entries";
    }

    String offsets() {
        return prefix + "offsets";
    }

    String minute(long minute) {
        return prefix + "m:" + minute;
    }

    String samples(long minute, String series) {
        return prefix + "s:" + minute + ":" + series;
    }

    String digest(long minute, String series) {
        return prefix + "d:" + minute + ":" + series;
    }

    static String encode(SeriesKey key) {
        return part(key.eventType()) + "," + part(key.region());
    }

    static SeriesKey decode(String series) {
        int comma = series.indexOf(',');
        return new SeriesKey(unpart(series.substring(0, comma)), unpart(series.substring(comma + 1)));
    }

    private static String part(String value) {
        return value == null ? NULL_PART : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unpart(String value) {
        return NULL_PART.equals(value) ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

package dev.medallion.serving.speed.redis;

import com.tdunning.math.stats.MergingDigest;
import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;
import dev.medallion.serving.speed.CleanEvent;
import dev.medallion.serving.speed.RecordPosition;
import dev.medallion.serving.speed.SpeedView;
import dev.medallion.serving.speed.SpeedViewUnavailableException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The speed view in Redis, shared by every serving replica that uses the same Redis and key prefix (layout:
 * {@link RedisKeys}). Counts and sums are Redis counters (HINCRBY, HINCRBYFLOAT for revenue), so replicas add to
 * them without reading. Each add runs in one Lua script together with a per-partition offset check: a record is
 * applied once however many replicas read it, and replaying after a restart adds nothing twice. Response times are
 * appended to a per-series list in the same script; once it holds {@link #FOLD_AT} samples a replica folds them
 * into the series' t-digest with a compare-and-set script, so concurrent folds never lose or repeat a sample.
 * Eviction is the same call as the in-memory view's, driven by the same {@code SpeedRetention}; no Redis TTL is set,
 * since a TTL would drop minutes batch does not cover yet.
 */
public final class RedisSpeedView implements SpeedView, AutoCloseable {
    /** Samples per series kept raw before folding: bounds memory per minute, and reads rebuild few digests. */
    static final int FOLD_AT = 512;
    /** A range is read 180 held minutes at a time, so one script never blocks Redis on a whole day of minutes. */
    private static final int READ_CHUNK_MINUTES = 180;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final String description;

    RedisSpeedView(UnifiedJedis redis, String prefix, String description) {
        this.redis = redis;
        this.keys = new RedisKeys(prefix);
        this.description = description;
    }

    /** Connects to {@code url} (redis:// or rediss://, optionally /db); user and password may be null. */
    public static RedisSpeedView open(URI url, String user, String password, String prefix) {
        int port = url.getPort() < 0 ? 6379 : url.getPort();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .clientName("medallion-serving").ssl("rediss".equals(url.getScheme()));
        if (user != null) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        String path = url.getPath() == null ? "" : url.getPath().replace("/", "");
        if (!path.isEmpty()) {
            config.database(Integer.parseInt(path));
        }
        RedisClient client = RedisClient.builder().hostAndPort(url.getHost(), port).clientConfig(config.build())
                .build();
        // Only the host, port and prefix: the password is never part of a description or a message.
        return new RedisSpeedView(client, prefix, "redis " + url.getHost() + ":" + port + " prefix " + prefix);
    }

    @Override
    public void add(CleanEvent event) {
        add(event, null);
    }

    @Override
    public void add(CleanEvent event, RecordPosition position) {
        long minute = event.epochMinute();
        String series = RedisKeys.encode(new SeriesKey(event.eventType(), event.region()));
        List<String> k = List.of(keys.offsets(), keys.minutes(), keys.minute(minute), keys.samples(minute, series),
                keys.entries());
        List<String> a = List.of(position == null ? "" : position.topic() + "/" + position.partition(),
                position == null ? "0" : String.valueOf(position.offset()), String.valueOf(minute), series,
                event.late() ? "1" : "0", text(event.latencyMs()), text(event.processingTimeMs()),
                text(event.responseTimeMs()), event.revenue() == null ? "" : Double.toString(event.revenue()));
        Object unfolded = call(() -> redis.eval(RedisScripts.ADD, k, a), "add an event");
        if (unfolded instanceof Long n && n >= FOLD_AT) {
            fold(minute, series);
        }
    }

    private static String text(Long value) {
        return value == null ? "" : value.toString();
    }

    /** Folds the series' raw samples into its digest; a lost compare-and-set means another replica folded. */
    private void fold(long minute, String series) {
        byte[] digestKey = bytes(keys.digest(minute, series));
        byte[] samplesKey = bytes(keys.samples(minute, series));
        for (int attempt = 0; attempt < 3; attempt++) {
            List<?> read = (List<?>) call(() -> redis.eval(bytes(RedisScripts.READ_FOR_FOLD),
                    List.of(digestKey, samplesKey), List.of(bytes(String.valueOf(FOLD_AT)))), "read a digest");
            byte[] old = (byte[]) read.get(0);
            List<?> samples = (List<?>) read.get(1);
            if (samples.size() < FOLD_AT) {
                return;
            }
            MergingDigest digest = digestOf(old, samples);
            ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
            digest.asBytes(buffer);
            Object done = call(() -> redis.eval(bytes(RedisScripts.FOLD), List.of(digestKey, samplesKey),
                    List.of(old, buffer.array(), bytes(String.valueOf(samples.size())))), "fold a digest");
            if (Long.valueOf(1).equals(done)) {
                return;
            }
        }
        // Still unfolded after three lost races: the next add folds; reads merge raw samples meanwhile.
    }

    private static MergingDigest digestOf(byte[] folded, List<?> samples) {
        MergingDigest digest = new MergingDigest(MetricAggregate.DIGEST_COMPRESSION);
        if (folded != null && folded.length > 0) {
            digest.add(MergingDigest.fromBytes(ByteBuffer.wrap(folded)));
        }
        for (Object sample : samples) {
            digest.add(Double.parseDouble(string(sample)));
        }
        return digest;
    }

    @Override
    public NavigableMap<Long, Map<SeriesKey, MetricAggregate>> range(long fromMinute, long toMinute) {
        TreeMap<Long, Map<SeriesKey, MetricAggregate>> result = new TreeMap<>();
        // Chunks over the minutes held, not over the range: a range of years costs what the view holds (about a
        // day of minutes), not one script per 180 empty minutes.
        List<String> held = call(() -> redis.zrangeByScore(keys.minutes(), Long.toString(fromMinute),
                "(" + toMinute), "list the minutes held");
        for (int i = 0; i < held.size(); i += READ_CHUNK_MINUTES) {
            long chunkFrom = Long.parseLong(held.get(i));
            long chunkTo = Long.parseLong(held.get(Math.min(held.size(), i + READ_CHUNK_MINUTES) - 1)) + 1;
            List<?> minutes = (List<?>) call(() -> redis.eval(bytes(RedisScripts.READ), List.of(bytes(keys.minutes())),
                    List.of(bytes(keys.prefix()), bytes(String.valueOf(chunkFrom)), bytes(String.valueOf(chunkTo)))),
                    "read the speed view");
            for (Object m : minutes) {
                List<?> minute = (List<?>) m;
                result.put(Long.parseLong(string(minute.get(0))), aggregates((List<?>) minute.get(1),
                        (List<?>) minute.get(2)));
            }
        }
        return result;
    }

    private static Map<SeriesKey, MetricAggregate> aggregates(List<?> hash, List<?> perSeries) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < hash.size(); i += 2) {
            fields.put(string(hash.get(i)), string(hash.get(i + 1)));
        }
        Map<SeriesKey, MetricAggregate> series = new HashMap<>();
        for (Object p : perSeries) {
            List<?> s = (List<?>) p;
            String name = string(s.get(0));
            byte[] folded = (byte[]) s.get(1);
            List<?> samples = (List<?>) s.get(2);
            MergingDigest digest = folded.length == 0 && samples.isEmpty() ? null : digestOf(folded, samples);
            series.put(RedisKeys.decode(name), MetricAggregate.restore(count(fields, "n", name),
                    count(fields, "late", name), count(fields, "lat", name), count(fields, "latn", name),
                    count(fields, "proc", name), count(fields, "procn", name),
                    Double.parseDouble(fields.getOrDefault("rev|" + name, "0")), count(fields, "revn", name),
                    digest));
        }
        return series;
    }

    private static long count(Map<String, String> fields, String counter, String series) {
        return Long.parseLong(fields.getOrDefault(counter + "|" + series, "0"));
    }

    @Override
    public int evictBefore(long minute) {
        Object dropped = call(() -> redis.eval(RedisScripts.EVICT, List.of(keys.minutes(), keys.entries()),
                List.of(keys.prefix(), String.valueOf(minute))), "evict minutes");
        return ((Long) dropped).intValue();
    }

    @Override
    public OptionalLong oldestMinute() {
        List<String> first = call(() -> redis.zrange(keys.minutes(), 0, 0), "read the oldest minute");
        return first.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(first.get(0)));
    }

    @Override
    public long entryCount() {
        String entries = call(() -> redis.get(keys.entries()), "count entries");
        return entries == null ? 0 : Long.parseLong(entries);
    }

    @Override
    public void ping() {
        call(redis::ping, "ping Redis");
    }

    private <T> T call(java.util.function.Supplier<T> command, String what) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new SpeedViewUnavailableException("Cannot " + what + " in the speed view (" + description
                    + "): " + e.getMessage() + "; check that Redis is up and reachable", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Object redisValue) {
        return redisValue instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(redisValue);
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        redis.close();
    }
}

package dev.medallion.serving.speed.redis;

import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;
import dev.medallion.serving.speed.CleanEvent;
import dev.medallion.serving.speed.InMemorySpeedView;
import dev.medallion.serving.speed.RecordPosition;
import dev.medallion.serving.speed.SpeedView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Redis speed view against a real redis-server: it answers exactly what the in-memory view answers for the same
 * events (counts, sums, digests, eviction), and two views on one Redis that both consume the same records count
 * each record once.
 */
class RedisSpeedViewIT {
    private static final long MINUTE = Instant.parse("2026-12-03T12:00:00Z").getEpochSecond() / 60;
    @TempDir
    static Path dir;
    private static RedisServerProcess redis;
    private static int prefixes;
    private String prefix;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "test" + (prefixes++) + ":";
    }

    private RedisSpeedView open() {
        return RedisSpeedView.open(java.net.URI.create(redis.url()), null, null, prefix);
    }

    private static List<CleanEvent> events(int n, long seed) {
        Random r = new Random(seed);
        String[] types = {"click", "purchase", "view"};
        String[] regions = {"eu", "us", "ap,x:y"};          // separators a key encoding must survive
        List<CleanEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = Instant.ofEpochSecond((MINUTE + r.nextInt(5)) * 60 + r.nextInt(60));
            events.add(new CleanEvent(types[r.nextInt(3)], regions[r.nextInt(3)], t, r.nextInt(10) == 0,
                    r.nextInt(8) == 0 ? null : (long) r.nextInt(500), (long) r.nextInt(100),
                    r.nextInt(20) == 0 ? null : (long) r.nextInt(2000),
                    r.nextInt(3) == 0 ? Math.round(r.nextDouble() * 10000) / 100.0 : null));
        }
        return events;
    }

    @Test
    void answersWhatTheInMemoryViewAnswers() {
        List<CleanEvent> events = events(3000, 1);    // some series pass the compaction threshold, some do not
        InMemorySpeedView memory = new InMemorySpeedView();
        try (RedisSpeedView store = open()) {
            long offset = 0;
            for (CleanEvent e : events) {
                memory.add(e);
                store.add(e, new RecordPosition("events.clean", 0, offset++));
            }
            assertSameView(store, memory, MINUTE - 10, MINUTE + 10);
            assertSameView(store, memory, MINUTE + 1, MINUTE + 3);
            assertThat(store.range(MINUTE + 3, MINUTE + 3)).isEmpty();

            assertThat(store.evictBefore(MINUTE + 2)).isEqualTo(memory.evictBefore(MINUTE + 2)).isEqualTo(2);
            assertThat(store.evictBefore(MINUTE + 2)).isZero();
            assertSameView(store, memory, MINUTE - 10, MINUTE + 10);
            assertThat(store.evictBefore(MINUTE + 100)).isEqualTo(3);
            assertThat(store.entryCount()).isZero();
            assertThat(store.oldestMinute()).isEmpty();
            assertThat(store.range(MINUTE - 10, MINUTE + 10)).isEmpty();
        }
    }

    /**
     * The API lets a 1d query span 2880 days: the read must cost what the view holds, not what the range spans
     * (about 23,000 scripts of 180 empty minutes each before).
     */
    @Test
    void aLongRangeCostsWhatTheViewHoldsNotWhatTheRangeSpans() {
        List<CleanEvent> events = events(300, 3);     // five minutes
        InMemorySpeedView memory = new InMemorySpeedView();
        try (RedisSpeedView store = open(); RedisClient admin = RedisClient.create(java.net.URI.create(redis.url()))) {
            long offset = 0;
            for (CleanEvent e : events) {
                memory.add(e);
                store.add(e, new RecordPosition("events.clean", 0, offset++));
            }
            long from = MINUTE - 2880L * 1440;
            long to = MINUTE + 2880L * 1440;
            admin.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
            assertThat(store.range(from, to)).hasSize(5);
            String stats = admin.info("commandstats");
            long scripts = 0;
            for (String line : stats.split("\r?\n")) {
                // Commands a script runs count under their own names; the scripts sent are the EVAL calls.
                if (line.startsWith("cmdstat_eval:")) {
                    scripts += Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
                }
            }
            assertThat(scripts).as(stats).isEqualTo(1);      // five minutes held: one chunk
            assertSameView(store, memory, from, to);
        }
    }

    @Test
    void twoViewsOnOneRedisConsumingTheSameRecordsCountEachOnce() throws Exception {
        List<CleanEvent> events = events(2000, 2);
        InMemorySpeedView expected = new InMemorySpeedView();
        events.forEach(expected::add);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RedisSpeedView a = open(); RedisSpeedView b = open()) {
            List<Future<?>> replicas = new ArrayList<>();
            for (RedisSpeedView replica : List.of(a, b)) {
                // Both replicas read both partitions (as SpeedViewConsumer does), interleaved in time.
                replicas.add(pool.submit(() -> {
                    for (int i = 0; i < events.size(); i++) {
                        replica.add(events.get(i), new RecordPosition("events.clean", i % 2, i / 2));
                    }
                }));
            }
            for (Future<?> f : replicas) {
                f.get();
            }
            assertThat(a.entryCount()).isEqualTo(expected.entryCount());
            NavigableMap<Long, Map<SeriesKey, MetricAggregate>> fromB = b.range(MINUTE, MINUTE + 5);
            NavigableMap<Long, Map<SeriesKey, MetricAggregate>> want = expected.range(MINUTE, MINUTE + 5);
            assertThat(fromB.keySet()).isEqualTo(want.keySet());
            long total = 0;
            for (Long minute : want.keySet()) {
                for (Map.Entry<SeriesKey, MetricAggregate> s : want.get(minute).entrySet()) {
                    MetricAggregate got = fromB.get(minute).get(s.getKey());
                    assertThat(got.eventCount()).isEqualTo(s.getValue().eventCount());
                    assertThat(got.latencySum()).isEqualTo(s.getValue().latencySum());
                    assertThat(got.responseTimeSamples()).isEqualTo(s.getValue().responseTimeSamples());
                    total += got.eventCount();
                }
            }
            assertThat(total).isEqualTo(2000);
            // A replica restarting and replaying records it (or another replica) already applied adds nothing.
            a.add(events.get(0), new RecordPosition("events.clean", 0, 0));
            assertThat(sum(a.range(MINUTE, MINUTE + 5))).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secretsAreNotInTheViewsDescription() {
        try (RedisSpeedView store = RedisSpeedView.open(java.net.URI.create(redis.url()), null, null, prefix)) {
            assertThat(store.toString()).contains("127.0.0.1").contains(prefix);
        }
    }

    private static long sum(NavigableMap<Long, Map<SeriesKey, MetricAggregate>> view) {
        return view.values().stream().flatMap(m -> m.values().stream()).mapToLong(MetricAggregate::eventCount).sum();
    }

    private static void assertSameView(SpeedView store, SpeedView memory, long from, long to) {
        NavigableMap<Long, Map<SeriesKey, MetricAggregate>> got = store.range(from, to);
        NavigableMap<Long, Map<SeriesKey, MetricAggregate>> want = memory.range(from, to);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        assertThat(store.entryCount()).isEqualTo(memory.entryCount());
        assertThat(store.oldestMinute()).isEqualTo(memory.oldestMinute());
        for (Long minute : want.keySet()) {
            assertThat(got.get(minute).keySet()).isEqualTo(want.get(minute).keySet());
            for (Map.Entry<SeriesKey, MetricAggregate> s : want.get(minute).entrySet()) {
                MetricAggregate g = got.get(minute).get(s.getKey());
                MetricAggregate w = s.getValue();
                assertThat(g.eventCount()).isEqualTo(w.eventCount());
                assertThat(g.lateEventCount()).isEqualTo(w.lateEventCount());
                assertThat(g.latencySum()).isEqualTo(w.latencySum());
                assertThat(g.avgLatencyMs()).isEqualTo(w.avgLatencyMs());
                assertThat(g.processingTimeSum()).isEqualTo(w.processingTimeSum());
                assertThat(g.avgProcessingTimeMs()).isEqualTo(w.avgProcessingTimeMs());
                if (w.revenueSum() == null) {
                    assertThat(g.revenueSum()).isNull();
                } else {
                    assertThat(g.revenueSum()).isCloseTo(w.revenueSum(), within(1e-6));
                }
                assertThat(g.responseTimeSamples()).isEqualTo(w.responseTimeSamples());
                if (w.p95ResponseTimeMs() == null) {
                    assertThat(g.p95ResponseTimeMs()).isNull();
                } else {
                    // Digests folded in another order estimate the same quantile within t-digest's error.
                    assertThat(g.p95ResponseTimeMs()).isCloseTo(w.p95ResponseTimeMs(), within(40.0));
                }
            }
        }
    }
}

package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.sparkreader.DeltaFileScan;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector (embedded Connect, plugin folder) writes a table in several commits; Spark + delta-spark then read
 * each {@code add} action's statistics, which must match the min, max and null count computed here from the records
 * sent to the files Spark read them from, and filtered queries must return the right rows while reading only the
 * files whose statistics can match.
 */
class DeltaSinkStatisticsIT {
    private static final String TOPIC = "stats.events";
    private static final int BATCHES = 5;
    private static final int PER_BATCH = 60;
    private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    private static final Schema GEO = SchemaBuilder.struct().name("Geo").optional()
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
    private static final Schema SCHEMA = SchemaBuilder.struct().name("StatsEvent")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("score", Schema.INT32_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
            .field("ok", Schema.BOOLEAN_SCHEMA)
            .field("event_time", Timestamp.SCHEMA)
            .field("day", Date.builder().optional().build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("geo", GEO)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();

    private static final String SEQ_FILTER = "seq >= 250";
    private static final String TIME_FILTER = "event_time < TIMESTAMP '2026-11-25 01:00:00'";
    private static final String NESTED_FILTER = "geo.lat > 42.5";
    private static final String SCORE_FILTER = "score < -900";

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("delta-stats-it").build();

    private static Path lake;

    @BeforeAll
    static void lake() throws Exception {
        lake = Files.createTempDirectory("delta-stats-it");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Stream<Path> files = Files.walk(lake)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // Every value derives from seq: the test recomputes the records of each file from the seqs Spark read there.

    private static String eventId(long seq) {
        return String.format("ev-%05d", seq) + (seq % 7 == 0 ? "-" + "long".repeat(10) : "");
    }

    private static int score(long seq) {
        return (int) ((seq * 7919) % 2001) - 1000;
    }

    private static Double ratio(long seq) {
        return seq % 5 == 0 ? null : seq / 3.0 - 50;
    }

    private static BigDecimal price(long seq) {
        return BigDecimal.valueOf((seq * 37) % 10_000 - 5_000, 2);
    }

    private static boolean ok(long seq) {
        return seq % 4 == 0;
    }

    private static Instant eventTime(long seq) {
        return START.plusSeconds(seq * 61).plusMillis(seq);
    }

    private static LocalDate day(long seq) {
        return LocalDate.of(2026, 11, 25).plusDays(seq / 50);
    }

    private static Double lat(long seq) {
        return seq % 9 == 0 ? null : 40 + seq * 0.01;
    }

    private static Double lon(long seq) {
        return seq % 9 == 0 || seq % 2 == 0 ? null : -seq * 0.5;
    }

    private static byte[] json(long seq) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
        Struct geo = lat(seq) == null ? null : new Struct(GEO).put("lat", lat(seq)).put("lon", lon(seq));
        Struct value = new Struct(SCHEMA).put("event_id", eventId(seq)).put("seq", seq).put("score", score(seq))
                .put("ratio", ratio(seq)).put("price", price(seq)).put("ok", ok(seq))
                .put("event_time", java.util.Date.from(eventTime(seq)))
                .put("day", java.util.Date.from(day(seq).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .put("geo", geo).put("tags", List.of("t" + seq));
        return converter.fromConnectData(TOPIC, SCHEMA, value);
    }

    private static long rowCount(Path table) {
        if (!Files.exists(table.resolve("_delta_log"))) {
            return 0;
        }
        return KernelTableReader.rows(table.toString()).size();
    }

    @Test
    void sparkSeesEachFilesMinMaxAndNullCountAndSkipsFilesOutsideAFiltersRange() {
        CONNECT.createTopic(TOPIC, 1);
        CONNECT.rest().putConnectorConfig("stats-sink", SequencedEvents.sinkConfig(lake, TOPIC, "tasks.max", "1"));
        CONNECT.rest().awaitRunning("stats-sink", 1, Duration.ofSeconds(90));
        Path table = lake.resolve(TOPIC);
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            // One batch per commit: files hold disjoint, ascending seq ranges, so range filters can skip files.
            for (int batch = 0; batch < BATCHES; batch++) {
                for (long seq = (long) batch * PER_BATCH; seq < (batch + 1L) * PER_BATCH; seq++) {
                    producer.send(new ProducerRecord<>(TOPIC, ("k" + seq).getBytes(StandardCharsets.UTF_8), json(seq)));
                }
                producer.flush();
                long expected = (batch + 1L) * PER_BATCH;
                Await.until(Duration.ofSeconds(90), expected + " rows committed", () -> rowCount(table) == expected);
            }
        }
        CONNECT.rest().deleteConnector("stats-sink");

        DeltaFileScan scan = SparkDeltaReader.scan(table, "seq",
                List.of(SEQ_FILTER, TIME_FILTER, NESTED_FILTER, SCORE_FILTER));
        long total = (long) BATCHES * PER_BATCH;
        assertThat(scan.rowFiles()).hasSize((int) total);
        assertThat(scan.files()).hasSizeGreaterThanOrEqualTo(BATCHES);
        for (DeltaFileScan.DataFile file : scan.files()) {
            List<Long> seqs = scan.rowFiles().entrySet().stream().filter(e -> e.getValue().equals(file.name()))
                    .map(e -> Long.parseLong(e.getKey())).sorted().toList();
            assertStatistics(file, seqs);
        }

        assertScan(scan, SEQ_FILTER, seq -> seq >= 250, true);
        assertScan(scan, TIME_FILTER, seq -> eventTime(seq).isBefore(Instant.parse("2026-11-25T01:00:00Z")), true);
        assertScan(scan, NESTED_FILTER, seq -> lat(seq) != null && lat(seq) > 42.5, true);
        assertScan(scan, SCORE_FILTER, seq -> score(seq) < -900, false);
    }

    /**
     * The filter returns exactly the matching rows; Spark reads every file holding one of them and, when the column
     * grows with seq (so each file's range is disjoint from the others'), no other file.
     */
    private static void assertScan(DeltaFileScan scan, String filter, LongPredicate matches, boolean monotonic) {
        long total = (long) BATCHES * PER_BATCH;
        List<String> expected = LongStream.range(0, total).filter(matches).mapToObj(Long::toString).toList();
        DeltaFileScan.FilteredScan result = scan.scan(filter);
        assertThat(result.keys()).as("rows of %s", filter).containsExactlyInAnyOrderElementsOf(expected);
        Set<String> filesWithMatches = expected.stream().map(scan.rowFiles()::get).collect(Collectors.toSet());
        assertThat(filesWithMatches).as("test data: %s matches rows", filter).isNotEmpty();
        if (monotonic) {
            assertThat(result.filesRead()).as("files read for %s", filter).isEqualTo(filesWithMatches.size());
            assertThat(result.filesRead()).as("data skipping for %s", filter).isLessThan(scan.files().size());
        } else {
            assertThat(result.filesRead()).as("files read for %s", filter)
                    .isBetween((long) filesWithMatches.size(), (long) scan.files().size());
        }
    }

    private static void assertStatistics(DeltaFileScan.DataFile file, List<Long> seqs) {
        JsonNode stats = file.stats();
        assertThat(stats).as("stats of %s", file.name()).isNotNull();
        assertThat(seqs).as("rows of %s", file.name()).isNotEmpty();
        assertThat(stats.path("numRecords").asLong()).isEqualTo(seqs.size());
        JsonNode min = stats.path("minValues");
        JsonNode max = stats.path("maxValues");
        JsonNode nulls = stats.path("nullCount");

        assertLongs(seqs, min, max, nulls, "seq", seq -> seq);
        assertLongs(seqs, min, max, nulls, "score", seq -> (long) score(seq));
        assertDoubles(seqs, min, max, nulls, "ratio", DeltaSinkStatisticsIT::ratio);
        assertDoubles(seqs, present(min, "geo"), present(max, "geo"), present(nulls, "geo"), "lat",
                DeltaSinkStatisticsIT::lat);
        assertDoubles(seqs, min.get("geo"), max.get("geo"), nulls.get("geo"), "lon", DeltaSinkStatisticsIT::lon);

        List<BigDecimal> prices = seqs.stream().map(DeltaSinkStatisticsIT::price).toList();
        assertThat(present(min, "price").decimalValue()).isEqualByComparingTo(prices.stream().min(Comparator.naturalOrder()).orElseThrow());
        assertThat(present(max, "price").decimalValue()).isEqualByComparingTo(prices.stream().max(Comparator.naturalOrder()).orElseThrow());

        List<Boolean> oks = seqs.stream().map(DeltaSinkStatisticsIT::ok).toList();
        assertThat(present(min, "ok").asBoolean()).isEqualTo(!oks.contains(false));
        assertThat(present(max, "ok").asBoolean()).isEqualTo(oks.contains(true));

        // Connect timestamps have millisecond precision, which the log keeps exactly.
        assertThat(Instant.parse(present(min, "event_time").asText())).isEqualTo(eventTime(seqs.get(0)));
        assertThat(Instant.parse(present(max, "event_time").asText())).isEqualTo(eventTime(seqs.get(seqs.size() - 1)));
        assertThat(LocalDate.parse(present(min, "day").asText())).isEqualTo(day(seqs.get(0)));
        assertThat(LocalDate.parse(present(max, "day").asText())).isEqualTo(day(seqs.get(seqs.size() - 1)));

        // Strings over 32 characters: a 32-character prefix as minimum, a maximum still above the largest value.
        List<String> ids = seqs.stream().map(DeltaSinkStatisticsIT::eventId).sorted().toList();
        String smallest = ids.get(0);
        String largest = ids.get(ids.size() - 1);
        assertThat(present(min, "event_id").asText()).isEqualTo(smallest.substring(0, Math.min(32, smallest.length())));
        String maxId = present(max, "event_id").asText();
        assertThat(maxId.compareTo(largest)).as("max %s >= %s", maxId, largest).isGreaterThanOrEqualTo(0);
        assertThat(maxId).startsWith(largest.substring(0, Math.min(32, largest.length())));

        assertThat(present(nulls, "note").asLong()).isEqualTo(seqs.size());
        assertThat(min.has("note")).as("an all-null column has no minimum").isFalse();
        assertThat(present(nulls, "event_id").asLong()).isZero();
        assertThat(nulls.has("tags")).as("arrays get no statistics").isFalse();
    }

    /** The stats entry {@code name} of {@code node}, which must be there (a missing one reads as 0 otherwise). */
    private static JsonNode present(JsonNode node, String name) {
        assertThat(node.has(name)).as("statistics entry %s in %s", name, node).isTrue();
        return node.get(name);
    }

    private static void assertLongs(List<Long> seqs, JsonNode min, JsonNode max, JsonNode nulls, String column,
                                    Function<Long, Long> value) {
        List<Long> values = seqs.stream().map(value).toList();
        assertThat(present(min, column).asLong()).as("min %s", column).isEqualTo(values.stream().min(Long::compare).orElseThrow());
        assertThat(present(max, column).asLong()).as("max %s", column).isEqualTo(values.stream().max(Long::compare).orElseThrow());
        assertThat(present(nulls, column).asLong()).as("nulls %s", column).isZero();
    }

    private static void assertDoubles(List<Long> seqs, JsonNode min, JsonNode max, JsonNode nulls, String column,
                                      Function<Long, Double> value) {
        List<Double> values = seqs.stream().map(value).filter(Objects::nonNull).toList();
        assertThat(present(nulls, column).asLong()).as("nulls %s", column).isEqualTo(seqs.size() - values.size());
        if (values.isEmpty()) {
            assertThat(min.has(column)).as("no minimum of all-null %s", column).isFalse();
            return;
        }
        assertThat(present(min, column).asDouble()).as("min %s", column)
                .isEqualTo(values.stream().min(Double::compare).orElseThrow());
        assertThat(present(max, column).asDouble()).as("max %s", column)
                .isEqualTo(values.stream().max(Double::compare).orElseThrow());
    }
}

package dev.medallion.quickstart;

import dev.medallion.generator.EventFactory;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.SendOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.sparkreader.SparkField;
import dev.medallion.sparkreader.SparkSqlRunner;
import dev.medallion.sparkreader.SqlRun;
import dev.medallion.sparkreader.SqlStatementResult;
import dev.medallion.sparkreader.SqlTableDetail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The tables of a pipeline run read back the way analysts read them: Spark + delta-spark (in a child JVM) checks
 * every table's column types, partitioning and properties against the spec, and runs each example query of
 * {@code docs/tables.md} as the page shows it (parsed from the file), its result compared with an independent
 * computation: Delta Kernel reads of the tables ({@link DeltaColumnReader}) with the arithmetic done here, or the
 * events this test published.
 *
 * <p>Besides the generator's load the test publishes a few events dated in January and March 2024 (an old backfill:
 * they land in partitions of their own, are late for the streaming job, and make the pruned-range example prune),
 * one dated an hour ahead and one from 1999 (both refused by Validate, so in {@code events.dlq}, not in a table).
 */
class TablesIT {
    static final List<String> EXAMPLES = List.of("pruned-range", "top-event-types-per-region",
            "sentiment-by-product", "gold-last-hour-by-region", "late-events-per-minute");
    /** The products of EventFactory's texts, as the sentiment example lists them. */
    private static final List<String> PRODUCTS = List.of("Contoso headphones", "Fabrikam laptop", "Northwind coffee",
            "Tailspin drone", "Adventure Works bike", "Litware keyboard");
    private static final Path PROJECT = Path.of(System.getProperty("medallion.project.dir", ".."));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event this test publishes: its id, type, event time, revenue, and whether Validate must accept it. */
    record Published(String id, String type, Instant time, Double revenue, boolean valid) {
    }

    @TempDir
    static Path dataDir;

    static LocalPipeline.RunResult result;
    static final List<Published> published = new ArrayList<>();
    static Map<String, String> examples;
    static SqlRun spark;
    static boolean hourlyTableExists;
    private static final DeltaColumnReader KERNEL = new DeltaColumnReader();

    @BeforeAll
    @Timeout(value = 35, unit = TimeUnit.MINUTES)   // 15 for the pipeline, up to 20 for the batch step (two Spark JVMs)
    static void runThePipelineThenQueryItsTablesWithSpark() throws IOException {
        examples = DocExamples.load(PROJECT.resolve("docs").resolve("tables.md"));
        int kafkaPort = TestPorts.freePortPair();
        QuickstartOptions options = QuickstartOptions.parse("--rate", "250", "--duration", "25s",
                "--data-dir", dataDir.toString(), "--project-dir", PROJECT.toString(),
                "--kafka-port", String.valueOf(kafkaPort), "--no-gateway", "--no-serving", "--connect-port", String.valueOf(TestPorts.freePort()),
                "--eventhubs-port", String.valueOf(TestPorts.freePort()));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
            pipeline.alsoPublish(TablesIT::publishOldAndFutureEvents);
            result = pipeline.run();
        } finally {
            System.out.println(output.toString(StandardCharsets.UTF_8));
        }

        Map<String, Path> tables = new LinkedHashMap<>();
        tables.put("bronze_events", dataDir.resolve(Topology.BRONZE));
        tables.put("silver_events", dataDir.resolve(Topology.SILVER));
        tables.put("gold_metrics_1m", dataDir.resolve("gold/metrics_1m"));
        List<String> statements = new ArrayList<>(examples.values());
        // A sink creates its table with its first rows, and metrics_1h has none until an hour of event time closes:
        // without the table, check its schema file the way Spark reads it (a table created from that DDL).
        hourlyTableExists = Files.isDirectory(dataDir.resolve("gold/metrics_1h/_delta_log"));
        if (hourlyTableExists) {
            tables.put("gold_metrics_1h", dataDir.resolve("gold/metrics_1h"));
            statements.add("SELECT * FROM gold_metrics_1h LIMIT 0");
        } else {
            String ddl = Files.readString(PROJECT.resolve("connect-configs/schemas/gold_metrics_1h.ddl"));
            statements.add("CREATE TABLE ddl_metrics_1h (\n" + ddl + "\n) USING DELTA LOCATION '"
                    + Files.createTempDirectory(dataDir, "ddl-1h").toUri() + "'");
            statements.add("SELECT * FROM ddl_metrics_1h LIMIT 0");
        }
        spark = SparkSqlRunner.run(tables, statements);
    }

    /**
     * Waits until silver has rows (the streaming job has a watermark by then, so the old events are late for it),
     * then publishes the old and future events and counts them as the run's reconciliation expects.
     */
    private static void publishOldAndFutureEvents(String connectionString, LoadStats stats) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (KERNEL.readTable(dataDir.resolve(Topology.SILVER), "event_id").size() < 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("silver had fewer than 200 rows after 3 minutes");
            }
            pause();
        }
        long run = System.nanoTime();
        Instant jan15 = Instant.parse("2024-01-15T10:15:00Z");
        Instant jan20 = Instant.parse("2024-01-20T18:30:00Z");
        List<Published> events = List.of(
                new Published("old-a-" + run, "purchase", jan15, 10.5, true),
                new Published("old-b-" + run, "purchase", jan15.plusSeconds(1), 20.0, true),
                new Published("old-c-" + run, "purchase", jan15.plusSeconds(2), 30.25, true),
                new Published("old-d-" + run, "click", jan15.plusSeconds(3), null, true),
                new Published("old-e-" + run, "click", jan15.plusSeconds(4), null, true),
                new Published("old-f-" + run, "purchase", jan20, 5.0, true),
                new Published("old-g-" + run, "purchase", jan20.plusSeconds(1), 7.5, true),
                new Published("old-h-" + run, "review", jan20.plusSeconds(2), null, true),
                new Published("old-i-" + run, "purchase", Instant.parse("2024-03-01T00:00:00Z"), 99.0, true),
                new Published("future-" + run, "purchase", Instant.now().plus(1, ChronoUnit.HOURS), 1.0, false),
                new Published("ancient-" + run, "purchase", Instant.parse("1999-12-31T23:00:00Z"), 1.0, false));
        EventHubProducerClient producer = new EventHubClientBuilder().connectionString(connectionString)
                .buildProducerClient();
        try {
            int i = 0;
            for (Published event : events) {
                producer.send(List.of(new EventData(json(event))),
                        new SendOptions().setPartitionId(String.valueOf(i++ % 2)));
                // Old events are valid and late; the reconciliation counts the others as refused.
                stats.published(event.valid() ? EventFactory.Kind.LATE : EventFactory.Kind.INVALID,
                        System.currentTimeMillis());
                published.add(event);
            }
        } finally {
            producer.close();
        }
    }

    private static byte[] json(Published event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event_id", event.id());
        node.put("event_type", event.type());
        node.put("user_id", "u-backfill");
        node.put("region", "westeurope");
        node.put("event_time", event.time().toEpochMilli());
        if (event.revenue() != null) {
            node.put("revenue", event.revenue());
        }
        node.put("latency_ms", 30);
        node.put("response_time_ms", 120);
        node.put("processing_time_ms", 5);
        if (event.type().equals("review")) {
            node.put("text", "Terrible experience: the Tailspin drone broke after a day in Berlin.");
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(500);   // polling interval of an awaited condition, not a fixed wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRunReconciled() {
        assertThat(result.reconciliation().checks())
                .allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        assertThat(published).hasSize(11);
    }

    /**
     * The batch step at the end of the run: the hourly job ran and either wrote complete hours or said honestly that
     * none is complete yet; the quality check scored both tables of the bundled expectations at or above 0.998 and
     * wrote its rows to gold/data_quality.
     */
    @Test
    void theBatchLayerRanOnceAtTheEnd() {
        BatchStep.Outcome batch = result.batch();
        assertThat(batch.ran()).isTrue();
        assertThat(batch.lines()).as("summary lines").anySatisfy(l -> assertThat(l)
                .containsAnyOf("hourly: no complete hour yet", "hour(s) written"));
        assertThat(batch.hourlyExit()).as("hourly exit code").isZero();
        assertThat(batch.lines()).anySatisfy(l -> assertThat(l).contains("quality: silver/events").endsWith("ok"));
        assertThat(batch.lines()).anySatisfy(l -> assertThat(l).contains("quality: bronze/events").endsWith("ok"));
        assertThat(batch.qualityExit()).as("quality exit code").isZero();
        assertThat(KERNEL.readTable(dataDir.resolve("gold/data_quality"), "table_name"))
                .contains("silver/events", "bronze/events");
        if (batch.lines().stream().anyMatch(l -> l.contains("hourly: wrote hour"))) {
            assertThat(Files.isDirectory(dataDir.resolve("gold/hourly_metrics/_delta_log"))).isTrue();
        }
    }

    @Test
    void everyTableHasTheSpecsColumnTypesInOrder() {
        assertThat(types(spark.table("bronze_events").schema())).containsExactly(
                "event_id string", "event_type string", "user_id string", "region string", "event_time bigint",
                "revenue double", "latency_ms bigint", "response_time_ms bigint", "processing_time_ms bigint",
                "text string", "event_timestamp timestamp", "ingested_at timestamp", "eventhubs_partition string",
                "eventhubs_offset string", "eventhubs_sequence_number bigint", "eventhubs_enqueued_time timestamp",
                "date date", "hour int");
        assertThat(types(spark.table("silver_events").schema())).containsExactly(
                "event_id string", "event_type string", "user_id string", "region string",
                "event_timestamp timestamp", "revenue double", "latency_ms bigint", "response_time_ms bigint",
                "processing_time_ms bigint", "text string", "sentiment string", "sentiment_score double",
                "language string", "language_confidence double",
                "entities array<struct<text:string,category:string,offset:bigint>>", "key_phrases array<string>",
                "enrichment_status string", "enrichment_engine string", "enrichment_error string",
                "latency_anomaly boolean", "response_time_anomaly boolean", "revenue_anomaly boolean",
                "late_arrival boolean", "processed_timestamp timestamp", "date date");
        List<String> gold = List.of("window_start timestamp", "window_end timestamp", "event_type string",
                "region string", "event_count bigint", "avg_latency_ms double", "avg_processing_time_ms double",
                "p95_response_time_ms double", "revenue_sum double");
        assertThat(types(spark.table("gold_metrics_1m").schema())).containsExactlyElementsOf(gold);
        SqlStatementResult hourly = spark.results().get(spark.results().size() - 1);
        assertThat(types(hourly.columns())).as(hourlyTableExists ? "gold/metrics_1h"
                : "gold/metrics_1h has no rows yet: its DDL file as Spark reads it").containsExactlyElementsOf(gold);
    }

    @Test
    void partitioningPropertiesAndColumnComments() {
        SqlTableDetail bronze = spark.table("bronze_events");
        assertThat(bronze.format()).isEqualTo("delta");
        assertThat(bronze.partitionColumns()).containsExactly("date", "hour");
        assertThat(bronze.properties()).containsEntry("delta.logRetentionDuration", "interval 30 days");
        assertThat(spark.table("silver_events").partitionColumns()).containsExactly("date");
        assertThat(spark.table("gold_metrics_1m").partitionColumns()).isEmpty();
        // The DDL files' COMMENTs reach Spark as column comments.
        assertThat(bronze.columnComments()).containsKeys("event_id", "event_time", "ingested_at");
        assertThat(spark.table("silver_events").columnComments()).containsKeys("late_arrival", "sentiment");
    }

    @Test
    void oldEventsLandInTheirOwnPartitionsAndFutureOrAncientOnesInNoTable() {
        Map<String, Map<String, Object>> bronze = byId(kernelRows(dataDir.resolve(Topology.BRONZE),
                "event_id", "date", "hour"));
        Map<String, Map<String, Object>> silver = byId(kernelRows(dataDir.resolve(Topology.SILVER),
                "event_id", "date", "late_arrival"));
        for (Published event : published) {
            if (!event.valid()) {
                assertThat(bronze).as("%s is refused by Validate", event.id()).doesNotContainKey(event.id());
                assertThat(silver).doesNotContainKey(event.id());
                continue;
            }
            LocalDate date = LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
            assertThat(bronze.get(event.id())).as(event.id()).containsEntry("date", date)
                    .containsEntry("hour", event.time().atZone(ZoneOffset.UTC).getHour());
            assertThat(silver.get(event.id())).as(event.id()).containsEntry("date", date)
                    .containsEntry("late_arrival", true);
        }
    }

    @Test
    void prunedRangeReadsOnlyTheJanuaryPartitions() {
        SqlStatementResult r = example("pruned-range");
        // Independent: bronze read with Delta Kernel, filtered and summed here.
        Map<LocalDate, List<Double>> january = new TreeMap<>();
        for (Map<String, Object> row : kernelRows(dataDir.resolve(Topology.BRONZE), "date", "event_type",
                "revenue")) {
            LocalDate date = (LocalDate) row.get("date");
            if (date.getYear() == 2024 && date.getMonthValue() == 1 && "purchase".equals(row.get("event_type"))) {
                january.computeIfAbsent(date, d -> new ArrayList<>()).add((Double) row.get("revenue"));
            }
        }
        List<Map<String, Object>> expected = new ArrayList<>();
        january.forEach((date, revenues) -> expected.add(Map.of("date", date.toString(),
                "purchases", (long) revenues.size(),
                "revenue", round(revenues.stream().mapToDouble(Double::doubleValue).sum(), 2))));
        assertThat(r.rows()).isEqualTo(expected);
        // And what this test published: 3 purchases on the 15th, 2 on the 20th; March is outside the range.
        assertThat(r.rows()).containsExactly(
                Map.of("date", "2024-01-15", "purchases", 3L, "revenue", 60.75),
                Map.of("date", "2024-01-20", "purchases", 2L, "revenue", 12.5));

        long tableFiles = spark.table("bronze_events").numFiles();
        System.out.printf("pruned-range read %d of bronze's %d files%n", r.filesRead("bronze_events"), tableFiles);
        assertThat(r.filesRead("bronze_events")).as("files read of %d", tableFiles)
                .isPositive()
                .isLessThanOrEqualTo(published.stream().filter(p -> p.valid()
                        && p.time().isBefore(Instant.parse("2024-02-01T00:00:00Z"))).count())
                .isLessThan(tableFiles);
    }

    @Test
    void topEventTypesPerRegion() {
        SqlStatementResult r = example("top-event-types-per-region");
        LocalDate since = LocalDate.now(ZoneOffset.UTC).minusDays(7);
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (Map<String, Object> row : kernelRows(dataDir.resolve(Topology.SILVER), "region", "event_type",
                "date")) {
            if (!((LocalDate) row.get("date")).isBefore(since)) {
                counts.computeIfAbsent((String) row.get("region"), k -> new TreeMap<>())
                        .merge((String) row.get("event_type"), 1L, Long::sum);
            }
        }
        List<Map<String, Object>> expected = new ArrayList<>();
        counts.forEach((region, byType) -> {
            List<Map.Entry<String, Long>> ranked = byType.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(3).toList();
            for (int i = 0; i < ranked.size(); i++) {
                expected.add(Map.of("region", region, "event_type", ranked.get(i).getKey(),
                        "events", ranked.get(i).getValue(), "rank", i + 1));
            }
        });
        assertThat(counts).as("the generator's six regions").hasSize(EventFactory.REGIONS.size());
        assertThat(r.rows()).isEqualTo(expected);
    }

    @Test
    void sentimentByProductFromTheKeyPhrasesMatchesTheTexts() {
        SqlStatementResult r = example("sentiment-by-product");
        // Independent: the product named in each analysed text (not its key phrases), from a Kernel read of silver.
        Map<String, List<Map<String, Object>>> byProduct = new TreeMap<>();
        for (Map<String, Object> row : kernelRows(dataDir.resolve(Topology.SILVER), "text", "sentiment",
                "sentiment_score", "enrichment_status")) {
            String text = (String) row.get("text");
            if (!"ok".equals(row.get("enrichment_status")) || text == null) {
                continue;
            }
            PRODUCTS.stream().filter(text::contains).findFirst()
                    .ifPresent(p -> byProduct.computeIfAbsent(p, k -> new ArrayList<>()).add(row));
        }
        assertThat(byProduct).as("every product occurs in some text").hasSameSizeAs(PRODUCTS);
        assertThat(r.column("product")).isEqualTo(new ArrayList<Object>(byProduct.keySet()));
        for (Map<String, Object> row : r.rows()) {
            List<Map<String, Object>> texts = byProduct.get((String) row.get("product"));
            assertThat(row.get("texts")).as("texts of %s", row.get("product")).isEqualTo((long) texts.size());
            assertThat(row.get("positive")).isEqualTo(count(texts, t -> "positive".equals(t.get("sentiment"))));
            assertThat(row.get("negative")).isEqualTo(count(texts, t -> "negative".equals(t.get("sentiment"))));
            double average = texts.stream().mapToDouble(t -> (Double) t.get("sentiment_score")).average()
                    .orElseThrow();
            // Spark rounds its own sum to 3 decimals; the order of summation may move the last digit.
            assertThat((Double) row.get("avg_sentiment_score")).isCloseTo(average, within(0.0011));
        }
    }

    @Test
    void goldLastHourAgreesWithGoldAndWithSilversOnTimeRows() {
        SqlStatementResult r = example("gold-last-hour-by-region");
        List<Map<String, Object>> gold = kernelRows(dataDir.resolve("gold/metrics_1m"), "window_start",
                "window_end", "event_type", "region", "event_count", "avg_latency_ms", "p95_response_time_ms",
                "revenue_sum");
        assertThat(gold).as("gold/metrics_1m rows after the run").isNotEmpty();
        Instant maxEnd = gold.stream().map(g -> (Instant) g.get("window_end")).max(Comparator.naturalOrder())
                .orElseThrow();
        List<Map<String, Object>> lastHour = gold.stream()
                .filter(g -> ((Instant) g.get("window_end")).isAfter(maxEnd.minus(1, ChronoUnit.HOURS))).toList();
        Set<Instant> windows = lastHour.stream().map(g -> (Instant) g.get("window_start"))
                .collect(Collectors.toSet());
        Map<String, List<Map<String, Object>>> goldGroups = lastHour.stream()
                .collect(Collectors.groupingBy(TablesIT::group, TreeMap::new, Collectors.toList()));
        // Silver's rows that the streaming job counted: on time, in a window gold has written.
        Map<String, List<Map<String, Object>>> silverGroups = kernelRows(dataDir.resolve(Topology.SILVER),
                        "region", "event_type", "event_timestamp", "late_arrival", "latency_ms",
                        "response_time_ms", "revenue").stream()
                .filter(s -> Boolean.FALSE.equals(s.get("late_arrival"))
                        && windows.contains(((Instant) s.get("event_timestamp")).truncatedTo(ChronoUnit.MINUTES)))
                .collect(Collectors.groupingBy(TablesIT::group, TreeMap::new, Collectors.toList()));

        assertThat(r.rows().stream().map(TablesIT::group).toList()).containsExactlyElementsOf(goldGroups.keySet());
        assertThat(silverGroups.keySet()).isEqualTo(goldGroups.keySet());
        for (Map<String, Object> row : r.rows()) {
            String key = group(row);
            List<Map<String, Object>> g = goldGroups.get(key);
            List<Map<String, Object>> s = silverGroups.get(key);
            long goldEvents = g.stream().mapToLong(x -> (Long) x.get("event_count")).sum();
            assertThat(row.get("events")).as("events of %s", key).isEqualTo(goldEvents).isEqualTo((long) s.size());
            double silverLatency = s.stream().mapToLong(x -> (Long) x.get("latency_ms")).average().orElseThrow();
            assertThat((Double) row.get("avg_latency_ms")).as("average latency of %s", key)
                    .isCloseTo(silverLatency, within(0.051));
            assertThat(row.get("worst_p95_response_time_ms")).isEqualTo(g.stream()
                    .map(x -> (Double) x.get("p95_response_time_ms")).max(Comparator.naturalOrder()).orElseThrow());
            long slowest = s.stream().mapToLong(x -> (Long) x.get("response_time_ms")).max().orElseThrow();
            assertThat((Double) row.get("worst_p95_response_time_ms")).isLessThanOrEqualTo(slowest);
            double silverRevenue = s.stream().map(x -> (Double) x.get("revenue")).filter(v -> v != null)
                    .mapToDouble(Double::doubleValue).sum();
            boolean anyRevenue = s.stream().anyMatch(x -> x.get("revenue") != null);
            if (anyRevenue) {
                assertThat((Double) row.get("revenue")).as("revenue of %s", key)
                        .isCloseTo(silverRevenue, within(0.011));
            } else {
                assertThat(row.get("revenue")).as("no revenue in %s", key).isNull();
            }
        }
    }

    @Test
    void lateEventsPerMinuteAreSilversLateRows() {
        SqlStatementResult r = example("late-events-per-minute");
        Map<Instant, List<Map<String, Object>>> late = kernelRows(dataDir.resolve(Topology.SILVER),
                        "event_timestamp", "processed_timestamp", "late_arrival").stream()
                .filter(s -> Boolean.TRUE.equals(s.get("late_arrival")))
                .collect(Collectors.groupingBy(s -> ((Instant) s.get("event_timestamp")).truncatedTo(ChronoUnit.MINUTES),
                        TreeMap::new, Collectors.toList()));
        assertThat(r.column("minute")).isEqualTo(late.keySet().stream().map(Instant::toString).toList());
        for (Map<String, Object> row : r.rows()) {
            List<Map<String, Object>> rows = late.get(Instant.parse((String) row.get("minute")));
            assertThat(row.get("late_events")).as("late events of %s", row.get("minute"))
                    .isEqualTo((long) rows.size());
            double delay = rows.stream().mapToLong(s -> Duration.between((Instant) s.get("event_timestamp"),
                    (Instant) s.get("processed_timestamp")).toMillis()).average().orElseThrow() / 1000;
            assertThat((Double) row.get("avg_delay_s")).isCloseTo(delay, within(0.051));
        }
        // The old events this test published are among them, each in its minute.
        Map<String, Object> lateByMinute = new LinkedHashMap<>();
        r.rows().forEach(row -> lateByMinute.put((String) row.get("minute"), row.get("late_events")));
        assertThat(lateByMinute).containsEntry("2024-01-15T10:15:00Z", 5L).containsEntry("2024-01-20T18:30:00Z", 3L)
                .containsEntry("2024-03-01T00:00:00Z", 1L);
    }

    private static SqlStatementResult example(String name) {
        SqlStatementResult r = spark.results().get(EXAMPLES.indexOf(name));
        assertThat(r.sql()).isEqualTo(examples.get(name));
        return r;
    }

    /** The {@code columns} of every row of {@code table}, read with Delta Kernel, as column name to value. */
    private static List<Map<String, Object>> kernelRows(Path table, String... columns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object[] values : KERNEL.readRows(table, List.of(columns))) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> types(List<SparkField> fields) {
        return fields.stream().map(f -> f.name() + " " + f.type()).toList();
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put((String) row.get("event_id"), row));
        return byId;
    }

    private static String group(Map<String, Object> row) {
        return row.get("region") + "/" + row.get("event_type");
    }

    private static long count(List<Map<String, Object>> rows, java.util.function.Predicate<Map<String, Object>> p) {
        return rows.stream().filter(p).count();
    }

    private static double round(double value, int decimals) {
        return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}

package dev.medallion.cluster;

import dev.medallion.generator.EventFactory;
import dev.medallion.quickstart.BronzeLatencyProbe;
import dev.medallion.quickstart.ConnectRest;
import dev.medallion.quickstart.DeltaColumnReader;
import dev.medallion.quickstart.DeltaLogScanner;
import dev.medallion.quickstart.DrainPlan;
import dev.medallion.quickstart.EventHubsBacklog;
import dev.medallion.quickstart.FlinkJobWatcher;
import dev.medallion.quickstart.GoldReconciliation;
import dev.medallion.quickstart.LatencySummary;
import dev.medallion.quickstart.LoadGenerator;
import dev.medallion.quickstart.LoadStats;
import dev.medallion.quickstart.PipelineHealth;
import dev.medallion.quickstart.ProgressLine;
import dev.medallion.quickstart.Reconciliation;
import dev.medallion.quickstart.RecordCounter;
import dev.medallion.quickstart.RunLedger;
import dev.medallion.quickstart.TextTable;
import dev.medallion.quickstart.TopicWatcher;
import dev.medallion.quickstart.Topology;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One run against a cluster that is up: publishes {@code --events} at {@code --rate} through the emulator, prints the
 * quickstart's progress line every two seconds, drains until the first window is in gold, waits for the tables and
 * prints the quickstart's reconciled summary (its classes, called here). With a {@link Fault}, the fault is injected
 * once half of the events are published and its report is printed with the summary.
 */
public final class ClusterRun {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final ClusterOptions options;
    private final LocalCluster cluster;
    private final PrintStream out;
    private final Map<String, DeltaLogScanner> tables = new LinkedHashMap<>();
    private final DeltaColumnReader reader = new DeltaColumnReader();
    private final LoadStats stats = new LoadStats();
    private final Path ledgerFile;
    private RunLedger previousRuns;
    private TopicWatcher watcher;
    private RecordCounter dlqCounter;
    private BronzeLatencyProbe latency;
    private ConnectRest rest;
    private FlinkJobWatcher flinkJob;
    private EventHubsBacklog backlog;
    private long startMillis;

    /** Outcome: the checks passed (exit code 0) and, for a drill, what the fault report says. */
    public record Result(boolean passed, Reconciliation reconciliation, long silverDuplicates, long silverMissing,
                         Fault.Report fault) {
    }

    public ClusterRun(ClusterOptions options, LocalCluster cluster, PrintStream out) {
        this.options = options;
        this.cluster = cluster;
        this.out = out;
        this.ledgerFile = options.runtimeDir().resolve("ledger.json");
    }

    public LoadStats stats() {
        return stats;
    }

    /** Connect REST of worker 1 (drills kill worker 2, so the run keeps a worker to ask). */
    public ConnectRest connect() {
        return rest;
    }

    public Result run(Fault fault) {
        String jobId = cluster.runningJob().orElseThrow(() -> new IllegalStateException(
                "No running Flink job " + LocalCluster.JOB_NAME + "; start the cluster first: cluster/cluster.sh up"));
        try (Admin admin = cluster.admin();
             RecordCounter dlq = new RecordCounter(options.bootstrapServers(), Topology.DLQ, Topology.BRONZE_DLQ)) {
            String connectionString = cluster.connectionString();
            rest = new ConnectRest(options.connectUrl(1));
            flinkJob = new FlinkJobWatcher(options.flinkRestUrl(), jobId);
            watcher = new TopicWatcher(admin);
            dlqCounter = dlq;
            previousRuns = RunLedger.load(ledgerFile);
            for (String table : Topology.TABLES) {
                tables.put(table, new DeltaLogScanner(options.lakehouse().resolve(table)));
            }
            latency = new BronzeLatencyProbe(tables.get(Topology.BRONZE), reader);
            tables.get(Topology.BRONZE).refresh();
            tables.get(Topology.BRONZE).drainAddedFiles();
            backlog = new EventHubsBacklog(connectionString, rest, Topology.SOURCE_CONNECTOR);
            startMillis = System.currentTimeMillis();
            Duration duration = Duration.ofSeconds(Math.max(1, (options.events() + options.rate() - 1)
                    / options.rate()));
            out.printf("Publishing %,d events/s for %d s (about %,d events)%s%n", options.rate(),
                    duration.toSeconds(), options.events(), fault == null ? "" : "; drill: " + fault.name()
                            + " once half are published");
            CompletableFuture<Fault.Report> faultDone = publish(connectionString, duration, fault);
            DrainPlan.Outcome drain = drainUntilFirstWindowInGold(connectionString);
            Fault.Report report = fault == null ? null : faultDone.join();
            waitForTables(Duration.ofSeconds(180));
            if (fault != null && fault.restartsFlinkJob()) {
                LocalCluster.markFlinkRestored(options);
            }
            return summarize(drain, report, java.nio.file.Files.exists(options.flinkRestoredMarker()));
        } finally {
            if (backlog != null) {
                backlog.close();
            }
        }
    }

    private CompletableFuture<Fault.Report> publish(String connectionString, Duration duration, Fault fault) {
        LoadGenerator generator = new LoadGenerator(connectionString,
                new EventFactory(System.nanoTime(), EventFactory.Mix.defaults()), stats, latency, options.rate(),
                duration);
        Thread thread = new Thread(generator, "load-generator");
        thread.start();
        CompletableFuture<Fault.Report> faultDone = new CompletableFuture<>();
        if (fault != null) {
            // Its own thread, watching the count: a progress line can take seconds on a loaded machine, and the
            // fault must come in the middle of the publishing, not after it.
            Thread drill = new Thread(() -> {
                while (thread.isAlive() && stats.published() < options.events() / 2) {
                    Waits.pause();
                }
                if (!thread.isAlive()) {
                    faultDone.completeExceptionally(new IllegalStateException(
                            "The run ended before the drill started; publish more --events"));
                    return;
                }
                out.println("--- drill " + fault.name() + " at " + stats.published() + " events published: "
                        + fault.description());
                try {
                    faultDone.complete(fault.inject(this));
                } catch (RuntimeException e) {
                    faultDone.completeExceptionally(e);
                }
            }, "drill");
            drill.start();
        }
        ProgressLine.Sample previous = null;
        try {
            while (thread.isAlive()) {
                previous = progress(previous, "");
                sleep(PROGRESS_EVERY);
            }
        } finally {
            generator.stop();
            join(thread);
            generator.close();
        }
        if (generator.failure() != null) {
            throw new IllegalStateException("Publishing to Event Hubs failed: " + generator.failure().getMessage(),
                    generator.failure());
        }
        return faultDone;
    }

    private DrainPlan.Outcome drainUntilFirstWindowInGold(String connectionString) {
        if (stats.firstPublishMillis() < 0) {
            return DrainPlan.skipped("nothing was published");
        }
        DrainPlan plan = new DrainPlan(stats.firstPublishMillis(), options.rate(), options.partitions());
        out.printf("Publishing done; draining at %,d events/s until the 1-minute window of the run's first event is"
                + " in gold/metrics_1m (at most %d s)%n", plan.rate(), DrainPlan.TIMEOUT.toSeconds());
        long before = stats.published();
        long start = System.nanoTime();
        LoadGenerator generator = new LoadGenerator(connectionString,
                new EventFactory(System.nanoTime(), EventFactory.Mix.defaults()), stats, latency, plan.rate(),
                Duration.ZERO);
        Thread thread = new Thread(generator, "drain-generator");
        thread.start();
        ProgressLine.Sample previous = null;
        try {
            while (true) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                previous = progress(previous, plan.note(elapsed));
                if (plan.closed(newestGoldWindowEnd())) {
                    return plan.reached(elapsed, stats.published() - before);
                }
                if (elapsed.compareTo(DrainPlan.TIMEOUT) >= 0) {
                    return plan.timedOut(stats.published() - before);
                }
                sleep(PROGRESS_EVERY);
            }
        } finally {
            generator.stop();
            join(thread);
            generator.close();
        }
    }

    private OptionalLong newestGoldWindowEnd() {
        try {
            return reader.readRows(options.lakehouse().resolve(Topology.GOLD_1M), List.of("window_end")).stream()
                    .map(row -> row[0]).filter(Instant.class::isInstance)
                    .mapToLong(end -> ((Instant) end).toEpochMilli()).max();
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private void waitForTables(Duration timeout) {
        out.println("Waiting for the tables to catch up (at most " + timeout.toSeconds() + " s)");
        long deadline = System.nanoTime() + timeout.toNanos();
        ProgressLine.Sample previous = null;
        while (System.nanoTime() < deadline) {
            previous = progress(previous, "");
            RunLedger total = previousRuns.plus(stats);
            boolean bronzeDone = tables.get(Topology.BRONZE).snapshot().rows() + dlqCounter.count() >= total.published();
            boolean silverDone = tables.get(Topology.SILVER).snapshot().rows() >= total.distinctValid();
            if (bronzeDone && silverDone) {
                return;
            }
            sleep(PROGRESS_EVERY);
        }
    }

    private ProgressLine.Sample progress(ProgressLine.Sample previous, String note) {
        Map<String, Long> tableRows = new LinkedHashMap<>();
        tables.forEach((name, scanner) -> tableRows.put(name.substring(name.indexOf('/') + 1)
                .replace("events", name.startsWith("bronze") ? "bronze" : "silver"), scanner.refresh().rows()));
        try {
            latency.poll();
        } catch (RuntimeException e) {
            out.println("  (latency probe: " + e.getMessage() + ")");
        }
        Map<String, Long> topics = new LinkedHashMap<>(watcher.endOffsets(List.of(Topology.RAW, Topology.CLEAN,
                Topology.METRICS_1M, Topology.METRICS_1H)));
        long lag = Math.max(0, watcher.lag(Topology.SQL_GROUP));
        for (String sink : List.of("bronze-sink", "silver-sink", "gold-1m-sink", "gold-1h-sink")) {
            lag += Math.max(0, watcher.lag(Topology.sinkGroup(sink)));
        }
        ProgressLine.Sample sample = new ProgressLine.Sample(System.currentTimeMillis() - startMillis,
                stats.published(), topics, tableRows, dlqCounter.count(), lag, eventHubsWaiting(), health(), note);
        out.println(ProgressLine.format(sample, previous));
        previousRuns.plus(stats).save(ledgerFile);
        return sample;
    }

    PipelineHealth health() {
        PipelineHealth connect;
        try {
            connect = PipelineHealth.ofConnect(rest.statuses());
        } catch (RuntimeException e) {
            connect = PipelineHealth.unreadable("connect", e.getMessage());
        }
        return connect.plus(flinkJob.health());
    }

    private long eventHubsWaiting() {
        return backlog.waiting().orElse(-1);
    }

    private Result summarize(DrainPlan.Outcome drain, Fault.Report report, boolean flinkRestored) {
        RunLedger total = previousRuns.plus(stats);
        total.save(ledgerFile);
        Map<String, DeltaLogScanner.Snapshot> snapshots = new LinkedHashMap<>();
        tables.forEach((name, scanner) -> snapshots.put(name, scanner.refresh()));
        latency.poll();
        List<String> bronzeIds = reader.readTable(options.lakehouse().resolve(Topology.BRONZE), "event_id");
        List<String> silverIds = reader.readTable(options.lakehouse().resolve(Topology.SILVER), "event_id");
        long silverDistinct = silverIds.stream().distinct().count();
        long silverDuplicates = silverIds.size() - silverDistinct;
        long silverMissing = Math.max(0, total.distinctValid() - silverDistinct);
        GoldReconciliation.Result gold = goldAgainstSilver(flinkRestored);
        Reconciliation reconciliation = new Reconciliation(total.published(), total.invalid(), total.distinctValid(),
                bronzeIds.size(), dlqCounter.count(), silverIds.size(), total.countedFromKafka(),
                previousRuns.invalid());
        PipelineHealth health = health();
        out.println();
        out.println("=== Summary" + (previousRuns.published() > 0 ? " (including earlier runs on this cluster)" : "")
                + " ===");
        out.print(new TextTable("events", "count")
                .row("published (this run)", stats.published())
                .row("published (all runs)", total.published())
                .row("  invalid", total.invalid())
                .row("  duplicates", total.duplicates())
                .row("  late", total.late())
                .row("  distinct valid", total.distinctValid())
                .row("bronze rows", (long) bronzeIds.size())
                .row("dead-letter records", dlqCounter.count())
                .row("silver rows", (long) silverIds.size())
                .row("silver distinct event_id", silverDistinct));
        out.println();
        TextTable tableSummary = new TextTable("table", "rows (log stats)", "files", "commits");
        snapshots.forEach((name, s) -> tableSummary.row(name, s.filesWithoutStats() > 0 ? "n/a" : s.rows(),
                s.files(), s.commits()));
        out.print(tableSummary);
        out.println();
        reconciliation.checks().forEach(out::println);
        gold.lines().forEach(out::println);
        out.println(drain.line());
        out.println();
        if (health.healthy()) {
            out.println("every connector, task and the Flink job RUNNING");
        } else {
            health.problems().forEach(p -> out.println((p.failed() ? "FAILED      " : "not running ") + p));
        }
        LatencySummary summary = latency.summary();
        out.printf("latency publish -> visible in bronze (%,d events): p50 %s, p95 %s, p99 %s, max %s%n",
                summary.count(), LatencySummary.format(summary.p50()), LatencySummary.format(summary.p95()),
                LatencySummary.format(summary.p99()), LatencySummary.format(summary.max()));
        boolean faultOk = true;
        if (report != null) {
            out.println();
            out.println("=== Drill " + report.name() + " ===");
            report.lines().forEach(out::println);
            out.printf("duplicates in silver: %,d (must be 0)%n", silverDuplicates);
            out.printf("losses (distinct valid events not in silver): %,d (must be 0)%n", silverMissing);
            faultOk = report.ok();
        }
        out.println("tables: " + options.lakehouse());
        boolean passed = reconciliation.balanced() && gold.ok() && drain.ok() && !health.failed() && faultOk
                && silverDuplicates == 0 && silverMissing == 0;
        out.println(passed ? "RESULT: OK" : "RESULT: FAIL");
        return new Result(passed, reconciliation, silverDuplicates, silverMissing, report);
    }

    private GoldReconciliation.Result goldAgainstSilver(boolean restored) {
        try {
            List<GoldReconciliation.GoldRow> gold = reader.readRows(options.lakehouse().resolve(Topology.GOLD_1M),
                    List.of("window_start", "window_end", "event_type", "region", "event_count")).stream()
                    .map(r -> new GoldReconciliation.GoldRow((Instant) r[0], (Instant) r[1], (String) r[2],
                            (String) r[3], r[4] == null ? 0 : (Long) r[4])).toList();
            List<GoldReconciliation.SilverRow> silver = reader.readRows(options.lakehouse().resolve(Topology.SILVER),
                    List.of("event_timestamp", "event_type", "region", "late_arrival")).stream()
                    .map(r -> new GoldReconciliation.SilverRow((Instant) r[0], (String) r[1], (String) r[2],
                            Boolean.TRUE.equals(r[3]))).toList();
            return GoldReconciliation.reconcile(gold, silver, restored);
        } catch (RuntimeException e) {
            return GoldReconciliation.unreadable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

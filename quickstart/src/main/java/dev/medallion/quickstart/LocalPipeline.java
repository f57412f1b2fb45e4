package dev.medallion.quickstart;

import dev.medallion.generator.EventFactory;
import dev.medallion.sql.SqlJob;
import dev.medallion.sql.SqlJobRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole Lambda pipeline in one JVM: KRaft Kafka, a distributed-mode Connect worker with its REST API on
 * localhost:8083, the Event Hubs emulator, the Flink SQL job, the connectors of {@code connect-configs/local}
 * registered through REST, and a load generator publishing through the Azure SDK. Prints a progress line every two
 * seconds and a reconciled summary at the end; Ctrl-C stops everything in order, and a second run on the same data
 * directory resumes (Kafka logs, Connect offsets and tables live there).
 *
 * <p>{@code ./quickstart.sh --help} lists the options.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final QuickstartOptions options;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<String> stepNotes = new ArrayList<>();
    private final Map<String, DeltaLogScanner> tables = new LinkedHashMap<>();
    private final DeltaColumnReader reader = new DeltaColumnReader();
    private LoadStats stats = new LoadStats();
    private boolean stepMode;
    private final Path runtimeDir;
    private final Path ledgerFile;
    /** Exists while a run is on; found at start, it means the previous run did not stop cleanly. */
    private final Path runningMarker;
    private RunLedger previousRuns;
    private LocalKafka kafka;
    private RecordCounter dlqCounter;
    private TopicWatcher watcher;
    private BronzeLatencyProbe latency;
    private LoadGenerator generator;
    private Thread generatorThread;
    private List<String> sinkConnectors = List.of();
    private ConnectRest connectRest;
    private FlinkJobWatcher flinkJob;
    /** Whether this run restored the Flink job from a checkpoint or savepoint (the gold check then checks bounds). */
    private boolean flinkRestored;
    private EventHubsBacklog eventHubsBacklog;
    private String connectionString;
    private volatile boolean stopRequested;
    private ExtraEvents extraEvents;
    private long startMillis;
    /** What the timed publishing phase sent and over how long (the throughput line; the drain comes on top). */
    private long publishedBeforeDrain;
    private long publishSpanBeforeDrain;
    private DrainPlan.Outcome drainOutcome = DrainPlan.skipped("not run");
    private BatchStep.Outcome batchOutcome = BatchStep.Outcome.skipped("not run");
    private volatile BatchStep batchStep;
    /** --storage adls: the ADLS emulator holding the lakehouse; null for local storage. */
    private AdlsStorageStep adls;

    public LocalPipeline(QuickstartOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.runtimeDir = options.dataDir().resolve("_runtime");
        this.ledgerFile = runtimeDir.resolve("ledger.json");
        this.runningMarker = runtimeDir.resolve("running");
    }

    public static void main(String[] args) {
        QuickstartOptions options;
        try {
            options = QuickstartOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(QuickstartOptions.USAGE);
            return;
        }
        LocalPipeline pipeline = new LocalPipeline(options, System.out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            pipeline.requestStop();
            try {
                // Let the main thread print the summary and stop the components in order.
                finished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quickstart-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = 0;
        try {
            exit = pipeline.run().passed() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("The pipeline failed: " + e.getMessage());
            e.printStackTrace(System.err);
            exit = 1;
        } finally {
            pipeline.close();
        }
        if (pipeline.stopRequested) {
            // Ctrl-C / SIGTERM: the JVM is already exiting, with the signal's status (130, 143) whatever the checks
            // said. halt() is the one way to set the status from here; every component is closed and the log
            // appenders flush each line, so the remaining shutdown hooks have nothing left to do.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exit);
        }
        finished.countDown();
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(exit);
    }

    /**
     * The outcome of a run: the reconciled counts, the latency, what each table holds, what was not running at the
     * end and how many events were still waiting in Event Hubs (-1 when unknown).
     */
    public record RunResult(Reconciliation reconciliation, LatencySummary latency, double eventsPerSecond,
                            Map<String, DeltaLogScanner.Snapshot> tables, long silverDistinct, PipelineHealth health,
                            long eventHubsWaiting, GoldReconciliation.Result gold, DrainPlan.Outcome drain,
                            BatchStep.Outcome batch) {
        /**
         * Every check passed (counts, gold against silver, the drain, the batch jobs when run) and nothing FAILED:
         * the exit code 0.
         */
        public boolean passed() {
            return reconciliation.balanced() && gold.ok() && drain.ok() && !health.failed() && batch.ok();
        }
    }

    /**
     * Events published besides the generator's, once, while it runs (a test's hand-made events). Whatever they count
     * into the {@link LoadStats} they are given is reconciled with the rest.
     */
    @FunctionalInterface
    public interface ExtraEvents {
        void publish(String connectionString, LoadStats stats);
    }

    /** Publishes {@code extra} alongside the load of the next {@link #run()}. */
    public void alsoPublish(ExtraEvents extra) {
        this.extraEvents = extra;
    }

    /** Asks a running {@link #run()} to stop publishing and finish (what Ctrl-C does). */
    public void requestStop() {
        stopRequested = true;
        if (generator != null) {
            generator.stop();
        }
        BatchStep step = batchStep;
        if (step != null) {
            step.stop();
        }
    }

    /** Starts everything, publishes for the configured duration, waits for the tables to catch up, summarizes. */
    public RunResult run() {
        startMillis = System.currentTimeMillis();
        start();
        generator = newGenerator(stats, latency, options.rate(), options.duration());
        publish();
        publishedBeforeDrain = stats.published();
        publishSpanBeforeDrain = stats.publishSpanMillis();
        drainOutcome = drainUntilTheFirstWindowIsInGold();
        // After Ctrl-C only a short wait, so the summary comes quickly; it then shows what is still in flight.
        drain(stopRequested ? Duration.ofSeconds(20) : Duration.ofSeconds(Math.max(60, options.duration().toSeconds())));
        // The batch layer once (issue #15), while the speed layer keeps running, as it would in production.
        if (options.batch() && !stopRequested) {
            // Two Spark start-ups: tens of seconds on a quiet machine, minutes on a busy one; say so before the wait.
            out.println("Running the batch layer's hourly job and quality check (Spark child JVMs, logs in "
                    + options.dataDir().resolve("_runtime") + "/batch-*.log) ...");
        }
        batchOutcome = !options.batch() ? BatchStep.Outcome.skipped("--no-batch")
                : stopRequested ? BatchStep.Outcome.skipped("stopped by Ctrl-C")
                : (batchStep = adls == null ? new BatchStep(options.projectDir(), options.dataDir())
                        : new BatchStep(options.projectDir(), options.dataDir(), adls.lakehouse(),
                                adls.sparkJvmOptions()))
                        .run(Instant.ofEpochMilli(startMillis));
        return summarize();
    }

    /** The outcome of one benchmark step: what was published, how fast, and the latency to bronze. */
    public record StepResult(int targetRate, long published, double eventsPerSecond, LatencySummary latency,
                             int notSeenInBronze) {
    }

    /**
     * Starts every component without publishing; then call {@link #step} once per rate (the pipeline benchmark).
     * {@link #close()} stops everything.
     */
    public void startForSteps() {
        startMillis = System.currentTimeMillis();
        start();
    }

    /**
     * Publishes at {@code rate} for {@code duration}, then waits (at most {@code settle}) until every valid event of
     * the step is visible in bronze, and returns the step's throughput and publish-to-bronze latency.
     */
    public StepResult step(int rate, Duration duration, Duration settle) {
        stepMode = true;
        LoadStats stepStats = new LoadStats();
        DeltaLogScanner bronze = tables.get(Topology.BRONZE);
        bronze.refresh();
        bronze.drainAddedFiles();
        BronzeLatencyProbe stepLatency = new BronzeLatencyProbe(bronze, reader);
        // The progress lines of the step show (and the probe consumes the bronze files of) this step only.
        stats = stepStats;
        latency = stepLatency;
        generator = newGenerator(stepStats, stepLatency, rate, duration);
        publish();
        long deadline = System.nanoTime() + settle.toNanos();
        while (!stopRequested && System.nanoTime() < deadline) {
            bronze.refresh();
            stepLatency.poll();
            if (stepLatency.pending() == 0) {
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        generator.close();
        double seconds = Math.max(1, stepStats.publishSpanMillis()) / 1000.0;
        return new StepResult(rate, stepStats.published(), stepStats.published() / seconds, stepLatency.summary(),
                stepLatency.pending());
    }

    private LoadGenerator newGenerator(LoadStats counts, BronzeLatencyProbe probe, int rate, Duration duration) {
        LoadGenerator created = new LoadGenerator(connectionString,
                new EventFactory(System.nanoTime(), EventFactory.Mix.defaults()), counts, probe, rate, duration);
        started.push(created::close);
        return created;
    }

    private void start() {
        mkdirs(runtimeDir);
        boolean resumed = Files.exists(runtimeDir.resolve("kafka").resolve("meta.properties"));
        boolean killed = Files.exists(runningMarker);
        touch(runningMarker);
        previousRuns = RunLedger.load(ledgerFile);
        step("Kafka (KRaft) on localhost:" + options.kafkaPort() + (resumed ? ", resuming " + runtimeDir : ""), () -> {
            kafka = new LocalKafka(runtimeDir.resolve("kafka"), options.kafkaPort()).start();
            started.push(kafka);
            kafka.createTopics(Topology.topics(options.partitions()));
        });
        // --storage adls
        if (options.adlsStorage()) {
            step("ADLS Gen2 emulator (--storage adls)", () -> {
                adls = AdlsStorageStep.start(options.dataDir());
                started.push(adls);
                stepNotes.add(adls.describe());
            });
        }
        String connectionString = eventHubs();
        List<Path> plugins = pluginDirs();
        Path schemaDir = options.projectDir().resolve("connect-configs").resolve("schemas");
        step("Kafka Connect (distributed) REST on http://localhost:" + options.connectPort() + ", plugins " + plugins,
                () -> {
                    LocalConnect connect = new LocalConnect(kafka.bootstrapServers(), options.connectPort(), plugins,
                            schemaDir);
                    started.push(connect);
                    connect.start();
                    new ConnectRest(connect.restUrl()).awaitUp(Duration.ofSeconds(120));
                });
        int flinkRestPort = freePort();
        FlinkSavepoints savepoints = new FlinkSavepoints("http://localhost:" + flinkRestPort,
                runtimeDir.resolve("flink-savepoints"));
        Path checkpoints = runtimeDir.resolve("flink-checkpoints");
        // A clean stop leaves a savepoint, a kill the retained checkpoints of the killed job: take the newer one.
        List<Path> snapshots = new ArrayList<>();
        savepoints.latest().map(location -> Path.of(URI.create(location))).ifPresent(snapshots::add);
        FlinkRestorePoint.latestCheckpoint(checkpoints).ifPresent(snapshots::add);
        Optional<Path> restoreFrom = FlinkRestorePoint.newest(snapshots);
        flinkRestored = restoreFrom.isPresent();
        FlinkRestorePoint.pruneOtherJobs(checkpoints, restoreFrom);
        step("Flink SQL job (dedupe, 1-minute and 1-hour metrics)"
                + restoreFrom.map(s -> ", restoring " + s).orElse(""), () -> {
            SqlJobRunner.Builder builder = SqlJobRunner.builder()
                    .bootstrapServers(kafka.bootstrapServers())
                    // Transactional sinks committed on checkpoints: a crash never writes an event twice to
                    // events.clean (the silver sink reads read_committed); silver lags by up to one interval.
                    .exactlyOnce(true)
                    .checkpointInterval(Duration.ofSeconds(5))
                    .parallelism(1)
                    .jobName("medallion-quickstart")
                    .checkpointDir(checkpoints.toUri().toString())
                    // Kept when the job is cancelled or fails, and on disk when the JVM is killed, so the next run
                    // restores the dedupe state and offsets of the last complete checkpoint.
                    .flinkOption("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                    .flinkOption("execution.checkpointing.num-retained", "2")
                    .flinkOption("rest.port", String.valueOf(flinkRestPort));
            restoreFrom.ifPresent(location -> builder.flinkOption("execution.state-recovery.path",
                    location.toUri().toString()));
            SqlGatewayStep gateway = new SqlGatewayStep(options);
            gateway.configure(builder);
            SqlJob job = builder.start();
            gateway.started(job, started, stepNotes::add);
            flinkJob = new FlinkJobWatcher("http://localhost:" + flinkRestPort, job.jobId().toHexString());
            // Ctrl-C / end of run: a savepoint first, so the next run continues with the same offsets and dedupe
            // state; cancel only if that fails.
            started.push(() -> {
                try {
                    out.println("Flink savepoint: " + savepoints.stopWithSavepoint(job.jobId().toHexString(),
                            Duration.ofSeconds(60)));
                } catch (RuntimeException e) {
                    out.println("Flink savepoint failed (" + e.getMessage() + "); cancelling the job");
                    job.cancel();
                }
            });
        });
        ConnectRest rest = new ConnectRest("http://localhost:" + options.connectPort());
        ConfigTemplate template = new ConfigTemplate(Map.of(
                "DATA_DIR", options.dataDir().toString(),
                "EVENTHUBS_CONNECTION_STRING", connectionString,
                "BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SCHEMA_DIR", ConfigTemplate.providerPath(schemaDir)));
        Map<String, Map<String, String>> configs = ConnectorConfigs.load(
                options.projectDir().resolve("connect-configs").resolve("local"), template);
        if (adls != null) {   // --storage adls: every Delta sink onto the account
            configs.values().stream().filter(c -> c.containsKey("tables.root"))
                    .forEach(c -> c.putAll(adls.sinkSettings()));
        }
        if (options.eventHubsConnectionString() == null && rest.exists(Topology.SOURCE_CONNECTOR)) {
            // The emulator keeps events in memory: this run's hub starts again at sequence number 0, so the source
            // offsets of the previous run point past events that do not exist yet. Forget them (KIP-875).
            step("Resetting the source offsets of the previous run (the emulator restarted empty)", () -> {
                rest.resetOffsets(Topology.SOURCE_CONNECTOR, Duration.ofSeconds(60));
                rest.resume(Topology.SOURCE_CONNECTOR);
            });
        }
        step("Connectors " + configs.keySet() + " through PUT /connectors/<name>/config", () -> {
            configs.forEach(rest::putConnectorConfig);
            configs.keySet().forEach(name -> rest.awaitRunning(name, Duration.ofSeconds(120)));
        });
        ServingStep serving = new ServingStep(options);
        if (serving.enabled()) {
            step("Serving layer (speed view of events.clean + batch view of gold/hourly_metrics) on http://127.0.0.1:"
                    + options.servingPort(), () -> {
                        if (adls == null) {
                            serving.start(kafka.bootstrapServers(), options.dataDir(), started, stepNotes::add);
                        } else {
                            serving.start(kafka.bootstrapServers(), adls.lakehouse(), adls.hadoopSettings(), started,
                                    stepNotes::add);
                        }
                    });
        }
        if (killed) {
            step("The previous run was killed: counting what it published from events.raw and events.dlq "
                    + "(its events still in the emulator's memory are lost)", () -> {
                        RunLedger stale = previousRuns;
                        previousRuns = TopicLedger.rebuild(kafka.bootstrapServers(), Topology.RAW, Topology.DLQ, stale);
                        previousRuns.save(ledgerFile);
                        out.printf("  published before: %,d reached Kafka of %,d counted by the ledger%n",
                                previousRuns.published(), stale.published());
                    });
        }
        sinkConnectors = configs.keySet().stream().filter(n -> !n.contains("source")).toList();
        connectRest = rest;
        if (configs.containsKey(Topology.SOURCE_CONNECTOR)) {
            eventHubsBacklog = new EventHubsBacklog(connectionString, rest, Topology.SOURCE_CONNECTOR);
            started.push(eventHubsBacklog);
        }
        for (String table : Topology.TABLES) {
            tables.put(table, new DeltaLogScanner(options.tablesDir().resolve(table)));
        }
        watcher = new TopicWatcher(kafka.admin());
        dlqCounter = new RecordCounter(kafka.bootstrapServers(), Topology.DLQ, Topology.BRONZE_DLQ);
        started.push(dlqCounter);
        latency = new BronzeLatencyProbe(tables.get(Topology.BRONZE), reader);
        // Files committed by earlier runs are not part of this run's latency.
        tables.get(Topology.BRONZE).refresh();
        tables.get(Topology.BRONZE).drainAddedFiles();
        this.connectionString = connectionString;
    }

    private String eventHubs() {
        if (options.eventHubsConnectionString() != null) {
            out.println("Using the Event Hubs namespace of --eventhubs-connection-string (no local emulator)");
            return options.eventHubsConnectionString();
        }
        LocalEventHubs hubs = new LocalEventHubs(options.eventHubsPort(), Topology.HUB, options.partitions());
        step("Event Hubs emulator on amqp://localhost:" + options.eventHubsPort() + ", hub '" + Topology.HUB + "' with "
                + options.partitions() + " partitions", () -> {
                    started.push(hubs);
                    hubs.start();
                });
        return hubs.connectionString();
    }

    private void publish() {
        out.printf("Publishing %,d events/s %s; Ctrl-C stops%n", options.rate(),
                options.unbounded() ? "until stopped" : "for " + options.duration().toSeconds() + " s");
        latency.warmUpUntil(System.currentTimeMillis() + options.warmUp().toMillis());
        generatorThread = new Thread(generator, "load-generator");
        generatorThread.start();
        if (extraEvents != null) {
            extraEvents.publish(connectionString, stats);
        }
        ProgressLine.Sample previous = null;
        while (generatorThread.isAlive() && !stopRequested) {
            previous = progress(previous, "");
            sleep(PROGRESS_EVERY);
        }
        generator.stop();
        join(generatorThread);
        if (generator.failure() != null) {
            throw new IllegalStateException("Publishing to Event Hubs failed: " + generator.failure().getMessage(),
                    generator.failure());
        }
    }

    /**
     * After a timed run, keeps publishing at a low rate until the 1-minute window of the run's first event is in
     * gold/metrics_1m (see {@link DrainPlan}), at most {@link DrainPlan#TIMEOUT}. Not after Ctrl-C or
     * {@code --duration 0}: the user asked to stop.
     */
    private DrainPlan.Outcome drainUntilTheFirstWindowIsInGold() {
        if (stopRequested || options.unbounded()) {
            return DrainPlan.skipped("stopped by Ctrl-C");
        }
        if (stats.firstPublishMillis() < 0) {
            return DrainPlan.skipped("nothing was published");
        }
        DrainPlan plan = new DrainPlan(stats.firstPublishMillis(), options.rate(), options.partitions());
        out.printf("Publishing done; draining at %,d events/s until the 1-minute window of the run's first event has"
                + " closed and is in gold/metrics_1m (at most %d s)%n", plan.rate(), DrainPlan.TIMEOUT.toSeconds());
        long before = stats.published();
        long start = System.nanoTime();
        // Same ledger and latency probe: the drain's events are reconciled like every other event.
        generator = newGenerator(stats, latency, plan.rate(), Duration.ZERO);
        generatorThread = new Thread(generator, "drain-generator");
        generatorThread.start();
        ProgressLine.Sample previous = null;
        try {
            while (!stopRequested) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                previous = progress(previous, plan.note(elapsed));
                if (plan.closed(newestGoldWindowEnd())) {
                    return plan.reached(elapsed, stats.published() - before);
                }
                if (generator.failure() != null) {
                    throw new IllegalStateException("Publishing to Event Hubs failed while draining: "
                            + generator.failure().getMessage(), generator.failure());
                }
                if (elapsed.compareTo(DrainPlan.TIMEOUT) >= 0) {
                    return plan.timedOut(stats.published() - before);
                }
                sleep(PROGRESS_EVERY);
            }
            return DrainPlan.skipped("stopped by Ctrl-C while draining");
        } finally {
            generator.stop();
            join(generatorThread);
        }
    }

    /** The newest window_end committed in gold/metrics_1m (epoch ms); empty while gold is empty or unreadable. */
    private OptionalLong newestGoldWindowEnd() {
        try {
            return reader.readRows(options.tablesDir().resolve(Topology.GOLD_1M), List.of("window_end")).stream()
                    .map(row -> row[0]).filter(Instant.class::isInstance)
                    .mapToLong(end -> ((Instant) end).toEpochMilli()).max();
        } catch (RuntimeException e) {
            // Read while the sink commits, or a table of an older layout: the next progress line asks again.
            return OptionalLong.empty();
        }
    }

    /** Waits until bronze + DLQ hold every published event and silver every distinct valid one, or the timeout. */
    private void drain(Duration timeout) {
        out.println("Publishing done; waiting for the tables to catch up (at most " + timeout.toSeconds() + " s)");
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
        Map<String, Long> topics = new LinkedHashMap<>();
        watcher.endOffsets(List.of(Topology.RAW, Topology.CLEAN, Topology.METRICS_1M, Topology.METRICS_1H))
                .forEach((topic, offset) -> topics.put(topic, offset));
        long lag = Math.max(0, watcher.lag(Topology.SQL_GROUP));
        for (String sink : sinkConnectors) {
            lag += Math.max(0, watcher.lag(Topology.sinkGroup(sink)));
        }
        ProgressLine.Sample sample = new ProgressLine.Sample(System.currentTimeMillis() - startMillis,
                stats.published(), topics, tableRows, dlqCounter.count(), lag, eventHubsWaiting(), health(), note);
        out.println(ProgressLine.format(sample, previous));
        if (!stepMode) {
            previousRuns.plus(stats).save(ledgerFile);
        }
        return sample;
    }

    /** Connectors, tasks and the Flink job that are not running, with the first line of the reason. */
    private PipelineHealth health() {
        PipelineHealth connect;
        try {
            connect = PipelineHealth.ofConnect(connectRest.statuses());
        } catch (RuntimeException e) {
            connect = PipelineHealth.unreadable("connect", e.getMessage());
        }
        return flinkJob == null ? connect : connect.plus(flinkJob.health());
    }

    private long eventHubsWaiting() {
        return eventHubsBacklog == null ? -1 : eventHubsBacklog.waiting().orElse(-1);
    }

    private RunResult summarize() {
        RunLedger total = previousRuns.plus(stats);
        total.save(ledgerFile);
        Map<String, DeltaLogScanner.Snapshot> snapshots = new LinkedHashMap<>();
        tables.forEach((name, scanner) -> snapshots.put(name, scanner.refresh()));
        latency.poll();
        // Exact counts from the tables themselves (Delta Kernel), not from the log statistics.
        List<String> bronzeIds = reader.readTable(options.tablesDir().resolve(Topology.BRONZE), "event_id");
        List<String> silverIds = reader.readTable(options.tablesDir().resolve(Topology.SILVER), "event_id");
        long silverDistinct = silverIds.stream().distinct().count();
        GoldReconciliation.Result gold = goldAgainstSilver();
        Reconciliation reconciliation = new Reconciliation(total.published(), total.invalid(), total.distinctValid(),
                bronzeIds.size(), dlqCounter.count(), silverIds.size(), total.countedFromKafka(),
                previousRuns.invalid());
        PipelineHealth health = health();
        long waiting = eventHubsWaiting();
        LatencySummary latencySummary = latency.summary();
        double seconds = Math.max(1, publishSpanBeforeDrain) / 1000.0;
        double rate = publishedBeforeDrain / seconds;

        out.println();
        out.println("=== Summary" + (previousRuns.published() > 0 ? " (including earlier runs on this data directory)" : "")
                + " ===");
        TextTable events = new TextTable("events", "count")
                .row("published (this run)", stats.published())
                .row("published (all runs)", total.published())
                .row("  invalid", total.invalid())
                .row("  duplicates", total.duplicates())
                .row("  late", total.late())
                .row("  distinct valid", total.distinctValid())
                .row("bronze rows", (long) bronzeIds.size())
                .row("dead-letter records", dlqCounter.count())
                .row("silver rows", (long) silverIds.size())
                .row("silver distinct event_id", silverDistinct);
        out.print(events);
        out.println();
        TextTable tableSummary = new TextTable("table", "rows (log stats)", "files", "commits");
        snapshots.forEach((name, s) -> tableSummary.row(name, s.filesWithoutStats() > 0 ? "n/a" : s.rows(),
                s.files(), s.commits()));
        out.print(tableSummary);
        out.println();
        reconciliation.checks().forEach(check -> out.println(check));
        gold.lines().forEach(out::println);
        out.println(drainOutcome.line());
        batchOutcome.lines().forEach(out::println);
        out.println();
        if (health.healthy()) {
            out.println("every connector, task and the Flink job RUNNING");
        } else {
            health.problems().forEach(problem -> out.println((problem.failed() ? "FAILED      " : "not running ")
                    + problem));
        }
        if (waiting != 0) {
            out.println(waiting < 0 ? "events still in Event Hubs: unknown (the hub or Connect did not answer)"
                    : String.format("events still in Event Hubs, not read by the source: %,d", waiting));
        }
        out.println();
        out.printf("throughput: %,.0f events/s published over %.1f s (target %,d/s; the drain not included)%n", rate,
                seconds, options.rate());
        out.printf("latency publish -> visible in bronze (%,d events): p50 %s, p95 %s, p99 %s, max %s%n",
                latencySummary.count(), LatencySummary.format(latencySummary.p50()),
                LatencySummary.format(latencySummary.p95()), LatencySummary.format(latencySummary.p99()),
                LatencySummary.format(latencySummary.max()));
        LatencySummary warm = latency.afterWarmUp();
        if (warm.count() > 0) {
            out.printf("  published after the first %d s (warm-up: JIT, Flink code generation, first commits) (%,d"
                    + " events): p50 %s, p95 %s, p99 %s, max %s%n", options.warmUp().toSeconds(), warm.count(),
                    LatencySummary.format(warm.p50()), LatencySummary.format(warm.p95()),
                    LatencySummary.format(warm.p99()), LatencySummary.format(warm.max()));
        }
        if (latency.pending() > 0) {
            out.printf("  %,d valid events of this run not (yet) seen in bronze%n", latency.pending());
        }
        out.println("tables: " + (adls == null ? options.dataDir()
                : adls.lakehouse() + " (files in " + options.tablesDir() + ")"));
        return new RunResult(reconciliation, latencySummary, rate, snapshots, silverDistinct, health, waiting, gold,
                drainOutcome, batchOutcome);
    }

    /** Reads gold/metrics_1m, then silver/events (so silver holds every event of the gold windows read), and checks. */
    private GoldReconciliation.Result goldAgainstSilver() {
        try {
            List<GoldReconciliation.GoldRow> gold = reader.readRows(options.tablesDir().resolve(Topology.GOLD_1M),
                    List.of("window_start", "window_end", "event_type", "region", "event_count")).stream()
                    .map(r -> new GoldReconciliation.GoldRow((Instant) r[0], (Instant) r[1], (String) r[2],
                            (String) r[3], r[4] == null ? 0 : (Long) r[4])).toList();
            List<GoldReconciliation.SilverRow> silver = reader.readRows(options.tablesDir().resolve(Topology.SILVER),
                    List.of("event_timestamp", "event_type", "region", "late_arrival")).stream()
                    .map(r -> new GoldReconciliation.SilverRow((Instant) r[0], (String) r[1], (String) r[2],
                            Boolean.TRUE.equals(r[3]))).toList();
            return GoldReconciliation.reconcile(gold, silver, flinkRestored);
        } catch (RuntimeException e) {
            // ClassCastException: a column of another type than the schema files declare (a table of an older run).
            return GoldReconciliation.unreadable(e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (tables written before the schema files of connect-configs/schemas? use a new --data-dir)");
        }
    }

    /** Stops the components in the reverse order of their start: generator, Connect, Flink, emulator, Kafka. */
    @Override
    public synchronized void close() {
        if (generator != null) {
            generator.stop();
        }
        if (generatorThread != null) {
            join(generatorThread);
        }
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                out.println("While stopping: " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(runningMarker);
        } catch (IOException e) {
            out.println("Could not delete " + runningMarker + ": " + e.getMessage());
        }
    }

    private List<Path> pluginDirs() {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> modules = Files.list(options.projectDir())) {
            modules.map(m -> m.resolve("target").resolve("plugin")).filter(Files::isDirectory).sorted()
                    .forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not look for plugins in " + options.projectDir(), e);
        }
        if (dirs.isEmpty()) {
            throw new IllegalStateException("No built Connect plugin under " + options.projectDir()
                    + "/*/target/plugin; build first: mvn -DskipTests install");
        }
        return dirs;
    }

    private void step(String what, Runnable action) {
        long start = System.nanoTime();
        out.print("Starting " + what + " ... ");
        out.flush();
        action.run();
        out.printf("ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
        // What a step has to tell (e.g. where a service listens) goes below its line, not into the middle of it.
        stepNotes.forEach(note -> out.println("  " + note));
        stepNotes.clear();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the Flink REST API", e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, String.valueOf(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static void sleep(Duration duration) {
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

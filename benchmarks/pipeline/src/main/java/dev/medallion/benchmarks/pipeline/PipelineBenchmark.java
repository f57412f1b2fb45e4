package dev.medallion.benchmarks.pipeline;

import dev.medallion.quickstart.LatencySummary;
import dev.medallion.quickstart.LocalPipeline;
import dev.medallion.quickstart.QuickstartOptions;
import dev.medallion.testkit.bench.CpuMeter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole local pipeline (emulator → source + transforms → Kafka → bronze sink, plus the Flink job and the
 * silver/gold sinks working alongside) once, then publishes at increasing rates, one step per rate, and prints for
 * each step the achieved events/s and the publish-to-bronze latency percentiles. After the first rate that is not
 * sustained (p99 ≥ 5 s, events missing from bronze, or the generator short of its target) it halves the gap to the
 * last sustained rate ({@code --bisections}, default 2) and reports the highest sustained rate.
 *
 * <p>Right before each step, as the peer of its figure, it measures the publish ceiling: the same load generator,
 * unthrottled, into a second emulator that nothing reads, while the pipeline is idle. The ratio of the sustained rate
 * to that ceiling is what to compare across machines and runs; the absolute rates move with the machine's load.
 *
 * <p>Run (after {@code mvn -q -DskipTests package -pl benchmarks/pipeline,smts,source-connectors,sink-connectors -am}):
 * <pre>
 * java -Xmx3g -Dlog4j2.configurationFile=classpath:quickstart-log4j2.properties -Dquickstart.log=/tmp/bench.log \
 *   -cp benchmarks/pipeline/target/classes:$(cat benchmarks/pipeline/target/classpath.txt) \
 *   dev.medallion.benchmarks.pipeline.PipelineBenchmark [--rates 2000,4000,8000,16000] [--step 30s] [--partitions 2]
 *   [--bisections 2]
 * </pre>
 * The ratio printed next to each rate is achieved/target: below 1.0 the load generator itself could not keep up.
 */
public final class PipelineBenchmark {
    private static final long TARGET_P99_MILLIS = 5_000;
    private static final Duration BACKLOG_PAUSE = Duration.ofSeconds(30);
    private static final Duration CEILING_RUN = Duration.ofSeconds(5);
    /**
     * The pipeline's stages by thread name (Connect names task threads after the connector, connect-configs/local);
     * broker, emulator, GC and JIT are CpuMeter's own groups, and Flink's operator-chain threads show by name.
     */
    private static final Map<String, String> STAGES = CpuMeter.groups(
            "task-thread-eventhubs-source", "source tasks (receive + transforms + convert)",
            "task-thread-bronze-sink", "bronze sink tasks",
            "task-thread-silver-sink", "silver sink tasks",
            "task-thread-gold-", "gold sink tasks",
            "reactor-", "Azure SDK I/O (generator + source receivers)",
            "boundedElastic-", "Azure SDK I/O (generator + source receivers)",
            "parallel-", "Azure SDK I/O (generator + source receivers)",
            "kafka-producer-network-thread", "Kafka producers",
            "Source: ", "Flink job",
            "Deduplicate", "Flink job",
            "GlobalWindowAggregate", "Flink job",
            "LocalWindowAggregate", "Flink job");

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<Integer> rates = new ArrayList<>(List.of(1000, 2000, 4000, 8000, 16000, 32000));
        Duration step = Duration.ofSeconds(30);
        String partitions = "2";
        int bisections = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rates" -> {
                    rates.clear();
                    for (String rate : args[i + 1].split(",")) {
                        rates.add(Integer.parseInt(rate.trim()));
                    }
                }
                case "--step" -> step = Duration.ofSeconds(Long.parseLong(args[i + 1].replace("s", "")));
                case "--partitions" -> partitions = args[i + 1];
                case "--bisections" -> bisections = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        int hubPartitions = Integer.parseInt(partitions);
        Path dataDir = Files.createTempDirectory("medallion-pipeline-bench");
        QuickstartOptions options = QuickstartOptions.parse("--data-dir", dataDir.toString(), "--partitions",
                partitions, "--kafka-port", "19392", "--connect-port", "18383", "--eventhubs-port", "15772",
                "--project-dir", System.getProperty("medallion.project.dir", "."));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<Measured> results = new ArrayList<>();
        try (PublishCeiling ceiling = new PublishCeiling(15872, hubPartitions);
             LocalPipeline pipeline = new LocalPipeline(options, quiet)) {
            System.out.println("Starting the pipeline in " + dataDir + " ...");
            pipeline.startForSteps();
            // Warm-up: JIT, table creation, first Flink checkpoint; not reported.
            pipeline.step(rates.get(0), Duration.ofSeconds(15), Duration.ofSeconds(60));
            System.out.printf("%10s %12s %8s %10s %10s %10s %10s %12s %10s%n", "target/s", "achieved/s", "ratio",
                    "p50 ms", "p95 ms", "p99 ms", "missing", "ceiling/s", "of ceil.");
            Integer broken = null;
            for (int rate : rates) {
                if (!sustained(runStep(pipeline, ceiling, rate, step, results).step())) {
                    broken = rate;
                    break;
                }
            }
            // Between the last sustained rate and the first that broke, halve the gap (--bisections times).
            for (int refine = 0; refine < bisections && broken != null; refine++) {
                int good = best(results) == null ? 0 : best(results).step().targetRate();
                int rate = (good + broken) / 2;
                if (rate <= good || broken - good < broken / 8) {
                    break;
                }
                if (!sustained(runStep(pipeline, ceiling, rate, step, results).step())) {
                    broken = rate;
                }
            }
        }
        Measured best = best(results);
        System.out.println(best == null
                ? "No rate kept p99 publish-to-bronze latency under 5 s on this machine."
                : String.format("Highest sustainable rate with p99 < 5 s: %,.0f events/s (p99 %d ms) = %.3f x the "
                        + "publish ceiling measured right before it (%,.0f events/s, generator -> emulator alone)",
                        best.step().eventsPerSecond(), best.step().latency().p99(),
                        best.step().eventsPerSecond() / best.ceiling(), best.ceiling()));
        System.exit(0);
    }

    /** One step and the publish ceiling measured right before it. */
    private record Measured(LocalPipeline.StepResult step, double ceiling) {
    }

    private static Measured runStep(LocalPipeline pipeline, PublishCeiling ceiling, int rate, Duration step,
                                    List<Measured> results) {
        double ceilingNow = ceiling.measure(CEILING_RUN);
        CpuMeter cpu = CpuMeter.start(STAGES);
        LocalPipeline.StepResult r = pipeline.step(rate, step, Duration.ofSeconds(90));
        String used = cpu.perEvent(Math.max(1, r.published()));
        Measured measured = new Measured(r, ceilingNow);
        results.add(measured);
        LatencySummary l = r.latency();
        System.out.printf("%10d %12.0f %8.2f %10d %10d %10d %10d %12.0f %10.3f%n", rate, r.eventsPerSecond(),
                r.eventsPerSecond() / rate, l.p50(), l.p95(), l.p99(), r.notSeenInBronze(), ceilingNow,
                r.eventsPerSecond() / ceilingNow);
        // The map of where the CPU goes: per stage, over the step and until its events were in bronze (the generator
        // and the emulator's work are in it too, as they are on this one machine).
        System.out.print(used);
        if (!sustained(r)) {
            sleep(BACKLOG_PAUSE); // let the Flink job and silver/gold sinks work off the backlog before the next step
        }
        return measured;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** p99 under 5 s, every event in bronze, and the generator kept (nearly) the target rate. */
    private static boolean sustained(LocalPipeline.StepResult r) {
        return r.latency().p99() >= 0 && r.latency().p99() < TARGET_P99_MILLIS && r.notSeenInBronze() == 0
                && r.eventsPerSecond() >= 0.95 * r.targetRate();
    }

    private static Measured best(List<Measured> results) {
        Measured best = null;
        for (Measured r : results) {
            if (sustained(r.step()) && (best == null || r.step().targetRate() > best.step().targetRate())) {
                best = r;
            }
        }
        return best;
    }
}

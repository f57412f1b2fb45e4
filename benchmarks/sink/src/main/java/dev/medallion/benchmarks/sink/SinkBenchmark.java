package dev.medallion.benchmarks.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Main: writes the same generated events through the Delta sink task and through Apache Iceberg's Kafka Connect sink
 * task in one run, on one thread each, and prints records/s (wall and per CPU-second) for both and their ratio.
 * Each table is read back afterwards (Delta with Spark + delta-spark, Iceberg with its generic reader) and must hold
 * every record.
 *
 * <p>Arguments: {@code --records N} (1000000), {@code --batch N} (500, Connect's max.poll.records),
 * {@code --sinks delta,iceberg}, {@code --dir PATH} (a new temp dir), {@code --warmup N} (records written to a
 * throw-away table by each sink first, 0 to skip), {@code --delta.KEY=VALUE} / {@code --iceberg.KEY=VALUE}
 * (connector properties passed through).
 */
public final class SinkBenchmark {

    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        int batch = 500;
        int warmup = 100_000;
        List<String> sinks = List.of("delta", "iceberg");
        Path dir = null;
        Map<String, String> deltaProps = new HashMap<>();
        Map<String, String> icebergProps = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--delta.") || a.startsWith("--iceberg.")) {
                String kv = a.substring(a.indexOf('.') + 1);
                int eq = kv.indexOf('=');
                (a.startsWith("--delta.") ? deltaProps : icebergProps).put(kv.substring(0, eq), kv.substring(eq + 1));
                continue;
            }
            String v = args[++i];
            switch (a) {
                case "--records" -> records = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--sinks" -> sinks = List.of(v.split(","));
                case "--dir" -> dir = Paths.get(v);
                default -> throw new IllegalArgumentException("Unknown argument " + a);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("sink-benchmark");
        }
        Files.createDirectories(dir);

        System.out.printf("Generating %,d events (15 fields) in batches of %d ...%n", records, batch);
        List<List<SinkRecord>> data = EventGenerator.batches("events", 0, records, batch, 42L);
        List<List<SinkRecord>> warm = warmup > 0 ? EventGenerator.batches("warmup", 0, warmup, batch, 7L) : List.of();

        // Both sinks commit every second by default (Iceberg's control interval is set to 1 s in its driver), so the
        // per-commit costs are compared at the same cadence; --delta.flush.interval.ms=... overrides it.
        deltaProps.putIfAbsent("flush.interval.ms", "1000");
        List<BenchmarkResult> results = new ArrayList<>();
        // Iceberg needs a broker (control topic, consumer group). It is started here, before either sink is measured,
        // and stays up through both, so no side's window contains its start-up and both share an idle broker.
        try (KafkaTestCluster kafka = new KafkaTestCluster().start()) {
            for (String sink : sinks) {
                Path root = dir.resolve(sink);
                switch (sink) {
                    case "delta" -> {
                        if (!warm.isEmpty()) {
                            new DeltaSinkDriver(dir.resolve("warmup-delta"), deltaProps).run(warm, warmup);
                        }
                        System.gc();
                        results.add(print(new DeltaSinkDriver(root, deltaProps).run(data, records)));
                    }
                    case "iceberg" -> {
                        if (!warm.isEmpty()) {
                            new IcebergSinkDriver(dir.resolve("warmup-iceberg"), icebergProps, kafka).run(warm, warmup);
                        }
                        System.gc();
                        results.add(print(new IcebergSinkDriver(root, icebergProps, kafka).run(data, records)));
                    }
                    default -> throw new IllegalArgumentException("Unknown sink " + sink + " (delta, iceberg)");
                }
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %10s %14s %17s %8s %8s %10s %6s %s%n", "sink", "records/s",
                "records/cpu-s", "records/task-cpu-s", "wall s", "cpu s", "task cpu s", "files", "read back");
        for (BenchmarkResult r : results) {
            System.out.printf(Locale.ROOT, "%-34s %,10.0f %,14.0f %,17.0f %8.2f %8.2f %10.2f %6d %,d%s%n", r.sink(),
                    r.recordsPerSecond(), r.recordsPerCpuSecond(), r.recordsPerTaskThreadCpuSecond(),
                    r.wallNanos() / 1e9,
                    r.cpuNanos() / 1e9, r.taskThreadCpuNanos() / 1e9, r.dataFiles(), r.rowsReadBack(),
                    r.verified() ? " OK" : " MISMATCH");
        }
        if (results.size() == 2) {
            BenchmarkResult a = results.get(0);
            BenchmarkResult b = results.get(1);
            System.out.printf(Locale.ROOT,
                    "ratio %s / %s: %.2fx records/s, %.2fx records/cpu-s, %.2fx records/task-cpu-s%n",
                    a.sink(), b.sink(), a.recordsPerSecond() / b.recordsPerSecond(),
                    a.recordsPerCpuSecond() / b.recordsPerCpuSecond(),
                    a.recordsPerTaskThreadCpuSecond() / b.recordsPerTaskThreadCpuSecond());
        }
        System.out.println("tables under " + dir);
        boolean ok = results.stream().allMatch(BenchmarkResult::verified);
        System.exit(ok ? 0 : 1);
    }

    private static BenchmarkResult print(BenchmarkResult r) {
        System.out.printf(Locale.ROOT,
                "%s: %,d records in %.2f s wall (%,.0f records/s), %.2f s CPU (%,.0f records/cpu-s);"
                        + " task thread %.2f s CPU; %d data files, %,d bytes; read back %,d rows%n  %s%n",
                r.sink(), r.records(), r.wallNanos() / 1e9, r.recordsPerSecond(), r.cpuNanos() / 1e9,
                r.recordsPerCpuSecond(), r.taskThreadCpuNanos() / 1e9, r.dataFiles(), r.tableBytes(), r.rowsReadBack(),
                r.notes());
        return r;
    }
}

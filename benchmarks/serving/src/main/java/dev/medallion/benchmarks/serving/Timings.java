package dev.medallion.benchmarks.serving;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/** Latencies of N repetitions of one question: p50, p99 and the sequential rate; stored for the final table. */
public record Timings(String label, int repetitions, double p50Ms, double p99Ms, double perSecond,
                      double concurrentPerSecond, long totalEvents, long buckets) {

    /** {@code nanos}: one entry per repetition, run one after the other (so the rate is 1 / mean). */
    public static Timings of(String label, long[] nanos, double concurrentPerSecond, long totalEvents,
                             long buckets) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new Timings(label, sorted.length, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
                sorted.length / (sum / 1e9), concurrentPerSecond, totalEvents, buckets);
    }

    /** Nearest-rank percentile. */
    private static double percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public String row() {
        return String.format(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f | %s | %,d | %,d |", label,
                repetitions, p50Ms, p99Ms, perSecond,
                Double.isNaN(concurrentPerSecond) ? "-" : String.format(Locale.ROOT, "%.1f", concurrentPerSecond),
                totalEvents, buckets);
    }

    public static String header() {
        return "| answered by | repetitions | p50 | p99 | requests/s (1 client) | requests/s (4 clients) | events |"
                + " buckets/rows |\n|---|---|---|---|---|---|---|---|";
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("label", label);
        p.setProperty("repetitions", Integer.toString(repetitions));
        p.setProperty("p50", Double.toString(p50Ms));
        p.setProperty("p99", Double.toString(p99Ms));
        p.setProperty("rate", Double.toString(perSecond));
        p.setProperty("concurrent.rate", Double.toString(concurrentPerSecond));
        p.setProperty("events", Long.toString(totalEvents));
        p.setProperty("buckets", Long.toString(buckets));
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
    }

    public static Timings read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return new Timings(p.getProperty("label"), Integer.parseInt(p.getProperty("repetitions")),
                Double.parseDouble(p.getProperty("p50")), Double.parseDouble(p.getProperty("p99")),
                Double.parseDouble(p.getProperty("rate")), Double.parseDouble(p.getProperty("concurrent.rate")),
                Long.parseLong(p.getProperty("events")), Long.parseLong(p.getProperty("buckets")));
    }
}

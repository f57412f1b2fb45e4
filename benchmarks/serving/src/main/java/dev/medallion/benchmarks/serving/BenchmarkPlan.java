package dev.medallion.benchmarks.serving;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * The question all three steps share, fixed once by {@link BenchmarkData} and read back by the others from
 * {@code plan.properties}: a 24-hour range of whole hours ending with the current one, the boundary W two hours
 * before the current hour (21 hours answered by batch, 3 by speed), and the exact event total of the range.
 */
public record BenchmarkPlan(long firstHour, long boundaryHour, long endHourExclusive, Instant eventsUntil,
                            long totalEvents) {
    public static final String FILE = "plan.properties";

    public static BenchmarkPlan forNow(Instant now) {
        long current = now.getEpochSecond() / 3600;
        return new BenchmarkPlan(current - 23, current - 2, current + 1, now.minusSeconds(60), 0);
    }

    public BenchmarkPlan withTotal(long total) {
        return new BenchmarkPlan(firstHour, boundaryHour, endHourExclusive, eventsUntil, total);
    }

    public Instant from() {
        return Instant.ofEpochSecond(firstHour * 3600);
    }

    public Instant to() {
        return Instant.ofEpochSecond(endHourExclusive * 3600);
    }

    public Instant boundary() {
        return Instant.ofEpochSecond(boundaryHour * 3600);
    }

    public void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("first.hour", Long.toString(firstHour));
        p.setProperty("boundary.hour", Long.toString(boundaryHour));
        p.setProperty("end.hour", Long.toString(endHourExclusive));
        p.setProperty("events.until", eventsUntil.toString());
        p.setProperty("total.events", Long.toString(totalEvents));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE))) {
            p.store(w, "serving benchmark plan");
        }
    }

    public static BenchmarkPlan read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE))) {
            p.load(r);
        }
        return new BenchmarkPlan(Long.parseLong(p.getProperty("first.hour")),
                Long.parseLong(p.getProperty("boundary.hour")), Long.parseLong(p.getProperty("end.hour")),
                Instant.parse(p.getProperty("events.until")), Long.parseLong(p.getProperty("total.events")));
    }
}

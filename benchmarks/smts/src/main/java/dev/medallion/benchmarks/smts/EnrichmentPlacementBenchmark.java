package dev.medallion.benchmarks.smts;

import dev.medallion.benchmarks.smts.placement.Placement;
import dev.medallion.benchmarks.smts.placement.PlacementPipeline;
import dev.medallion.benchmarks.smts.placement.PlacementPipeline.Hop;
import dev.medallion.benchmarks.smts.placement.PlacementPipeline.RoundResult;
import dev.medallion.benchmarks.smts.placement.PlacementRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where should silver's enrichment run (issue #12)? A: at the source, carried through events.raw, the SQL job and
 * events.clean; B: in the silver sink, after the SQL job's dedupe. Measures, in one run and on the quickstart's event
 * mix, the CPU each placement costs per distinct valid event on the measuring thread (as {@link CpuTimeProbe}):
 * warm-up, then rounds running each hop for A and B back to back, median and range. Only the work that differs
 * between the placements is in (see {@link PlacementPipeline.Hop}); what both do alike (Validate, body parsing,
 * FlagAnomaly, ExtractEventTime, HeaderToField, the dedupe state, the Delta writes of silver) is out.
 *
 * <p>Arguments ({@code key=value}): {@code duplicates=0,0.03,0.10} (shares to run, one table each), {@code events=10000}
 * (per round), {@code rounds=7}, {@code seed=42}.
 */
public final class EnrichmentPlacementBenchmark {
    private EnrichmentPlacementBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("duplicates", "0,0.03,0.10");
        options.put("events", "10000");
        options.put("rounds", "7");
        options.put("seed", "42");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !options.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected one of "
                        + options.keySet() + " as key=value");
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        double[] shares = Arrays.stream(options.get("duplicates").split(",")).mapToDouble(Double::parseDouble).toArray();
        int events = Integer.parseInt(options.get("events"));
        int rounds = Integer.parseInt(options.get("rounds"));
        long seed = Long.parseLong(options.get("seed"));

        System.out.printf("Enrichment placement, %s, %d cores, load average at start %s, Java %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), loadAverage(),
                System.getProperty("java.version"));
        System.out.printf("%,d events per round (quickstart mix: 2 %% late, 2 %% invalid, duplicates as given), %d rounds"
                + " after warm-up, each hop for A and B back to back; CPU of the measuring thread per distinct valid event%n%n", events, rounds);
        List<String> summary = new ArrayList<>();
        try (PlacementPipeline a = new PlacementPipeline(Placement.SOURCE_CARRIED);
             PlacementPipeline b = new PlacementPipeline(Placement.AFTER_DEDUPE)) {
            boolean first = true;
            for (double share : shares) {
                PlacementRun run = PlacementRun.measure(a, b, share, events, rounds, seed, first);
                first = false;
                print(run);
                summary.add(String.format("| %4.0f %% | %6.2f (%.2f-%.2f) | %6.2f (%.2f-%.2f) | **%.2f** (%.2f-%.2f) | %.2f | %.1f / %.1f | %.1f | %d / %d | %d / %d |",
                        share * 100, run.medianTotal(Placement.SOURCE_CARRIED), run.minTotal(Placement.SOURCE_CARRIED),
                        run.maxTotal(Placement.SOURCE_CARRIED), run.medianTotal(Placement.AFTER_DEDUPE),
                        run.minTotal(Placement.AFTER_DEDUPE), run.maxTotal(Placement.AFTER_DEDUPE),
                        run.medianRatio(), run.minRatio(), run.maxRatio(), run.pooledRatio(),
                        run.medianCarrying(Placement.SOURCE_CARRIED), run.medianCarrying(Placement.AFTER_DEDUPE),
                        run.pooledEnrichPerCall(),
                        Math.round(run.rawBytesPerRecord(Placement.SOURCE_CARRIED)),
                        Math.round(run.rawBytesPerRecord(Placement.AFTER_DEDUPE)),
                        Math.round(run.cleanBytesPerRecord(Placement.SOURCE_CARRIED)),
                        Math.round(run.cleanBytesPerRecord(Placement.AFTER_DEDUPE))));
            }
            System.out.println("Summary (µs CPU per distinct valid event, median and range of the rounds; B / A = median"
                    + " of the per-round ratios; pooled = from the carrying costs and one Enrich cost per call for both):");
            System.out.println();
            System.out.println("| duplicates | A: source, carried | B: after dedupe | B / A | B / A pooled |"
                    + " carrying A / B | Enrich per call | events.raw bytes A / B | events.clean bytes A / B |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            summary.forEach(System.out::println);
            System.out.printf("%nload average at end %s; blackhole %d%n", loadAverage(), a.blackhole() ^ b.blackhole());
        }
        StringBuilder command = new StringBuilder("benchmarks/smts/run.sh placement");
        options.forEach((k, v) -> command.append(' ').append(k).append('=').append(v));
        System.out.println("Reproduce: " + command);
    }

    private static void print(PlacementRun run) {
        RoundResult sample = run.rounds(Placement.SOURCE_CARRIED).get(0);
        System.out.printf("== duplicates %.0f %%: %,d events, %,d invalid (to the DLQ, same in A and B), %,d valid"
                        + " records on events.raw, %,d distinct (events.clean) ==%n",
                run.duplicateShare() * 100, run.events(), run.invalid(), sample.rawRecords, sample.distinct);
        System.out.printf("%-58s %10s %10s%n", "µs CPU per distinct valid event (median of rounds)", "A", "B");
        for (Hop hop : Hop.values()) {
            System.out.printf("%-58s %10.3f %10.3f%n", hop.label, run.medianHop(Placement.SOURCE_CARRIED, hop),
                    run.medianHop(Placement.AFTER_DEDUPE, hop));
        }
        System.out.printf("%-58s %10.3f %10.3f%n", "total (median of round totals)",
                run.medianTotal(Placement.SOURCE_CARRIED), run.medianTotal(Placement.AFTER_DEDUPE));
        System.out.printf("%-58s %4.2f-%-5.2f %4.2f-%-5.2f%n", "total, range over rounds",
                run.minTotal(Placement.SOURCE_CARRIED), run.maxTotal(Placement.SOURCE_CARRIED),
                run.minTotal(Placement.AFTER_DEDUPE), run.maxTotal(Placement.AFTER_DEDUPE));
        System.out.printf("%-58s %10.3f (range %.3f-%.3f)%n", "B / A (median of per-round ratios)", run.medianRatio(),
                run.minRatio(), run.maxRatio());
        // The two parts of the answer: what carrying the enrichment costs on the other hops, and Enrich per call
        // (the same work in both places, so a difference between A and B there is the machine's noise).
        System.out.printf("%-58s %10.3f %10.3f%n", "every hop but Enrich (carrying cost, median of rounds)",
                run.medianCarrying(Placement.SOURCE_CARRIED), run.medianCarrying(Placement.AFTER_DEDUPE));
        System.out.printf("%-58s %10.3f %10.3f (both: %.3f)%n", "Enrich µs CPU per call (median of rounds)",
                run.medianEnrichPerCall(Placement.SOURCE_CARRIED), run.medianEnrichPerCall(Placement.AFTER_DEDUPE),
                run.pooledEnrichPerCall());
        System.out.printf("%-58s %10.3f%n", "B / A from carrying costs + one Enrich cost per call",
                run.pooledRatio());
        System.out.printf("%-58s %10.0f %10.0f%n", "events.raw value bytes per record",
                run.rawBytesPerRecord(Placement.SOURCE_CARRIED), run.rawBytesPerRecord(Placement.AFTER_DEDUPE));
        System.out.printf("%-58s %10.0f %10.0f%n", "events.raw header bytes per record (enrichment.status)",
                run.rawHeaderBytesPerRecord(Placement.SOURCE_CARRIED), run.rawHeaderBytesPerRecord(Placement.AFTER_DEDUPE));
        System.out.printf("%-58s %10.0f %10.0f%n", "events.clean value bytes per record",
                run.cleanBytesPerRecord(Placement.SOURCE_CARRIED), run.cleanBytesPerRecord(Placement.AFTER_DEDUPE));
        System.out.printf("%-58s %10d %10d%n", "Enrich calls per round", sample.enriched,
                run.rounds(Placement.AFTER_DEDUPE).get(0).enriched);
        // Pauses run on the collector's threads, so they are not in the CPU figures; which hop a pause falls in is
        // chance, so only the sum is shown.
        System.out.printf("%-58s %10.0f%n", "GC pause ms per round, A and B together (not in the figures)",
                run.gcMillisPerRound(Placement.SOURCE_CARRIED) + run.gcMillisPerRound(Placement.AFTER_DEDUPE));
        System.out.printf("warm-up: %d rounds per placement%n%n", run.warmupRounds());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

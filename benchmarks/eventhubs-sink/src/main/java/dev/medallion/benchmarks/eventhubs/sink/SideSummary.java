package dev.medallion.benchmarks.eventhubs.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The timed runs of one side across the rounds: median and spread (lowest to highest) of each figure. */
final class SideSummary {
    private final String name;
    private final List<RunResult> runs = new ArrayList<>();

    SideSummary(String name) {
        this.name = name;
    }

    void add(RunResult run) {
        runs.add(run);
    }

    double medianRate() {
        return median(RunResult::eventsPerSecond);
    }

    double medianCpu() {
        return median(RunResult::sendingCpuMicrosPerEvent);
    }

    String line() {
        return String.format("%-24s median %,8.0f events/s (%,.0f to %,.0f, spread %.0f %% of the median)   sending"
                        + " side CPU median %.1f us/event (%.1f to %.1f)",
                name, medianRate(), min(RunResult::eventsPerSecond), max(RunResult::eventsPerSecond),
                100 * (max(RunResult::eventsPerSecond) - min(RunResult::eventsPerSecond)) / medianRate(),
                medianCpu(), min(RunResult::sendingCpuMicrosPerEvent), max(RunResult::sendingCpuMicrosPerEvent));
    }

    private double median(ToDoubleFunction<RunResult> figure) {
        double[] sorted = runs.stream().mapToDouble(figure).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private double min(ToDoubleFunction<RunResult> figure) {
        return runs.stream().mapToDouble(figure).min().orElse(Double.NaN);
    }

    private double max(ToDoubleFunction<RunResult> figure) {
        return runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
    }
}

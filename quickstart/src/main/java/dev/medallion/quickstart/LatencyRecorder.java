package dev.medallion.quickstart;

import java.util.Arrays;

/**
 * Collects latency samples (milliseconds) from several threads into a growable primitive array, so a run of millions
 * of events costs 8 bytes per sample and no boxing.
 */
public final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int size;

    public synchronized void record(long millis) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = Math.max(0, millis);
    }

    public synchronized int size() {
        return size;
    }

    public synchronized LatencySummary summary() {
        return LatencySummary.of(Arrays.copyOf(samples, size));
    }
}

package dev.medallion.benchmarks.sink;

/**
 * What one sink did with the records: wall time from the first {@code put} until every record was committed to its
 * table, the process CPU time spent meanwhile (all threads, including GC and, for Iceberg, its coordinator thread and
 * the in-process broker), the CPU time of the thread that called the task (what Connect's task thread would spend),
 * and the number of rows an independent read found in the table afterwards.
 */
public record BenchmarkResult(String sink, long records, long wallNanos, long cpuNanos, long taskThreadCpuNanos,
                              long rowsReadBack, long tableBytes, long dataFiles, String notes) {

    public double recordsPerSecond() {
        return records / (wallNanos / 1e9);
    }

    /** Records per CPU-second of the whole process: the per-core figure, independent of how many cores were free. */
    public double recordsPerCpuSecond() {
        return records / (cpuNanos / 1e9);
    }

    /** Records per CPU-second of the task thread alone (no GC, no background threads). */
    public double recordsPerTaskThreadCpuSecond() {
        return records / (taskThreadCpuNanos / 1e9);
    }

    public boolean verified() {
        return rowsReadBack == records;
    }
}

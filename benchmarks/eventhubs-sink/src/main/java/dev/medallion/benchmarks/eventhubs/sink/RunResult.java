package dev.medallion.benchmarks.eventhubs.sink;

/** One timed run of one side: events/s and the sending side's CPU microseconds per event. */
record RunResult(double eventsPerSecond, double sendingCpuMicrosPerEvent) {
}

package dev.medallion.benchmarks.eventhubs.sink;

import dev.medallion.testkit.bench.CpuMeter;

import java.util.Map;

/** What this benchmark's threads do, for the CPU breakdown (broker, emulator, GC and JIT are CpuMeter's own). */
final class SinkThreads {
    static final Map<String, String> CPU_GROUPS = CpuMeter.groups(
            "task-thread-", "Connect task threads (consumer poll, converters, put, batching)",
            "sdk-peer", "SDK peer loop (consumer poll, EventData, batching)",
            "reactor-executor", "Azure SDK AMQP send (proton encode, batches)");

    private SinkThreads() {
    }
}

package dev.medallion.benchmarks.eventhubs.sink;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this JVM during one measured phase, in total and by the part of the pipeline a thread belongs to
 * (told by its name), so a run can say how many CPU microseconds each path pays per event. On a machine whose cores are
 * all busy, the ratio of two rates is the inverse ratio of their CPU cost per event; this shows where that cost is.
 * Threads that end inside the phase are counted only in the process total.
 */
final class CpuMeter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[][] GROUPS = {
        {"task-thread-", "Connect task threads (consumer poll, converters, put, batching)"},
        {"sdk-peer", "SDK peer loop (consumer poll, EventData, batching)"},
        {"reactor-executor", "Azure SDK AMQP send (proton encode, batches)"},
        {"eventhubs-emulator-amqp", "emulator I/O thread"},
        {"data-plane-kafka-request-handler", "broker request handlers"},
        {"kafka-request-handler", "broker request handlers"},
        {"data-plane-kafka-network-thread", "broker network threads"},
        {"kafka-network-thread", "broker network threads"},
        {"GC Thread", "garbage collector"},
        {"ParGC Thread", "garbage collector"},
        {"C2 CompilerThread", "JIT compilers"},
        {"C1 CompilerThread", "JIT compilers"},
    };

    private final long processStart;
    private final Map<Long, Long> threadStart = new LinkedHashMap<>();

    private CpuMeter() {
        processStart = processCpuNanos();
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            threadStart.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
        }
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    /** CPU microseconds per event since start, as one line per thread group plus the process total. */
    String perEvent(long events) {
        long process = processCpuNanos() - processStart;
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long spent = now - threadStart.getOrDefault(info.getThreadId(), 0L);
            byGroup.merge(group(info.getThreadName()), spent, Long::sum);
        }
        long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
        byGroup.put("JVM's own threads (GC, JIT) and threads that ended", Math.max(0, process - javaThreads));
        StringBuilder out = new StringBuilder(String.format("    CPU per event: %.2f us in total (%.1f CPU-s)%n",
                process / 1e3 / events, process / 1e9));
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(9)
                .forEach(e -> out.append(String.format("      %5.2f us  %4.1f %%  %s%n", e.getValue() / 1e3 / events,
                        100.0 * e.getValue() / process, e.getKey())));
        return out.toString();
    }

    private static String group(String threadName) {
        for (String[] group : GROUPS) {
            if (threadName.startsWith(group[0])) {
                return group[1];
            }
        }
        return threadName.replaceAll("[0-9]+", "N");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}

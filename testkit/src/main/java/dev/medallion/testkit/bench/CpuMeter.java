package dev.medallion.testkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this JVM during one measured phase, in total and by the part of the pipeline a thread belongs to
 * (told by its name), so a benchmark can say how many CPU microseconds each path pays per event. On a machine whose
 * cores are all busy, the ratio of two rates is the inverse ratio of their CPU cost per event; this shows where that
 * cost is. Threads that end inside the phase are counted only in the process total. Also the plain process and
 * current-thread CPU clocks, for benchmarks that only need records per CPU-second.
 */
public final class CpuMeter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Threads every in-process benchmark has: broker, emulator, GC and JIT. Checked after a benchmark's own. */
    private static final Map<String, String> COMMON_GROUPS = groups(
            "eventhubs-emulator-amqp", "emulator I/O thread",
            "data-plane-kafka-request-handler", "broker request handlers",
            "kafka-request-handler", "broker request handlers",
            "data-plane-kafka-network-thread", "broker network threads",
            "kafka-network-thread", "broker network threads",
            "GC Thread", "garbage collector",
            "ParGC Thread", "garbage collector",
            "C2 CompilerThread", "JIT compilers",
            "C1 CompilerThread", "JIT compilers");

    private final Map<String, String> groups = new LinkedHashMap<>();
    private final long processStart;
    private final Map<Long, Long> threadStart = new LinkedHashMap<>();

    private CpuMeter(Map<String, String> ownGroups) {
        groups.putAll(ownGroups);
        COMMON_GROUPS.forEach(groups::putIfAbsent);
        processStart = processCpuNanos();
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            threadStart.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
        }
    }

    /**
     * Starts measuring. {@code ownGroups} maps thread name prefixes to what those threads do in this benchmark (e.g.
     * {@code "task-thread-"} to the Connect task's work), in the order they are tried.
     */
    public static CpuMeter start(Map<String, String> ownGroups) {
        return new CpuMeter(ownGroups);
    }

    /** Prefix, label, prefix, label...: an ordered map for {@link #start}. */
    public static Map<String, String> groups(String... prefixAndLabel) {
        if (prefixAndLabel.length % 2 != 0) {
            throw new IllegalArgumentException("groups take prefix and label pairs");
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (int i = 0; i < prefixAndLabel.length; i += 2) {
            groups.put(prefixAndLabel[i], prefixAndLabel[i + 1]);
        }
        return groups;
    }

    /** CPU nanoseconds of the whole process since start. */
    public long processNanos() {
        return processCpuNanos() - processStart;
    }

    /** CPU microseconds per event since start, as one line per thread group plus the process total. */
    public String perEvent(long events) {
        long process = processNanos();
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

    String group(String threadName) {
        for (Map.Entry<String, String> group : groups.entrySet()) {
            if (threadName.startsWith(group.getKey())) {
                return group.getValue();
            }
        }
        return threadName.replaceAll("[0-9]+", "N");
    }

    /** CPU time of the whole process (all threads) so far. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        throw new IllegalStateException("This JVM does not report process CPU time");
    }

    /** CPU time of the calling thread so far. */
    public static long currentThreadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }
}

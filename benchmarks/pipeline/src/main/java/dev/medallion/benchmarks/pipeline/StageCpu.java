package dev.medallion.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of the pipeline's threads grouped by stage, between two snapshots, so a step can say how many CPU
 * microseconds each stage spends per event. Everything runs in one JVM, so a stage is known by its threads' names
 * (Connect names task threads after the connector, Flink after the operator chain, the broker its handler pools).
 * Threads that match no stage are reported by name under "other", so nothing is hidden; CPU of threads that ended
 * between the snapshots is lost, which the coverage line (threads / process CPU) shows.
 */
final class StageCpu {
    /** Stage name → thread-name pattern, first match wins; order matters where names overlap. */
    static final Map<String, Pattern> STAGES = stages();

    private static Map<String, Pattern> stages() {
        Map<String, Pattern> stages = new LinkedHashMap<>();
        stages.put("Event Hubs emulator", Pattern.compile("eventhubs-emulator-.*"));
        stages.put("source task (receive + Validate + Enrich + convert)", Pattern.compile(
                "task-thread-.*(source|eventhubs).*", Pattern.CASE_INSENSITIVE));
        stages.put("bronze sink task", Pattern.compile("task-thread-.*bronze.*"));
        stages.put("silver sink task", Pattern.compile("task-thread-.*silver.*"));
        stages.put("gold sink tasks", Pattern.compile("task-thread-.*(gold|metrics).*"));
        stages.put("other Connect tasks", Pattern.compile("task-thread-.*"));
        stages.put("Kafka broker", Pattern.compile(
                "(data-plane-kafka-.*|kafka-network-thread.*|kafka-request-handler.*|.*Replica.*|kafka-log-.*"
                        + "|.*controller.*|.*raft.*|.*quorum.*|group-coordinator.*|.*transaction.*|broker-.*"
                        + "|LogDirFailureHandler|kafka-scheduler.*|ExpirationReaper.*|.*-metadata-loader.*)",
                Pattern.CASE_INSENSITIVE));
        stages.put("Kafka clients (producers, consumers)", Pattern.compile(
                "(kafka-producer-network-thread.*|kafka-coordinator-heartbeat-thread.*|.*consumer.*)",
                Pattern.CASE_INSENSITIVE));
        stages.put("Flink job (dedupe, 1m + 1h windows, sinks)", Pattern.compile(
                "(.*Source: .*|.*Sink.*|.*Window.*|.*Rank.*|.*Deduplicate.*|.*Calc.*|.*Committer.*|.*Writer.*"
                        + "|flink-.*|Flink .*|.*pekko.*|.*akka.*|AsyncOperations.*|.*Checkpoint.*"
                        + "|mailbox.*|.*GroupAggregate.*|.*Exchange.*)"));
        stages.put("Azure SDK I/O (generator + source receivers)", Pattern.compile(
                "(reactor-.*|boundedElastic-.*|parallel-.*|single-.*|.*azure.*|.*proton.*)",
                Pattern.CASE_INSENSITIVE));
        stages.put("JVM (GC, JIT)", Pattern.compile(
                "(GC Thread.*|G1 .*|VM Thread|C1 CompilerThread.*|C2 CompilerThread.*|VM Periodic.*|Common-Cleaner"
                        + "|Finalizer|Reference Handler|Signal Dispatcher|Sweeper.*|ParGC.*)"));
        return stages;
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> before;
    private Map<Long, String> names;
    private long processBefore;

    StageCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** Takes the starting snapshot. */
    void start() {
        names = new HashMap<>();
        before = snapshot(names);
        processBefore = processCpuNanos();
    }

    /** CPU nanoseconds per stage since {@link #start()}, plus "other: <thread>" entries and the process total. */
    Result stop() {
        Map<Long, String> namesNow = new HashMap<>(names);
        Map<Long, Long> after = snapshot(namesNow);
        long process = processCpuNanos() - processBefore;
        Map<String, Long> byStage = new LinkedHashMap<>();
        STAGES.keySet().forEach(stage -> byStage.put(stage, 0L));
        Map<String, Long> other = new HashMap<>();
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            long used = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            if (used <= 0) {
                continue;
            }
            String name = namesNow.get(thread.getKey());
            String stage = stageOf(name);
            if (stage == null) {
                other.merge(name.replaceAll("\\d+", "N"), used, Long::sum);
            } else {
                byStage.merge(stage, used, Long::sum);
            }
        }
        return new Result(byStage, other, process);
    }

    static String stageOf(String threadName) {
        for (Map.Entry<String, Pattern> stage : STAGES.entrySet()) {
            if (stage.getValue().matcher(threadName).matches()) {
                return stage.getKey();
            }
        }
        return null;
    }

    private Map<Long, Long> snapshot(Map<Long, String> namesOut) {
        Map<Long, Long> cpu = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long nanos = threads.getThreadCpuTime(ids[i]);
            if (nanos >= 0 && infos[i] != null) {
                cpu.put(ids[i], nanos);
                namesOut.put(ids[i], infos[i].getThreadName());
            }
        }
        return cpu;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU per stage and of unmatched threads over one interval, and the whole process's CPU in it. */
    record Result(Map<String, Long> byStage, Map<String, Long> other, long processNanos) {
        long threadsNanos() {
            return byStage.values().stream().mapToLong(Long::longValue).sum()
                    + other.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Lines of "stage, CPU s, µs per event", largest first among the unmatched threads (top 8). */
        List<String> table(long events) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%-52s %9s %12s", "stage (threads)", "CPU s", "µs/event"));
            byStage.forEach((stage, nanos) -> lines.add(line(stage, nanos, events)));
            other.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> lines.add(line("other: " + e.getKey(), e.getValue(), events)));
            lines.add(line("all threads alive at both snapshots", threadsNanos(), events));
            lines.add(line("whole process (end to end)", processNanos, events));
            return lines;
        }

        private static String line(String name, long nanos, long events) {
            String shown = name.length() > 52 ? name.substring(0, 49) + "..." : name;
            return String.format("%-52s %9.2f %12.1f", shown, nanos / 1e9, events == 0 ? 0.0 : nanos / 1e3 / events);
        }
    }
}

package dev.medallion.benchmarks.eventhubs.sink;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of the live threads whose names start with a prefix: the sending side of a run, which is the sender's
 * own threads (the peer's loop, the connector's task threads) plus the Azure SDK's AMQP threads ({@code
 * reactor-executor}, used only by whichever side is running, as the sides run one after the other). Broker and
 * emulator threads are left out: they serve both sides alike. The whole-process breakdown is {@link CpuMeter}'s job.
 */
final class SendingThreads {
    static final String SDK_AMQP = "reactor-executor";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SendingThreads() {
    }

    /** CPU nanoseconds used so far by each live thread named {@code prefix...}, by thread id. */
    static Map<Long, Long> snapshot(String prefix) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith(prefix)) {
                cpu.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
            }
        }
        return cpu;
    }

    /**
     * CPU nanoseconds the live threads named {@code prefix...} used since {@code before} (a thread born since counts
     * whole). Thread by thread, so a thread that ended in between does not subtract; read it before the sender
     * closes its clients, whose threads then end.
     */
    static long cpuNanosSince(String prefix, Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : snapshot(prefix).entrySet()) {
            total += Math.max(0, now.getValue() - before.getOrDefault(now.getKey(), 0L));
        }
        return total;
    }

    /** Whether a live thread is named {@code prefix...}. */
    static boolean anyAlive(String prefix) {
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

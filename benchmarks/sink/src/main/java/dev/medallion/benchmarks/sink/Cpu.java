package dev.medallion.benchmarks.sink;

import java.lang.management.ManagementFactory;

/** CPU time of the process (all threads) and of the calling thread, for records per CPU-second. */
final class Cpu {

    private Cpu() {}

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        throw new IllegalStateException("This JVM does not report process CPU time");
    }

    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}

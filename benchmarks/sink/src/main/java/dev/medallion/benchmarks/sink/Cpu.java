package dev.medallion.benchmarks.sink;

import java.lang.management.ManagementFactory;

/** Process CPU time (all threads), for records per CPU-second. */
final class Cpu {

  private Cpu() {}

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    throw new IllegalStateException("This JVM does not report process CPU time");
  }
}

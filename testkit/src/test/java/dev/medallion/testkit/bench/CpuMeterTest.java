package dev.medallion.testkit.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuMeterTest {

    @Test
    void aBenchmarksOwnGroupsComeBeforeTheCommonOnes() {
        CpuMeter meter = CpuMeter.start(CpuMeter.groups("task-thread-", "Connect task threads",
                "GC Thread", "counted as the benchmark says"));
        assertThat(meter.group("task-thread-sink-0")).isEqualTo("Connect task threads");
        assertThat(meter.group("GC Thread#1")).isEqualTo("counted as the benchmark says");
        assertThat(meter.group("kafka-network-thread-1-ListenerName(EXTERNAL)-PLAINTEXT-2"))
                .isEqualTo("broker network threads");
        assertThat(meter.group("pool-12-thread-3")).isEqualTo("pool-N-thread-N");
    }

    @Test
    void measuresTheCpuThisThreadSpends() {
        CpuMeter meter = CpuMeter.start(CpuMeter.groups());
        long threadStart = CpuMeter.currentThreadCpuNanos();
        long sum = 0;
        for (int i = 0; sum >= 0 && CpuMeter.currentThreadCpuNanos() - threadStart < 20_000_000; i++) {
            sum += Integer.toString(i).hashCode() & 1;
        }
        assertThat(meter.processNanos()).isGreaterThanOrEqualTo(20_000_000);
        assertThat(meter.perEvent(1000)).startsWith("    CPU per event: ").contains(" us in total");
    }
}

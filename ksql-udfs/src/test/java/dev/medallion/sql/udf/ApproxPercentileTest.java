package dev.medallion.sql.udf;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ApproxPercentileTest {
    private final ApproxPercentile function = new ApproxPercentile();

    @Test
    void p95OfSkewedDataIsCloseToTheExactValue() {
        Random random = new Random(42);
        double[] values = new double[200_000];
        PercentileAccumulator acc = function.createAccumulator();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian()) * 100; // log-normal: a long tail like response times
            function.accumulate(acc, values[i], 0.95);
        }
        double exact = exactQuantile(values, 0.95);
        // t-digest is accurate in rank near the tails: the estimate lies between the exact 94.8th and 95.2nd percentiles.
        assertThat(function.getValue(acc))
                .isBetween(exactQuantile(values, 0.948), exactQuantile(values, 0.952))
                .isCloseTo(exact, within(exact * 0.01));
    }

    @Test
    void smallGroupsAreExactAtTheMedian() {
        PercentileAccumulator acc = function.createAccumulator();
        for (double v : new double[] {5, 1, 3}) {
            function.accumulate(acc, v, 0.5);
        }
        assertThat(function.getValue(acc)).isEqualTo(3.0);
    }

    @Test
    void mergedPartialDigestsEstimateTheWholeSet() {
        Random random = new Random(7);
        double[] values = new double[100_000];
        PercentileAccumulator[] parts = {function.createAccumulator(), function.createAccumulator(), function.createAccumulator()};
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() * 1000;
            function.accumulate(parts[i % 3], values[i], 0.95);
        }
        PercentileAccumulator total = function.createAccumulator();
        function.merge(total, List.of(parts));
        assertThat(total.size()).isEqualTo(values.length);
        assertThat(function.getValue(total)).isCloseTo(exactQuantile(values, 0.95), within(5.0));
    }

    @Test
    void nullsAndNanAreIgnoredAndAnEmptyGroupGivesNull() {
        PercentileAccumulator acc = function.createAccumulator();
        function.accumulate(acc, null, 0.95);
        function.accumulate(acc, Double.NaN, 0.95);
        assertThat(function.getValue(acc)).isNull();
        function.accumulate(acc, 12.0, 0.95);
        assertThat(function.getValue(acc)).isEqualTo(12.0);
        function.resetAccumulator(acc);
        assertThat(function.getValue(acc)).isNull();
    }

    @Test
    void percentileOutsideZeroToOneIsRejectedWithAClearMessage() {
        PercentileAccumulator acc = function.createAccumulator();
        assertThatThrownBy(() -> function.accumulate(acc, 1.0, 95.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1")
                .hasMessageContaining("95.0");
    }

    @Test
    void serializerRoundTripKeepsDigestAndQuantile() throws Exception {
        PercentileAccumulator acc = function.createAccumulator();
        for (int i = 1; i <= 10_000; i++) {
            function.accumulate(acc, (double) i, 0.95);
        }
        PercentileAccumulatorSerializer serializer = PercentileAccumulatorSerializer.INSTANCE;
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(acc, out);
        PercentileAccumulator back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.size()).isEqualTo(10_000);
        assertThat(back.quantile()).isEqualTo(0.95);
        assertThat(function.getValue(back)).isEqualTo(function.getValue(acc));
        // copy() must be deep: adding to the copy leaves the original alone
        PercentileAccumulator copy = serializer.copy(acc);
        copy.add(1e9);
        assertThat(acc.size()).isEqualTo(10_000);
        assertThat(out.length()).isLessThan(20_000);
    }

    private static double exactQuantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }
}

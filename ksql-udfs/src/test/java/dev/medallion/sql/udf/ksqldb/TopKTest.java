package dev.medallion.sql.udf.ksqldb;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopKTest {
    private final TopK topK = new TopK();
    private final TopKDistinct topKDistinct = new TopKDistinct();

    @Test
    void largestFirstWithAndWithoutCopiesNullsIgnored() {
        ValueCounts all = topK.createAccumulator();
        ValueCounts distinct = topKDistinct.createAccumulator();
        for (Long value : Arrays.asList(5L, 9L, null, 9L, 1L, 7L)) {
            topK.accumulate(all, value, 3);
            topKDistinct.accumulate(distinct, value, 3);
        }
        assertThat(topK.getValue(all)).isEqualTo(List.of(9L, 9L, 7L));
        assertThat(topKDistinct.getValue(distinct)).isEqualTo(List.of(9L, 7L, 5L));
    }

    @Test
    void fewerValuesThanKAndAnEmptyGroup() {
        ValueCounts acc = topK.createAccumulator();
        assertThat(topK.getValue(acc)).isEqualTo(List.of());
        topK.accumulate(acc, null, 2);
        assertThat(topK.getValue(acc)).isEqualTo(List.of());
        topK.accumulate(acc, "m", 2);
        assertThat(topK.getValue(acc)).isEqualTo(List.of("m"));
    }

    @Test
    void retractingATopValueBringsBackTheNextOneFromTheReserve() {
        ValueCounts all = topK.createAccumulator();
        ValueCounts distinct = topKDistinct.createAccumulator();
        for (double value = 1; value <= 100; value++) {
            topK.accumulate(all, value, 2);
            topKDistinct.accumulate(distinct, value, 2);
        }
        topK.retract(all, 100.0, 2);
        topKDistinct.retract(distinct, 100.0, 2);
        assertThat(topK.getValue(all)).isEqualTo(List.of(99.0, 98.0));
        assertThat(topKDistinct.getValue(distinct)).isEqualTo(List.of(99.0, 98.0));
        // bounded state: k + reserve values, not 100
        assertThat(all.counts()).hasSize(2 + ByOffset.RETRACTION_RESERVE - 1);
        // a value below the kept ones was dropped already: retracting it changes nothing
        topK.retract(all, 1.0, 2);
        assertThat(topK.getValue(all)).isEqualTo(List.of(99.0, 98.0));
    }

    @Test
    void copiesAreCountedForTopKAndForTheDistinctRetraction() {
        ValueCounts all = topK.createAccumulator();
        ValueCounts distinct = topKDistinct.createAccumulator();
        for (int value : new int[] {4, 4, 3}) {
            topK.accumulate(all, value, 2);
            topKDistinct.accumulate(distinct, value, 2);
        }
        topK.retract(all, 4, 2);
        topKDistinct.retract(distinct, 4, 2);
        assertThat(topK.getValue(all)).isEqualTo(List.of(4, 3));
        assertThat(topKDistinct.getValue(distinct)).isEqualTo(List.of(4, 3));
        topKDistinct.retract(distinct, 4, 2);
        assertThat(topKDistinct.getValue(distinct)).isEqualTo(List.of(3));
    }

    @Test
    void mergeCombinesPartialResults() {
        ValueCounts a = topK.createAccumulator();
        ValueCounts b = topK.createAccumulator();
        topK.accumulate(a, "pear", 3);
        topK.accumulate(a, "apple", 3);
        topK.accumulate(b, "zucchini", 3);
        topK.accumulate(b, "pear", 3);
        ValueCounts total = topK.createAccumulator();
        topK.merge(total, List.of(a, b));
        assertThat(topK.getValue(total)).isEqualTo(List.of("zucchini", "pear", "pear"));
        ValueCounts d1 = topKDistinct.createAccumulator();
        ValueCounts d2 = topKDistinct.createAccumulator();
        topKDistinct.accumulate(d1, "pear", 2);
        topKDistinct.accumulate(d2, "pear", 2);
        topKDistinct.accumulate(d2, "apple", 2);
        ValueCounts distinctTotal = topKDistinct.createAccumulator();
        topKDistinct.merge(distinctTotal, List.of(d1, d2));
        assertThat(topKDistinct.getValue(distinctTotal)).isEqualTo(List.of("pear", "apple"));
        topKDistinct.retract(distinctTotal, "pear", 2); // one of two copies
        assertThat(topKDistinct.getValue(distinctTotal)).isEqualTo(List.of("pear", "apple"));
    }

    @Test
    void kOutsideItsBoundsIsRejectedWithAClearMessage() {
        ValueCounts acc = topK.createAccumulator();
        assertThatThrownBy(() -> topK.accumulate(acc, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TOPK: k must be an INT constant between 1 and 1000, but was 0");
        assertThatThrownBy(() -> topKDistinct.accumulate(acc, 1, null)).hasMessageContaining("TOPKDISTINCT: k must");
    }
}

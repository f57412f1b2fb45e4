package dev.medallion.sql.udf.ksqldb;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CollectTest {
    private final CollectList list = new CollectList();
    private final CollectSet set = new CollectSet();

    @Test
    void collectListKeepsArrivalOrderCopiesAndNulls() {
        ArrivalLog acc = list.createAccumulator();
        assertThat(list.getValue(acc)).isEqualTo(List.of());
        for (String value : Arrays.asList("b", "a", null, "b")) {
            list.accumulate(acc, value);
        }
        assertThat(list.getValue(acc)).isEqualTo(Arrays.asList("b", "a", null, "b"));
    }

    @Test
    void collectSetKeepsFirstSeenOrderOnce() {
        ValueCounts acc = set.createAccumulator();
        assertThat(set.getValue(acc)).isEqualTo(List.of());
        for (String value : Arrays.asList("b", "a", null, "b", "a")) {
            set.accumulate(acc, value);
        }
        assertThat(set.getValue(acc)).isEqualTo(Arrays.asList("b", "a", null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothStopAtTheirLimitAndIgnoreLaterValues() {
        ArrivalLog listAcc = list.createAccumulator();
        ValueCounts setAcc = set.createAccumulator();
        for (int i = 0; i < CollectList.LIMIT + 500; i++) {
            list.accumulate(listAcc, i);
            set.accumulate(setAcc, i);
        }
        List<Object> collected = (List<Object>) list.getValue(listAcc);
        assertThat(collected).hasSize(CollectList.LIMIT).startsWith(0, 1).endsWith(CollectList.LIMIT - 1);
        assertThat((List<Object>) set.getValue(setAcc)).hasSize(CollectSet.LIMIT).endsWith(CollectSet.LIMIT - 1);
        // a value already in the set still counts its copies when the set is full
        set.accumulate(setAcc, 0);
        set.retract(setAcc, 0);
        assertThat((List<Object>) set.getValue(setAcc)).startsWith(0);
    }

    @Test
    void retractionRemovesOneCopy() {
        ArrivalLog listAcc = list.createAccumulator();
        ValueCounts setAcc = set.createAccumulator();
        for (String value : List.of("x", "y", "x")) {
            list.accumulate(listAcc, value);
            set.accumulate(setAcc, value);
        }
        list.retract(listAcc, "x");
        set.retract(setAcc, "x");
        assertThat(list.getValue(listAcc)).isEqualTo(List.of("y", "x"));
        assertThat(set.getValue(setAcc)).isEqualTo(List.of("x", "y"));
        list.retract(listAcc, "x");
        set.retract(setAcc, "x");
        assertThat(list.getValue(listAcc)).isEqualTo(List.of("y"));
        assertThat(set.getValue(setAcc)).isEqualTo(List.of("y"));
    }

    @Test
    void mergeAppendsInTheOrderGivenAndAddsCounts() {
        ArrivalLog l1 = list.createAccumulator();
        ArrivalLog l2 = list.createAccumulator();
        ValueCounts s1 = set.createAccumulator();
        ValueCounts s2 = set.createAccumulator();
        list.accumulate(l1, "a");
        list.accumulate(l2, "b");
        list.accumulate(l2, "a");
        set.accumulate(s1, "a");
        set.accumulate(s2, "b");
        set.accumulate(s2, "a");
        ArrivalLog listTotal = list.createAccumulator();
        ValueCounts setTotal = set.createAccumulator();
        list.merge(listTotal, List.of(l1, l2));
        set.merge(setTotal, List.of(s1, s2));
        assertThat(list.getValue(listTotal)).isEqualTo(List.of("a", "b", "a"));
        assertThat(set.getValue(setTotal)).isEqualTo(List.of("a", "b"));
        // "a" came from both partials: one retraction leaves it in the set
        set.retract(setTotal, "a");
        assertThat(set.getValue(setTotal)).isEqualTo(List.of("a", "b"));
    }
}

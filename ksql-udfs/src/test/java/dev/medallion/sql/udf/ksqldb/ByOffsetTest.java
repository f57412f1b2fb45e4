package dev.medallion.sql.udf.ksqldb;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByOffsetTest {
    private final LatestByOffset latest = new LatestByOffset();
    private final EarliestByOffset earliest = new EarliestByOffset();

    @Test
    void latestAndEarliestSkipNullsByDefault() {
        ArrivalLog last = latest.createAccumulator();
        ArrivalLog first = earliest.createAccumulator();
        for (String value : Arrays.asList(null, "eu", "us", null)) {
            latest.accumulate(last, value);
            earliest.accumulate(first, value);
        }
        assertThat(latest.getValue(last)).isEqualTo("us");
        assertThat(earliest.getValue(first)).isEqualTo("eu");
    }

    @Test
    void ignoreNullsFalseKeepsNullsLikeKsqlDb() {
        ArrivalLog last = latest.createAccumulator();
        ArrivalLog first = earliest.createAccumulator();
        for (String value : Arrays.asList(null, "eu", "us", null)) {
            latest.accumulate(last, value, false);
            earliest.accumulate(first, value, false);
        }
        assertThat(latest.getValue(last)).isNull();
        assertThat(earliest.getValue(first)).isNull();
        latest.accumulate(last, "ap", false);
        assertThat(latest.getValue(last)).isEqualTo("ap");
    }

    @Test
    void withNTheResultIsAnArrayOldestFirst() {
        ArrivalLog last = latest.createAccumulator();
        ArrivalLog first = earliest.createAccumulator();
        for (long value = 1; value <= 50; value++) {
            latest.accumulate(last, value, 3);
            earliest.accumulate(first, value, 3);
        }
        assertThat(latest.getValue(last)).isEqualTo(List.of(48L, 49L, 50L));
        assertThat(earliest.getValue(first)).isEqualTo(List.of(1L, 2L, 3L));
        // bounded: n + the retraction reserve, whatever the number of rows
        assertThat(last.size()).isEqualTo(3 + ByOffset.RETRACTION_RESERVE);
        assertThat(first.size()).isEqualTo(3 + ByOffset.RETRACTION_RESERVE);
    }

    @Test
    void fewerRowsThanNGiveAShorterArrayAndAnEmptyGroupGivesNull() {
        ArrivalLog last = latest.createAccumulator();
        assertThat(latest.getValue(last)).isNull();
        latest.accumulate(last, 7, 5, true);
        assertThat(latest.getValue(last)).isEqualTo(List.of(7));
    }

    @Test
    void retractingTheLatestValueFallsBackToTheOneBefore() {
        ArrivalLog last = latest.createAccumulator();
        latest.accumulate(last, "a");
        latest.accumulate(last, "b");
        latest.accumulate(last, "c");
        latest.retract(last, "c");
        assertThat(latest.getValue(last)).isEqualTo("b");
        // an update (-U old, +U new) of an earlier row: the new value is the latest
        latest.retract(last, "a");
        latest.accumulate(last, "a2");
        assertThat(latest.getValue(last)).isEqualTo("a2");
        latest.retract(last, "a2");
        latest.retract(last, "b");
        assertThat(latest.getValue(last)).isNull();
    }

    @Test
    void retractingTheEarliestValueMovesToTheNextOne() {
        ArrivalLog first = earliest.createAccumulator();
        for (String value : List.of("a", "b", "a", "c")) {
            earliest.accumulate(first, value, 2);
        }
        assertThat(earliest.getValue(first)).isEqualTo(List.of("a", "b"));
        // the oldest copy of "a" goes: the second "a" is now second
        earliest.retract(first, "a", 2);
        assertThat(earliest.getValue(first)).isEqualTo(List.of("b", "a"));
        earliest.retract(first, "z", 2); // never seen: nothing changes
        assertThat(earliest.getValue(first)).isEqualTo(List.of("b", "a"));
    }

    @Test
    void mergedPartialsCountAsArrivingInTheOrderGiven() {
        ArrivalLog a = latest.createAccumulator();
        ArrivalLog b = latest.createAccumulator();
        ArrivalLog c = latest.createAccumulator();
        latest.accumulate(a, 1, 2);
        latest.accumulate(a, 2, 2);
        latest.accumulate(b, 3, 2);
        latest.accumulate(c, 4, 2);
        ArrivalLog total = latest.createAccumulator();
        latest.merge(total, List.of(a, b, c));
        assertThat(latest.getValue(total)).isEqualTo(List.of(3, 4));

        ArrivalLog firstTotal = earliest.createAccumulator();
        earliest.merge(firstTotal, List.of(a, b, c));
        // the merge copies the parameters of the partials: n = 2 from the latest partials, oldest first
        assertThat(new EarliestByOffset().getValue(firstTotal)).isEqualTo(List.of(1, 2));
    }

    @Test
    void resetEmptiesTheGroup() {
        ArrivalLog last = latest.createAccumulator();
        latest.accumulate(last, 1.5);
        latest.resetAccumulator(last);
        assertThat(latest.getValue(last)).isNull();
    }

    @Test
    void nOutsideItsBoundsIsRejectedWithAClearMessage() {
        ArrivalLog acc = latest.createAccumulator();
        assertThatThrownBy(() -> latest.accumulate(acc, "x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LATEST_BY_OFFSET: n must be an INT constant between 1 and 1000, but was 0");
        assertThatThrownBy(() -> earliest.accumulate(acc, "x", 1001))
                .hasMessageContaining("EARLIEST_BY_OFFSET: n must be an INT constant between 1 and 1000");
    }
}

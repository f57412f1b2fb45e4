package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccumulatorSerializersTest {
    private static final List<Object> EVERY_KIND = Arrays.asList(null, "héllo", "x".repeat(70_000), true, (byte) 1,
            (short) 2, 3, 4L, 5.5f, 6.25, new BigDecimal("-12.340"), LocalDate.of(2026, 12, 3), LocalTime.of(15, 58, 1, 5),
            LocalDateTime.of(2026, 12, 3, 15, 58, 1, 123_000_000), Instant.ofEpochSecond(1_764_777_481L, 999));

    @Test
    void arrivalLogRoundTripKeepsValuesAndParameters() throws Exception {
        LatestByOffset latest = new LatestByOffset();
        ArrivalLog log = latest.createAccumulator();
        for (Object value : EVERY_KIND) {
            latest.accumulate(log, value, 20, false);
        }
        ArrivalLog back = roundTrip(log);
        assertThat(latest.getValue(back)).isEqualTo(EVERY_KIND);
        // the restored log goes on with the same bound
        for (int i = 0; i < 100; i++) {
            latest.accumulate(back, i, 20, false);
        }
        assertThat(back.size()).isEqualTo(20 + ByOffset.RETRACTION_RESERVE);

        ArrivalLog copy = ArrivalLogSerializer.INSTANCE.copy(log);
        latest.accumulate(copy, "only in the copy", 20, false);
        assertThat(log.size()).isEqualTo(EVERY_KIND.size());
    }

    @Test
    void valueCountsRoundTripKeepsOrderCountsAndParameters() throws Exception {
        TopK topK = new TopK();
        ValueCounts counts = topK.createAccumulator();
        for (long value : new long[] {3, 8, 8, 1}) {
            topK.accumulate(counts, value, 3);
        }
        ValueCounts back = ValueCountsSerializerRoundTrip.of(counts);
        assertThat(topK.getValue(back)).isEqualTo(List.of(8L, 8L, 3L));
        topK.retract(back, 8L, 3);
        assertThat(topK.getValue(back)).isEqualTo(List.of(8L, 3L, 1L));

        CollectSet set = new CollectSet();
        ValueCounts seen = set.createAccumulator();
        for (String value : Arrays.asList("z", null, "a", "z")) {
            set.accumulate(seen, value);
        }
        assertThat(set.getValue(ValueCountsSerializerRoundTrip.of(seen))).isEqualTo(Arrays.asList("z", null, "a"));

        ValueCounts copy = ValueCountsSerializer.INSTANCE.copy(counts);
        topK.accumulate(copy, 100L, 3);
        assertThat(topK.getValue(counts)).isEqualTo(List.of(8L, 8L, 3L));
    }

    private static ArrivalLog roundTrip(ArrivalLog log) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ArrivalLogSerializer.INSTANCE.serialize(log, out);
        return ArrivalLogSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static final class ValueCountsSerializerRoundTrip {
        static ValueCounts of(ValueCounts counts) throws Exception {
            DataOutputSerializer out = new DataOutputSerializer(64);
            ValueCountsSerializer.INSTANCE.serialize(counts, out);
            return ValueCountsSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        }
    }
}

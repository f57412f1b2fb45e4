package dev.medallion.smt.validate;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Values that slipped past a rule or stopped the task before: each must now fail its rule, with the reason. */
class RuleBypassTest {
    private static Validate<SourceRecord> validate(String rules, String... props) {
        Validate<SourceRecord> validate = new Validate<>();
        Map<String, String> config = new HashMap<>(Map.of("rules", rules, "dlq.topic.name", "rules.test.dlq"));
        for (int i = 0; i < props.length; i += 2) {
            config.put(props[i], props[i + 1]);
        }
        validate.configure(config);
        return validate;
    }

    private static SourceRecord check(Validate<SourceRecord> validate, String field, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(field, value);
        return validate.apply(new SourceRecord(Map.of(), Map.of(), "events.raw", null, null, map));
    }

    private static String reason(SourceRecord record) {
        assertThat(record.topic()).as("routed").isEqualTo("rules.test.dlq");
        Header h = record.headers().lastWithName("error.reason");
        return String.valueOf(h.value());
    }

    @Test
    void epochSecondsThatOverflowAsMillisDoNotWrapIntoThePlausibleYears() {
        // 2^64 + t is a multiple of 1000: v * 1000 wraps to t, 2023-11-14 as epoch millis.
        BigInteger t = BigInteger.valueOf(1_700_000_000_384L);
        long v = BigInteger.ONE.shiftLeft(64).add(t).divide(BigInteger.valueOf(1000)).longValueExact();
        assertThat(v * 1000).as("the wrap this test is about").isEqualTo(t.longValue());
        Validate<SourceRecord> validate = validate("{\"ts\": {\"timestamp\": \"epoch_seconds\"}}");
        assertThat(reason(check(validate, "ts", v))).contains("not a plausible epoch_seconds");
        assertThat(check(validate, "ts", Long.MIN_VALUE).topic()).isEqualTo("rules.test.dlq");
        assertThat(check(validate, "ts", 1_700_000_000L).topic()).isEqualTo("events.raw");
    }

    @Test
    void rangesCompareLongsAbove2pow53Exactly() {
        Validate<SourceRecord> validate = validate("{\"n\": {\"max\": 9007199254740992}}");
        assertThat(check(validate, "n", 9_007_199_254_740_992L).topic()).isEqualTo("events.raw");
        assertThat(reason(check(validate, "n", 9_007_199_254_740_993L))).contains("is outside");
        assertThat(reason(check(validate, "n", BigInteger.ONE.shiftLeft(80)))).contains("is outside");
        assertThat(reason(check(validate, "n", Double.NaN))).contains("not a finite number");
        assertThat(reason(check(validate, "n", new java.math.BigDecimal("1e99999999")))).contains("is outside");

        // Doubles compare as the decimal they were written as; integers against a fractional bound exactly.
        Validate<SourceRecord> decimals = validate("{\"n\": {\"min\": 0.5, \"max\": 0.1e1}}");
        assertThat(check(decimals, "n", 0.5).topic()).isEqualTo("events.raw");
        assertThat(check(decimals, "n", 1.0).topic()).isEqualTo("events.raw");
        assertThat(check(decimals, "n", 1L).topic()).isEqualTo("events.raw");
        assertThat(reason(check(decimals, "n", 0L))).contains("is outside");
        assertThat(reason(check(decimals, "n", 1.0000000000000002))).contains("is outside");
        assertThat(check(validate("{\"n\": {\"max\": 0.1}}"), "n", 0.1).topic()).as("0.1 is not above 0.1")
                .isEqualTo("events.raw");
        assertThat(check(validate("{\"n\": {\"min\": 0.1}}"), "n", 0.1f).topic()).isEqualTo("events.raw");
    }

    @Test
    void enumsCompareWithTheJsonType() {
        Validate<SourceRecord> strings = validate("{\"level\": {\"enum\": [\"1\", \"2\"]}}");
        assertThat(check(strings, "level", "1").topic()).isEqualTo("events.raw");
        assertThat(reason(check(strings, "level", 1L))).contains("is not one of");

        Validate<SourceRecord> numbers = validate("{\"level\": {\"enum\": [1, 2, true]}}");
        assertThat(check(numbers, "level", 1).topic()).isEqualTo("events.raw");
        assertThat(check(numbers, "level", 2.0).topic()).as("the same number").isEqualTo("events.raw");
        assertThat(check(numbers, "level", true).topic()).isEqualTo("events.raw");
        assertThat(reason(check(numbers, "level", "1"))).contains("'1' is not one of");
        assertThat(reason(check(numbers, "level", "true"))).contains("is not one of");
    }

    @Test
    void integersOutsideTheLongRangeAreNotIntegers() {
        Validate<SourceRecord> validate = validate("{\"n\": {\"type\": \"integer\"}}");
        assertThat(check(validate, "n", BigInteger.valueOf(Long.MAX_VALUE)).topic()).isEqualTo("events.raw");
        assertThat(reason(check(validate, "n", BigInteger.ONE.shiftLeft(63)))).contains("64-bit");
    }

    @Test
    void timestampsFurtherInTheFutureThanTheSkewFail() {
        long now = System.currentTimeMillis();
        Validate<SourceRecord> millis = validate("{\"ts\": {\"timestamp\": \"epoch_millis\"}}");
        assertThat(check(millis, "ts", now - 3_600_000).topic()).isEqualTo("events.raw");
        assertThat(check(millis, "ts", now + 10_000).topic()).as("inside the default minute").isEqualTo("events.raw");
        assertThat(reason(check(millis, "ts", now + 7_200_000))).contains("timestamp.max.future.ms");
        assertThat(reason(check(millis, "ts", 4_000_000_000_000L))).as("2096").contains("in the future");

        Validate<SourceRecord> iso = validate("{\"ts\": {\"timestamp\": \"iso8601\"}}");
        assertThat(check(iso, "ts", Instant.ofEpochMilli(now - 1000).toString()).topic()).isEqualTo("events.raw");
        assertThat(reason(check(iso, "ts", "2099-01-01T00:00:00Z"))).contains("in the future");
        assertThat(reason(check(iso, "ts", "+300000000-01-01T00:00:00Z"))).contains("in the future");

        Validate<SourceRecord> zoned = validate("{\"ts\": {\"timestamp\": \"yyyy-MM-dd HH:mm:ssXXX\"}}");
        assertThat(reason(check(zoned, "ts", "2099-01-01 00:00:00+00:00"))).contains("in the future");

        Validate<SourceRecord> wide = validate("{\"ts\": {\"timestamp\": \"epoch_millis\"}}",
                "timestamp.max.future.ms", "86400000");
        assertThat(check(wide, "ts", now + 7_200_000).topic()).isEqualTo("events.raw");
    }

    @Test
    void regexRulesRefuseValuesLongerThanTheLimitInsteadOfOverflowingTheStack() {
        String longValue = "ab".repeat(25_000);
        Validate<SourceRecord> validate = validate("{\"code\": {\"regex\": \"(a|b)*\"}}");
        assertThat(reason(check(validate, "code", longValue))).contains("50000 characters").contains("regex.max.length");
        assertThat(check(validate, "code", "ab".repeat(400)).topic()).isEqualTo("events.raw");
    }

    @Test
    void aRegexThatStillOverflowsTheStackRoutesTheRecord() throws InterruptedException {
        Validate<SourceRecord> validate = validate("{\"code\": {\"regex\": \"(a|b)*\"}}", "regex.max.length", "100000");
        AtomicReference<Object> outcome = new AtomicReference<>();
        // A small stack makes the overflow certain on any JVM.
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(check(validate, "code", "ab".repeat(50_000)));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        assertThat(outcome.get()).isInstanceOf(SourceRecord.class);
        assertThat(reason((SourceRecord) outcome.get())).contains("overflowed the stack");
    }

    @Test
    void aValueWithMoreTopLevelFieldsThanFieldsMaxFailsBeforeItCanWidenATable() {
        Validate<SourceRecord> validate = validate("{\"event_id\": {\"required\": true}}", "fields.max", "3");
        Map<String, Object> wide = new HashMap<>();
        wide.put("event_id", "e-1");
        for (int i = 0; i < 3; i++) {
            wide.put("f" + i, i);
        }
        SourceRecord routed = validate.apply(new SourceRecord(Map.of(), Map.of(), "events.raw", null, null, wide));
        assertThat(reason(routed)).isEqualTo("the value has 4 fields, more than fields.max=3");
        assertThat(validate.counters().invalidRecords()).isEqualTo(1);
        wide.remove("f2");
        assertThat(validate.apply(new SourceRecord(Map.of(), Map.of(), "events.raw", null, null, wide)).topic())
                .isEqualTo("events.raw");
        // The default lets ordinary events through and stops 10 000 keys.
        Validate<SourceRecord> defaults = validate("{\"event_id\": {\"required\": true}}");
        for (int i = 3; i < 10_000; i++) {
            wide.put("f" + i, i);
        }
        assertThat(reason(defaults.apply(new SourceRecord(Map.of(), Map.of(), "events.raw", null, null, wide))))
                .contains("more than fields.max=1000");
    }
}

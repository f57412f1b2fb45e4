package dev.medallion.smt.validate;

import java.util.List;
import java.util.Map;

/**
 * Checks a record value (a {@code Struct} or a schemaless {@code Map}) against every rule, counting each rule's
 * outcome, and reports the first failure. All rules run even after a failure so the per-rule counters describe the
 * data, not the order of the rules.
 */
public final class RecordValidator {
    /** Why a value was rejected. */
    public record Violation(String field, String rule, String reason, int violations) {
    }

    private final FieldRule[] rules;
    private final QualityCounters counters;
    private final int fieldsMax;

    /** @param fieldsMax most top-level fields a value may have (rules allow fields they do not name) */
    public RecordValidator(List<FieldRule> rules, int fieldsMax) {
        this.rules = rules.toArray(new FieldRule[0]);
        this.counters = new QualityCounters(rules);
        this.fieldsMax = fieldsMax;
    }

    /** The first violation, or null when the value passes every rule. */
    public Violation validate(Object value) {
        if (!(value instanceof Map) && !(value instanceof org.apache.kafka.connect.data.Struct)) {
            for (int i = 0; i < rules.length; i++) {
                counters.rule(i, false);
            }
            counters.record(false);
            String type = value == null ? "null" : value.getClass().getSimpleName();
            return new Violation(null, "record.type", "value is a " + type + ", not a Struct or Map; convert it first"
                    + " (e.g. JsonConverter with schemas, or the ParseJson transform)", rules.length);
        }
        int fields = value instanceof Map<?, ?> map ? map.size()
                : ((org.apache.kafka.connect.data.Struct) value).schema().fields().size();
        if (fields > fieldsMax) {
            // Before the rules: counting is cheap, and no rule needs to walk a value this wide.
            counters.record(false);
            return new Violation(null, ValidateConfig.FIELDS_MAX_CONFIG, "the value has " + fields
                    + " fields, more than " + ValidateConfig.FIELDS_MAX_CONFIG + "=" + fieldsMax, 1);
        }
        Violation first = null;
        int violations = 0;
        for (int i = 0; i < rules.length; i++) {
            FieldRule rule = rules[i];
            String reason = rule.check(rule.field().get(value));
            counters.rule(i, reason == null);
            if (reason != null) {
                violations++;
                if (first == null) {
                    first = new Violation(rule.field().path(), rule.id(), reason, 0);
                }
            }
        }
        counters.record(first == null);
        return first == null ? null : new Violation(first.field(), first.rule(), first.reason(), violations);
    }

    public QualityCounters counters() {
        return counters;
    }
}

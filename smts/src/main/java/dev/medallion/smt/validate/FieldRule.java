package dev.medallion.smt.validate;

import dev.medallion.smt.field.FieldPath;

/**
 * One check on one field, e.g. {@code amount.range}. {@link #check(Object)} answers null when the value passes, or the
 * reason it fails, written for the {@code error.reason} header. Rules other than {@code required} pass on a missing
 * value, so optional fields can still be typed and bounded.
 */
public final class FieldRule {
    /** What a rule checks; names appear in rule ids and metrics tags. */
    public enum Kind { REQUIRED, TYPE, TIMESTAMP, ENUM, RANGE, REGEX }

    /** The check itself, on a present (non-null) value. */
    @FunctionalInterface
    interface Check {
        String failure(Object value);
    }

    private final FieldPath field;
    private final Kind kind;
    private final String id;
    private final Check check;

    FieldRule(FieldPath field, Kind kind, Check check) {
        this.field = field;
        this.kind = kind;
        this.id = field.path() + "." + kind.name().toLowerCase(java.util.Locale.ROOT);
        this.check = check;
    }

    /** The reason the field's value fails this rule, or null if it passes. */
    public String check(Object value) {
        if (value == null) {
            return kind == Kind.REQUIRED ? "required field '" + field.path() + "' is missing or null" : null;
        }
        return kind == Kind.REQUIRED ? null : check.failure(value);
    }

    public FieldPath field() {
        return field;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code <field>.<kind>}, e.g. {@code amount.range}: the metrics tag and the {@code error.rule} header. */
    public String id() {
        return id;
    }
}

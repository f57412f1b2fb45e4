package dev.medallion.smt.validate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An inclusive range of a {@code min}/{@code max} rule, compared exactly. As doubles, longs above 2^53 round onto a
 * bound and slip through; so integers are compared as integers, and a double as the decimal it was written as
 * ({@code 0.1} is 0.1, not the binary value just above it). The usual cases (a long or a double against bounds a long
 * or a double holds exactly) take a primitive comparison; everything else goes through {@link BigDecimal}.
 */
final class NumericRange {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final BigDecimal min;
    private final BigDecimal max;
    private final boolean longBounds;
    private final long longMin;
    private final long longMax;
    private final boolean doubleBounds;
    private final double doubleMin;
    private final double doubleMax;

    /** Null bound = unbounded on that side. */
    NumericRange(BigDecimal min, BigDecimal max) {
        this.min = min;
        this.max = max;
        // A long v is >= min exactly when v >= ceil(min). Bounds with a huge scale skip this (setScale would crawl).
        this.longBounds = fitsLong(min) && fitsLong(max);
        this.longMin = min == null || !longBounds ? Long.MIN_VALUE : min.setScale(0, RoundingMode.CEILING).longValue();
        this.longMax = max == null || !longBounds ? Long.MAX_VALUE : max.setScale(0, RoundingMode.FLOOR).longValue();
        // When a bound is the shortest decimal of a double, comparing doubles equals comparing their decimals.
        this.doubleBounds = isShortestDouble(min) && isShortestDouble(max);
        this.doubleMin = min == null ? Double.NEGATIVE_INFINITY : min.doubleValue();
        this.doubleMax = max == null ? Double.POSITIVE_INFINITY : max.doubleValue();
    }

    /** True inside, false outside, null for a value that is no finite number (NaN, infinity, not a Number). */
    Boolean contains(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return longBounds ? v >= longMin && v <= longMax : inside(BigDecimal.valueOf(v));
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return null;
            }
            return doubleBounds ? d >= doubleMin && d <= doubleMax : inside(BigDecimal.valueOf(d));
        }
        BigDecimal exact = decimal(value);
        return exact == null ? null : inside(exact);
    }

    private boolean inside(BigDecimal v) {
        return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0);
    }

    /**
     * The value as the decimal it stands for: integers exactly, doubles and floats as their shortest decimal; null
     * for NaN, infinities and anything that is not a number.
     */
    static BigDecimal decimal(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
        }
        return null;
    }

    private static boolean fitsLong(BigDecimal bound) {
        return bound == null || bound.scale() <= 20 && bound.compareTo(LONG_MIN) >= 0 && bound.compareTo(LONG_MAX) <= 0;
    }

    private static boolean isShortestDouble(BigDecimal bound) {
        if (bound == null) {
            return true;
        }
        double d = bound.doubleValue();
        return Double.isFinite(d) && BigDecimal.valueOf(d).compareTo(bound) == 0;
    }
}

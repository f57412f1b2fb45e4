package dev.medallion.smt.header;

import org.apache.kafka.connect.data.Values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Converts a header value, as the worker's header converter made it, into a field type. With
 * {@code SimpleHeaderConverter} a sink sees inferred types: "42" arrives as a Byte, "12345" as a Short, an epoch-millis
 * stamp as a Long, "2026-11-25T04:00:00.250Z" as a {@link Date}, other text as a String; each converts as its text
 * or number says. A value that does not fit fails with an {@link IllegalArgumentException} whose message is the
 * reason (it never quotes the value, which may be long or private); nothing else escapes.
 */
public final class HeaderValueConverter {
    /** Longer texts cannot be a number or a time; refusing them early keeps parsing cheap on hostile input. */
    private static final int MAX_NUMBER_CHARS = 400;
    private static final int MAX_TIME_CHARS = 64;
    private static final double LONG_LIMIT = 0x1p63;

    private HeaderValueConverter() {
    }

    /**
     * @param value a non-null header value
     * @throws IllegalArgumentException with the reason when the value cannot become {@code type}
     */
    public static Object convert(Object value, FieldType type) {
        return switch (type) {
            case STRING -> text(value);
            case INT64 -> int64(value);
            case FLOAT64 -> float64(value);
            case BOOLEAN -> bool(value);
            case TIMESTAMP -> timestamp(value);
        };
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            // Plain digits unless the exponent is huge: 1E+999999999 written out would be a billion characters.
            return Math.abs((long) d.scale()) <= MAX_NUMBER_CHARS ? d.toPlainString() : d.toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            // "12345" arrives as a Short: its text is the number's, so the field holds "12345" again.
            return value.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return Values.convertToString(null, value);
        }
        return String.valueOf(value);
    }

    private static long int64(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() > 63) {
                throw new IllegalArgumentException("an integer beyond the range of int64");
            }
            return big.longValue();
        }
        if (value instanceof BigDecimal d) {
            return exactLong(d);
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) >= LONG_LIMIT) {
                throw new IllegalArgumentException("a " + value.getClass().getSimpleName()
                        + " that is not a whole number within int64");
            }
            return (long) d;
        }
        if (value instanceof Date date) {
            return date.getTime(); // epoch millis, as the time is kept everywhere else
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.length() > 20) {
                throw new IllegalArgumentException("text of " + s.length() + " characters, not an int64");
            }
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("text that is not a decimal int64");
            }
        }
        throw notConvertible(value, FieldType.INT64);
    }

    private static long exactLong(BigDecimal d) {
        BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        // precision - scale is the count of integer digits; checked before any scaling, which a huge exponent makes slow.
        if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > 19) {
            throw new IllegalArgumentException("a decimal that is not a whole number within int64");
        }
        try {
            return stripped.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a decimal beyond the range of int64");
        }
    }

    private static double float64(Object value) {
        double d;
        if (value instanceof BigDecimal big) {
            if (Math.abs((long) big.precision() - big.scale()) > 400) {
                throw new IllegalArgumentException("a decimal beyond the range of float64");
            }
            d = big.doubleValue();
        } else if (value instanceof Number n) {
            d = n.doubleValue();
        } else if (value instanceof String s) {
            String t = s.trim();
            if (t.length() > MAX_NUMBER_CHARS) {
                throw new IllegalArgumentException("text of " + s.length() + " characters, not a float64");
            }
            try {
                d = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("text that is not a number");
            }
        } else {
            throw notConvertible(value, FieldType.FLOAT64);
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite float64");
        }
        return d;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("text that is neither true nor false");
        }
        throw notConvertible(value, FieldType.BOOLEAN);
    }

    private static Date timestamp(Object value) {
        if (value instanceof Date date) {
            return new Date(date.getTime());
        }
        if (value instanceof Number) {
            return new Date(int64(value)); // epoch millis; a fraction of a millisecond is refused
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.length() > MAX_TIME_CHARS) {
                throw new IllegalArgumentException("text of " + s.length() + " characters, not a timestamp");
            }
            if (t.matches("-?[0-9]{1,19}")) {
                return new Date(int64(t));
            }
            try {
                return Date.from(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeException | IllegalArgumentException notWithOffset) {
                try {
                    return Date.from(Instant.parse(t));
                } catch (DateTimeException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("text that is neither ISO-8601 with an offset nor epoch"
                            + " milliseconds");
                }
            }
        }
        throw notConvertible(value, FieldType.TIMESTAMP);
    }

    private static IllegalArgumentException notConvertible(Object value, FieldType type) {
        return new IllegalArgumentException("a " + value.getClass().getSimpleName() + " cannot become " + type.label());
    }
}

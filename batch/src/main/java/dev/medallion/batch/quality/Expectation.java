package dev.medallion.batch.quality;

import java.time.Duration;
import java.util.List;

/**
 * One declarative check of a table's day, as written in the expectations file. Row checks count the day's failing
 * rows; table checks ({@link Freshness}, {@link RowCountDrift}) pass or fail as a whole.
 */
public sealed interface Expectation {

    /** How the check is named in {@code gold/data_quality.expectation}, e.g. {@code not_null(event_id)}. */
    String describe();

    /** Whether the check is about rows (true) or the table as a whole (false). */
    default boolean rowCheck() {
        return true;
    }

    /** Rows where any of the columns is null fail. */
    record NotNull(List<String> columns) implements Expectation {
        public String describe() {
            return "not_null(" + String.join(", ", columns) + ")";
        }
    }

    /** Every row beyond the first of a key fails (rows - distinct keys). */
    record Unique(List<String> columns) implements Expectation {
        public String describe() {
            return "unique(" + String.join(", ", columns) + ")";
        }
    }

    /** Non-null values outside [min, max] fail; either bound may be absent. Nulls are not_null's business. */
    record Range(String column, Double min, Double max) implements Expectation {
        public String describe() {
            return "range(" + column + ", " + (min == null ? "-inf" : min) + ", " + (max == null ? "+inf" : max) + ")";
        }
    }

    /** Non-null values not in the list fail. */
    record AllowedValues(String column, List<String> values) implements Expectation {
        public String describe() {
            return "allowed_values(" + column + ", " + values + ")";
        }
    }

    /** The table's newest value of the column (all days) is at most maxAge before the run. */
    record Freshness(String column, Duration maxAge) implements Expectation {
        public String describe() {
            return "freshness(" + column + ", " + maxAge + ")";
        }

        public boolean rowCheck() {
            return false;
        }
    }

    /** |rows of the day - rows of the previous day| / rows of the previous day is at most maxChange. */
    record RowCountDrift(double maxChange) implements Expectation {
        public String describe() {
            return "row_count_drift(" + maxChange + ")";
        }

        public boolean rowCheck() {
            return false;
        }
    }

    /** Implied for every listed table: it exists. Not written in the file; a missing table scores 0. */
    record Exists() implements Expectation {
        public String describe() {
            return "exists";
        }

        public boolean rowCheck() {
            return false;
        }
    }
}

package dev.medallion.batch.quality;

import java.util.List;

/** The outcome of one expectation on one table's day, with up to a few failing rows (as JSON) for the reader. */
public record CheckResult(Expectation expectation, boolean passed, long failedRows, long checkedRows, String details,
                          List<String> samples) {}

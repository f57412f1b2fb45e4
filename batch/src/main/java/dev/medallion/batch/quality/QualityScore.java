package dev.medallion.batch.quality;

import java.util.List;

/**
 * A table's quality score for a day, 0 to 1: the share of row checks that passed, i.e.
 * {@code 1 - sum(failed_rows) / sum(checked_rows)} over its row expectations (1 when there are none or the day is
 * empty), and 0 when any table expectation (freshness, row-count drift) failed: a stale or collapsed table is not
 * 99.8 % good however clean its few rows are.
 */
public final class QualityScore {

    private QualityScore() {}

    public static double of(List<CheckResult> results) {
        long checked = 0;
        long failed = 0;
        for (CheckResult r : results) {
            if (!r.expectation().rowCheck()) {
                if (!r.passed()) {
                    return 0.0;
                }
                continue;
            }
            checked += r.checkedRows();
            failed += r.failedRows();
        }
        return checked == 0 ? 1.0 : 1.0 - (double) failed / checked;
    }
}

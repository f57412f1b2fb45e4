package dev.medallion.quickstart;

import dev.medallion.quickstart.GoldReconciliation.GoldRow;
import dev.medallion.quickstart.GoldReconciliation.SilverRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GoldReconciliationTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    private static Instant minute(int n) {
        return T0.plusSeconds(60L * n);
    }

    private static GoldRow gold(int window, String type, String region, long count) {
        return new GoldRow(minute(window), minute(window + 1), type, region, count);
    }

    /** {@code count} silver rows at second {@code second} of minute {@code window}. */
    private static List<SilverRow> silver(int window, int second, String type, String region, boolean late, int count) {
        List<SilverRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new SilverRow(minute(window).plusSeconds(second).plusMillis(i), type, region, late));
        }
        return rows;
    }

    private static List<SilverRow> concat(List<List<SilverRow>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    @Test
    void closedWindowsMatchAndTheNewerOnesAreCountedAsOpen() {
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 3), gold(0, "purchase", "westeurope", 1),
                gold(1, "click", "westeurope", 2), gold(1, "click", "eastus", 1));
        List<SilverRow> silver = concat(List.of(
                silver(0, 0, "click", "westeurope", false, 2), silver(0, 59, "click", "westeurope", false, 1),
                silver(0, 30, "purchase", "westeurope", false, 1),
                silver(1, 10, "click", "westeurope", false, 2), silver(1, 0, "click", "eastus", false, 1),
                // minutes 2 and 3: after the newest gold window, still open
                silver(2, 5, "click", "westeurope", false, 4), silver(3, 1, "search", "eastus", false, 1)));

        GoldReconciliation.Result result = GoldReconciliation.reconcile(gold, silver);

        assertThat(result.ok()).isTrue();
        assertThat(result.closedWindows()).isEqualTo(2);
        assertThat(result.groups()).isEqualTo(4);
        assertThat(result.openWindows()).isEqualTo(2);
        assertThat(result.lateRows()).isZero();
        assertThat(result.checkLine()).isEqualTo("gold 1m = silver on-time rows per window: 2 windows, 4 groups OK");
    }

    @Test
    void aCountThatDiffersFailsAndNamesTheGroup() {
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 3), gold(0, "purchase", "eastus", 2));
        List<SilverRow> silver = concat(List.of(silver(0, 1, "click", "westeurope", false, 3),
                silver(0, 2, "purchase", "eastus", false, 3)));

        GoldReconciliation.Result result = GoldReconciliation.reconcile(gold, silver);

        assertThat(result.ok()).isFalse();
        assertThat(result.mismatches()).containsExactly(new GoldReconciliation.Mismatch(minute(0), "purchase",
                "eastus", 2, 3, 0));
        assertThat(result.checkLine()).isEqualTo("gold 1m = silver on-time rows per window: 1 windows, 2 groups FAIL");
        assertThat(result.lines()).anySatisfy(line -> assertThat(line)
                .contains("2026-12-03T12:00:00Z", "purchase", "eastus", "gold 2", "silver on-time 3"));
    }

    @Test
    void lateRowsAreCountedButNotExpectedInGoldAndAWindowOfOnlyLateRowsIsFine() {
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 2), gold(2, "click", "westeurope", 1));
        List<SilverRow> silver = concat(List.of(
                silver(0, 1, "click", "westeurope", false, 2), silver(0, 3, "click", "westeurope", true, 5),
                // minute 1 holds late rows only: gold has nothing for it, rightly
                silver(1, 7, "review", "northeurope", true, 3),
                silver(2, 0, "click", "westeurope", false, 1)));

        GoldReconciliation.Result result = GoldReconciliation.reconcile(gold, silver);

        assertThat(result.ok()).as(result.lines().toString()).isTrue();
        assertThat(result.lateRows()).isEqualTo(8);
        assertThat(result.closedWindows()).as("windows 0, 1 and 2 end at or before the newest gold window end")
                .isEqualTo(3);
        assertThat(result.lines()).contains("late for the 1-minute windows: 8 rows, in silver and in the batch"
                + " layer's hourly view, not in gold");
    }

    @Test
    void aClosedWindowMissingFromGoldFails() {
        // Minutes 0 and 2 are in gold, so minute 1 has closed too; its on-time rows must be there.
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 1), gold(2, "click", "westeurope", 1));
        List<SilverRow> silver = concat(List.of(silver(0, 1, "click", "westeurope", false, 1),
                silver(1, 1, "click", "westeurope", false, 4), silver(2, 1, "click", "westeurope", false, 1)));

        GoldReconciliation.Result result = GoldReconciliation.reconcile(gold, silver);

        assertThat(result.ok()).isFalse();
        assertThat(result.mismatches()).containsExactly(new GoldReconciliation.Mismatch(minute(1), "click",
                "westeurope", 0, 4, 0));
    }

    @Test
    void aGoldGroupWithoutSilverRowsFails() {
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 1), gold(0, "search", "eastus", 2));
        List<SilverRow> silver = silver(0, 1, "click", "westeurope", false, 1);

        GoldReconciliation.Result result = GoldReconciliation.reconcile(gold, silver);

        assertThat(result.mismatches()).containsExactly(new GoldReconciliation.Mismatch(minute(0), "search", "eastus",
                2, 0, 0));
    }

    @Test
    void afterARestoreTheWindowsMayDropRowsFlaggedOnTimeButNeverCountMore() {
        // A restored job: the windows kept their watermark, the late flag restarted without one, so rows that arrive
        // in that gap are flagged on time and dropped (click: 3 on time, 1 dropped). Gold never exceeds on-time rows.
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 2), gold(0, "search", "eastus", 1));
        List<SilverRow> silver = concat(List.of(silver(0, 1, "click", "westeurope", false, 3),
                silver(0, 2, "click", "westeurope", true, 2), silver(0, 3, "search", "eastus", false, 1)));

        assertThat(GoldReconciliation.reconcile(gold, silver).ok()).as("equality fails on a fresh job").isFalse();
        GoldReconciliation.Result restored = GoldReconciliation.reconcile(gold, silver, true);

        assertThat(restored.ok()).as(restored.lines().toString()).isTrue();
        assertThat(restored.droppedOnTime()).isEqualTo(1);
        assertThat(restored.checkLine()).isEqualTo("gold 1m = silver on-time rows per window: n/a after a restored"
                + " Flink job (restored window watermark); gold <= on-time instead: 1 windows, 2 groups OK"
                + " (1 on-time rows dropped by the restored windows)");
    }

    @Test
    void afterARestoreGoldAboveTheOnTimeRowsStillFails() {
        // Counting a row flagged late, or a row silver lacks, is wrong whatever was restored.
        List<GoldRow> gold = List.of(gold(0, "click", "westeurope", 3), gold(0, "search", "eastus", 1));
        List<SilverRow> silver = concat(List.of(silver(0, 1, "click", "westeurope", false, 2),
                silver(0, 2, "click", "westeurope", true, 2)));

        GoldReconciliation.Result restored = GoldReconciliation.reconcile(gold, silver, true);

        assertThat(restored.ok()).isFalse();
        assertThat(restored.mismatches()).containsExactly(
                new GoldReconciliation.Mismatch(minute(0), "click", "westeurope", 3, 2, 2),
                new GoldReconciliation.Mismatch(minute(0), "search", "eastus", 1, 0, 0));
    }

    @Test
    void rowsWithoutRegionFormTheirOwnGroupOnBothSides() {
        List<GoldRow> gold = List.of(gold(0, "click", null, 2), gold(0, "click", "eastus", 1));
        List<SilverRow> silver = concat(List.of(silver(0, 1, "click", null, false, 2),
                silver(0, 1, "click", "eastus", false, 1)));

        assertThat(GoldReconciliation.reconcile(gold, silver).ok()).isTrue();
    }

    @Test
    void anEmptyGoldTableIsNotCheckableAndSaysWhy() {
        GoldReconciliation.Result result = GoldReconciliation.reconcile(List.of(),
                silver(0, 1, "click", "westeurope", false, 3));

        assertThat(result.ok()).isTrue();
        assertThat(result.checkable()).isFalse();
        assertThat(result.openWindows()).isEqualTo(1);
        assertThat(result.checkLine()).startsWith("gold 1m = silver on-time rows per window: n/a")
                .contains("no 1-minute window has closed yet");
    }

    @Test
    void theOpenWindowsLineSaysWhyTheyAreOpen() {
        GoldReconciliation.Result result = GoldReconciliation.reconcile(List.of(gold(0, "click", "eastus", 1)),
                concat(List.of(silver(0, 1, "click", "eastus", false, 1), silver(1, 1, "click", "eastus", false, 1))));

        assertThat(result.lines()).anySatisfy(line -> assertThat(line).startsWith("1-minute windows still open: 1")
                .contains("1 minute after its end", "newer events", "hourly view"));
    }

    @Test
    void tablesThatCannotBeReadFailTheCheckWithTheReason() {
        GoldReconciliation.Result result = GoldReconciliation.unreadable("Table /lake/silver/events has no column"
                + " late_arrival");

        assertThat(result.ok()).isFalse();
        assertThat(result.checkLine()).isEqualTo("gold 1m = silver on-time rows per window: FAIL, could not read the"
                + " tables: Table /lake/silver/events has no column late_arrival");
        assertThat(result.lines()).containsExactly(result.checkLine());
    }
}

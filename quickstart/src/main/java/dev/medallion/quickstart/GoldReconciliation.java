package dev.medallion.quickstart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code gold/metrics_1m} against {@code silver/events}: for every closed 1-minute window, each (window,
 * event_type, region) row's {@code event_count} must equal the silver rows of that window, type and region with
 * {@code late_arrival = false}, i.e. the events that reached the streaming job before its watermark passed the window
 * end. Late rows are counted apart: they are in silver and in the batch layer's hourly view, never in gold.
 *
 * <p>A window is closed when its end is at or before the newest {@code window_end} in gold: the job emits a window
 * once its watermark passes the end, in window order, and the gold sink commits the topic in order, so every earlier
 * window has been emitted too. A closed window with on-time silver rows but no gold row fails the check, as does a
 * gold row without silver rows. Newer windows are still open and only counted.
 *
 * <p>Exact only because the quickstart runs the Flink job at parallelism 1: one operator instance decides
 * {@code late_arrival} ({@code CURRENT_WATERMARK}) with the same watermark that fires the windows. At higher
 * parallelism each subtask has its own watermark, and an event's flag could disagree with the window count by the
 * events in flight between subtasks. Silver rows without an event time belong to no window and are ignored.
 *
 * <p>After the job was restored from a checkpoint or savepoint (a resumed run, or a resume after a kill) equality is
 * not what holds: Flink restores the window operator's watermark with its state, while the projection that computes
 * {@code late_arrival} starts again without one ({@code CURRENT_WATERMARK} is NULL until the source emits its first
 * watermark, which then trails the restored one while older records are replayed). Events arriving in that gap are
 * dropped by the windows but flagged on time; the reverse cannot happen, because the restored window watermark is
 * never behind the projection's. So a restored run checks {@code gold <= on-time} per group, counts the on-time rows
 * the restored windows dropped, and says that equality is not checkable.
 */
public final class GoldReconciliation {
    private static final String CHECK = "gold 1m = silver on-time rows per window";
    private static final int MISMATCHES_SHOWN = 5;

    /** One row of gold/metrics_1m (the columns the check needs). */
    public record GoldRow(Instant windowStart, Instant windowEnd, String eventType, String region, long eventCount) {
    }

    /** One row of silver/events (the columns the check needs); {@code eventTimestamp} may be null. */
    public record SilverRow(Instant eventTimestamp, String eventType, String region, boolean lateArrival) {
    }

    /** A (window, event_type, region) group whose gold count differs from its on-time silver rows. */
    public record Mismatch(Instant windowStart, String eventType, String region, long gold, long silverOnTime,
                           long silverLate) {
        @Override
        public String toString() {
            return String.format("window %s %s %s: gold %,d, silver on-time %,d, late %,d", windowStart, eventType,
                    region, gold, silverOnTime, silverLate);
        }
    }

    /**
     * @param checkable     whether gold holds any window (before the first window closes there is nothing to check)
     * @param closedWindows 1-minute windows ending at or before the newest gold window end that have rows in gold or
     *                      silver (late rows included)
     * @param groups        (window, event_type, region) groups compared in them
     * @param lateRows      silver rows with late_arrival = true
     * @param openWindows   windows with on-time silver rows ending after the newest gold window end
     * @param unreadable    why the tables could not be read, or null
     * @param restored      whether the job was restored from a checkpoint or savepoint: bounds instead of equality
     * @param droppedOnTime with {@code restored}: rows flagged on time that the restored windows did not count
     */
    public record Result(boolean checkable, int closedWindows, int groups, List<Mismatch> mismatches, long lateRows,
                         int openWindows, String unreadable, boolean restored, long droppedOnTime) {
        /** No mismatch (or nothing to check yet) and the tables were read: counts in the run's pass/fail. */
        public boolean ok() {
            return unreadable == null && mismatches.isEmpty();
        }

        public String checkLine() {
            if (unreadable != null) {
                return CHECK + ": FAIL, could not read the tables: " + unreadable;
            }
            if (!checkable) {
                return CHECK + ": n/a, gold/metrics_1m is empty: no 1-minute window has closed yet";
            }
            if (restored) {
                return String.format("%s: n/a after a restored Flink job (restored window watermark);"
                        + " gold <= on-time instead: %,d windows, %,d groups %s (%,d on-time rows dropped by the"
                        + " restored windows)", CHECK, closedWindows, groups, ok() ? "OK" : "FAIL", droppedOnTime);
            }
            return String.format("%s: %,d windows, %,d groups %s", CHECK, closedWindows, groups, ok() ? "OK" : "FAIL");
        }

        /** The check line, the differing groups (the first few), the late rows and the windows still open. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(checkLine());
            if (unreadable != null) {
                return lines;
            }
            mismatches.stream().limit(MISMATCHES_SHOWN).forEach(m -> lines.add("  " + m));
            if (mismatches.size() > MISMATCHES_SHOWN) {
                lines.add(String.format("  ... and %,d more groups", mismatches.size() - MISMATCHES_SHOWN));
            }
            lines.add(String.format("late for the 1-minute windows: %,d rows, in silver and in the batch layer's"
                    + " hourly view, not in gold", lateRows));
            lines.add(String.format("1-minute windows still open: %,d (a window closes 1 minute after its end, once"
                    + " newer events arrive; the batch layer's hourly view includes everything)", openWindows));
            return lines;
        }
    }

    private record Group(long windowStartMillis, String eventType, String region) {
    }

    private GoldReconciliation() {
    }

    /** Equality per group: the job ran from a fresh start, with no restored state. */
    public static Result reconcile(List<GoldRow> gold, List<SilverRow> silver) {
        return reconcile(gold, silver, false);
    }

    /**
     * @param restored whether the job was restored from a checkpoint or savepoint at some point of the tables' history:
     *                 then each group is checked against {@code gold <= on-time}
     */
    public static Result reconcile(List<GoldRow> gold, List<SilverRow> silver, boolean restored) {
        long newestEnd = gold.stream().mapToLong(row -> row.windowEnd().toEpochMilli()).max().orElse(Long.MIN_VALUE);
        Map<Group, Long> goldCounts = new HashMap<>();
        for (GoldRow row : gold) {
            goldCounts.merge(new Group(row.windowStart().toEpochMilli(), row.eventType(), row.region()),
                    row.eventCount(), Long::sum);
        }
        Map<Group, Long> onTime = new HashMap<>();
        Map<Group, Long> lateByGroup = new HashMap<>();
        Set<Long> closedWindows = new HashSet<>();
        Set<Long> openWindows = new HashSet<>();
        long late = 0;
        for (SilverRow row : silver) {
            if (row.lateArrival()) {
                late++;
            }
            if (row.eventTimestamp() == null) {
                continue;
            }
            long start = Math.floorDiv(row.eventTimestamp().toEpochMilli(), 60_000L) * 60_000L;
            if (start + 60_000L <= newestEnd) {
                closedWindows.add(start);
                Group group = new Group(start, row.eventType(), row.region());
                if (!row.lateArrival()) {
                    onTime.merge(group, 1L, Long::sum);
                } else {
                    lateByGroup.merge(group, 1L, Long::sum);
                }
            } else if (!row.lateArrival()) {
                // A late row's window has closed by definition, even when gold has not committed it yet.
                openWindows.add(start);
            }
        }
        Set<Group> groups = new HashSet<>(goldCounts.keySet());
        groups.addAll(onTime.keySet());
        List<Mismatch> mismatches = new ArrayList<>();
        long dropped = 0;
        for (Group group : groups) {
            closedWindows.add(group.windowStartMillis());
            long goldCount = goldCounts.getOrDefault(group, 0L);
            long silverCount = onTime.getOrDefault(group, 0L);
            long lateCount = lateByGroup.getOrDefault(group, 0L);
            boolean ok = restored ? goldCount <= silverCount : goldCount == silverCount;
            if (!ok) {
                mismatches.add(new Mismatch(Instant.ofEpochMilli(group.windowStartMillis()), group.eventType(),
                        group.region(), goldCount, silverCount, lateCount));
            } else {
                dropped += silverCount - goldCount;
            }
        }
        mismatches.sort(Comparator.comparing(Mismatch::windowStart)
                .thenComparing(Mismatch::eventType, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Mismatch::region, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new Result(!gold.isEmpty(), closedWindows.size(), groups.size(), List.copyOf(mismatches), late,
                openWindows.size(), null, restored, dropped);
    }

    /** The check could not run: a table lacks a column or a file could not be read ({@code why} says which). */
    public static Result unreadable(String why) {
        return new Result(false, 0, 0, List.of(), 0, 0, why, false, 0);
    }
}

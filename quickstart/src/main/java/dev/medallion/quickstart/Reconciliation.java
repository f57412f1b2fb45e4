package dev.medallion.quickstart;

import java.util.ArrayList;
import java.util.List;

/**
 * The bookkeeping of a run: what the load generator sent against what the tables and the dead-letter topic hold.
 *
 * <p>The pipeline's contract is that every published event ends up exactly once either in the bronze table or in the
 * DLQ ({@code published = bronze + dlq}), that the DLQ holds exactly the invalid events, and that silver holds each
 * distinct valid event once (duplicates removed by the streaming SQL job).
 *
 * <p>After a run was killed, the counts of the runs before it are rebuilt from {@code events.raw} and
 * {@code events.dlq} ({@link TopicLedger}): their invalid count is then the DLQ itself, and their published count only
 * what reached Kafka. Those parts hold by construction, so the checks print them as not checkable instead of OK and
 * check the DLQ against this run's invalid events only.
 *
 * @param published        events the generator handed to Event Hubs and got acknowledged (duplicates included)
 * @param invalidPublished published events the generator made invalid on purpose
 * @param distinctValid    distinct valid events published (each duplicate counted once)
 * @param bronzeRows       rows of the bronze table
 * @param dlqRecords       records of the dead-letter topic
 * @param silverRows       rows of the silver table
 * @param earlierFromKafka whether the counts of earlier runs were rebuilt from Kafka after a kill
 * @param earlierInvalid   invalid events of earlier runs (with {@code earlierFromKafka}: DLQ records they left)
 */
public record Reconciliation(long published, long invalidPublished, long distinctValid, long bronzeRows,
                             long dlqRecords, long silverRows, boolean earlierFromKafka, long earlierInvalid) {

    /** A run whose every count comes from the load generators' ledger (no kill in its history). */
    public Reconciliation(long published, long invalidPublished, long distinctValid, long bronzeRows, long dlqRecords,
                          long silverRows) {
        this(published, invalidPublished, distinctValid, bronzeRows, dlqRecords, silverRows, false, 0);
    }

    /**
     * One checked equation, e.g. "published = bronze + dlq: 5000 = 4900 + 100 ok"; or one that cannot be checked
     * ({@code checkable} false), printed as such and never counted as passed or failed.
     */
    public record Check(String name, long expected, long actual, String detail, boolean checkable) {
        public Check(String name, long expected, long actual, String detail) {
            this(name, expected, actual, detail, true);
        }

        static Check notCheckable(String name, String why) {
            return new Check(name, 0, 0, why, false);
        }

        /** Passed, or not checkable (which is said in the line, not hidden). */
        public boolean ok() {
            return !checkable || expected == actual;
        }

        @Override
        public String toString() {
            if (!checkable) {
                return String.format("%-40s n/a   %s", name, detail);
            }
            return String.format("%-40s %s  expected %,d, got %,d%s", name, ok() ? "OK  " : "FAIL", expected, actual,
                    detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("published = bronze + dlq", published, bronzeRows + dlqRecords,
                String.format("%,d + %,d", bronzeRows, dlqRecords)
                        + (earlierFromKafka ? "; earlier runs: what reached events.raw and events.dlq" : "")));
        if (earlierFromKafka) {
            checks.add(Check.notCheckable("  killed run: Event Hubs -> Kafka", "not checkable after a resume:"
                    + " its events that never reached Kafka were counted by nobody"));
            checks.add(new Check("dlq = invalid published (this run)", invalidPublished - earlierInvalid,
                    dlqRecords - earlierInvalid, ""));
            checks.add(Check.notCheckable("dlq = invalid published (earlier runs)", String.format(
                    "not checkable after a resume: a killed run's were counted from events.dlq itself (earlier runs: %,d)",
                    earlierInvalid)));
        } else {
            checks.add(new Check("dlq = invalid published", invalidPublished, dlqRecords, ""));
        }
        checks.add(new Check("silver = distinct valid events", distinctValid, silverRows,
                earlierFromKafka ? "earlier runs: distinct events of events.raw" : ""));
        return checks;
    }

    public boolean balanced() {
        return checks().stream().allMatch(Check::ok);
    }

    /** Rows still missing from bronze + DLQ (negative if there are more rows than events, i.e. duplicates). */
    public long bronzeBacklog() {
        return published - bronzeRows - dlqRecords;
    }
}

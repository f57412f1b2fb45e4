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
 * @param published        events the generator handed to Event Hubs and got acknowledged (duplicates included)
 * @param invalidPublished published events the generator made invalid on purpose
 * @param distinctValid    distinct valid events published (each duplicate counted once)
 * @param bronzeRows       rows of the bronze table
 * @param dlqRecords       records of the dead-letter topic
 * @param silverRows       rows of the silver table
 */
public record Reconciliation(long published, long invalidPublished, long distinctValid, long bronzeRows,
                             long dlqRecords, long silverRows) {

    /** One checked equation, e.g. "published = bronze + dlq: 5000 = 4900 + 100 ok". */
    public record Check(String name, long expected, long actual, String detail) {
        public boolean ok() {
            return expected == actual;
        }

        @Override
        public String toString() {
            return String.format("%-32s %s  expected %,d, got %,d%s", name, ok() ? "OK  " : "FAIL", expected, actual,
                    detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("published = bronze + dlq", published, bronzeRows + dlqRecords,
                String.format("%,d + %,d", bronzeRows, dlqRecords)));
        checks.add(new Check("dlq = invalid published", invalidPublished, dlqRecords, ""));
        checks.add(new Check("silver = distinct valid events", distinctValid, silverRows, ""));
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

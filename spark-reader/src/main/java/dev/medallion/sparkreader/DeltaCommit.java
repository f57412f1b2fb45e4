package dev.medallion.sparkreader;

import java.util.Map;

/**
 * One entry of a Delta table's commit history: what {@code DESCRIBE HISTORY} reports for the version, plus the
 * {@code txn} (SetTransaction) actions found in that version's commit file ({@code appId -> version}). The
 * {@code transactions} map is empty when the commit carries none or its JSON file is no longer in the log.
 * {@code timestamp} is an ISO-8601 instant in UTC.
 */
public record DeltaCommit(
        long version,
        String timestamp,
        String operation,
        Map<String, String> operationParameters,
        Map<String, String> operationMetrics,
        String engineInfo,
        Map<String, Long> transactions) {

    public DeltaCommit {
        operationParameters = operationParameters == null ? Map.of() : Map.copyOf(operationParameters);
        operationMetrics = operationMetrics == null ? Map.of() : Map.copyOf(operationMetrics);
        transactions = transactions == null ? Map.of() : Map.copyOf(transactions);
    }
}

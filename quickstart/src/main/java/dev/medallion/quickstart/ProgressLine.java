package dev.medallion.quickstart;

import java.util.Locale;
import java.util.Map;

/**
 * Formats the one-line status the pipeline prints every couple of seconds: events published (and the rate since the
 * previous line), records per topic, rows per table, DLQ size, the lag (consumer groups plus events still waiting in
 * Event Hubs) and, when something is not running, which connector, task or job and why.
 */
public final class ProgressLine {

    /**
     * One observation of the running pipeline; maps keep their insertion order in the printed line.
     *
     * @param kafkaLag         lag of the sink and Flink consumer groups
     * @param eventHubsWaiting events in Event Hubs the source has not read yet; -1 when unknown
     * @param note             what the run is doing besides publishing (e.g. draining), appended; empty for none
     */
    public record Sample(long elapsedMillis, long published, Map<String, Long> topics, Map<String, Long> tables,
                         long dlq, long kafkaLag, long eventHubsWaiting, PipelineHealth health, String note) {
        public Sample(long elapsedMillis, long published, Map<String, Long> topics, Map<String, Long> tables,
                      long dlq, long kafkaLag, long eventHubsWaiting, PipelineHealth health) {
            this(elapsedMillis, published, topics, tables, dlq, kafkaLag, eventHubsWaiting, health, "");
        }
    }

    private ProgressLine() {
    }

    /**
     * E.g. {@code [00:12] published 12,345 (1,020/s) | topics raw 11,900 ... | tables bronze 11,500 ... | dlq 300 |
     * lag 1,360 (1,200 in Event Hubs) | FAILED: eventhubs-source task 0 FAILED: ...}.
     */
    public static String format(Sample now, Sample previous) {
        StringBuilder line = new StringBuilder();
        long seconds = now.elapsedMillis() / 1000;
        line.append(String.format(Locale.ROOT, "[%02d:%02d] published %,d", seconds / 60, seconds % 60,
                now.published()));
        if (previous != null && now.elapsedMillis() > previous.elapsedMillis()) {
            double rate = (now.published() - previous.published()) * 1000.0
                    / (now.elapsedMillis() - previous.elapsedMillis());
            line.append(String.format(Locale.ROOT, " (%,.0f/s)", rate));
        }
        appendGroup(line, "topics", now.topics());
        appendGroup(line, "tables", now.tables());
        line.append(String.format(Locale.ROOT, " | dlq %,d | lag ", now.dlq()));
        if (now.eventHubsWaiting() < 0) {
            line.append(String.format(Locale.ROOT, "%,d (Event Hubs: unknown)", now.kafkaLag()));
        } else {
            line.append(String.format(Locale.ROOT, "%,d (%,d in Event Hubs)", now.kafkaLag() + now.eventHubsWaiting(),
                    now.eventHubsWaiting()));
        }
        now.health().describe().ifPresent(problems -> line.append(" | ").append(problems));
        if (!now.note().isEmpty()) {
            line.append(" | ").append(now.note());
        }
        return line.toString();
    }

    private static void appendGroup(StringBuilder line, String title, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        line.append(" | ").append(title);
        counts.forEach((name, count) -> line.append(' ').append(name).append(' ')
                .append(count < 0 ? "-" : String.format(Locale.ROOT, "%,d", count)));
    }
}

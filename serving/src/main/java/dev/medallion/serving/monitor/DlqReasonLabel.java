package dev.medallion.serving.monitor;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The (stage, reason) labels of one dead-letter record, from the headers the pipeline writes: {@code error.stage}
 * and {@code error.rule} / {@code error.reason} (our SMTs and the Event Hubs source), or Connect's own
 * {@code __connect.errors.exception.class.name} (a sink's dead-letter queue). A free-text reason is cut at its first
 * ':' and to 48 characters, so the label set stays small; a counter caps distinct reasons anyway.
 */
public record DlqReasonLabel(String stage, String reason) {
    static final int MAX_REASON_LENGTH = 48;

    public static DlqReasonLabel of(Headers headers) {
        String stage = text(headers, "error.stage");
        String reason = text(headers, "error.rule");
        if (reason == null) {
            reason = text(headers, "error.reason");
        }
        if (reason == null) {
            String exception = text(headers, "__connect.errors.exception.class.name");
            if (exception != null) {
                reason = exception.substring(exception.lastIndexOf('.') + 1);
                stage = stage == null ? text(headers, "__connect.errors.stage") : stage;
            }
        }
        return new DlqReasonLabel(normalise(stage, "unknown"), normalise(reason, "unknown"));
    }

    private static String normalise(String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip();
        int colon = v.indexOf(':');
        if (colon > 0) {
            v = v.substring(0, colon);
        }
        v = v.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "_");
        return v.length() > MAX_REASON_LENGTH ? v.substring(0, MAX_REASON_LENGTH) : v;
    }

    private static String text(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

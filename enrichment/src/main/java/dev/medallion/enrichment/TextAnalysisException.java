package dev.medallion.enrichment;

/**
 * Thrown by a remote engine when a whole request failed (service unreachable, throttled beyond the retries, rejected
 * credentials). {@link ResilientTextAnalyzer} counts these towards its circuit breaker and falls back.
 */
public class TextAnalysisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TextAnalysisException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.medallion.enrichment;

/**
 * Summarises long texts. Optional engine: callers decide which texts are long enough. Implementations throw
 * {@link TextAnalysisException} when the service fails so callers can count failures (circuit breaker) and keep the
 * record without a summary.
 */
public interface TextSummarizer extends AutoCloseable {
    String summarize(String text);

    @Override
    default void close() {
    }
}

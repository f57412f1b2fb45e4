package dev.medallion.smt.enrich;

import dev.medallion.enrichment.CircuitBreaker;
import dev.medallion.enrichment.TextSummarizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises texts of at least {@code minChars} characters with the optional summariser, behind a circuit breaker.
 * A failure never fails the record: the result carries the reason instead of a summary.
 */
final class SummaryStep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryStep.class);

    /** A summary, or the reason there is none. */
    record Result(String summary, String error) {
    }

    private final TextSummarizer summarizer;
    private final int minChars;
    private final CircuitBreaker breaker;

    SummaryStep(TextSummarizer summarizer, int minChars, CircuitBreaker breaker) {
        this.summarizer = summarizer;
        this.minChars = minChars;
        this.breaker = breaker;
    }

    /** Null when the text is too short to summarise. */
    Result apply(String text) {
        if (text.length() < minChars) {
            return null;
        }
        if (!breaker.allowRequest()) {
            return new Result(null, "summary skipped: circuit breaker open after repeated Azure OpenAI failures");
        }
        try {
            String summary = summarizer.summarize(text);
            breaker.onSuccess();
            return new Result(summary, null);
        } catch (RuntimeException e) {
            breaker.onFailure();
            LOG.warn("Azure OpenAI summary failed (circuit {}): {}", breaker.state(), e.getMessage());
            return new Result(null, "summary failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        summarizer.close();
    }
}

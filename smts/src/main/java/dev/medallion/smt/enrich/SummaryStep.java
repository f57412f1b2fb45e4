package dev.medallion.smt.enrich;

import dev.medallion.enrichment.CircuitBreaker;
import dev.medallion.enrichment.TextSummarizer;
import dev.medallion.enrichment.TimeLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Summarises texts of at least {@code minChars} characters with the optional summariser, behind a circuit breaker and
 * within what is left of the record's time budget. A failure never fails the record: the result carries the reason
 * instead of a summary; a call that runs out of time counts as a failure, so a slow service opens the breaker.
 */
final class SummaryStep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryStep.class);

    /** A summary, or the reason there is none. */
    record Result(String summary, String error) {
    }

    private final TextSummarizer summarizer;
    private final int minChars;
    private final CircuitBreaker breaker;
    private final TimeLimiter limiter;

    SummaryStep(TextSummarizer summarizer, int minChars, CircuitBreaker breaker, int maxPendingCalls) {
        this.summarizer = summarizer;
        this.minChars = minChars;
        this.breaker = breaker;
        this.limiter = new TimeLimiter(maxPendingCalls);
    }

    /**
     * @param timeLeft what is left of the record's time budget
     * @return null when the text is too short to summarise
     */
    Result apply(String text, Duration timeLeft) {
        if (text.length() < minChars) {
            return null;
        }
        if (timeLeft.isNegative() || timeLeft.isZero()) {
            return new Result(null, "summary skipped: the record's time budget (record.timeout.ms) was used up");
        }
        if (!breaker.allowRequest()) {
            return new Result(null, "summary skipped: circuit breaker open after repeated Azure OpenAI failures");
        }
        try {
            String summary = limiter.call("Azure OpenAI", timeLeft, () -> summarizer.summarize(text));
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
        limiter.close();
        summarizer.close();
    }
}

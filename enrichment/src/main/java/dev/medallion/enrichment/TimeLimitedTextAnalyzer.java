package dev.medallion.enrichment;

import java.time.Duration;
import java.util.List;

/**
 * A remote engine whose answer is awaited at most a fixed time per call ({@link TimeLimiter}); a later answer is
 * abandoned and the call throws {@link TextAnalysisException}. Wrapped in a {@link ResilientTextAnalyzer}, a slow
 * service therefore falls back and opens the circuit breaker exactly as a failing one does.
 */
public final class TimeLimitedTextAnalyzer implements TextAnalyzer {
    private final TextAnalyzer remote;
    private final Duration limit;
    private final TimeLimiter limiter;

    /**
     * @param limit    longest wait per call (one record, or one {@code analyzeAll} batch)
     * @param maxCalls calls that may still be running at once, abandoned ones included
     */
    public TimeLimitedTextAnalyzer(TextAnalyzer remote, Duration limit, int maxCalls) {
        this.remote = remote;
        this.limit = limit;
        this.limiter = new TimeLimiter(maxCalls);
    }

    @Override
    public TextAnalysis analyze(String text) {
        return analyzeAll(java.util.Collections.singletonList(text)).get(0);
    }

    @Override
    public List<TextAnalysis> analyzeAll(List<String> texts) {
        return limiter.call(remote.engine() + " engine", limit, () -> remote.analyzeAll(texts));
    }

    @Override
    public String engine() {
        return remote.engine();
    }

    @Override
    public void close() {
        limiter.close();
        remote.close();
    }
}

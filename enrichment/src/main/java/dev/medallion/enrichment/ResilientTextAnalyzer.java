package dev.medallion.enrichment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a remote engine with a {@link CircuitBreaker}: when the remote call fails or the breaker is open, texts go
 * to the fallback engine (normally the offline one) or, without a fallback, come back as {@code FAILED} results with
 * the reason. Never throws for a failed service, so no record is ever dropped because enrichment was unavailable.
 */
public final class ResilientTextAnalyzer implements TextAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientTextAnalyzer.class);

    private final TextAnalyzer primary;
    private final TextAnalyzer fallback;
    private final CircuitBreaker breaker;

    /**
     * @param primary  the remote engine
     * @param fallback engine used while the primary is failing; null to mark results FAILED instead
     * @param breaker  decides when to stop calling the primary
     */
    public ResilientTextAnalyzer(TextAnalyzer primary, TextAnalyzer fallback, CircuitBreaker breaker) {
        this.primary = primary;
        this.fallback = fallback;
        this.breaker = breaker;
    }

    @Override
    public TextAnalysis analyze(String text) {
        return analyzeAll(java.util.Collections.singletonList(text)).get(0);
    }

    @Override
    public List<TextAnalysis> analyzeAll(List<String> texts) {
        String reason;
        if (breaker.allowRequest()) {
            try {
                List<TextAnalysis> results = primary.analyzeAll(texts);
                breaker.onSuccess();
                return results;
            } catch (RuntimeException e) {
                breaker.onFailure();
                reason = primary.engine() + " engine failed: " + e.getMessage();
                LOG.warn("{} (circuit {}); {}", reason, breaker.state(),
                        fallback == null ? "marking records enrichment failed" : "using the " + fallback.engine() + " engine");
            }
        } else {
            reason = primary.engine() + " engine skipped: circuit breaker open after repeated failures";
        }
        if (fallback != null) {
            return fallback.analyzeAll(texts);
        }
        List<TextAnalysis> failed = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            failed.add(TextAnalysis.failed(primary.engine(), reason));
        }
        return failed;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public String engine() {
        return primary.engine();
    }

    @Override
    public void close() {
        primary.close();
        if (fallback != null) {
            fallback.close();
        }
    }
}

package dev.medallion.enrichment;

import java.util.ArrayList;
import java.util.List;

/**
 * Analyses free text: sentiment, language, named entities and key phrases. Implementations are thread-safe and never
 * return null; a text they cannot analyse yields a {@link TextAnalysis} with status {@code FAILED} and a reason, so
 * callers (the Enrich transform, the SQL UDFs) can keep the record and mark it rather than drop it.
 */
public interface TextAnalyzer extends AutoCloseable {

    /** Analyses one text; a null or blank text gives {@link TextAnalysis#skipped(String)}. */
    TextAnalysis analyze(String text);

    /**
     * Analyses many texts, results in input order. Remote engines send them in as few requests as the service allows;
     * the default simply loops.
     */
    default List<TextAnalysis> analyzeAll(List<String> texts) {
        List<TextAnalysis> results = new ArrayList<>(texts.size());
        for (String text : texts) {
            results.add(analyze(text));
        }
        return results;
    }

    /** Short name written into results ({@code offline}, {@code azure}). */
    String engine();

    @Override
    default void close() {
    }
}

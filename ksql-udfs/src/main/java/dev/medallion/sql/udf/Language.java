package dev.medallion.sql.udf;

import dev.medallion.enrichment.TextAnalysis;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code LANGUAGE(text)}: the ISO 639-1 code of the text's language ({@code en}, {@code de}, ...), {@code und} when it
 * cannot be told, null for null or blank text. Detection (offline: function words, then character n-grams) is limited to the languages of
 * {@code LanguageIdentifier.DEFAULT_LANGUAGES} and reads the first characters only, which keeps it fast.
 */
public final class Language extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    public String eval(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        TextAnalysis.DetectedLanguage language = OfflineText.language().detect(text);
        return language.code();
    }
}

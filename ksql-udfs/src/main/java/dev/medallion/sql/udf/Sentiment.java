package dev.medallion.sql.udf;

import dev.medallion.enrichment.TextAnalysis;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

import java.util.Locale;

/**
 * {@code SENTIMENT(text)}: the sentiment of a text as {@code ROW<label STRING, score DOUBLE>}, label one of
 * {@code positive}, {@code neutral}, {@code negative} and score in [-1, 1], from the offline lexicon/rule engine of
 * {@code medallion-enrichment} (English). Null or blank text gives null.
 */
public final class Sentiment extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    public @DataTypeHint("ROW<label STRING, score DOUBLE>") Row eval(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        TextAnalysis.Sentiment sentiment = OfflineText.sentiment().score(text);
        return Row.of(sentiment.label().name().toLowerCase(Locale.ROOT), sentiment.score());
    }
}

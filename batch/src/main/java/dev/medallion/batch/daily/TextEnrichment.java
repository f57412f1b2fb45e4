package dev.medallion.batch.daily;

import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.enrichment.offline.KeyPhraseExtractor;
import dev.medallion.enrichment.offline.SentimentScorer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.udf;

/**
 * Sentiment and key phrases from the project's offline engine ({@code enrichment/}: the lexicon scorer and the
 * rule-based phrase extractor), the same code the silver sink's Enrich runs, as Spark UDFs. Language detection is
 * left out: it needs Lingua, which brings Kotlin; key phrases therefore use the extractor's default (English) stop
 * words. Null or blank text gives null columns, as Enrich's "skipped".
 */
public final class TextEnrichment {

    private static final int KEY_PHRASES = 5;

    private TextEnrichment() {}

    /** The scorers are built once per executor JVM (they load word lists) and are stateless afterwards. */
    private static final class Engines {
        static final SentimentScorer SENTIMENT = SentimentScorer.withBundledLexicon();
        static final KeyPhraseExtractor KEY_PHRASES_EXTRACTOR = new KeyPhraseExtractor(KEY_PHRASES);
    }

    public static Column sentiment(Column text) {
        UserDefinedFunction f = udf((UDF1<String, String>) t -> blank(t) ? null
                : Engines.SENTIMENT.score(t).label().name().toLowerCase(Locale.ROOT), DataTypes.StringType);
        return f.apply(text);
    }

    public static Column sentimentScore(Column text) {
        UserDefinedFunction f = udf((UDF1<String, Double> ) t -> {
            if (blank(t)) {
                return null;
            }
            TextAnalysis.Sentiment s = Engines.SENTIMENT.score(t);
            return s.score();
        }, DataTypes.DoubleType);
        return f.apply(text);
    }

    public static Column keyPhrases(Column text) {
        UserDefinedFunction f = udf((UDF1<String, List<String>>) t -> blank(t) ? null
                : Engines.KEY_PHRASES_EXTRACTOR.extract(t), DataTypes.createArrayType(DataTypes.StringType));
        return f.apply(text);
    }

    private static boolean blank(String t) {
        return t == null || t.isBlank();
    }
}

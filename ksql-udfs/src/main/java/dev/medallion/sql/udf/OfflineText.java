package dev.medallion.sql.udf;

import dev.medallion.enrichment.offline.EntityExtractor;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import dev.medallion.enrichment.offline.SentimentScorer;

/**
 * The offline text engines of {@code medallion-enrichment}, built once per JVM and shared by every UDF instance
 * (they are thread-safe; the language models take a while to load and a lot of memory, so one copy per task manager).
 */
final class OfflineText {
    private OfflineText() {
    }

    static SentimentScorer sentiment() {
        return SentimentHolder.INSTANCE;
    }

    static LanguageIdentifier language() {
        return LanguageHolder.INSTANCE;
    }

    static EntityExtractor entities() {
        return EntityHolder.INSTANCE;
    }

    // Holder classes: each engine loads on first use only, so SENTIMENT alone never loads the language models.
    private static final class SentimentHolder {
        static final SentimentScorer INSTANCE = SentimentScorer.withBundledLexicon();
    }

    private static final class LanguageHolder {
        static final LanguageIdentifier INSTANCE = new LanguageIdentifier();
    }

    private static final class EntityHolder {
        static final EntityExtractor INSTANCE = new EntityExtractor();
    }
}

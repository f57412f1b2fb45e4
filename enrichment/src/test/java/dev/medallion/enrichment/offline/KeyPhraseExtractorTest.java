package dev.medallion.enrichment.offline;

import dev.medallion.enrichment.OfflineTextAnalyzer;
import dev.medallion.enrichment.TextAnalysis;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPhraseExtractorTest {
    /** Room for every candidate of the texts below, so the assertions see all phrases, not only the top five. */
    private static final KeyPhraseExtractor EXTRACTOR = new KeyPhraseExtractor(40);

    private static final String GERMAN = "Der Tagungsort war mit der Bahn gut zu erreichen und die Räume waren hell,"
            + " auch wenn der Kaffee schon vor den Nachmittagsvorträgen aus war. Die meisten Redner hielten sich an"
            + " ihre Zeit und die Aufzeichnungen der Vorträge waren am nächsten Morgen online.";
    private static final String FRENCH = "Le lieu de la conférence était facile d'accès en train et les salles"
            + " étaient lumineuses, même si le café a manqué avant les sessions de l'après-midi. La plupart des"
            + " intervenants ont respecté leur temps et les enregistrements de la journée étaient en ligne.";
    private static final String SPANISH = "El lugar de la conferencia estaba bien comunicado en tren y las salas"
            + " eran luminosas, aunque el café se acabó antes de las sesiones de la tarde. Casi todos los ponentes"
            + " respetaron su tiempo y las grabaciones del congreso estaban en línea a la mañana siguiente.";

    @Test
    void germanPhrasesEndAtGermanFunctionWords() {
        List<String> phrases = EXTRACTOR.extract(GERMAN, "de");

        assertThat(phrases).contains("Tagungsort", "Bahn gut", "Räume", "Kaffee", "meisten Redner hielten");
        assertNoPhraseHolds(phrases, "und", "der", "die", "mit", "an", "waren", "am");
    }

    @Test
    void frenchPhrasesEndAtFrenchFunctionWordsAndElisions() {
        List<String> phrases = EXTRACTOR.extract(FRENCH, "fr");

        assertThat(phrases).contains("conférence", "intervenants", "salles", "accès", "après-midi");
        assertNoPhraseHolds(phrases, "les", "de", "la", "et", "en", "l", "d", "plupart");
        assertThat(phrases).noneMatch(p -> p.toLowerCase(Locale.ROOT).contains("de la"));
    }

    @Test
    void spanishPhrasesEndAtSpanishFunctionWords() {
        List<String> phrases = EXTRACTOR.extract(SPANISH, "es");

        assertThat(phrases).contains("conferencia", "ponentes respetaron", "grabaciones", "mañana siguiente");
        assertNoPhraseHolds(phrases, "de", "la", "las", "los", "el", "y", "en", "su", "del");
    }

    @Test
    void withEnglishStopWordsTheSameTextGluesFunctionWordsIntoPhrases() {
        // The reason for per-language lists: English stop words let "de la" and "les" into French phrases.
        assertThat(EXTRACTOR.extract(FRENCH, "en")).anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("de la"));
    }

    @Test
    void englishKeepsContractionsAsOneWordAndUnknownLanguagesFallBackToEnglish() {
        String text = "The delivery driver didn't ring the bell, so the parcel sat outside in the rain for hours.";

        // "didn't" is read as the stop word "didnt", so it ends the phrase.
        assertThat(EXTRACTOR.extract(text)).contains("delivery driver", "ring", "parcel sat outside", "rain");
        assertThat(EXTRACTOR.extract(text, "und")).isEqualTo(EXTRACTOR.extract(text, "en"));
        assertThat(EXTRACTOR.extract(text, null)).isEqualTo(EXTRACTOR.extract(text, "en"));
    }

    @Test
    void repeatedPhrasesAreReturnedOnceAndRankedByWordDegree() {
        List<String> phrases = new KeyPhraseExtractor(3).extract(
                "Refund please. Billing dashboard broken! Refund now, or the billing dashboard gets fixed.", "en");

        assertThat(phrases).containsExactly("billing dashboard gets fixed", "Billing dashboard broken", "Refund");
    }

    @Test
    void theAnalyzerCutsPhrasesAtTheDetectedLanguagesWords() {
        TextAnalysis german = new OfflineTextAnalyzer().analyze(GERMAN);

        assertThat(german.language().code()).isEqualTo("de");
        assertThat(german.keyPhrases()).isNotEmpty();
        assertNoPhraseHolds(german.keyPhrases(), "und", "der", "die");
    }

    private static void assertNoPhraseHolds(List<String> phrases, String... stopWords) {
        assertThat(phrases).isNotEmpty().allSatisfy(phrase -> assertThat(
                Arrays.asList(phrase.toLowerCase(Locale.ROOT).split("[\\s']+"))).doesNotContain(stopWords));
    }
}

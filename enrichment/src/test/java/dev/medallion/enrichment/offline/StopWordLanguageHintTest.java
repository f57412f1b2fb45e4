package dev.medallion.enrichment.offline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopWordLanguageHintTest {
    private final StopWordLanguageHint hint = new StopWordLanguageHint(LanguageIdentifier.DEFAULT_LANGUAGES);

    @Test
    void decidesClearTextsAndAgreesWithTheLabelledSetWheneverItDecides() throws IOException {
        int decided = 0;
        int rows = 0;
        try (InputStream in = getClass().getResourceAsStream("/labelled/language.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] row = line.split("\t");
                rows++;
                StopWordLanguageHint.Decision d = hint.decide(row[1]);
                if (d != null) {
                    decided++;
                    assertThat(d.code()).as(row[1]).isEqualTo(row[0]);
                }
            }
        }
        // The point of the hint is to spare Lingua most ordinary sentences; if it stops deciding, it has no effect.
        // It decides 25 of the 35 (all English, German and French ones); Romance texts sharing "la", "de", "a" are
        // left to Lingua.
        assertThat(decided).isGreaterThanOrEqualTo(rows * 2 / 3);
    }

    /** The sentiment and entity sets are English and were not looked at while writing the word lists. */
    @Test
    void neverCallsAnEnglishTextAnythingElse() throws IOException {
        int decided = 0;
        for (String[] set : new String[][]{{"sentiment.tsv", "1"}, {"entities.tsv", "0"}}) {
            try (InputStream in = getClass().getResourceAsStream("/labelled/" + set[0])) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String text = line.split("\t")[Integer.parseInt(set[1])];
                    StopWordLanguageHint.Decision d = hint.decide(text);
                    if (d != null) {
                        decided++;
                        assertThat(d.code()).as(text).isEqualTo("en");
                    }
                }
            }
        }
        assertThat(decided).isGreaterThanOrEqualTo(20);
    }

    @Test
    void answersWithTheDominantLanguageAndItsShareOfHits() {
        StopWordLanguageHint.Decision d = hint.decide("The parcel was left at the door and the driver did not ring.");
        assertThat(d).isNotNull();
        assertThat(d.code()).isEqualTo("en");
        assertThat(d.confidence()).isEqualTo(1.0);
        assertThat(hint.decide("Die Lieferung ist nicht angekommen und der Kundendienst hat auch nicht geantwortet."))
                .extracting(StopWordLanguageHint.Decision::code).isEqualTo("de");
    }

    @Test
    void abstainsOnShortOrMixedTexts() {
        assertThat(hint.decide("Great product!")).isNull();
        assertThat(hint.decide("Berlin Hamburg Madrid 2024")).isNull();
        // Three English and three German function words: neither dominates, so Lingua must decide.
        assertThat(hint.decide("the cat and the dog; der Hund und die Katze ist nicht")).isNull();
    }

    @Test
    void neverDecidesWhenAConfiguredLanguageHasNoWordList() {
        StopWordLanguageHint withSwedish = new StopWordLanguageHint(List.of("en", "sv"));
        assertThat(withSwedish.enabled()).isFalse();
        assertThat(withSwedish.decide("The parcel was left at the door and the driver did not ring.")).isNull();
    }

    @Test
    void onlyCountsTheConfiguredLanguages() {
        StopWordLanguageHint enDe = new StopWordLanguageHint(List.of("EN", "de"));
        // French function words are not in the index, so a French text gives no hits and the hint abstains.
        assertThat(enDe.decide("Nous avons reçu la commande mais les produits sont arrivés cassés dans une boîte."))
                .isNull();
    }
}

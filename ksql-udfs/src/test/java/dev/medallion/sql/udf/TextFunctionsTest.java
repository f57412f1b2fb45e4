package dev.medallion.sql.udf;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class TextFunctionsTest {
    private static final String REVIEW = "The support team in Seattle was wonderful, thanks to Dr. Jane Miller!"
            + " Write to help@contoso.com about the new billing dashboard.";

    @Test
    void sentimentGivesLabelAndScore() {
        Row positive = new Sentiment().eval(REVIEW);
        assertThat(positive.getField(0)).isEqualTo("positive");
        assertThat((Double) positive.getField(1)).isGreaterThan(0).isLessThanOrEqualTo(1);

        Row negative = new Sentiment().eval("This was a terrible, awful experience. I hate it.");
        assertThat(negative.getField(0)).isEqualTo("negative");
        assertThat((Double) negative.getField(1)).isLessThan(0).isGreaterThanOrEqualTo(-1);
    }

    @Test
    void languageGivesIsoCodes() {
        Language language = new Language();
        assertThat(language.eval(REVIEW)).isEqualTo("en");
        assertThat(language.eval("Der Kundendienst war sehr freundlich und hat mir schnell geholfen.")).isEqualTo("de");
        assertThat(language.eval("Le service client était très aimable et m'a aidé rapidement.")).isEqualTo("fr");
    }

    @Test
    void entitiesInOrderWithCategoryAndOffset() {
        Row[] entities = new Entities().eval(REVIEW);
        assertThat(Arrays.stream(entities).map(r -> r.getField(0) + "|" + r.getField(1)))
                .contains("Seattle|Location", "Jane Miller|Person", "help@contoso.com|Email");
        for (Row entity : entities) {
            assertThat(REVIEW.substring((Integer) entity.getField(2))).startsWith((String) entity.getField(0));
        }
        assertThat(new Entities().eval("nothing to see here")).isEmpty();
    }

    @Test
    void nullOrBlankTextGivesNull() {
        assertThat(new Sentiment().eval(null)).isNull();
        assertThat(new Language().eval("  ")).isNull();
        assertThat(new Entities().eval(null)).isNull();
    }
}

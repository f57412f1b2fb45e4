package dev.medallion.enrichment;

import dev.medallion.enrichment.TextAnalysis.SentimentLabel;
import dev.medallion.enrichment.offline.SentimentScorer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SentimentScorerTest {
    private final SentimentScorer scorer = new SentimentScorer(Map.of("good", 1.9, "bad", -2.5, "great", 3.1));

    @Test
    void negationFlipsBoostersStrengthenAndCapsAndExclamationsEmphasise() {
        double good = scorer.score("the food was good").score();
        assertThat(good).isPositive();
        assertThat(scorer.score("the food was not good").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.score("the food was very good").score()).isGreaterThan(good);
        assertThat(scorer.score("the food was slightly good").score()).isLessThan(good);
        assertThat(scorer.score("the food was GOOD").score()).isGreaterThan(good);
        assertThat(scorer.score("the food was good!!").score()).isGreaterThan(good);
        assertThat(scorer.score("the food was").label()).isEqualTo(SentimentLabel.NEUTRAL);
    }

    @Test
    void theClauseAfterButWeighsMore() {
        assertThat(scorer.score("the food was great but the service was bad").score())
                .isLessThan(scorer.score("the food was great and the service was bad").score());
        assertThat(scorer.score("the service was bad but the food was great").label()).isEqualTo(SentimentLabel.POSITIVE);
    }

    @Test
    void scoresStayWithinMinusOneAndOne() {
        assertThat(scorer.score("great great great great great great great great!!!!").score()).isBetween(0.9, 1.0);
        assertThat(scorer.score("bad bad bad bad bad bad bad bad bad").score()).isBetween(-1.0, -0.9);
    }

    @Test
    void bundledLexiconLoads() {
        assertThat(SentimentScorer.withBundledLexicon().lexiconSize()).isGreaterThan(250);
    }
}

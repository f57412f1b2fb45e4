package dev.medallion.benchmarks.smts.placement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two placements the benchmark compares must do equivalent work: the same silver enrichment for the same distinct
 * events, A analysing every valid record and B only the distinct ones, and A's topics carrying the larger records.
 */
class PlacementPipelineTest {
    private static PlacementPipeline a;
    private static PlacementPipeline b;

    @BeforeAll
    static void pipelines() {
        a = new PlacementPipeline(Placement.SOURCE_CARRIED);
        b = new PlacementPipeline(Placement.AFTER_DEDUPE);
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
    }

    @Test
    void streamHasTheQuickstartMixWithTheDuplicateShareAsAsked() {
        EventStream none = EventStream.generate(5_000, 0, 7);
        EventStream tenth = EventStream.generate(5_000, 0.10, 7);

        assertThat(none.distinctCount).isEqualTo(none.valid());
        assertThat(none.invalid).isBetween(50, 150); // 2 % of 5,000
        assertThat(tenth.valid() - tenth.distinctCount).isBetween(400, 600); // 10 %
        assertThat(tenth.invalid).isBetween(50, 150);
    }

    @Test
    void bothPlacementsWriteTheSameEnrichmentToSilverForEveryDistinctEvent() {
        EventStream stream = EventStream.generate(3_000, 0.10, 11);

        PlacementPipeline.RoundResult ra = a.run(stream, true);
        PlacementPipeline.RoundResult rb = b.run(stream, true);

        assertThat(ra.cleanRecords).isEqualTo(stream.distinctCount);
        assertThat(rb.cleanRecords).isEqualTo(stream.distinctCount);
        int withText = 0;
        for (int i = 0; i < stream.distinctCount; i++) {
            Map<?, ?> flat = ra.silverValues.get(i);
            Map<?, ?> nested = (Map<?, ?>) rb.silverValues.get(i).get("enrichment");
            assertThat(flat.get("event_id")).isEqualTo(rb.silverValues.get(i).get("event_id"));
            assertThat(flat.get("enrichment_status")).isEqualTo(nested.get("status"));
            assertThat(flat.get("enrichment_engine")).isEqualTo(nested.get("engine"));
            assertThat(flat.get("sentiment")).isEqualTo(nested.get("sentiment"));
            assertThat(flat.get("sentiment_score")).isEqualTo(nested.get("sentiment_score"));
            assertThat(flat.get("language")).isEqualTo(nested.get("language"));
            assertThat(flat.get("key_phrases")).isEqualTo(nested.get("key_phrases"));
            assertThat(entities(flat.get("entities"))).isEqualTo(entities(nested.get("entities")));
            if ("ok".equals(nested.get("status"))) {
                withText++;
            }
        }
        // Review, purchase and search events carry text: about a quarter of the quickstart's events.
        assertThat(withText).isBetween(stream.distinctCount / 5, stream.distinctCount / 3);
    }

    @Test
    void sourcePlacementAnalysesDuplicatesAndCarriesLargerRecords() {
        EventStream stream = EventStream.generate(3_000, 0.10, 13);

        PlacementPipeline.RoundResult ra = a.run(stream, false);
        PlacementPipeline.RoundResult rb = b.run(stream, false);

        assertThat(stream.valid()).isGreaterThan(stream.distinctCount);
        assertThat(ra.enriched).isEqualTo(stream.valid());
        assertThat(rb.enriched).isEqualTo(stream.distinctCount);
        assertThat(ra.rawRecords).isEqualTo(stream.valid());
        assertThat(ra.rawBytes).isGreaterThan(rb.rawBytes);
        assertThat(ra.rawHeaderBytes).isPositive();
        assertThat(rb.rawHeaderBytes).isZero();
        assertThat(ra.cleanBytes).isGreaterThan(rb.cleanBytes);
        assertThat(ra.cpuNanos[PlacementPipeline.Hop.SILVER_ENRICH.ordinal()]).isZero();
        assertThat(rb.cpuNanos[PlacementPipeline.Hop.SOURCE_ENRICH.ordinal()]).isZero();
    }

    /** Entities as "text/category/offset" strings: offsets are Integer before JSON and Long after it. */
    private static List<String> entities(Object list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (Object o : (List<?>) list) {
                Map<?, ?> e = (Map<?, ?>) o;
                out.add(e.get("text") + "/" + e.get("category") + "/" + e.get("offset"));
            }
        }
        return out;
    }
}

package dev.medallion.smt.enrich;

import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.enrichment.TextAnalyzer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.medallion.smt.enrich.EnrichTestRecords.record;
import static dev.medallion.smt.enrich.EnrichTestRecords.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Records an attacker or a broken producer can send: Enrich must return each of them (never null, never an
 * exception out of {@code apply}, which would stop the task), quickly, with the outcome in its status header.
 */
class EnrichHostileRecordsTest {
    static final int MB = 1 << 20;
    private final Enrich<SourceRecord> enrich = new Enrich<>();

    @AfterEach
    void close() {
        enrich.close();
    }

    static Stream<String> megabyteTexts() {
        return Stream.of("a".repeat(MB) + "@", "@".repeat(MB), "1,".repeat(MB / 2), "1 ".repeat(MB / 2),
                ".".repeat(MB), "x@" + "a.".repeat(MB / 2), "\uD83D\uDE00".repeat(MB / 2), "\uD800".repeat(MB),
                "\u0000".repeat(MB), "Dr. Ann ".repeat(MB / 8));
    }

    @ParameterizedTest
    @MethodSource("megabyteTexts")
    void aMegabyteOfTextIsAnalysedUpToTextMaxCharsQuicklyAndTheHeaderSaysSo(String text) {
        enrich.configure(Map.of());

        SourceRecord out = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> enrich.apply(record(null, Map.of("text", text + " mail jane@example.com"))));

        assertThat(status(out)).isEqualTo("ok");
        // The cut never splits a surrogate pair: a lone high surrogate at the limit is left out.
        int analysed = Character.isHighSurrogate(text.charAt(9_999)) ? 9_999 : 10_000;
        assertThat(header(out, "enrichment.truncated")).isEqualTo(analysed + " of " + (text.length() + 22)
                + " characters analysed");
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) out.value()).get("enrichment");
        assertThat((List<?>) result.get("entities")).as("the address lies beyond the analysed part")
                .noneMatch(e -> ((Map<?, ?>) e).get("text").equals("jane@example.com"));
        assertThat(((Map<?, ?>) out.value()).get("text")).as("the record keeps its whole text").isEqualTo(text
                + " mail jane@example.com");
    }

    @Test
    void theLimitIsConfigurableAndShortTextsCarryNoTruncationHeader() {
        enrich.configure(Map.of("text.max.chars", "200"));

        SourceRecord cut = enrich.apply(record(null, Map.of("text", "Great service in London. ".repeat(20))));
        SourceRecord whole = enrich.apply(record(null, Map.of("text", "Great service in London.")));

        assertThat(header(cut, "enrichment.truncated")).isEqualTo("200 of 500 characters analysed");
        assertThat(whole.headers().lastWithName("enrichment.truncated")).isNull();
        assertThat(status(whole)).isEqualTo("ok");
    }

    @Test
    void aForgedTruncationHeaderDoesNotSurvive() {
        enrich.configure(Map.of());
        SourceRecord in = record(null, Map.of("text", "short"));
        in.headers().addString("enrichment.truncated", "forged");

        assertThat(enrich.apply(in).headers().lastWithName("enrichment.truncated")).isNull();
    }

    @Test
    void nonStringTextFieldsAreSkipped() {
        enrich.configure(Map.of());
        Map<String, Object> weird = new HashMap<>();
        weird.put(null, "null key");
        for (Object text : new Object[]{42, 4.2e300, true, List.of("a", "b"), Map.of("nested", "x"),
                new byte[]{1, 2}, weird}) {
            Map<String, Object> value = new HashMap<>();
            value.put("text", text);
            SourceRecord out = enrich.apply(record(null, value));
            assertThat(status(out)).as(String.valueOf(text)).isEqualTo("skipped");
            assertThat(((Map<?, ?>) out.value()).get("text")).isSameAs(text);
        }
    }

    @Test
    void deeplyNestedValuesPassWithTheirText() {
        enrich.configure(Map.of("text.field", "payload.comment"));
        Object deep = "bottom";
        for (int i = 0; i < 100_000; i++) {
            deep = Map.of("d", deep);
        }
        Object deepList = "bottom";
        for (int i = 0; i < 100_000; i++) {
            deepList = List.of(deepList);
        }
        Map<String, Object> value = Map.of("payload", Map.of("comment", "Lovely day", "deep", deep),
                "list", deepList);

        SourceRecord out = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> enrich.apply(record(null, value)));

        assertThat(status(out)).isEqualTo("ok");
        assertThat(((Map<?, ?>) out.value()).get("list")).isSameAs(deepList);

        Map<String, Object> textIsDeep = Map.of("payload", deep);
        assertThat(status(enrich.apply(record(null, textIsDeep)))).isEqualTo("skipped");
    }

    @Test
    void anInvalidStructKeepsItsValueAndIsMarkedFailed() {
        enrich.configure(Map.of());
        Schema schema = SchemaBuilder.struct().name("Event").field("id", Schema.INT64_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA).build();
        // A required field left null: a converter would refuse it, an earlier transform may still produce it.
        Struct invalid = new Struct(schema).put("text", "Great service");

        SourceRecord out = enrich.apply(record(schema, invalid));

        assertThat(out).isNotNull();
        assertThat(out.value()).isSameAs(invalid);
        assertThat(out.valueSchema()).isSameAs(schema);
        assertThat(status(out)).isEqualTo("failed");
        assertThat(header(out, "enrichment.error")).contains("DataException").doesNotContain("Great service");
    }

    @Test
    void anEngineThatThrowsMarksTheRecordFailedAndKeepsIt() {
        Enrich<SourceRecord> broken = new Enrich<>(new TextAnalyzer() {
            @Override
            public TextAnalysis analyze(String text) {
                throw new StackOverflowError();
            }

            @Override
            public String engine() {
                return "broken";
            }
        });
        broken.configure(Map.of());

        SourceRecord out = broken.apply(record(null, Map.of("id", 7L, "text", "secret payload")));

        assertThat(status(out)).isEqualTo("failed");
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) out.value()).get("enrichment");
        assertThat(result.get("error")).isEqualTo("broken engine failed: StackOverflowError");
        assertThat(((Map<?, ?>) out.value()).get("id")).isEqualTo(7L);
    }

    private static String header(SourceRecord r, String name) {
        Header h = r.headers().lastWithName(name);
        return h == null ? null : String.valueOf(h.value());
    }
}

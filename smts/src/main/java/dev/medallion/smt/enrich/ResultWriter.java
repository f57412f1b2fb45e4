package dev.medallion.smt.enrich;

import dev.medallion.enrichment.TextAnalysis;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;

/** Puts a {@link TextAnalysis} into a record value in one layout ({@code output.layout}): nested or flat. */
interface ResultWriter {
    /** @param summary the optional summary step's result, null when there is none */
    Map<String, Object> write(Map<?, ?> value, TextAnalysis analysis, SummaryStep.Result summary);

    /** @param summary the optional summary step's result, null when there is none */
    Struct write(Struct value, TextAnalysis analysis, SummaryStep.Result summary);
}

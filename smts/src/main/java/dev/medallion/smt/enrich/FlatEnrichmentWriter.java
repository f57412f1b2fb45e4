package dev.medallion.smt.enrich;

import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.smt.field.StructCopier;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a {@link TextAnalysis} as top-level fields ({@code output.layout=flat}), the columns analysts query in
 * silver: sentiment, sentiment_score, language, language_confidence, entities, key_phrases, enrichment_status,
 * enrichment_engine, enrichment_error, and summary, summary_error when summaries are configured. Values and types are
 * those of the nested layout's fields; in structs every one is optional (the extended schema is cached per input
 * schema). Every field is written on every record, null where the analysis has no value, so a field of that name the
 * value already had is overwritten (logged once) and never passes for a result.
 */
final class FlatEnrichmentWriter implements ResultWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FlatEnrichmentWriter.class);
    static final String STATUS = "enrichment_status";
    static final String ENGINE = "enrichment_engine";
    static final String ERROR = "enrichment_error";

    private final Schema fieldsSchema;
    private final StructCopier copier;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param withSummary true when the summary step is configured: adds summary and summary_error */
    FlatEnrichmentWriter(boolean withSummary) {
        SchemaBuilder fields = SchemaBuilder.struct()
                .field("sentiment", optional("sentiment"))
                .field("sentiment_score", optional("sentiment_score"))
                .field("language", optional("language"))
                .field("language_confidence", optional("language_confidence"))
                .field("entities", optional("entities"))
                .field("key_phrases", optional("key_phrases"))
                .field(STATUS, optional("status"))
                .field(ENGINE, optional("engine"))
                .field(ERROR, optional("error"));
        if (withSummary) {
            fields.field("summary", optional("summary")).field("summary_error", optional("summary_error"));
        }
        fieldsSchema = fields.build();
        copier = new StructCopier(name -> fieldsSchema.field(name) != null, this::extend);
    }

    /** The nested result's field schema, made optional: a flat field is null when the analysis has no value. */
    private static Schema optional(String nestedField) {
        Schema schema = EnrichmentWriter.RESULT_SCHEMA.field(nestedField).schema();
        if (schema.isOptional()) {
            return schema;
        }
        return schema.type() == Schema.Type.STRING ? Schema.OPTIONAL_STRING_SCHEMA
                : new SchemaBuilder(schema.type()).optional().build();
    }

    /** Field name to value, in the order of the schema; nulls included. */
    private Map<String, Object> results(TextAnalysis analysis, SummaryStep.Result summary, boolean structs) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (Field f : fieldsSchema.fields()) {
            r.put(f.name(), null);
        }
        r.put(STATUS, EnrichmentWriter.status(analysis));
        r.put(ENGINE, analysis.engine());
        r.put(ERROR, analysis.error());
        if (analysis.ok()) {
            r.put("sentiment", EnrichmentWriter.sentiment(analysis));
            r.put("sentiment_score", analysis.sentiment().score());
            r.put("language", analysis.language().code());
            r.put("language_confidence", analysis.language().confidence());
            r.put("entities", structs ? EnrichmentWriter.entityStructs(analysis) : EnrichmentWriter.entityMaps(analysis));
            r.put("key_phrases", analysis.keyPhrases());
        }
        if (summary != null && fieldsSchema.field("summary") != null) {
            r.put("summary", summary.summary());
            r.put("summary_error", summary.error());
        }
        return r;
    }

    @Override
    public Map<String, Object> write(Map<?, ?> value, TextAnalysis analysis, SummaryStep.Result summary) {
        Map<String, Object> out = new LinkedHashMap<>(value.size() + fieldsSchema.fields().size());
        for (Map.Entry<?, ?> e : value.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        if (!warned.get()) {
            warnIfOverwriting(out.keySet());
        }
        out.putAll(results(analysis, summary, false));
        return out;
    }

    @Override
    public Struct write(Struct value, TextAnalysis analysis, SummaryStep.Result summary) {
        Struct out = copier.copy(value);
        results(analysis, summary, true).forEach(out::put);
        return out;
    }

    private Schema extend(Schema schema) {
        List<String> names = new ArrayList<>();
        schema.fields().forEach(f -> names.add(f.name()));
        warnIfOverwriting(names);
        SchemaBuilder builder = copier.builder(schema);
        for (Field f : fieldsSchema.fields()) {
            builder.field(f.name(), f.schema());
        }
        return builder.build();
    }

    /** Once per transform: a value field that collides with ours is replaced, which the operator should know. */
    private void warnIfOverwriting(Iterable<String> names) {
        List<String> clashes = new ArrayList<>();
        for (String name : names) {
            if (fieldsSchema.field(name) != null) {
                clashes.add(name);
            }
        }
        if (!clashes.isEmpty() && warned.compareAndSet(false, true)) {
            LOG.warn("Record values already have field(s) {}; Enrich (output.layout=flat) overwrites them with its"
                    + " results. Rename them upstream or use output.layout=nested to keep them. Logged once.", clashes);
        }
    }
}

package dev.medallion.smt.enrich;

import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.smt.field.StructCopier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link TextAnalysis} into a record value under one output field: a nested map for schemaless values, an
 * optional nested struct for {@code Struct} values (the extended schema is derived once per input schema and cached).
 */
public final class EnrichmentWriter implements ResultWriter {
    static final Schema ENTITY_SCHEMA = SchemaBuilder.struct().name("dev.medallion.enrichment.Entity").optional()
            .field("text", Schema.STRING_SCHEMA)
            .field("category", Schema.STRING_SCHEMA)
            .field("offset", Schema.INT32_SCHEMA)
            .build();
    static final Schema RESULT_SCHEMA = SchemaBuilder.struct().name("dev.medallion.enrichment.TextAnalysis").optional()
            .field("status", Schema.STRING_SCHEMA)
            .field("engine", Schema.STRING_SCHEMA)
            .field("sentiment", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sentiment_score", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("language", Schema.OPTIONAL_STRING_SCHEMA)
            .field("language_confidence", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("entities", SchemaBuilder.array(ENTITY_SCHEMA).optional().build())
            .field("key_phrases", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("error", Schema.OPTIONAL_STRING_SCHEMA)
            .field("summary", Schema.OPTIONAL_STRING_SCHEMA)
            .field("summary_error", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final String outputField;
    private final StructCopier copier;

    public EnrichmentWriter(String outputField) {
        this.outputField = outputField;
        this.copier = new StructCopier(name -> name.equals(outputField), this::extend);
    }

    public Map<String, Object> write(Map<?, ?> value, TextAnalysis analysis) {
        return write(value, analysis, null);
    }

    /** @param summary the optional summary step's result, null when there is none */
    @Override
    public Map<String, Object> write(Map<?, ?> value, TextAnalysis analysis, SummaryStep.Result summary) {
        Map<String, Object> out = new LinkedHashMap<>(value.size() + 1);
        for (Map.Entry<?, ?> e : value.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", status(analysis));
        result.put("engine", analysis.engine());
        if (analysis.ok()) {
            result.put("sentiment", sentiment(analysis));
            result.put("sentiment_score", analysis.sentiment().score());
            result.put("language", analysis.language().code());
            result.put("language_confidence", analysis.language().confidence());
            result.put("entities", entityMaps(analysis));
            result.put("key_phrases", analysis.keyPhrases());
        }
        if (analysis.error() != null) {
            result.put("error", analysis.error());
        }
        if (summary != null) {
            result.put(summary.summary() != null ? "summary" : "summary_error",
                    summary.summary() != null ? summary.summary() : summary.error());
        }
        out.put(outputField, result);
        return out;
    }

    public Struct write(Struct value, TextAnalysis analysis) {
        return write(value, analysis, null);
    }

    @Override
    public Struct write(Struct value, TextAnalysis analysis, SummaryStep.Result summary) {
        Struct out = copier.copy(value);
        Struct result = new Struct(RESULT_SCHEMA)
                .put("status", status(analysis))
                .put("engine", analysis.engine())
                .put("error", analysis.error());
        if (summary != null) {
            result.put("summary", summary.summary()).put("summary_error", summary.error());
        }
        if (analysis.ok()) {
            result.put("sentiment", sentiment(analysis))
                    .put("sentiment_score", analysis.sentiment().score())
                    .put("language", analysis.language().code())
                    .put("language_confidence", analysis.language().confidence())
                    .put("entities", entityStructs(analysis))
                    .put("key_phrases", analysis.keyPhrases());
        }
        out.put(outputField, result);
        return out;
    }

    private Schema extend(Schema schema) {
        return copier.builderDroppingParameters(schema).field(outputField, RESULT_SCHEMA).build();
    }

    static String status(TextAnalysis analysis) {
        return analysis.status().name().toLowerCase(Locale.ROOT);
    }

    /** The sentiment label as written (positive, negative, neutral, mixed); only for analyses that are ok. */
    static String sentiment(TextAnalysis analysis) {
        return analysis.sentiment().label().name().toLowerCase(Locale.ROOT);
    }

    static List<Map<String, Object>> entityMaps(TextAnalysis analysis) {
        List<Map<String, Object>> entities = new ArrayList<>(analysis.entities().size());
        for (TextAnalysis.Entity e : analysis.entities()) {
            Map<String, Object> entity = new HashMap<>(4);
            entity.put("text", e.text());
            entity.put("category", e.category());
            entity.put("offset", e.offset());
            entities.add(entity);
        }
        return entities;
    }

    static List<Struct> entityStructs(TextAnalysis analysis) {
        List<Struct> entities = new ArrayList<>(analysis.entities().size());
        for (TextAnalysis.Entity e : analysis.entities()) {
            entities.add(new Struct(ENTITY_SCHEMA).put("text", e.text()).put("category", e.category())
                    .put("offset", e.offset()));
        }
        return entities;
    }
}

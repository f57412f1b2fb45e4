package dev.medallion.smt.enrich;

import dev.medallion.common.PluginVersion;
import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.enrichment.TextAnalyzer;
import dev.medallion.smt.dlq.DeadLetterRouter;
import dev.medallion.smt.field.FieldPath;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/**
 * Adds sentiment (label and score), language, entities and key phrases of a text field to each record value, under
 * one output field, and the outcome in header {@code enrichment.status} (ok, skipped, failed). The engine is
 * pluggable: offline by default (no network), or Azure AI Language with retries, a circuit breaker and a fallback to
 * the offline engine or to {@code enrichment.status=failed}. A record is never dropped for enrichment reasons.
 * Records routed to a dead-letter topic by an earlier stage pass untouched. Connect hands transforms one record at a
 * time, so with Azure each record is one request per feature; batching is available to library callers through
 * {@link TextAnalyzer#analyzeAll}. Optionally, texts above a length get a {@code summary} from Azure OpenAI.
 */
public class Enrich<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String STATUS_HEADER = "enrichment.status";

    private TextAnalyzer analyzer;
    private FieldPath textField;
    private EnrichmentWriter writer;
    private SummaryStep summaries;

    public Enrich() {
    }

    /** For tests and embedding: use this analyzer instead of the configured engine. */
    public Enrich(TextAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public void configure(Map<String, ?> props) {
        EnrichConfig config = new EnrichConfig(props);
        textField = FieldPath.of(config.textField());
        writer = new EnrichmentWriter(config.outputField());
        if (analyzer == null) {
            analyzer = config.analyzer();
        }
        if (config.summaryEnabled()) {
            summaries = new SummaryStep(config.summarizer(), config.summaryMinChars(),
                    config.breaker());
        }
    }

    @Override
    public R apply(R record) {
        if (record == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        Object value = record.value();
        Object text = textField.get(value);
        TextAnalysis analysis = text instanceof String s ? analyzer.analyze(s) : TextAnalysis.skipped(analyzer.engine());
        SummaryStep.Result summary = summaries != null && text instanceof String s ? summaries.apply(s) : null;
        Headers headers = record.headers().duplicate();
        headers.remove(STATUS_HEADER);
        headers.addString(STATUS_HEADER, EnrichmentWriter.status(analysis));
        if (value instanceof Struct struct) {
            Struct enriched = writer.write(struct, analysis, summary);
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    enriched.schema(), enriched, record.timestamp(), headers);
        }
        if (value instanceof Map<?, ?> map) {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    null, writer.write(map, analysis, summary), record.timestamp(), headers);
        }
        // Not a Struct or Map (e.g. a tombstone): nothing to add a field to; the header says it was skipped.
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), value, record.timestamp(), headers);
    }

    @Override
    public ConfigDef config() {
        return EnrichConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
        if (analyzer != null) {
            analyzer.close();
        }
        if (summaries != null) {
            summaries.close();
        }
    }
}

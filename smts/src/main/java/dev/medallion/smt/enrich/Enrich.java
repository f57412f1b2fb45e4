package dev.medallion.smt.enrich;

import dev.medallion.common.PluginVersion;
import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.enrichment.TextAnalyzer;
import dev.medallion.enrichment.TextPrefix;
import dev.medallion.smt.dlq.DeadLetterRouter;
import dev.medallion.smt.field.FieldPath;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Adds sentiment (label and score), language, entities and key phrases of a text field to each record value, under
 * one output field or as top-level fields ({@code output.layout=flat}), and the outcome in header {@code enrichment.status} (ok, skipped, failed). The engine is
 * pluggable: offline by default (no network), or Azure AI Language with retries, a circuit breaker and a fallback to
 * the offline engine or to {@code enrichment.status=failed}. A record is never dropped for enrichment reasons.
 * Records routed to a dead-letter topic by an earlier stage pass untouched. Connect hands transforms one record at a
 * time, so with Azure each record is one request per feature; batching is available to library callers through
 * {@link TextAnalyzer#analyzeAll}. Optionally, texts above a length get a {@code summary} from Azure OpenAI.
 *
 * <p>Bounded per record: only the first {@code text.max.chars} characters are analysed (header
 * {@code enrichment.truncated} says so), remote calls get {@code record.timeout.ms} in all, and nothing a record
 * carries makes {@code apply} throw: an engine or a value that fails marks the record {@code failed} (reason in
 * header {@code enrichment.error}) and passes it on, since an exception here would stop the task on every restart.
 */
public class Enrich<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String STATUS_HEADER = "enrichment.status";
    public static final String TRUNCATED_HEADER = "enrichment.truncated";
    public static final String ERROR_HEADER = "enrichment.error";
    private static final Logger LOG = LoggerFactory.getLogger(Enrich.class);

    private TextAnalyzer analyzer;
    private FieldPath textField;
    private ResultWriter writer;
    private SummaryStep summaries;
    private int maxChars;
    private Duration recordTimeout;

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
        writer = config.flatLayout() ? new FlatEnrichmentWriter(config.summaryEnabled())
                : new EnrichmentWriter(config.outputField());
        maxChars = config.textMaxChars();
        recordTimeout = config.recordTimeout();
        if (analyzer == null) {
            analyzer = config.analyzer();
        }
        if (config.summaryEnabled()) {
            summaries = new SummaryStep(config.summarizer(), config.summaryMinChars(), config.breaker(),
                    EnrichConfig.MAX_PENDING_REMOTE_CALLS);
        }
    }

    @Override
    public R apply(R record) {
        if (record == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        try {
            return enrich(record);
        } catch (RuntimeException | StackOverflowError e) {
            // The value itself cannot take the result (e.g. an invalid Struct): pass it as it is, marked.
            String reason = "enrichment failed: " + e.getClass().getSimpleName();
            LOG.warn("{} for a record of {} partition {}; passed without enrichment", reason, record.topic(),
                    record.kafkaPartition());
            Headers headers = cleanHeaders(record);
            headers.addString(STATUS_HEADER, "failed");
            headers.addString(ERROR_HEADER, reason);
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), record.value(), record.timestamp(), headers);
        }
    }

    private R enrich(R record) {
        long started = System.nanoTime();
        Object value = record.value();
        Object field = textField.get(value);
        String text = field instanceof String s ? TextPrefix.of(s, maxChars) : null;
        TextAnalysis analysis = text != null ? analyze(text) : TextAnalysis.skipped(analyzer.engine());
        SummaryStep.Result summary = summaries != null && text != null
                ? summaries.apply(text, recordTimeout.minusNanos(System.nanoTime() - started)) : null;
        Headers headers = cleanHeaders(record);
        headers.addString(STATUS_HEADER, EnrichmentWriter.status(analysis));
        if (text != null && text.length() < ((String) field).length()) {
            headers.addString(TRUNCATED_HEADER, text.length() + " of " + ((String) field).length()
                    + " characters analysed");
        }
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

    /** An engine that throws (a defect, or an input it cannot handle) marks the record instead of stopping the task. */
    private TextAnalysis analyze(String text) {
        try {
            return analyzer.analyze(text);
        } catch (RuntimeException | StackOverflowError e) {
            // The class only: a message may quote the text.
            return TextAnalysis.failed(analyzer.engine(), analyzer.engine() + " engine failed: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The record's headers without ours: a value an event brought along must not pass for our outcome. */
    private static Headers cleanHeaders(ConnectRecord<?> record) {
        Headers headers = record.headers().duplicate();
        headers.remove(STATUS_HEADER);
        headers.remove(TRUNCATED_HEADER);
        headers.remove(ERROR_HEADER);
        return headers;
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

package dev.medallion.smt.validate;

import dev.medallion.common.DeadLetterHeaders;
import dev.medallion.common.PluginVersion;
import dev.medallion.smt.dlq.DeadLetterConfig;
import dev.medallion.smt.dlq.DeadLetterRouter;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/**
 * Enforces a schema on record values ({@code Struct} or schemaless {@code Map}): required fields, types, timestamp
 * formats, enums, ranges and regexes from a JSON or properties rule set. A record that fails goes to the dead-letter
 * topic unchanged, with {@code error.reason}, {@code error.field}, {@code error.rule}, {@code error.stage=validate}
 * and its origin in headers; this works for source connectors, which have no Connect DLQ. Tombstones pass untouched;
 * records an earlier stage already routed to the DLQ are left alone. Counts per rule are published as Connect plugin
 * metrics (JMX), including the data-quality score valid / total.
 */
public class Validate<R extends ConnectRecord<R>> implements Transformation<R>, Versioned, Monitorable {
    public static final String STAGE = "validate";
    public static final String VIOLATIONS_HEADER = DeadLetterHeaders.VIOLATIONS;

    private RecordValidator validator;
    private DeadLetterRouter router;

    @Override
    public void configure(Map<String, ?> props) {
        ValidateConfig config = new ValidateConfig(props);
        validator = new RecordValidator(config.rules(), config.fieldsMax());
        router = DeadLetterConfig.router(config, STAGE);
    }

    @Override
    public R apply(R record) {
        if (record == null || record.value() == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        RecordValidator.Violation violation = validator.validate(record.value());
        if (violation == null) {
            return record;
        }
        R routed = router.route(record, violation.field(), violation.rule(), violation.reason());
        Headers headers = routed.headers();
        headers.remove(VIOLATIONS_HEADER); // an event's own copy would contradict the count
        headers.addInt(VIOLATIONS_HEADER, violation.violations());
        return routed;
    }

    @Override
    public void withPluginMetrics(PluginMetrics metrics) {
        QualityMetrics.register(metrics, validator.counters());
    }

    /** The counters behind the metrics, for tests and embedding. */
    public QualityCounters counters() {
        return validator.counters();
    }

    @Override
    public ConfigDef config() {
        return ValidateConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}

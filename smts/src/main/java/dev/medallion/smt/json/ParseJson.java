package dev.medallion.smt.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.common.PluginVersion;
import dev.medallion.smt.dlq.DeadLetterConfig;
import dev.medallion.smt.dlq.DeadLetterRouter;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parses a value that is JSON text (a {@code String} or {@code byte[]}, as line- or blob-oriented source connectors
 * emit) into a schemaless {@code Map}, so Validate and Enrich can read its fields. Text that is not a JSON object goes
 * to the dead-letter topic with the parser's message ({@code error.stage=parse}) instead of failing the task.
 */
public class ParseJson<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String STAGE = "parse";
    // Integers become Integer/Long/BigInteger and decimals Double, which is what schemaless Connect values hold.
    // Trailing tokens fail: '{"a":1} garbage' is not a JSON object, and whatever follows the object would be lost.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DeadLetterRouter router;

    @Override
    public void configure(Map<String, ?> props) {
        router = DeadLetterConfig.router(new ParseJsonConfig(props), STAGE);
    }

    @Override
    public R apply(R record) {
        if (record == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        Object value = record.value();
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else {
            return record;
        }
        Map<?, ?> parsed;
        try {
            Object tree = JSON.readValue(text, Object.class);
            if (!(tree instanceof Map<?, ?> map)) {
                return router.route(record, null, "json.object", "value is JSON but not an object: "
                        + (tree == null ? "null" : tree.getClass().getSimpleName()));
            }
            parsed = map;
        } catch (JsonProcessingException e) {
            return router.route(record, null, "json.syntax", "value is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return router.route(record, null, "json.syntax", "value cannot be read as JSON: " + e.getMessage());
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), null,
                parsed, record.timestamp(), record.headers().duplicate());
    }

    @Override
    public ConfigDef config() {
        return ParseJsonConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}

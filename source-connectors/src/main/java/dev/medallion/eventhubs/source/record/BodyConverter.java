package dev.medallion.eventhubs.source.record;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.config.JsonSchemaParser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns an event body into a record value with its schema, as configured by {@code value.format}: bytes, UTF-8 string,
 * schemaless JSON map, or JSON checked against and converted to a configured Connect schema.
 */
interface BodyConverter {
    /** Converts {@code body}; throws InvalidBodyException with the reason when the body does not fit the format. */
    SchemaAndValue convert(byte[] body);

    static BodyConverter from(EventHubsSourceConfig config) {
        return switch (config.valueFormat()) {
            case EventHubsSourceConfig.VALUE_STRING -> body ->
                    new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, body == null ? null : utf8(body));
            case EventHubsSourceConfig.VALUE_JSON -> config.jsonSchemaText().isEmpty()
                    ? new SchemalessJson()
                    : new SchemaJson(JsonSchemaParser.parse(config.jsonSchemaText()));
            default -> body -> new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, body);
        };
    }

    /**
     * Strict JSON: one value and nothing after it (a second value or garbage would be dropped silently otherwise), no
     * key twice in an object (readers would disagree on which one counts). Jackson's default stream limits bound the
     * rest: nesting depth 1000, numbers of 1000 digits, strings of 20 MB.
     */
    ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** JSON objects become maps, arrays lists, numbers Long/Double: what JsonConverter with schemas off produces. */
    final class SchemalessJson implements BodyConverter {
        @Override
        public SchemaAndValue convert(byte[] body) {
            if (body == null || body.length == 0) {
                return SchemaAndValue.NULL;
            }
            try {
                return new SchemaAndValue(null, JsonValues.toPlain(JSON.readTree(body)));
            } catch (IOException e) {
                throw new InvalidBodyException(null, "body is not valid JSON: " + firstLine(e));
            }
        }
    }

    /** JSON converted to the configured schema (Struct for an object schema). */
    final class SchemaJson implements BodyConverter {
        private final Schema schema;

        SchemaJson(Schema schema) {
            this.schema = schema;
        }

        @Override
        public SchemaAndValue convert(byte[] body) {
            JsonNode tree;
            try {
                tree = body == null || body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException e) {
                throw new InvalidBodyException(null, "body is not valid JSON: " + firstLine(e));
            }
            return new SchemaAndValue(schema, JsonValues.toConnect(schema, tree, "value"));
        }
    }

    /** The body as text; bytes that are not UTF-8 make it a dead letter rather than turning into U+FFFD unseen. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidBodyException(null, "body is not valid UTF-8");
        }
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

}

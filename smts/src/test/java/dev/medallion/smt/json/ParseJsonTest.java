package dev.medallion.smt.json;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParseJsonTest {
    private final ParseJson<SourceRecord> parse = new ParseJson<>();

    private SourceRecord apply(Object value) {
        parse.configure(Map.of("dlq.topic.name", "bad"));
        return parse.apply(new SourceRecord(Map.of("f", "x"), Map.of("line", 3L), "events.raw", null, null, value));
    }

    @Test
    void parsesJsonObjectsFromStringsAndBytes() {
        assertThat(apply("{\"id\": 7, \"amount\": 1.5, \"tags\": [\"a\"], \"user\": {\"id\": \"u\"}}").value())
                .isEqualTo(Map.of("id", 7, "amount", 1.5, "tags", List.of("a"), "user", Map.of("id", "u")));
        assertThat(apply("{\"id\": 7}".getBytes(StandardCharsets.UTF_8)).value()).isEqualTo(Map.of("id", 7));
    }

    @Test
    void brokenOrNonObjectJsonGoesToTheDlqWithTheParserMessage() {
        SourceRecord broken = apply("{\"id\": 7");
        assertThat(broken.topic()).isEqualTo("bad");
        assertThat(broken.value()).isEqualTo("{\"id\": 7");
        assertThat(broken.headers().lastWithName("error.stage").value()).isEqualTo("parse");
        assertThat(broken.headers().lastWithName("error.reason").value().toString()).startsWith("value is not valid JSON");
        assertThat(broken.headers().lastWithName("error.source.offset").value()).isEqualTo("{line=3}");
        assertThat(apply("[1, 2]").headers().lastWithName("error.rule").value()).isEqualTo("json.object");
    }

    @Test
    void trailingGarbageAfterTheObjectIsNotJson() {
        SourceRecord garbage = apply("{\"id\": 7} rm -rf");
        assertThat(garbage.topic()).isEqualTo("bad");
        assertThat(garbage.headers().lastWithName("error.rule").value()).isEqualTo("json.syntax");
        assertThat(apply("{\"id\": 7}{\"id\": 8}").topic()).isEqualTo("bad");
        assertThat(apply("{\"id\": 7}\n").value()).as("whitespace is fine").isEqualTo(Map.of("id", 7));
    }
}

package dev.medallion.smt.field;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {
    @Test
    void resolvesNestedMapsAndStructsAndFollowsSchemaChanges() {
        FieldPath path = FieldPath.of("user.id");
        Schema userV1 = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema v1 = SchemaBuilder.struct().field("user", userV1).build();
        Schema userV2 = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).field("id", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().field("user", userV2).build();

        assertThat(path.get(Map.of("user", Map.of("id", 7L)))).isEqualTo(7L);
        assertThat(path.get(new Struct(v1).put("user", new Struct(userV1).put("id", 1L)))).isEqualTo(1L);
        assertThat(path.get(new Struct(v2).put("user", new Struct(userV2).put("name", "a").put("id", 2L))))
                .as("a new schema with the field at another index").isEqualTo(2L);
        assertThat(path.get(new Struct(v1).put("user", new Struct(userV1).put("id", 3L)))).isEqualTo(3L);
        assertThat(path.get(Map.of("user", "not a map"))).isNull();
        assertThat(path.get(Map.of())).isNull();
        assertThat(FieldPath.of("name").get(new Struct(v1).put("user", new Struct(userV1).put("id", 1L)))).isNull();
    }

    @Test
    void rejectsMalformedPaths() {
        for (String bad : new String[]{"", " ", ".a", "a.", "a..b"}) {
            assertThatThrownBy(() -> FieldPath.of(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

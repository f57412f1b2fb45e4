package dev.medallion.delta.sink.schema;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlSchemaParserTest {

    private static DataType typeOf(String ddlType) {
        return DdlSchemaParser.parse("c " + ddlType).at(0).getDataType();
    }

    @Test
    void everyPrimitiveTypeAndItsSynonymsCaseInsensitively() {
        assertThat(typeOf("STRING")).isEqualTo(StringType.STRING);
        assertThat(typeOf("varchar(10)")).isEqualTo(StringType.STRING);
        assertThat(typeOf("Char(3)")).isEqualTo(StringType.STRING);
        assertThat(typeOf("boolean")).isEqualTo(BooleanType.BOOLEAN);
        assertThat(typeOf("TINYINT")).isEqualTo(ByteType.BYTE);
        assertThat(typeOf("byte")).isEqualTo(ByteType.BYTE);
        assertThat(typeOf("SMALLINT")).isEqualTo(ShortType.SHORT);
        assertThat(typeOf("short")).isEqualTo(ShortType.SHORT);
        assertThat(typeOf("INT")).isEqualTo(IntegerType.INTEGER);
        assertThat(typeOf("integer")).isEqualTo(IntegerType.INTEGER);
        assertThat(typeOf("BIGINT")).isEqualTo(LongType.LONG);
        assertThat(typeOf("long")).isEqualTo(LongType.LONG);
        assertThat(typeOf("FLOAT")).isEqualTo(FloatType.FLOAT);
        assertThat(typeOf("real")).isEqualTo(FloatType.FLOAT);
        assertThat(typeOf("DOUBLE")).isEqualTo(DoubleType.DOUBLE);
        assertThat(typeOf("DECIMAL(12, 2)")).isEqualTo(new DecimalType(12, 2));
        assertThat(typeOf("dec(5)")).isEqualTo(new DecimalType(5, 0));
        assertThat(typeOf("NUMERIC")).isEqualTo(new DecimalType(10, 0));
        assertThat(typeOf("DATE")).isEqualTo(DateType.DATE);
        assertThat(typeOf("TIMESTAMP")).isEqualTo(TimestampType.TIMESTAMP);
        assertThat(typeOf("timestamp_ltz")).isEqualTo(TimestampType.TIMESTAMP);
        assertThat(typeOf("TIMESTAMP_NTZ")).isEqualTo(TimestampNTZType.TIMESTAMP_NTZ);
        assertThat(typeOf("BINARY")).isEqualTo(BinaryType.BINARY);
    }

    @Test
    void nestedTypesWithOptionalColonsNotNullAndComments() {
        StructType schema = DdlSchemaParser.parse("""
                -- silver/events, version 1
                event_id STRING NOT NULL COMMENT 'id the producer gave the event',

                entities ARRAY<STRUCT<text: STRING, category STRING COMMENT 'PERSON, ORG, ...', `offset`: BIGINT NOT NULL>>,
                attrs    map<string, array<int>>,   -- free-form attributes
                empty    STRUCT<>,
                """);
        assertThat(schema.fieldNames()).containsExactly("event_id", "entities", "attrs", "empty");
        StructField id = schema.get("event_id");
        assertThat(id.isNullable()).isFalse();
        assertThat(id.getMetadata().getString("comment")).isEqualTo("id the producer gave the event");
        StructType entity = new StructType()
                .add("text", StringType.STRING, true)
                .add(new StructField("category", StringType.STRING, true,
                        io.delta.kernel.types.FieldMetadata.builder().putString("comment", "PERSON, ORG, ...").build()))
                .add("offset", LongType.LONG, false);
        assertThat(schema.get("entities").getDataType()).isEqualTo(new ArrayType(entity, true));
        assertThat(schema.get("attrs").getDataType())
                .isEqualTo(new MapType(StringType.STRING, new ArrayType(IntegerType.INTEGER, true), true));
        assertThat(schema.get("empty").getDataType()).isEqualTo(new StructType());
        assertThat(schema.get("attrs").getMetadata().contains("comment")).isFalse();
    }

    @Test
    void quotedNamesAndCommentsKeepTheirText() {
        StructType schema = DdlSchemaParser.parse("`event time` TIMESTAMP COMMENT 'it\\'s UTC, \\\\z', `a``b` INT"
                + " COMMENT \"double \\\"quoted\\\"\" NOT NULL");
        assertThat(schema.fieldNames()).containsExactly("event time", "a`b");
        assertThat(schema.get("event time").getMetadata().getString("comment")).isEqualTo("it's UTC, \\z");
        assertThat(schema.get("a`b").getMetadata().getString("comment")).isEqualTo("double \"quoted\"");
        assertThat(schema.get("a`b").isNullable()).isFalse();
    }

    @Test
    void errorsSayWhereAndWhatWasExpected() {
        assertError("id STRING,\n  amount DECIMAL(40, 2)", "line 2", "precision");
        assertError("id STRING,\n  ts INTERVAL", "line 2, column 6", "unknown type INTERVAL");
        assertError("id ARRAY<STRING", "expected '>'", "end of input");
        assertError("id STRUCT<a INT>>", "expected ',' or end of input", "'>'");
        assertError("id MAP<STRING>", "expected ','");
        assertError("id STRING, ID INT", "duplicate column", "ID");
        assertError("s STRUCT<a INT, A STRING>", "duplicate field", "A");
        assertError("", "no columns");
        assertError("-- only a comment\n", "no columns");
        assertError("id STRING COMMENT 'open", "unterminated string");
        assertError("`id STRING", "unterminated back-quoted name");
        assertError("id", "expected a type", "end of input");
        assertError("id STRING NOT", "expected NULL");
        assertError("id STRING COMMENT 'a' COMMENT 'b'", "COMMENT given twice");
        assertError("id VARCHAR", "expected '('");
        assertError("id STRING,,", "expected a column name");
        assertError("1 2", "expected a type");
    }

    @Test
    void nestingBeyondThirtyTwoLevelsIsRefusedWithoutOverflowingTheStack() {
        String ok = "a " + "ARRAY<".repeat(32) + "INT" + ">".repeat(32);
        assertThat(DdlSchemaParser.parse(ok).length()).isEqualTo(1);
        assertError("a " + "ARRAY<".repeat(33) + "INT" + ">".repeat(33), "nested deeper than 32 levels");
        // A hostile value: a million open brackets must fail fast with the depth error, not a StackOverflowError.
        assertError("a " + "STRUCT<b ".repeat(100_000), "nested deeper than 32 levels");
    }

    @Test
    void hugeInputIsRefusedBeforeParsing() {
        String huge = "c".repeat(DdlSchemaParser.MAX_LENGTH + 1) + " INT";
        assertError(huge, "longer than", String.valueOf(DdlSchemaParser.MAX_LENGTH));
    }

    @Test
    void aTrailingCommaAndWindowsLineEndingsAreFine() {
        StructType schema = DdlSchemaParser.parse("a INT,\r\n b STRING , \r\n");
        assertThat(schema.fieldNames()).containsExactly("a", "b");
        assertThat(List.of(schema.at(0).isNullable(), schema.at(1).isNullable())).containsOnly(true);
    }

    private static void assertError(String ddl, String... fragments) {
        assertThatThrownBy(() -> DdlSchemaParser.parse(ddl))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }
}

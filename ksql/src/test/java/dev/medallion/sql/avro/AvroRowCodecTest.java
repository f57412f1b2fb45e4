package dev.medallion.sql.avro;

import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Avro bodies to rows and back, without a registry: field matching by name, logical types, nesting. */
class AvroRowCodecTest {
    private static final RowType TABLE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("event_id", DataTypes.STRING()),
            DataTypes.FIELD("event_time", DataTypes.BIGINT()),
            DataTypes.FIELD("placed_at", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("ship_date", DataTypes.DATE()),
            DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("customer", DataTypes.ROW(DataTypes.FIELD("name", DataTypes.STRING()),
                    DataTypes.FIELD("vip", DataTypes.BOOLEAN()))),
            DataTypes.FIELD("items", DataTypes.ARRAY(DataTypes.ROW(DataTypes.FIELD("sku", DataTypes.STRING()),
                    DataTypes.FIELD("qty", DataTypes.INT())))),
            DataTypes.FIELD("region", DataTypes.STRING())).getLogicalType();

    /** A producer's schema: other order, other record names, an extra field, no region, no customer.vip. */
    private static final Schema WRITER = new Schema.Parser().parse("""
            {"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[
              {"name":"amount","type":["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}],"default":null},
              {"name":"source","type":"string"},
              {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
                {"name":"qty","type":"int"},{"name":"sku","type":"string"},{"name":"note","type":"string"}]}}},
              {"name":"event_time","type":"long"},
              {"name":"customer","type":["null",{"type":"record","name":"Customer","fields":[
                {"name":"name","type":"string"}]}],"default":null},
              {"name":"ship_date","type":{"type":"int","logicalType":"date"}},
              {"name":"placed_at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"event_id","type":"string"}]}""");

    private static byte[] write(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord writerRecord() {
        Schema amount = WRITER.getField("amount").schema().getTypes().get(1);
        Schema itemSchema = WRITER.getField("items").schema().getElementType();
        Schema customerSchema = WRITER.getField("customer").schema().getTypes().get(1);
        GenericRecord item = new GenericData.Record(itemSchema);
        item.put("qty", 3);
        item.put("sku", "sku-1");
        item.put("note", "ignored");
        GenericRecord customer = new GenericData.Record(customerSchema);
        customer.put("name", "Ada");
        GenericRecord record = new GenericData.Record(WRITER);
        record.put("amount", new Conversions.DecimalConversion().toBytes(new BigDecimal("1234.56"), amount,
                amount.getLogicalType()));
        record.put("source", "connect");
        record.put("items", List.of(item));
        record.put("event_time", 1764043200123L);
        record.put("customer", customer);
        record.put("ship_date", (int) LocalDate.parse("2026-11-27").toEpochDay());
        record.put("placed_at", Instant.parse("2026-11-25T10:15:30.250Z").toEpochMilli());
        record.put("event_id", "ev-1");
        return record;
    }

    @Test
    void fieldsAreMatchedByNameWithLogicalTypesNestingAndMissingFieldsAsNull() throws IOException {
        byte[] body = write(WRITER, writerRecord());
        byte[] framed = new byte[body.length + 3];
        System.arraycopy(body, 0, framed, 3, body.length);

        RowData row = new AvroRowDecoder(TABLE).decode(WRITER, framed, 3, body.length);

        assertThat(row.getString(0).toString()).isEqualTo("ev-1");
        assertThat(row.getLong(1)).isEqualTo(1764043200123L);
        assertThat(row.getTimestamp(2, 3).toInstant()).isEqualTo(Instant.parse("2026-11-25T10:15:30.250Z"));
        assertThat(LocalDate.ofEpochDay(row.getInt(3))).isEqualTo(LocalDate.parse("2026-11-27"));
        assertThat(row.getDecimal(4, 10, 2).toBigDecimal()).isEqualByComparingTo("1234.56");
        RowData customer = row.getRow(5, 2);
        assertThat(customer.getString(0).toString()).isEqualTo("Ada");
        assertThat(customer.isNullAt(1)).as("customer.vip not written").isTrue();
        ArrayData items = row.getArray(6);
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.getRow(0, 2).getString(0).toString()).isEqualTo("sku-1");
        assertThat(items.getRow(0, 2).getInt(1)).isEqualTo(3);
        assertThat(row.isNullAt(7)).as("region not written").isTrue();
    }

    @Test
    void rowsWrittenByTheEncoderReadBackUnchanged() throws IOException {
        Schema schema = AvroSchemaConverter.convertToSchema(TABLE.copy(false), "dev.medallion.Event", false);
        GenericRowData customer = GenericRowData.of(StringData.fromString("Bob"), true);
        GenericRowData row = GenericRowData.of(StringData.fromString("ev-2"), 42L,
                TimestampData.fromInstant(Instant.parse("2026-01-02T03:04:05.678Z")),
                (int) LocalDate.parse("2026-01-02").toEpochDay(),
                DecimalData.fromBigDecimal(new BigDecimal("-0.05"), 10, 2), customer,
                new GenericArrayData(new Object[]{GenericRowData.of(StringData.fromString("a"), 1),
                        GenericRowData.of(StringData.fromString("b"), 2)}),
                null);

        byte[] value = new AvroRowEncoder((RowType) TABLE.copy(false), schema).encode(row, 9);
        RowData back = new AvroRowDecoder(TABLE).decode(schema, value, 9, value.length - 9);

        assertThat(value).startsWith(new byte[9]);
        assertThat(back.getString(0).toString()).isEqualTo("ev-2");
        assertThat(back.getTimestamp(2, 3)).isEqualTo(row.getTimestamp(2, 3));
        assertThat(back.getDecimal(4, 10, 2).toBigDecimal()).isEqualByComparingTo("-0.05");
        assertThat(back.getRow(5, 2).getBoolean(1)).isTrue();
        assertThat(back.getArray(6).getRow(1, 2).getString(0).toString()).isEqualTo("b");
        assertThat(back.isNullAt(7)).isTrue();
    }

    @Test
    void aWriterSchemaThatIsNoRecordIsRefused() {
        Schema string = Schema.create(Schema.Type.STRING);
        assertThatThrownBy(() -> new AvroRowDecoder(TABLE).decode(string, new byte[]{2, 'a'}, 0, 2))
                .isInstanceOf(IOException.class).hasMessageContaining("not a record");
    }

    @Test
    void theProjectionKeepsWriterNamesAndTableOrder() {
        Schema projected = ReaderSchemas.project(WRITER, TABLE);
        assertThat(projected.getFullName()).isEqualTo("io.confluent.connect.avro.ConnectDefault");
        assertThat(projected.getFields()).extracting(Schema.Field::name).containsExactly("event_id", "event_time",
                "placed_at", "ship_date", "amount", "customer", "items", "region");
        assertThat(projected.getField("items").schema().getElementType().getFields()).extracting(Schema.Field::name)
                .containsExactly("sku", "qty");
    }
}

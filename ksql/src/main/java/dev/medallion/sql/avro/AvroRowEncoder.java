package dev.medallion.sql.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.RowDataToAvroConverters;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Writes Flink rows as Avro binary with flink-avro's converter, behind a reserved header of {@code headerLength}. */
final class AvroRowEncoder {
    private final Schema schema;
    private final RowDataToAvroConverters.RowDataToAvroConverter converter;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;

    AvroRowEncoder(RowType rowType, Schema schema) {
        this.schema = schema;
        this.converter = RowDataToAvroConverters.createConverter(rowType, false);
        this.writer = new GenericDatumWriter<>(schema);
    }

    Schema schema() {
        return schema;
    }

    /** The Avro body of {@code row}, preceded by {@code headerLength} zero bytes for the caller's framing. */
    byte[] encode(RowData row, int headerLength) throws IOException {
        out.reset();
        out.write(new byte[headerLength]);
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        writer.write((GenericRecord) converter.convert(schema, row), encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

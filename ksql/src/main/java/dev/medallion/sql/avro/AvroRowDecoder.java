package dev.medallion.sql.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns Avro binary bodies written with any writer schema into Flink rows of one table type: Avro resolves the writer
 * schema to {@link ReaderSchemas#project the table's projection}, flink-avro converts the record. One resolving reader
 * is kept per writer schema (a topic sees few schema versions). Timestamps use flink-avro's non-legacy mapping:
 * {@code timestamp-millis} is an instant ({@code TIMESTAMP_LTZ}), as Connect's {@code Timestamp} is; Avro's
 * {@code local-timestamp-millis} is {@code TIMESTAMP}. Not thread-safe, like a Flink deserializer.
 */
final class AvroRowDecoder {
    private final RowType rowType;
    private final AvroToRowDataConverters.AvroToRowDataConverter converter;
    private final Map<Schema, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
    private BinaryDecoder decoder;

    AvroRowDecoder(RowType rowType) {
        this.rowType = rowType;
        this.converter = AvroToRowDataConverters.createRowConverter(rowType, false);
    }

    RowData decode(Schema writer, byte[] data, int offset, int length) throws IOException {
        if (writer.getType() != Schema.Type.RECORD) {
            throw new IOException("The writer schema is a " + writer.getType() + ", not a record; a table row needs"
                    + " an Avro record: " + writer);
        }
        GenericDatumReader<GenericRecord> reader = readers.computeIfAbsent(writer,
                w -> new GenericDatumReader<>(w, ReaderSchemas.project(w, rowType)));
        decoder = DecoderFactory.get().binaryDecoder(data, offset, length, decoder);
        GenericRecord record = reader.read(null, decoder);
        return (RowData) converter.convert(record);
    }
}

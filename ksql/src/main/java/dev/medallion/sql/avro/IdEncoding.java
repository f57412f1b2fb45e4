package dev.medallion.sql.avro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the registry id of the writer's schema precedes the Avro body in a Kafka record value. Both start with the magic
 * byte 0: {@link #EIGHT_BYTE} is Apicurio 2.x's default payload encoding (its serdes and converter with
 * {@code apicurio.registry.headers.enabled=false}); {@link #FOUR_BYTE} is the Confluent framing (Apicurio with
 * {@code apicurio.registry.as-confluent=true}). The id is big-endian in both.
 */
public enum IdEncoding {
    EIGHT_BYTE("8-byte", Long.BYTES),
    FOUR_BYTE("4-byte", Integer.BYTES);

    static final byte MAGIC_BYTE = 0;

    private final String option;
    private final int idLength;

    IdEncoding(String option, int idLength) {
        this.option = option;
        this.idLength = idLength;
    }

    /** The value of the {@code avro-apicurio.id-encoding} option. */
    public String option() {
        return option;
    }

    /** Bytes before the Avro body. */
    public int headerLength() {
        return 1 + idLength;
    }

    public static IdEncoding fromOption(String value) {
        for (IdEncoding encoding : values()) {
            if (encoding.option.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("Unknown id encoding '" + value + "'; use one of "
                + Arrays.stream(values()).map(IdEncoding::option).toList());
    }

    /** The schema id of a framed message; fails with what was found when the message is not framed this way. */
    public long readId(byte[] message) throws IOException {
        if (message.length > 0 && message[0] != MAGIC_BYTE) {
            throw new IOException("Record value does not start with the magic byte 0 (found " + message[0] + "): not"
                    + " registry-framed Avro. If the producer keeps the schema id in record headers (Apicurio's"
                    + " default), set apicurio.registry.headers.enabled=false there");
        }
        if (message.length < headerLength()) {
            throw new IOException("Record value of " + message.length + " bytes is too short for an Avro record with a "
                    + option + " schema id (" + headerLength() + " header bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(message, 1, idLength);
        return idLength == Long.BYTES ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
    }

    /** Writes the magic byte and {@code id} into the first {@link #headerLength()} bytes of {@code target}. */
    public void writeHeader(byte[] target, long id) {
        ByteBuffer buffer = ByteBuffer.wrap(target, 0, headerLength()).put(MAGIC_BYTE);
        if (idLength == Long.BYTES) {
            buffer.putLong(id);
        } else {
            if (id < 0 || id > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("Schema id " + id + " does not fit the 4-byte id encoding");
            }
            buffer.putInt((int) id);
        }
    }
}

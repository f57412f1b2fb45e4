package dev.medallion.eventhubs.emulator.amqp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.message.Message;

/**
 * Splits a batched transfer (message format {@code 0x80013700}) into its events. The SDK sends an envelope whose
 * sections are the batch's message annotations followed by one {@code data} section per event, each holding that
 * event's complete encoded AMQP message. Not thread-safe (one per I/O thread).
 */
final class BatchDecoder {
    static final int BATCH_MESSAGE_FORMAT = 0x80013700;

    private final DecoderImpl decoder = new DecoderImpl();

    BatchDecoder() {
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
    }

    /** A decoded batch: its envelope annotations (may be null) and its events. */
    record Batch(MessageAnnotations envelopeAnnotations, List<Message> events) {
    }

    Batch decode(byte[] bytes, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        decoder.setByteBuffer(buffer);
        MessageAnnotations envelope = null;
        List<Message> events = new ArrayList<>();
        try {
            while (buffer.hasRemaining()) {
                Object section = decoder.readObject();
                if (section instanceof MessageAnnotations annotations) {
                    envelope = annotations;
                } else if (section instanceof Data data) {
                    Binary binary = data.getValue();
                    Message event = Proton.message();
                    event.decode(binary.getArray(), binary.getArrayOffset(), binary.getLength());
                    events.add(event);
                }
            }
        } finally {
            decoder.setByteBuffer(null);
        }
        return new Batch(envelope, events);
    }
}

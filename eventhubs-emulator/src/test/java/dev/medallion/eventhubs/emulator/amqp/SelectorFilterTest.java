package dev.medallion.eventhubs.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.Test;

import dev.medallion.eventhubs.emulator.store.StartPosition;
import dev.medallion.eventhubs.emulator.store.StartPosition.Kind;

class SelectorFilterTest {

    @Test
    void parsesTheExpressionsTheSdkSends() {
        assertThat(SelectorFilter.parse("amqp.annotation.x-opt-offset > '-1'"))
                .isEqualTo(new StartPosition(Kind.OFFSET, -1, false));
        assertThat(SelectorFilter.parse("amqp.annotation.x-opt-offset > '@latest'")).isEqualTo(StartPosition.latest());
        assertThat(SelectorFilter.parse("amqp.annotation.x-opt-offset >= '1024'"))
                .isEqualTo(new StartPosition(Kind.OFFSET, 1024, true));
        assertThat(SelectorFilter.parse("amqp.annotation.x-opt-sequence-number > '7'"))
                .isEqualTo(new StartPosition(Kind.SEQUENCE_NUMBER, 7, false));
        assertThat(SelectorFilter.parse("amqp.annotation.x-opt-sequence-number >= '7'"))
                .isEqualTo(new StartPosition(Kind.SEQUENCE_NUMBER, 7, true));
        assertThat(SelectorFilter.parse("amqp.annotation.x-opt-enqueued-time > '1700000000000'"))
                .isEqualTo(new StartPosition(Kind.ENQUEUED_TIME, 1_700_000_000_000L, false));
    }

    @Test
    void rejectsWhatTheServiceWouldNotUnderstand() {
        assertThatThrownBy(() -> SelectorFilter.parse("amqp.annotation.x-opt-offset < '5'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-opt-offset < '5'");
        assertThatThrownBy(() -> SelectorFilter.parse("amqp.annotation.x-opt-sequence-number > 'abc'"))
                .hasMessageContaining("not a number");
    }

    @Test
    void readsTheFilterOutOfADecodedLinkSource() {
        // The SDK encodes the filter as a described type Proton-J does not know: round-trip a source through the codec.
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        Source sent = new Source();
        sent.setAddress("hub/ConsumerGroups/$Default/Partitions/0");
        sent.setFilter(Map.of(SelectorFilter.SELECTOR_FILTER, new UnknownDescribedType(
                SelectorFilter.SELECTOR_FILTER, "amqp.annotation.x-opt-sequence-number >= '3'")));
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        encoder.setByteBuffer(buffer);
        encoder.writeObject(sent);
        buffer.flip();
        decoder.setByteBuffer(buffer);
        Source received = (Source) decoder.readObject();
        assertThat(SelectorFilter.fromFilter(received.getFilter()))
                .isEqualTo(new StartPosition(Kind.SEQUENCE_NUMBER, 3, true));
        assertThat(SelectorFilter.fromFilter(null)).isEqualTo(StartPosition.earliest());
        assertThat(SelectorFilter.fromFilter(Map.of(Symbol.valueOf("other"), "x"))).isEqualTo(StartPosition.earliest());
    }
}

package dev.medallion.sql.avro;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdEncodingTest {
    @Test
    void eightByteIdsAreMagicByteThenBigEndianLong() throws IOException {
        byte[] value = new byte[IdEncoding.EIGHT_BYTE.headerLength() + 2];
        IdEncoding.EIGHT_BYTE.writeHeader(value, 0x0102030405060708L);
        assertThat(value).startsWith(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(IdEncoding.EIGHT_BYTE.readId(value)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void fourByteIdsAreTheConfluentFraming() throws IOException {
        byte[] value = new byte[5];
        IdEncoding.FOUR_BYTE.writeHeader(value, 0xFFFF_FFFEL);
        assertThat(value).containsExactly(0, -1, -1, -1, -2);
        assertThat(IdEncoding.FOUR_BYTE.readId(value)).isEqualTo(0xFFFF_FFFEL);
        assertThatThrownBy(() -> IdEncoding.FOUR_BYTE.writeHeader(new byte[5], 1L << 32))
                .hasMessageContaining("does not fit");
    }

    @Test
    void unframedOrShortValuesAreClearErrors() {
        assertThatThrownBy(() -> IdEncoding.EIGHT_BYTE.readId("{\"a\":1}".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("magic byte").hasMessageContaining("headers.enabled");
        assertThatThrownBy(() -> IdEncoding.EIGHT_BYTE.readId(new byte[]{0, 0, 1}))
                .isInstanceOf(IOException.class).hasMessageContaining("too short");
    }

    @Test
    void optionsParse() {
        assertThat(IdEncoding.fromOption("4-BYTE")).isEqualTo(IdEncoding.FOUR_BYTE);
        assertThat(IdKind.fromOption("contentid")).isEqualTo(IdKind.CONTENT_ID);
        assertThatThrownBy(() -> IdEncoding.fromOption("2-byte")).hasMessageContaining("8-byte");
        assertThatThrownBy(() -> IdKind.fromOption("schemaId")).hasMessageContaining("globalId");
    }
}

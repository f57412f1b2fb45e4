package dev.medallion.smt.pii;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MaskPiiTest {
    private final PiiMasker masker = new PiiMasker(true, true, true, '*');

    @Test
    void masksEmailsPhonesAndLuhnValidCardsButNotOtherNumbers() {
        assertThat(masker.mask("mail jane.doe@example.com now")).isEqualTo("mail j***@example.com now");
        assertThat(masker.mask("card 4111 1111 1111 1111 ok")).isEqualTo("card **** **** **** 1111 ok");
        assertThat(masker.mask("card 4111-1111-1111-1112 is not Luhn-valid"))
                .as("not a card, but still a long digit run: masked as a phone-like number")
                .doesNotContain("4111-1111-1111-1112");
        assertThat(masker.mask("call +49 30 1234 5678 today")).isEqualTo("call +** ** **** **78 today");
        assertThat(masker.mask("call (206) 555-0142")).isEqualTo("call (***) ***-**42");
        assertThat(masker.mask("order 12345 shipped 2026-11-25, total 99.90")).isEqualTo("order 12345 shipped 2026-11-25, total 99.90");
    }

    @Test
    void masksNamedFieldsOrEveryStringInMapsAndStructs() {
        MaskPii<SourceRecord> all = new MaskPii<>();
        all.configure(Map.of());
        Map<String, Object> value = Map.of("comment", "reach me at bob@contoso.com", "nested",
                Map.of("phone", "+1 206 555 0142"), "list", List.of("x@y.org"), "n", 5L);
        Map<?, ?> out = (Map<?, ?>) all.apply(new SourceRecord(Map.of(), Map.of(), "t", null, null, value)).value();
        assertThat(out.get("comment")).isEqualTo("reach me at b***@contoso.com");
        assertThat(((Map<?, ?>) out.get("nested")).get("phone")).isEqualTo("+* *** *** **42");
        assertThat(out.get("list")).isEqualTo(List.of("x***@y.org"));
        assertThat(out.get("n")).isEqualTo(5L);

        MaskPii<SourceRecord> named = new MaskPii<>();
        named.configure(Map.of("fields", "comment", "mask.char", "#"));
        Schema schema = SchemaBuilder.struct().field("comment", Schema.STRING_SCHEMA).field("email", Schema.STRING_SCHEMA).build();
        Struct struct = new Struct(schema).put("comment", "mail ann@x.io").put("email", "ann@x.io");
        Struct masked = (Struct) named.apply(new SourceRecord(Map.of(), Map.of(), "t", null, schema, struct)).value();
        assertThat(masked.getString("comment")).isEqualTo("mail a###@x.io");
        assertThat(masked.getString("email")).as("not listed").isEqualTo("ann@x.io");
    }
}

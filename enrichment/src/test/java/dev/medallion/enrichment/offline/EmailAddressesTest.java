package dev.medallion.enrichment.offline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressesTest {
    /** The pattern the scanner replaces: it must find exactly the same spans. */
    private static final Pattern OLD = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private static List<String> scanned(String text) {
        List<String> out = new ArrayList<>();
        EmailAddresses.Span s;
        for (int from = 0; (s = EmailAddresses.find(text, from)) != null; from = s.end()) {
            out.add(s.start() + ":" + text.substring(s.start(), s.end()));
        }
        return out;
    }

    private static List<String> matched(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = OLD.matcher(text);
        while (m.find()) {
            out.add(m.start() + ":" + m.group());
        }
        return out;
    }

    @Test
    void findsWhatTheOldPatternFoundOnOrdinaryText() {
        for (String text : List.of("mail jane.doe@example.com now", "a@b.co, c@d.e.fg; x@y", "@@a@b.cc@d.ee",
                "first.last+tag@sub.example-mail.org.", "no address here", "trailing@", "x@1.2.3", "x@-.ab",
                "x@a..bc", "x@.ab", "John.Smith@Contoso.COM)", "a@b.c1de.fgh2")) {
            assertThat(scanned(text)).as(text).isEqualTo(matched(text));
        }
    }

    @Test
    void findsWhatTheOldPatternFoundOnRandomText() {
        Random random = new Random(11);
        String alphabet = "ab1.@-_%+ Z.@";
        for (int i = 0; i < 50_000; i++) {
            char[] chars = new char[1 + random.nextInt(24)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String text = new String(chars);
            assertThat(scanned(text)).as(text).isEqualTo(matched(text));
        }
    }

    @Test
    void knowsTheRfcLengths() {
        String longLocal = "a".repeat(65) + "@example.com";
        assertThat(EmailAddresses.find(longLocal, 0).withinRfcLimits()).isFalse();
        assertThat(EmailAddresses.find("a".repeat(64) + "@example.com", 0).withinRfcLimits()).isTrue();
        assertThat(EmailAddresses.find("a@" + "b".repeat(253) + ".cc", 0).withinRfcLimits()).isFalse();
    }
}

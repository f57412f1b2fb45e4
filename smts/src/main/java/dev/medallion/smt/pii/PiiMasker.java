package dev.medallion.smt.pii;

import dev.medallion.enrichment.offline.EmailAddresses;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data inside free text: e-mail addresses keep their first character and domain
 * ({@code j***@example.com}), card numbers (13-19 digits, spaces or dashes allowed, Luhn-valid) keep their last four
 * digits, phone numbers keep their last two. Card numbers are checked before phones so a card is never half-masked.
 * Every step is linear in the text (e-mail addresses through {@link EmailAddresses}, the digit patterns have bounded
 * repetitions and cannot start inside a digit run), so the whole text is masked however long it is: a length cap
 * would leave the part beyond it unmasked.
 */
public final class PiiMasker {
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d{1,4}\\)?(?:[ .-]?\\(?\\d{2,4}\\)?){2,5}(?!\\w)");

    /** Dates look like phone numbers to the pattern above; leave them alone. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}");

    private final boolean emails;
    private final boolean phones;
    private final boolean cards;
    private final char maskChar;

    public PiiMasker(boolean emails, boolean phones, boolean cards, char maskChar) {
        this.emails = emails;
        this.phones = phones;
        this.cards = cards;
        this.maskChar = maskChar;
    }

    public String mask(String text) {
        String out = text;
        if (emails && out.indexOf('@') >= 0) {
            out = maskEmails(out);
        }
        if (!hasDigits(out, 7)) {
            return out;
        }
        if (cards) {
            out = replace(out, CARD, match -> luhn(match) ? keepLastDigits(match, 4) : null);
        }
        if (phones) {
            out = replace(out, PHONE, match -> digits(match) >= 7 && !DATE.matcher(match).matches()
                    ? keepLastDigits(match, 2) : null);
        }
        return out;
    }

    /** Keeps the first character and the domain; masks addresses of any length (no RFC length check here). */
    private String maskEmails(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        EmailAddresses.Span span;
        while ((span = EmailAddresses.find(text, last)) != null) {
            sb.append(text, last, span.start() + 1).append(repeat(3)).append(text, span.at(), span.end());
            last = span.end();
        }
        return sb.append(text, last, text.length()).toString();
    }

    private String replace(String text, Pattern pattern, java.util.function.Function<String, String> masker) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String masked = masker.apply(m.group());
            if (masked == null) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, m.start()).append(masked);
            last = m.end();
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, last, text.length()).toString();
    }

    /** Masks every digit except the last {@code keep}, leaving separators so the shape stays readable. */
    private String keepLastDigits(String s, int keep) {
        int total = digits(s);
        StringBuilder sb = new StringBuilder(s.length());
        int seen = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                seen++;
                sb.append(seen > total - keep ? c : maskChar);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private String repeat(int n) {
        return String.valueOf(maskChar).repeat(n);
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasDigits(String s, int atLeast) {
        int n = 0;
        for (int i = 0; i < s.length() && n < atLeast; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n >= atLeast;
    }

    static boolean luhn(String s) {
        int sum = 0;
        boolean dbl = false;
        int count = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (!Character.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
            count++;
        }
        return count >= 13 && count <= 19 && sum % 10 == 0;
    }
}

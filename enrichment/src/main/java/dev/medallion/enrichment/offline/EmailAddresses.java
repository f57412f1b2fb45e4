package dev.medallion.enrichment.offline;

/**
 * Finds e-mail addresses ({@code local@domain.tld}: local part of letters, digits and {@code ._%+-}; domain of
 * letters, digits, dots and hyphens ending in a dot and two or more letters) in time linear in the text. It finds
 * exactly what the pattern {@code [A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}} finds with {@code Matcher.find},
 * but that pattern tries every start position of a long run of local-part characters and rescans the run each time,
 * so {@code "a" * 20000 + "@"} took seconds and a megabyte hours. This scanner starts from each {@code '@'} and looks
 * left and right only as far as the next {@code '@'}, so every character is visited a bounded number of times.
 * Shared by the offline entity extractor and the PII masker of the transforms.
 */
public final class EmailAddresses {
    /** RFC 5321 limits: 64 characters of local part, 255 of domain. */
    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_DOMAIN = 255;

    /** One address: {@code text[start, at)} is the local part, {@code text[at + 1, end)} the domain. */
    public record Span(int start, int at, int end) {
        public int localLength() {
            return at - start;
        }

        public int domainLength() {
            return end - at - 1;
        }

        /** Within the RFC 5321 lengths; longer runs are not addresses a mail server would accept. */
        public boolean withinRfcLimits() {
            return localLength() <= MAX_LOCAL_PART && domainLength() <= MAX_DOMAIN;
        }
    }

    private EmailAddresses() {
    }

    /** The leftmost address that starts at or after {@code from}, or null. */
    public static Span find(CharSequence text, int from) {
        int n = text.length();
        for (int at = indexOfAt(text, from, n); at >= 0; at = indexOfAt(text, at + 1, n)) {
            int start = at;
            // Stops at the previous '@' at the latest (not a local-part character): scans never overlap.
            while (start > from && isLocal(text.charAt(start - 1))) {
                start--;
            }
            if (start == at) {
                continue;
            }
            int end = domainEnd(text, at + 1, n);
            if (end >= 0) {
                return new Span(start, at, end);
            }
        }
        return null;
    }

    /**
     * Where the domain that starts at {@code from} ends, or -1. Like the pattern's greedy {@code [A-Za-z0-9.-]+}
     * followed by {@code \.[A-Za-z]{2,}}: the last dot in the run (not its first character) that two letters follow,
     * then every letter after it.
     */
    private static int domainEnd(CharSequence text, int from, int n) {
        int runEnd = from;
        while (runEnd < n && isDomain(text.charAt(runEnd))) {
            runEnd++;
        }
        for (int dot = runEnd - 3; dot > from; dot--) {
            if (text.charAt(dot) == '.' && isLetter(text.charAt(dot + 1)) && isLetter(text.charAt(dot + 2))) {
                int end = dot + 3;
                while (end < n && isLetter(text.charAt(end))) {
                    end++;
                }
                return end;
            }
        }
        return -1;
    }

    private static int indexOfAt(CharSequence text, int from, int n) {
        for (int i = from; i < n; i++) {
            if (text.charAt(i) == '@') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isLocal(char c) {
        return isLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return isLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '-';
    }
}

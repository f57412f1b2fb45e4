package dev.medallion.enrichment.offline;

/**
 * Character tests of the tokenizers, with a shortcut for ASCII: every character of every text passes through them
 * several times, and most are ASCII, where the table lookups behind {@link Character} are measurable overhead.
 */
final class Letters {
    private Letters() {
    }

    static boolean isLetterOrDigit(char c) {
        if (c < 128) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
        }
        return Character.isLetterOrDigit(c);
    }

    static boolean isLetter(char c) {
        if (c < 128) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }
        return Character.isLetter(c);
    }

    static boolean isLowerCase(char c) {
        if (c < 128) {
            return c >= 'a' && c <= 'z';
        }
        return Character.isLowerCase(c);
    }

    static char toLowerCase(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(c);
    }
}

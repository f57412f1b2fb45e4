package dev.medallion.enrichment;

/** Cuts texts to a length limit without splitting a surrogate pair (half an emoji is not valid UTF-16 text). */
public final class TextPrefix {
    private TextPrefix() {
    }

    /** The text itself when it has at most {@code max} chars, else its first {@code max} (or {@code max - 1}). */
    public static String of(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max > 0 && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}

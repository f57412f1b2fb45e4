package dev.medallion.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example queries of {@code docs/tables.md}: each fenced {@code sql} block right after a
 * {@code <!-- example: <name> -->} line, by name in document order, so TablesIT runs exactly what the page shows.
 */
final class DocExamples {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: ([a-z0-9-]+) -->\\s*\\n```sql\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- example: [a-z0-9-]+ -->");

    private DocExamples() {
    }

    static Map<String, String> parse(String markdown) {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(markdown);
        while (m.find()) {
            if (examples.put(m.group(1), m.group(2).strip()) != null) {
                throw new IllegalArgumentException("example " + m.group(1) + " is named twice");
            }
        }
        long markers = MARKER.matcher(markdown).results().count();
        if (markers != examples.size()) {
            throw new IllegalArgumentException(markers + " example markers but " + examples.size()
                    + " are followed by a ```sql block: " + examples.keySet());
        }
        return examples;
    }

    static Map<String, String> load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /** The names the page registers with {@code CREATE TABLE <name> USING DELTA LOCATION}, in order. */
    static List<String> registeredTables(String markdown) {
        return Pattern.compile("CREATE TABLE (\\w+)\\s+USING DELTA LOCATION").matcher(markdown).results()
                .map(r -> r.group(1)).toList();
    }
}

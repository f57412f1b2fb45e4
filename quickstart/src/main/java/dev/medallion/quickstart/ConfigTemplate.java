package dev.medallion.quickstart;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code ${UPPER_CASE}} placeholders of a connector config file (data directory, bootstrap servers,
 * Event Hubs connection string, schema folder) before it is sent to the Connect REST API.
 *
 * <p>Only upper-case names without a colon are placeholders: Connect's own config-provider references such as
 * {@code ${file:/secrets.properties:key}} must reach the worker untouched, because the worker resolves them itself;
 * a placeholder inside one is filled ({@code ${dir:${SCHEMA_DIR}:bronze_events.ddl}} becomes
 * {@code ${dir:/abs/connect-configs/schemas:bronze_events.ddl}}), the reference stays for the worker.
 */
public final class ConfigTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private final Map<String, String> values;

    public ConfigTemplate(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Replaces every placeholder of {@code text}.
     *
     * @throws IllegalArgumentException naming every placeholder that has no value, and the file it came from
     */
    public String render(String text, String source) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<String> missing = new TreeSet<>();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " uses " + missing + " but no value was given for "
                    + (missing.size() == 1 ? "it" : "them") + "; known placeholders: " + new TreeSet<>(values.keySet()));
        }
        return out.toString();
    }

    /**
     * {@code dir} as it goes into a config-provider reference {@code ${dir:<path>:<file>}}: absolute and normalized
     * (the worker's {@code allowed.paths} compares it so).
     *
     * @throws IllegalArgumentException when the path holds {@code :}, <code>{</code> or <code>}</code>, which Connect's
     *                                  reference syntax would split at, so the worker would read another file or none
     */
    public static String providerPath(Path dir) {
        String path = dir.toAbsolutePath().normalize().toString();
        if (path.contains(":") || path.contains("{") || path.contains("}")) {
            throw new IllegalArgumentException("The schema folder " + path + " contains ':', '{' or '}', which a"
                    + " Connect config-provider reference ${dir:<folder>:<file>} cannot hold; move the project to a"
                    + " path without them");
        }
        return path;
    }
}

package dev.medallion.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script as analysts write it: statements separated by {@code ;}, {@code --} line comments and
 * {@code ${name}} variables.
 *
 * <p>{@link #statements(Map)} strips the comments, substitutes every variable and splits the text into statements.
 * Semicolons and {@code --} inside quoted strings or back-quoted identifiers are kept. A variable without a value is an
 * error that names the variable and the script, so a typo never reaches Flink as a literal {@code ${...}}.
 */
public final class SqlScript {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");

    private final String name;
    private final String text;

    public SqlScript(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public static SqlScript fromFile(Path path) {
        try {
            return new SqlScript(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read SQL script " + path, e);
        }
    }

    /** Loads a script from the class path, e.g. {@code sql/03-metrics-1m.sql}. */
    public static SqlScript fromResource(String resource) {
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("SQL script " + resource + " is not on the class path");
            }
            return new SqlScript("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read SQL script " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    /** The statements of this script, comments removed, variables substituted, without the trailing semicolons. */
    public List<String> statements(Map<String, String> variables) {
        List<String> statements = new ArrayList<>();
        for (String raw : split(stripComments(text))) {
            String statement = substitute(raw, variables).trim();
            if (!statement.isEmpty()) {
                statements.add(statement);
            }
        }
        return statements;
    }

    private String substitute(String statement, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("SQL script " + name + " uses variable ${" + matcher.group(1)
                        + "} but no value was given; pass it with --var " + matcher.group(1) + "=... (known: "
                        + variables.keySet() + ")");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Removes {@code --} comments that are outside quotes; keeps the line breaks. */
    static String stripComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits on semicolons outside quotes (a doubled quote inside a string toggles twice, so it stays inside). */
    static List<String> split(String sql) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
                current.append(c);
            } else if (c == ';') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}

package dev.medallion.quickstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-event corpus of {@code src/test/resources/bad-events/cases.txt}: each case a body (literal, raw bytes or
 * generated), application properties and the outcome the pipeline owes it (a dead-letter topic, or silver).
 */
final class BadEventCorpus {
    /** Application property that names the case, so its dead-letter copy can be told apart from the others. */
    static final String CASE_PROPERTY = "corpus.case";
    private static final String RESOURCE = "/bad-events/cases.txt";
    private static final Pattern GENERATED = Pattern.compile("gen:([a-z-]+)\\((\\d+)\\)");

    enum Expect { DLQ, SILVER }

    /** One case, before the placeholders of its body are filled in. */
    record Case(String name, Expect expect, Map<String, String> properties, String body) {
        /** The body bytes to publish, with {@code @ID} and {@code @NOW} replaced. */
        byte[] bytes(String eventId, long nowMillis) {
            if (body.startsWith("hex:")) {
                return HexFormat.of().parseHex(body.substring(4));
            }
            Matcher generated = GENERATED.matcher(body);
            String text = generated.matches()
                    ? generate(generated.group(1), Integer.parseInt(generated.group(2)))
                    : body;
            return text.replace("@ID", eventId).replace("@NOW", Long.toString(nowMillis))
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private BadEventCorpus() {
    }

    static List<Case> load() {
        try (InputStream in = BadEventCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            List<Case> cases = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\|", 4);
                if (parts.length != 4) {
                    throw new IllegalStateException("A corpus line needs 4 fields separated by '|': " + line);
                }
                cases.add(new Case(parts[0].trim(), Expect.valueOf(parts[1].trim().toUpperCase()),
                        properties(parts[2].trim()), parts[3].trim()));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> properties(String spec) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!spec.isEmpty()) {
            for (String pair : spec.split(";")) {
                int eq = pair.indexOf('=');
                properties.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return properties;
    }

    /** Bodies too large or too regular to keep as literals. */
    static String generate(String kind, int n) {
        return switch (kind) {
            case "empty" -> "";
            case "nested" -> "[".repeat(n) + "]".repeat(n);
            case "fields" -> {
                StringBuilder json = new StringBuilder("{\"event_id\":\"@ID\",\"event_type\":\"click\",\"event_time\":@NOW");
                for (int i = 0; i < n; i++) {
                    json.append(",\"f").append(i).append("\":").append(i);
                }
                yield json.append('}').toString();
            }
            // A valid review whose text makes a backtracking e-mail pattern quadratic.
            case "email-attack" -> "{\"event_id\":\"@ID\",\"event_type\":\"review\",\"event_time\":@NOW,\"text\":\""
                    + "a".repeat(n) + "@\"}";
            case "text" -> "{\"event_id\":\"@ID\",\"event_type\":\"review\",\"event_time\":@NOW,\"text\":\""
                    + "great product ".repeat(n / 14) + "\"}";
            default -> throw new IllegalStateException("unknown generated body " + kind);
        };
    }
}

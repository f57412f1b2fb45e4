package dev.medallion.quickstart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads the connector configs of a {@code connect-configs/<variant>/} folder: one {@code <connector-name>.json} file
 * per connector, holding exactly the body of {@code PUT /connectors/<name>/config}, with {@code ${PLACEHOLDER}}s
 * filled by a {@link ConfigTemplate}.
 */
public final class ConnectorConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorConfigs() {
    }

    /** Connector name -> rendered config, sources first (so topics fill before sinks start), then by name. */
    public static Map<String, Map<String, String>> load(Path folder, ConfigTemplate template) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted(
                    (a, b) -> {
                        boolean sourceA = a.getFileName().toString().contains("source");
                        boolean sourceB = b.getFileName().toString().contains("source");
                        return sourceA != sourceB ? (sourceA ? -1 : 1) : a.compareTo(b);
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the connector configs in " + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No connector config (*.json) in " + folder);
        }
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            configs.put(name, render(file, template));
        }
        return configs;
    }

    static Map<String, String> render(Path file, ConfigTemplate template) {
        Map<String, Object> raw;
        try {
            raw = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a JSON object of config keys: " + e.getMessage(), e);
        }
        Map<String, String> rendered = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (value == null || value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException(file + ": the value of '" + key
                        + "' must be a string, number or boolean (Connect configs are flat)");
            }
            rendered.put(key, template.render(String.valueOf(value), file.getFileName() + " key " + key));
        });
        return rendered;
    }
}

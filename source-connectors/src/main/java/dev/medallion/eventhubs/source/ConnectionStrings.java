package dev.medallion.eventhubs.source;

import java.net.URI;
import java.util.Locale;

/**
 * Reads the parts of an Event Hubs connection string the connector needs before the SDK sees it (the namespace host for
 * source partitions, the EntityPath for the hub name). Never returns or logs the key.
 */
final class ConnectionStrings {
    private ConnectionStrings() {
    }

    /** Host of {@code Endpoint=sb://host[:port]/}, or null when absent or malformed. */
    static String endpointHost(String connectionString) {
        String endpoint = part(connectionString, "Endpoint");
        if (endpoint == null) {
            return null;
        }
        try {
            String host = URI.create(endpoint.trim()).getHost();
            return host == null || host.isBlank() ? null : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code EntityPath} (event hub name), or null. */
    static String entityPath(String connectionString) {
        String path = part(connectionString, "EntityPath");
        return path == null || path.isBlank() ? null : path.trim();
    }

    private static String part(String connectionString, String key) {
        if (connectionString == null) {
            return null;
        }
        String wanted = key.toLowerCase(Locale.ROOT) + "=";
        for (String piece : connectionString.split(";")) {
            String trimmed = piece.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(wanted)) {
                return trimmed.substring(wanted.length());
            }
        }
        return null;
    }
}

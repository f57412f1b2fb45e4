package dev.medallion.common.eventhubs;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks and reads an Event Hubs connection string before the SDK sees it: the namespace host for source partitions,
 * the EntityPath for the hub name. The SDK's own errors quote the part they cannot parse, and a malformed part is
 * often the key itself ({@code SharedAccessKey:abc=}), so {@link #validate} refuses anything the SDK would refuse with
 * messages that say where (part 3) and what to do, never what the part holds. Never returns or logs the key.
 * Shared by the Event Hubs source and sink connectors; each wraps the message into a ConfigException on its key.
 */
public final class ConnectionStrings {
    private static final String ENDPOINT = "endpoint";
    private static final String KEY_NAME = "sharedaccesskeyname";
    private static final String KEY = "sharedaccesskey";
    private static final String SIGNATURE = "sharedaccesssignature";
    private static final String ENTITY_PATH = "entitypath";
    private static final String EMULATOR = "usedevelopmentemulator";
    private static final List<String> KNOWN = List.of(ENDPOINT, KEY_NAME, KEY, SIGNATURE, ENTITY_PATH, EMULATOR);
    private static final String SHAPE = "Endpoint=sb://<namespace>/;SharedAccessKeyName=<policy>;SharedAccessKey=<key>"
            + "[;EntityPath=<hub>]";

    private ConnectionStrings() {
    }

    /**
     * Throws an IllegalArgumentException (the connector's config wraps it on {@code eventhubs.connection.string}) unless it is {@code Key=value} parts separated by
     * {@code ;}, each key known and given once, with an {@code sb://} endpoint and either a key name and key or a
     * shared access signature. The message names parts by position only.
     */
    public static void validate(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw invalid("is empty");
        }
        Set<String> seen = new HashSet<>();
        String[] parts = connectionString.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String key = equals < 0 ? "" : part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(key)) {
                throw invalid("has a part " + (i + 1) + " that is not one of Endpoint=, SharedAccessKeyName=,"
                        + " SharedAccessKey=, SharedAccessSignature=, EntityPath=, UseDevelopmentEmulator=");
            }
            if (!seen.add(key)) {
                throw invalid("repeats a setting in part " + (i + 1));
            }
            if (part.substring(equals + 1).isBlank()) {
                throw invalid("has an empty value in part " + (i + 1));
            }
        }
        if (!seen.contains(ENDPOINT) || endpointHost(connectionString) == null
                || !"sb".equalsIgnoreCase(scheme(part(connectionString, "Endpoint")))) {
            throw invalid("has no valid Endpoint=sb://<namespace>/ part");
        }
        boolean key = seen.contains(KEY_NAME) && seen.contains(KEY);
        boolean signature = seen.contains(SIGNATURE);
        if (key == signature || (!key && (seen.contains(KEY_NAME) || seen.contains(KEY)))) {
            throw invalid("needs either SharedAccessKeyName and SharedAccessKey, or SharedAccessSignature");
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(
                problem + "; expected " + SHAPE + ", as the portal's Shared access policies show it");
    }

    private static String scheme(String endpoint) {
        try {
            return URI.create(endpoint.trim()).getScheme();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Host of {@code Endpoint=sb://host[:port]/}, or null when absent or malformed. */
    public static String endpointHost(String connectionString) {
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
    public static String entityPath(String connectionString) {
        String path = part(connectionString, "EntityPath");
        return path == null || path.isBlank() ? null : path.trim();
    }

    private static String part(String connectionString, String key) {
        if (connectionString == null) {
            return null;
        }
        String wanted = key.toLowerCase(Locale.ROOT);
        for (String piece : connectionString.split(";")) {
            int equals = piece.indexOf('=');
            if (equals > 0 && piece.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                return piece.substring(equals + 1).trim();
            }
        }
        return null;
    }
}

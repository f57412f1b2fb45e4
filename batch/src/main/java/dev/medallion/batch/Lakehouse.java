package dev.medallion.batch;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the lakehouse's tables live: a local folder (the quickstart's {@code --data-dir}) or any Hadoop URI
 * ({@code abfss://...}). Table names are paths under the root, as the sinks write them ({@code silver/events}).
 */
public final class Lakehouse {

    public static final String BRONZE_EVENTS = "bronze/events";
    public static final String SILVER_EVENTS = "silver/events";
    public static final String GOLD_HOURLY_METRICS = "gold/hourly_metrics";
    public static final String GOLD_DAILY_SUMMARY = "gold/daily_summary";
    public static final String GOLD_DATA_QUALITY = "gold/data_quality";
    public static final String BATCH_EVENTS = "batch/events";
    public static final String BATCH_RECONCILIATION = "batch/reconciliation";

    private final String root;

    private Lakehouse(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** A path without a scheme is a local folder, made absolute so Spark and the sinks agree on it. */
    public static Lakehouse at(String pathOrUri) {
        if (pathOrUri == null || pathOrUri.isBlank()) {
            throw new IllegalArgumentException("--lakehouse is required: a local folder or a URI such as "
                    + "abfss://container@account.dfs.core.windows.net/lakehouse");
        }
        URI uri = hasScheme(pathOrUri) ? URI.create(pathOrUri) : Path.of(pathOrUri).toAbsolutePath().normalize().toUri();
        return new Lakehouse(uri.toString());
    }

    private static boolean hasScheme(String s) {
        int colon = s.indexOf(':');
        // "C:\..." is a Windows drive, not a scheme.
        return colon > 1 && s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    }

    public String root() {
        return root;
    }

    /** The table's location, e.g. {@code table("gold/hourly_metrics")}. */
    public String table(String name) {
        return root + "/" + name;
    }
}

package dev.medallion.common;

/**
 * The version a plugin reports to Connect ({@code Versioned.version()}, shown by {@code GET /connector-plugins}): the
 * {@code Implementation-Version} the build writes into every jar's manifest, so it always equals the project version.
 */
public final class PluginVersion {
    /** Reported when classes run from a folder rather than a jar (unit tests in an IDE). */
    public static final String UNKNOWN = "unknown";

    private PluginVersion() {
    }

    public static String of(Class<?> pluginClass) {
        Package pkg = pluginClass.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version == null || version.isBlank() ? UNKNOWN : version;
    }
}

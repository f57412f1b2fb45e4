package dev.medallion.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Connect plugin folders this build produced ({@code <module>/target/plugin}), which integration tests
 * install into the embedded worker exactly as an operator installs the unpacked zips.
 */
public final class PluginPaths {
    /** System property (set by failsafe in the parent pom) with a comma-separated list of plugin folders. */
    public static final String PLUGIN_PATH_PROPERTY = "medallion.plugin.path";

    private PluginPaths() {
    }

    /**
     * The folders named by {@value #PLUGIN_PATH_PROPERTY}, else {@code target/plugin} of the module under test.
     * Fails when a folder does not exist, since a worker without the plugin would only fail later and less clearly.
     */
    public static List<Path> fromBuild() {
        String configured = System.getProperty(PLUGIN_PATH_PROPERTY, "");
        List<Path> paths = new ArrayList<>();
        for (String entry : configured.split(",")) {
            if (!entry.isBlank() && !entry.contains("${")) {
                paths.add(Path.of(entry.trim()).toAbsolutePath());
            }
        }
        if (paths.isEmpty()) {
            paths.add(Path.of("target", "plugin").toAbsolutePath());
        }
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                throw new IllegalStateException("Connect plugin folder " + path + " does not exist; run `mvn package`"
                        + " (integration tests run in the verify phase, after packaging)");
            }
        }
        return paths;
    }

    /** The sibling module's plugin folder, for tests that combine plugins of several modules. */
    public static Path ofModule(Path projectRoot, String module) {
        return projectRoot.resolve(module).resolve("target").resolve("plugin").toAbsolutePath();
    }
}

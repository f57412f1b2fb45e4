package dev.medallion.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs the pipeline's Connect plugins the way a user does: unpacks each plugin zip of the build
 * ({@code <module>/target/<artifact>-<version>.zip}, Confluent Hub layout) into the workers' {@code plugin.path}.
 */
final class PluginInstaller {
    /** Modules whose zip the pipeline's connectors need (connect-configs/local). */
    static final List<String> MODULES = List.of("smts", "source-connectors", "sink-connectors");

    private final Path projectDir;
    private final Path pluginPath;

    PluginInstaller(Path projectDir, Path pluginPath) {
        this.projectDir = projectDir;
        this.pluginPath = pluginPath;
    }

    void install(PrintStream out) {
        try {
            Files.createDirectories(pluginPath);
            for (String module : MODULES) {
                Path zip = zipOf(module);
                unzip(zip);
                out.println("Installed plugin " + zip.getFileName() + " into " + pluginPath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the plugins into " + pluginPath, e);
        }
    }

    private Path zipOf(String module) throws IOException {
        Path target = projectDir.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException("No " + target + "; build the plugins: mvn -DskipTests package -pl "
                    + String.join(",", MODULES) + " -am");
        }
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("medallion-.*-SNAPSHOT\\.zip|medallion-.*\\d\\.zip"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No plugin zip in " + target));
        }
    }

    private void unzip(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = pluginPath.resolve(entry.getName()).normalize();
                if (!target.startsWith(pluginPath)) {
                    throw new IllegalStateException("Zip entry outside the plugin path: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}

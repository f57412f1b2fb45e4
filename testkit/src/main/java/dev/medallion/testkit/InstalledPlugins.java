package dev.medallion.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads which plugin classes our jars in a plugin folder declare through {@code META-INF/services}, the list a worker
 * with {@code plugin.discovery=service_load} discovers. Tests compare it with what {@code GET /connector-plugins} shows.
 */
public final class InstalledPlugins {
    private static final String SERVICES = "META-INF/services/";
    private static final String CONNECT_SERVICE_PREFIX = SERVICES + "org.apache.kafka.connect.";

    private InstalledPlugins() {
    }

    /** Class names declared by the {@code medallion-*} jars under the given plugin folders. */
    public static List<String> declaredBy(List<Path> pluginFolders) {
        TreeSet<String> classes = new TreeSet<>();
        for (Path folder : pluginFolders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path jar : files.filter(InstalledPlugins::isOurJar).toList()) {
                    classes.addAll(declaredIn(jar));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read plugin folder " + folder, e);
            }
        }
        return new ArrayList<>(classes);
    }

    private static boolean isOurJar(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith("medallion-") && name.endsWith(".jar");
    }

    private static List<String> declaredIn(Path jar) throws IOException {
        List<String> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(CONNECT_SERVICE_PREFIX) && !entry.isDirectory()) {
                    try (InputStream in = file.getInputStream(entry)) {
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(line -> line.replaceAll("#.*", "").trim())
                                .filter(line -> !line.isEmpty())
                                .forEach(classes::add);
                    }
                }
            }
        }
        return classes;
    }
}

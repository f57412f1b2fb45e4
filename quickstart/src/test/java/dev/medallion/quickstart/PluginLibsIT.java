package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #14: no Connect plugin ships a Kotlin runtime. Runs after the plugins are packaged (this module depends on them
 * for build order) and lists every plugin's {@code target/plugin/<name>/lib/}: no jar may be a Kotlin artifact
 * (kotlin-stdlib, kotlin-reflect, moshi-kotlin, ...) nor hold Kotlin's classes shaded inside it ({@code kotlin/}).
 * A plugin module is any module with {@code src/plugin/manifest.json}, the marker the parent pom's connect-plugin
 * profile packages by. The parent pom's enforcer rule stops Kotlin dependencies; this checks what is actually shipped.
 */
class PluginLibsIT {
    /** The plugins this module builds before its ITs (see its pom); each must have been packaged. */
    private static final List<String> BUILT_FIRST = List.of("medallion-smts", "medallion-eventhubs-source",
            "medallion-delta-sink", "medallion-apicurio-converter");

    @Test
    void noPluginLibHoldsAKotlinJar() throws IOException {
        Path project = Path.of(System.getProperty("medallion.project.dir", "..")).toAbsolutePath().normalize();
        TreeMap<String, Path> libs = new TreeMap<>();
        List<Path> notPackaged = new ArrayList<>();
        for (Path module : pluginModules(project)) {
            Path plugins = module.resolve("target").resolve("plugin");
            if (!Files.isDirectory(plugins)) {
                notPackaged.add(module);
                continue;
            }
            try (Stream<Path> dirs = Files.list(plugins)) {
                dirs.filter(d -> Files.isDirectory(d.resolve("lib"))).forEach(d -> libs.put(d.getFileName().toString(),
                        d.resolve("lib")));
            }
        }
        System.out.println("plugin lib folders checked: " + libs.keySet() + "; modules not packaged: " + notPackaged);
        assertThat(libs.keySet()).as("packaged plugins under " + project).containsAll(BUILT_FIRST);

        List<String> kotlin = new ArrayList<>();
        for (var plugin : libs.entrySet()) {
            List<Path> jars;
            try (Stream<Path> files = Files.list(plugin.getValue())) {
                jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
            }
            assertThat(jars).as(plugin.getKey() + "'s own jar in " + plugin.getValue())
                    .anyMatch(j -> j.getFileName().toString().startsWith(plugin.getKey() + "-"));
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).contains("kotlin") || holdsKotlinClasses(jar)) {
                    kotlin.add(plugin.getKey() + "/lib/" + name);
                }
            }
        }
        assertThat(kotlin).as("Kotlin jars or shaded Kotlin classes in plugin lib folders").isEmpty();
    }

    private static List<Path> pluginModules(Path project) throws IOException {
        // Modules sit one or two levels down (smts/, sink-connectors/eventhubs-sink/); target folders are skipped.
        try (Stream<Path> manifests = Files.find(project, 4, (p, attrs) -> p.endsWith(Path.of("src", "plugin",
                "manifest.json")) && !p.toString().contains("/target/"))) {
            return manifests.map(m -> m.getParent().getParent().getParent()).sorted().toList();
        }
    }

    private static boolean holdsKotlinClasses(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                if (entries.nextElement().getName().startsWith("kotlin/")) {
                    return true;
                }
            }
            return false;
        }
    }
}

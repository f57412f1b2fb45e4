package dev.medallion.testkit.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApicurioDistributionTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ApicurioDistribution.DIST_PROPERTY);
    }

    private Path appZip(String version) throws IOException {
        Path zip = dir.resolve("apicurio-registry-app-" + version + "-all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("lib/"));
            out.putNextEntry(new ZipEntry("lib/dep.jar"));
            out.write("dep".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("apicurio-registry-app-" + version + "-runner.jar"));
            out.write("runner".getBytes(StandardCharsets.UTF_8));
        }
        return zip;
    }

    @Test
    void unpacksTheAppZipOnceAndFindsTheRunnerWithItsLibFolder() throws IOException {
        System.setProperty(ApicurioDistribution.DIST_PROPERTY, appZip("9.8.7.Final").toString());
        Path root = dir.resolve("target");

        ApicurioDistribution first = ApicurioDistribution.fromBuild(root);

        assertThat(first.version()).isEqualTo("9.8.7.Final");
        assertThat(first.runnerJar()).isEqualTo(root.resolve("apicurio-registry-9.8.7.Final")
                .resolve("apicurio-registry-app-9.8.7.Final-runner.jar"));
        assertThat(first.runnerJar().resolveSibling("lib").resolve("dep.jar")).hasContent("dep");
        Files.writeString(first.runnerJar(), "kept");
        ApicurioDistribution second = ApicurioDistribution.fromBuild(root);
        assertThat(second.runnerJar()).as("reused, not unpacked again").hasContent("kept");
        try (var entries = Files.list(root)) {
            assertThat(entries).as("no partial folders left").hasSize(1);
        }
    }

    @Test
    void anUnpackedFolderCanBeGivenDirectly() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("registry"));
        Files.writeString(folder.resolve("apicurio-registry-app-2.6.13.Final-runner.jar"), "x");
        System.setProperty(ApicurioDistribution.DIST_PROPERTY, folder.toString());

        ApicurioDistribution dist = ApicurioDistribution.fromBuild(dir.resolve("target"));

        assertThat(dist.version()).isEqualTo("2.6.13.Final");
        assertThat(dist.runnerJar()).isEqualTo(folder.resolve("apicurio-registry-app-2.6.13.Final-runner.jar"));
    }

    @Test
    void aFolderWithoutRunnerIsAClearError() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        System.setProperty(ApicurioDistribution.DIST_PROPERTY, folder.toString());

        assertThatThrownBy(() -> ApicurioDistribution.fromBuild(dir.resolve("target")))
                .hasMessageContaining("-runner.jar").hasMessageContaining(folder.toString());
    }

    @Test
    void zipEntriesEscapingTheFolderAreRefused() throws IOException {
        Path zip = dir.resolve("apicurio-registry-app-1.0-all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("../evil.txt"));
            try (OutputStream ignored = OutputStream.nullOutputStream()) {
                out.write(1);
            }
        }
        System.setProperty(ApicurioDistribution.DIST_PROPERTY, zip.toString());

        assertThatThrownBy(() -> ApicurioDistribution.fromBuild(dir.resolve("target")))
                .hasStackTraceContaining("outside the target folder");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void theAppVersionFollowsTheApicurioJarsOnTheClassPath() {
        assertThat(ApicurioDistribution.apicurioVersion(java.util.List.of("/r/org/apache/avro/avro-1.12.0.jar",
                "/r/io/apicurio/apicurio-registry-serdes-avro-serde-2.6.13.Final.jar"))).contains("2.6.13.Final");
        assertThat(ApicurioDistribution.apicurioVersion(java.util.List.of("/x/target/classes"))).isEmpty();
    }
}

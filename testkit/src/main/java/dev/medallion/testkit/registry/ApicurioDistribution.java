package dev.medallion.testkit.registry;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Apicurio Registry application ({@code io.apicurio:apicurio-registry-app:<version>:zip:all} from Maven Central),
 * unpacked once per module into {@code target/}. A module that starts the registry declares that zip as a test-scoped
 * dependency, so Maven fetches it on a clean machine like any other artifact; this class finds it in the local
 * Maven repository (or at {@value #DIST_PROPERTY}) and unpacks it.
 */
public final class ApicurioDistribution {
    /** Optional system property: path of the app zip, or of a folder where it is already unpacked. */
    public static final String DIST_PROPERTY = "medallion.apicurio.dist";
    private static final Pattern ZIP_NAME = Pattern.compile("apicurio-registry-app-(.+)-all\\.zip");
    private static final Pattern APICURIO_JAR =
            Pattern.compile("apicurio-registry-[a-z-]+?-(\\d+\\.\\d+\\.\\d+[^/]*?)\\.jar");
    private static final String RUNNER_SUFFIX = "-runner.jar";

    private final Path runnerJar;
    private final String version;

    private ApicurioDistribution(Path runnerJar, String version) {
        this.runnerJar = runnerJar;
        this.version = version;
    }

    /** The runnable jar ({@code apicurio-registry-app-<version>-runner.jar}, with its {@code lib/} beside it). */
    public Path runnerJar() {
        return runnerJar;
    }

    public String version() {
        return version;
    }

    /** Locates the app zip and unpacks it under {@code target/} (once; later calls reuse the folder). */
    public static ApicurioDistribution fromBuild() {
        return fromBuild(Path.of("target").toAbsolutePath());
    }

    static ApicurioDistribution fromBuild(Path unpackRoot) {
        String configured = System.getProperty(DIST_PROPERTY, "");
        Path source = !configured.isBlank() && !configured.contains("${")
                ? Path.of(configured) : findZipInLocalRepository().orElseThrow(() -> new IllegalStateException(
                        "Apicurio Registry app zip not found. Give the module the test dependencies"
                                + " io.apicurio:apicurio-registry-app (type zip, classifier all) and an Apicurio serde"
                                + " (its version selects the app's), or set -D" + DIST_PROPERTY
                                + "=<path of the zip or unpacked folder>"));
        if (Files.isDirectory(source)) {
            Path runner = findRunner(source);
            return new ApicurioDistribution(runner, versionOf(runner.getFileName().toString()));
        }
        Matcher name = ZIP_NAME.matcher(source.getFileName().toString());
        String version = name.matches() ? name.group(1) : "unknown";
        Path target = unpackRoot.resolve("apicurio-registry-" + version);
        if (!Files.isDirectory(target)) {
            unzip(source, target);
        }
        return new ApicurioDistribution(findRunner(target), version);
    }

    /**
     * The app zip in the local Maven repository, in the version of the Apicurio jars on the test class path (the
     * serdes a test uses come from the same {@code apicurio.version} as the app). Maven does not put zip dependencies
     * on the class path, but it has downloaded them into the local repository before the tests run.
     */
    static Optional<Path> findZipInLocalRepository() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("surefire.test.class.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        return apicurioVersion(entries).map(version -> localRepository()
                        .resolve(Path.of("io", "apicurio", "apicurio-registry-app", version,
                                "apicurio-registry-app-" + version + "-all.zip")))
                .filter(Files::isRegularFile);
    }

    /** The version of the first {@code apicurio-registry-*-<version>.jar} among class path entries. */
    static Optional<String> apicurioVersion(List<String> classPathEntries) {
        for (String entry : classPathEntries) {
            Matcher jar = APICURIO_JAR.matcher(Path.of(entry).getFileName().toString());
            if (jar.matches()) {
                return Optional.of(jar.group(1));
            }
        }
        return Optional.empty();
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String versionOf(String runnerName) {
        return runnerName.replaceFirst("^apicurio-registry-app-", "").replace(RUNNER_SUFFIX, "");
    }

    private static Path findRunner(Path folder) {
        try (Stream<Path> files = Files.walk(folder, 3)) {
            return files.filter(p -> p.getFileName().toString().endsWith(RUNNER_SUFFIX))
                    .min(Comparator.comparingInt(Path::getNameCount))
                    .orElseThrow(() -> new IllegalStateException("No *" + RUNNER_SUFFIX + " under " + folder));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder, e);
        }
    }

    /** Unzips into a temporary sibling and renames it, so a crash never leaves a half-unpacked folder behind. */
    private static void unzip(Path zip, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial");
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path out = partial.resolve(entry.getName()).normalize();
                    if (!out.startsWith(partial)) {
                        throw new IOException("Zip entry outside the target folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        copy(in, out);
                    }
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another test JVM unpacked it first; use theirs.
                deleteRecursively(partial);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                deleteRecursively(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip + " into " + target, e);
        }
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

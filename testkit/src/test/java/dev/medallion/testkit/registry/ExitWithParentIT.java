package dev.medallion.testkit.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** The child-JVM launcher the registry runs under: the child ends when the parent's end of its stdin closes. */
class ExitWithParentIT {
    /** Stands in for the registry: a main that would run forever. */
    public static final class RunsForever {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void theChildExitsWhenItsParentsPipeCloses(@TempDir Path dir) throws Exception {
        Path jar = runnableJar(dir.resolve("forever.jar"), RunsForever.class.getName());
        String classPath = String.join(File.pathSeparator, System.getProperty("java.class.path"), jar.toString());
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ExitWithParent.class.getName(), jar.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("running while the pipe is open").isFalse();
            child.getOutputStream().close();   // what the OS does when the parent dies
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exited after the pipe closed").isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }

    private static Path runnableJar(Path jar, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}

package dev.medallion.sql;

import dev.medallion.testkit.Await;
import dev.medallion.testkit.registry.ApicurioDistribution;
import dev.medallion.testkit.registry.ApicurioRegistry;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry child process of testkit's {@link ApicurioRegistry} never outlives its test JVM: neither after
 * {@code close()} nor when the test JVM is killed outright (SIGKILL, no shutdown hooks). The registry runs from the app
 * zip this module's build fetched, which is why this test lives here and not in testkit.
 */
class ApicurioRegistryProcessIT {
    /** A stand-in for a test JVM: starts a registry, prints the registry's pid, then waits to be killed. */
    public static final class StartRegistryAndWait {
        public static void main(String[] args) throws InterruptedException {
            ApicurioRegistry registry = ApicurioRegistry.builder().build().start();
            System.out.println("registry-pid=" + registry.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aRegistryStoppedByCloseLeavesNoProcess() {
        long pid;
        try (ApicurioRegistry registry = ApicurioRegistry.builder().build().start()) {
            pid = registry.pid();
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void theRegistryExitsWhenItsTestJvmIsKilled() throws Exception {
        Path unpacked = ApicurioDistribution.fromBuild().runnerJar().getParent();
        Process testJvm = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-D" + ApicurioDistribution.DIST_PROPERTY + "=" + unpacked,
                "-cp", System.getProperty("java.class.path"), StartRegistryAndWait.class.getName()))
                .redirectErrorStream(true).start();
        long registryPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("registry-pid=")) {
                    registryPid = Long.parseLong(line.substring("registry-pid=".length()));
                    break;
                }
            }
            assertThat(registryPid).as("the child test JVM started a registry").isPositive();
            assertThat(ProcessHandle.of(registryPid)).get().matches(ProcessHandle::isAlive);

            testJvm.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs

            long pid = registryPid;
            Await.until(Duration.ofSeconds(60), "registry " + pid + " gone after its test JVM was killed",
                    () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
        } finally {
            testJvm.destroyForcibly();
            if (registryPid > 0) {
                ProcessHandle.of(registryPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}

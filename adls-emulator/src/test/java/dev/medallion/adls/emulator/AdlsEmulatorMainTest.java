package dev.medallion.adls.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdlsEmulatorMainTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheOptionsIntoAnEmulatorThatServesThem() {
        try (AdlsEmulator emulator = AdlsEmulatorMain.parse(new String[] {"--port", "0", "--account", "devlake",
                "--data-dir", dir.toString(), "--filesystem", "bronze", "--filesystem", "gold", "--no-tls"})
                .build().start()) {
            assertThat(emulator.accountName()).isEqualTo("devlake");
            assertThat(emulator.uri("bronze", "events")).isEqualTo("abfs://bronze@devlake.dfs.core.windows.net/events");
            assertThat(Files.isDirectory(dir.resolve("devlake/bronze"))).isTrue();
            assertThat(Files.isDirectory(dir.resolve("devlake/gold"))).isTrue();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AdlsEmulatorMain.describe(emulator, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("fs.azure.abfs.endpoint=127.0.0.1:" + emulator.port())
                    .contains("fs.azure.account.key.devlake.dfs.core.windows.net=" + emulator.accountKey());
        }
        assertThat(dir.resolve("devlake/bronze")).as("a named data directory outlives the emulator").isDirectory();
    }

    @Test
    void refusesUnknownOptionsAndBadAccountNames() {
        assertThatThrownBy(() -> AdlsEmulatorMain.parse(new String[] {"--colour", "blue"}))
                .hasMessageContaining("Unknown option --colour");
        assertThatThrownBy(() -> AdlsEmulatorMain.parse(new String[] {"--account", "Bad_Name"}))
                .hasMessageContaining("3-24 lower-case letters and digits");
        assertThatThrownBy(() -> AdlsEmulatorMain.parse(new String[] {"--port"}))
                .hasMessageContaining("Missing value after --port");
    }
}

package dev.medallion.adls.emulator;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared Key, SAS and OAuth as the ABFS driver uses them, accepted when right and refused when wrong. */
class AuthenticationTest {
    private static final String TENANT = "72f988bf-0000-0000-0000-000000000001";
    private static final String CLIENT_ID = "sink-principal";
    private static final String CLIENT_SECRET = "s3cret-value-for-tests";
    private static AdlsEmulator emulator;

    @BeforeAll
    static void start() {
        AdlsEmulator.trustCertificateInThisJvm();
        emulator = AdlsEmulator.builder().fileSystem("auth").oauthClient(TENANT, CLIENT_ID, CLIENT_SECRET)
                .build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void sharedKeyWithTheAccountKeyWrites() throws IOException {
        assertRoundTrip(emulator.sharedKeySettings(), "/shared-key.txt");
    }

    @Test
    void aWrongAccountKeyIsRefusedWith403AndNothingIsWritten() {
        Map<String, String> settings = new HashMap<>(emulator.sharedKeySettings());
        byte[] otherKey = new byte[64];
        otherKey[0] = 1;
        settings.put("fs.azure.account.key." + emulator.accountHost(), Base64.getEncoder().encodeToString(otherKey));

        assertThatThrownBy(() -> write(settings, "/forged.txt"))
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("403")
                .hasStackTraceContaining("AuthenticationFailed");
        assertThat(Files.exists(emulator.fileSystemDirectory("auth").resolve("forged.txt"))).isFalse();
    }

    @Test
    void anAccountSasSignedWithTheKeyWrites() throws IOException {
        String sas = emulator.accountSas("racwdl", Instant.now().plus(Duration.ofHours(1)));
        assertRoundTrip(emulator.sasSettings(sas), "/sas.txt");
    }

    @Test
    void aSasWithoutWritePermissionOrPastItsExpiryIsRefused() {
        String readOnly = emulator.accountSas("rl", Instant.now().plus(Duration.ofHours(1)));
        assertThatThrownBy(() -> write(emulator.sasSettings(readOnly), "/read-only.txt"))
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("AuthorizationPermissionMismatch");

        String expired = emulator.accountSas("racwdl", Instant.now().minus(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> write(emulator.sasSettings(expired), "/expired.txt"))
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("AuthenticationFailed");

        String tampered = emulator.accountSas("rl", Instant.now().plus(Duration.ofHours(1)))
                .replace("sp=rl", "sp=racwdl");
        assertThatThrownBy(() -> write(emulator.sasSettings(tampered), "/tampered.txt"))
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("AuthenticationFailed");
        assertThat(emulator.fileSystemDirectory("auth").resolve("read-only.txt")).doesNotExist();
        assertThat(emulator.fileSystemDirectory("auth").resolve("tampered.txt")).doesNotExist();
    }

    @Test
    void oauthClientCredentialsFromTheLocalTokenEndpointWrite() throws IOException {
        assertRoundTrip(emulator.oauthSettings(TENANT, CLIENT_ID, CLIENT_SECRET), "/oauth.txt");
    }

    @Test
    void aWrongClientSecretGetsNoTokenAndTheErrorDoesNotShowTheSecret() {
        String wrongSecret = "wrong-secret-never-shown";
        assertThatThrownBy(() -> write(emulator.oauthSettings(TENANT, CLIENT_ID, wrongSecret), "/no-token.txt"))
                .hasRootCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(stackTrace(e)).contains("401").doesNotContain(wrongSecret)
                        .doesNotContain(CLIENT_SECRET));
        assertThat(emulator.fileSystemDirectory("auth").resolve("no-token.txt")).doesNotExist();
    }

    private static void assertRoundTrip(Map<String, String> settings, String file) throws IOException {
        try (FileSystem fs = AbfsClients.fileSystem(emulator, "auth", settings)) {
            byte[] data = ("written at " + file).getBytes(StandardCharsets.UTF_8);
            AbfsClients.write(fs, new Path(file), data);
            assertThat(AbfsClients.read(fs, new Path(file))).isEqualTo(data);
            assertThat(fs.listStatus(new Path("/"))).extracting(s -> s.getPath().getName())
                    .contains(file.substring(1));
            assertThat(fs.delete(new Path(file), false)).isTrue();
        }
    }

    private static void write(Map<String, String> settings, String file) throws IOException {
        Map<String, String> noRetries = new HashMap<>(settings);
        try (FileSystem fs = AbfsClients.fileSystem(emulator, "auth", noRetries)) {
            AbfsClients.write(fs, new Path(file), new byte[] {1, 2, 3});
        }
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}

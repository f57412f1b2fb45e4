package dev.medallion.smt.enrich;

import dev.medallion.enrichment.LocalTextAnalyticsServer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opens truststores written from {@link LocalTextAnalyticsServer}'s certificate and talks TLS to that server. */
class AzureTrustStoreTest {
    @RegisterExtension
    static final LocalTextAnalyticsServer SERVER = LocalTextAnalyticsServer.start();

    private static int post(SSLContext context) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        return client.send(HttpRequest.newBuilder(URI.create(SERVER.endpoint() + "/language/:analyze-text"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Map<String, String> azure(Path store, String type, String password) {
        Map<String, String> config = new HashMap<>(Map.of("engine", "azure", "azure.endpoint", SERVER.endpoint(),
                "azure.key", "k-1", "azure.truststore.path", store.toString(), "azure.truststore.type", type));
        config.put("azure.truststore.password", password);
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12"})
    void aStoreWithTheServersCertificateOpensATlsConnectionTheJvmTrustWouldRefuse(String type, @TempDir Path dir)
            throws Exception {
        Path store = SERVER.writeTrustStore(dir, type, "store-pass-1");

        SSLContext context = AzureTrustStore.sslContext(store.toString(), type, new Password("store-pass-1"));

        assertThat(post(context)).as("TLS handshake done; the server answers that no key was sent").isEqualTo(401);
        assertThatThrownBy(() -> post(SSLContext.getDefault())).hasMessageContaining("PKIX");
    }

    @Test
    void anEmptyPasswordReadsPlainCertificatesAndPointsAtThePasswordForEncryptedOnes(@TempDir Path dir)
            throws Exception {
        Path jks = SERVER.writeTrustStore(dir, "JKS", "store-pass-1");
        Path pkcs12 = SERVER.writeTrustStore(dir, "PKCS12", "store-pass-1");

        assertThat(post(AzureTrustStore.sslContext(jks.toString(), "JKS", new Password("")))).isEqualTo(401);
        assertThatThrownBy(() -> new EnrichConfig(azure(pkcs12, "PKCS12", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no trusted certificate").hasMessageContaining("set azure.truststore.password");
    }

    @Test
    void aWrongPasswordNamesThePasswordKeyAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        Path store = SERVER.writeTrustStore(dir, "PKCS12", "store-pass-1");

        assertThatThrownBy(() -> new EnrichConfig(azure(store, "PKCS12", "guess-42")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("azure.truststore.password")
                .hasMessageContaining("does not open the truststore " + store)
                .hasMessageNotContaining("guess-42");
        Path jks = SERVER.writeTrustStore(dir, "JKS", "store-pass-1");
        assertThatThrownBy(() -> new EnrichConfig(azure(jks, "JKS", "guess-42")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("azure.truststore.password");
    }

    @Test
    void aMissingFileNamesThePathKey(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.p12");

        assertThatThrownBy(() -> new EnrichConfig(azure(missing, "PKCS12", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("azure.truststore.path").hasMessageContaining("no readable file");
        assertThatThrownBy(() -> new EnrichConfig(azure(dir, "PKCS12", "")))
                .as("a directory is not a store").isInstanceOf(ConfigException.class)
                .hasMessageContaining("azure.truststore.path");
    }

    @Test
    void anUnknownTypeOrAFileOfAnotherFormatIsExplained(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> new EnrichConfig(azure(pem, "PEM", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("azure.truststore.type");
        assertThatThrownBy(() -> new EnrichConfig(azure(pem, "JKS", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("azure.truststore.path").hasMessageContaining("not a readable JKS truststore")
                .hasMessageContaining("azure.truststore.type");
    }

    @Test
    void aStoreWithoutCertificatesIsRefused(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var out = Files.newOutputStream(empty)) {
            store.store(out, "p".toCharArray());
        }

        assertThatThrownBy(() -> new EnrichConfig(azure(empty, "PKCS12", "p")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no trusted certificate");
    }

    @Test
    void theOfflineEngineIgnoresTheTruststoreSettings(@TempDir Path dir) {
        Map<String, String> config = azure(dir.resolve("nowhere.p12"), "PKCS12", "");
        config.put("engine", "offline");

        assertThat(new EnrichConfig(config).azure()).isFalse();
    }
}

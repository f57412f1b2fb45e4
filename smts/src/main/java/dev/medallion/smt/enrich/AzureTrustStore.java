package dev.medallion.smt.enrich;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

/**
 * Turns the {@code azure.truststore.*} settings into the {@link SSLContext} the Azure engine's HTTP client uses, so it
 * reaches endpoints whose certificate the JVM does not trust (private endpoints, TLS-inspecting proxies). Exactly the
 * certificates in the store are trusted, as with Kafka's own {@code ssl.truststore.*}. Every way the store can fail
 * to open is a {@link ConfigException} naming the key to fix, raised when the transform is configured rather than
 * on the first record.
 */
final class AzureTrustStore {
    private AzureTrustStore() {
    }

    /**
     * @param path     the store file ({@link EnrichConfig#AZURE_TRUSTSTORE_PATH_CONFIG})
     * @param type     JKS or PKCS12
     * @param password empty to read the certificates without checking the store's integrity (JKS, or a PKCS12
     *                 store written without a password)
     */
    static SSLContext sslContext(String path, String type, Password password) {
        KeyStore store = load(path, type, password);
        try {
            if (!hasCertificate(store)) {
                // A PKCS12 store written with a password encrypts its certificates: without it they are invisible.
                String hint = password == null || password.value().isEmpty()
                        ? " (or they are encrypted: set " + EnrichConfig.AZURE_TRUSTSTORE_PASSWORD_CONFIG + ")" : "";
                throw new ConfigException(EnrichConfig.AZURE_TRUSTSTORE_PATH_CONFIG, path, "the truststore holds no"
                        + " trusted certificate" + hint + "; import the endpoint's CA with keytool -importcert");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(EnrichConfig.AZURE_TRUSTSTORE_PATH_CONFIG, path,
                    "the truststore's certificates cannot be used for TLS: " + e.getMessage());
        }
    }

    private static KeyStore load(String path, String type, Password password) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(EnrichConfig.AZURE_TRUSTSTORE_PATH_CONFIG, path,
                    "no readable file there; give the path of a JKS or PKCS12 truststore on every worker");
        }
        String secret = password == null ? "" : password.value();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, secret.isEmpty() ? null : secret.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                // Password's toString is "[hidden]": the value never reaches the message.
                throw new ConfigException(EnrichConfig.AZURE_TRUSTSTORE_PASSWORD_CONFIG, password,
                        "this password does not open the truststore " + path);
            }
            throw new ConfigException(EnrichConfig.AZURE_TRUSTSTORE_PATH_CONFIG, path, "not a readable " + type
                    + " truststore (" + e.getMessage() + "); check the file and "
                    + EnrichConfig.AZURE_TRUSTSTORE_TYPE_CONFIG);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(EnrichConfig.AZURE_TRUSTSTORE_TYPE_CONFIG, type,
                    "cannot read a truststore of this type: " + e.getMessage());
        }
    }

    private static boolean hasCertificate(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) != null) {
                return true;
            }
        }
        return false;
    }
}

package dev.medallion.adls.emulator.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's TLS identity: a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the
 * JDK's {@code keytool} at first use, and a trust store holding only that certificate for clients. One identity serves
 * every emulator of a JVM: hadoop-azure builds its TLS socket factory once per class loader from
 * {@link SSLContext#getDefault()}, so a second certificate in the same JVM would not be trusted.
 */
public final class SelfSignedCertificate {
    private static final String ALIAS = "adls-emulator";
    private static final char[] PASSWORD = "adls-emulator".toCharArray();
    private static SelfSignedCertificate shared;

    private final Path keyStore;
    private final Path trustStore;

    private SelfSignedCertificate(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /** This JVM's identity, generated on first call (about a second: keytool runs as a child process). */
    public static synchronized SelfSignedCertificate shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("adls-emulator-tls");
                dir.toFile().deleteOnExit();
                shared = generate(dir);
                shared.keyStore.toFile().deleteOnExit();
                shared.trustStore.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the ADLS emulator's TLS certificate", e);
            }
        }
        return shared;
    }

    /** Generates a key store and a trust store in {@code dir} (for the standalone emulator's data directory). */
    public static SelfSignedCertificate generate(Path dir) {
        Path keyStore = dir.resolve("adls-emulator-keystore.p12");
        Path trustStore = dir.resolve("adls-emulator-truststore.p12");
        try {
            Files.deleteIfExists(keyStore);
            String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", "3650", "-dname", "CN=localhost",
                    "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool could not create the emulator's certificate: " + output);
            }
            KeyStore keys = load(keyStore);
            Certificate certificate = keys.getCertificate(ALIAS);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, PASSWORD);
            }
            return new SelfSignedCertificate(keyStore, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the ADLS emulator's TLS certificate in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create the ADLS emulator's TLS certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the ADLS emulator's TLS certificate", e);
        }
    }

    /** The server side: this certificate and its key. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not load the emulator's key store " + keyStore, e);
        }
    }

    /**
     * A client context that trusts this certificate and the JDK's default certificate authorities, so a JVM can make
     * it its default without losing access to real services.
     */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            Path cacerts = Paths.get(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.isRegularFile(cacerts)) {
                try (InputStream in = Files.newInputStream(cacerts)) {
                    trusted.load(in, null);
                }
            } else {
                trusted.load(null, null);
            }
            trusted.setCertificateEntry(ALIAS, load(trustStore).getCertificate(ALIAS));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not load the emulator's trust store " + trustStore, e);
        }
    }

    /** PKCS12 trust store with the certificate, for {@code -Djavax.net.ssl.trustStore} in another JVM. */
    public Path trustStore() {
        return trustStore;
    }

    /** Password of {@link #trustStore()} (not a secret: the store holds only a public certificate). */
    public String trustStorePassword() {
        return new String(PASSWORD);
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }
}

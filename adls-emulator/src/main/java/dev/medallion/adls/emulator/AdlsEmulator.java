package dev.medallion.adls.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.medallion.adls.emulator.fault.Faults;
import dev.medallion.adls.emulator.http.AccountSas;
import dev.medallion.adls.emulator.http.DfsHandler;
import dev.medallion.adls.emulator.http.TokenIssuer;
import dev.medallion.adls.emulator.store.FileSystemStore;
import dev.medallion.adls.emulator.tls.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An ADLS Gen2 storage account (hierarchical namespace) served on the {@code dfs} REST API from local disk, for the
 * hadoop-azure ABFS driver: tests, demos and the quickstart use it in place of a real account. HTTPS with a
 * self-signed certificate by default (the driver insists on TLS for {@code abfss://} and for OAuth); clients reach it
 * by setting {@code fs.azure.abfs.endpoint} to {@link #endpoint()} and trusting the certificate
 * ({@link #trustCertificateInThisJvm()}).
 *
 * <pre>{@code
 * try (AdlsEmulator adls = AdlsEmulator.builder().fileSystem("lakehouse").build().start()) {
 *     Configuration conf = new Configuration();
 *     adls.sharedKeySettings().forEach(conf::set);
 *     FileSystem fs = FileSystem.get(URI.create(adls.uri("lakehouse", "")), conf);
 * }
 * }</pre>
 */
public final class AdlsEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdlsEmulator.class);

    private final Builder config;
    private final FileSystemStore store;
    private final Faults faults = new Faults();
    private final TokenIssuer tokens;
    private final boolean ownsDataDir;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private AdlsEmulator(Builder config) {
        this.config = config;
        Path dataDir = config.dataDir;
        this.ownsDataDir = dataDir == null;
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("adls-emulator");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a data directory for the ADLS emulator", e);
            }
        }
        this.store = new FileSystemStore(dataDir.resolve(config.account));
        this.tokens = new TokenIssuer(config.tokenLifetime);
        config.oauthClients.forEach(c -> tokens.register(c[0], c[1], c[2]));
        this.port = config.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port (the same one again after {@link #stop()}) and creates the builder's filesystems. */
    public synchronized AdlsEmulator start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.host), port);
            if (config.tls) {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(SelfSignedCertificate.shared().serverContext()));
                server = https;
            } else {
                server = HttpServer.create(address, 64);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ADLS emulator could not bind " + config.host + ":" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "adls-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", new DfsHandler(config.account, config.accountKey, store, faults, tokens,
                config.sharedKey, config.sas, config.tls));
        server.start();
        port = server.getAddress().getPort();
        for (String fileSystem : config.fileSystems) {
            if (!Files.isDirectory(store.root().resolve(fileSystem))) {
                store.createFileSystem(fileSystem, null);
            }
        }
        LOG.info("ADLS Gen2 emulator for account {} listening on {}://{}:{} (data in {}), started in {} ms",
                config.account, config.tls ? "https" : "http", config.host, port, store.root(),
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /** Stops listening; the data stays (on disk) and {@link #start()} serves it again on the same port. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Stops and, when the builder named no data directory, deletes the temporary one. */
    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            try (Stream<Path> all = Files.walk(store.root().getParent())) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("Could not delete the ADLS emulator's data directory {}", store.root().getParent(), e);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code host:port}, the value of hadoop-azure's {@code fs.azure.abfs.endpoint}. */
    public String endpoint() {
        return config.host + ":" + port;
    }

    public String accountName() {
        return config.account;
    }

    /** The account key (base64), for Shared Key authentication. */
    public String accountKey() {
        return config.accountKey;
    }

    /** The account's host name as ABFS URIs carry it: {@code <account>.dfs.core.windows.net}. */
    public String accountHost() {
        return config.account + ".dfs.core.windows.net";
    }

    /** {@code abfss://<fileSystem>@<account>.dfs.core.windows.net/<path>} ({@code abfs://} without TLS). */
    public String uri(String fileSystem, String path) {
        return (config.tls ? "abfss" : "abfs") + "://" + fileSystem + "@" + accountHost() + "/"
                + path.replaceAll("^/+", "");
    }

    /** Where the token endpoint lives: use as Entra ID authority host ({@code <host>/<tenant>/oauth2/token}). */
    public String authorityHost() {
        return (config.tls ? "https" : "http") + "://" + endpoint();
    }

    /** An account SAS signed with the account key (permissions out of {@code racwdl}). */
    public String accountSas(String permissions, Instant expiry) {
        return new AccountSas(config.account, config.accountKey).create(permissions, expiry);
    }

    /** The directory that holds a filesystem's files. */
    public Path fileSystemDirectory(String fileSystem) {
        return store.root().resolve(fileSystem);
    }

    public Faults faults() {
        return faults;
    }

    public boolean tls() {
        return config.tls;
    }

    /** hadoop-azure settings that point the driver here, without authentication. */
    public Map<String, String> endpointSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.azure.abfs.endpoint", endpoint());
        if (!config.tls) {
            s.put("fs.azure.always.use.https", "false");
        }
        return s;
    }

    /** hadoop-azure settings for Shared Key authentication with the account key. */
    public Map<String, String> sharedKeySettings() {
        Map<String, String> s = endpointSettings();
        s.put("fs.azure.account.auth.type." + accountHost(), "SharedKey");
        s.put("fs.azure.account.key." + accountHost(), config.accountKey);
        return s;
    }

    /** hadoop-azure settings for a fixed SAS token. */
    public Map<String, String> sasSettings(String sasToken) {
        Map<String, String> s = endpointSettings();
        s.put("fs.azure.account.auth.type." + accountHost(), "SAS");
        s.put("fs.azure.sas.fixed.token." + accountHost(), sasToken);
        return s;
    }

    /** hadoop-azure settings for OAuth client credentials against the local token endpoint. */
    public Map<String, String> oauthSettings(String tenant, String clientId, String clientSecret) {
        Map<String, String> s = endpointSettings();
        s.put("fs.azure.account.auth.type." + accountHost(), "OAuth");
        s.put("fs.azure.account.oauth.provider.type." + accountHost(),
                "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider");
        s.put("fs.azure.account.oauth2.client.endpoint." + accountHost(),
                authorityHost() + "/" + tenant + "/oauth2/token");
        s.put("fs.azure.account.oauth2.client.id." + accountHost(), clientId);
        s.put("fs.azure.account.oauth2.client.secret." + accountHost(), clientSecret);
        return s;
    }

    /**
     * Retry settings that keep the driver's back-off short (its defaults wait 3 to 30 s between attempts), for tests
     * that inject faults.
     */
    public static Map<String, String> fastRetrySettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.azure.io.retry.min.backoff.interval", "10");
        s.put("fs.azure.io.retry.max.backoff.interval", "200");
        s.put("fs.azure.io.retry.backoff.interval", "50");
        s.put("fs.azure.io.retry.max.retries", "10");
        return s;
    }

    /**
     * Makes this JVM trust the emulator's certificate (besides the JDK's authorities) by replacing the default
     * {@link SSLContext}. Call it before the first ABFS request of the JVM: the driver captures the default context
     * once.
     */
    public static synchronized void trustCertificateInThisJvm() {
        if (!trusted) {
            SSLContext.setDefault(SelfSignedCertificate.shared().clientContext());
            trusted = true;
        }
    }

    private static boolean trusted;

    /** The PKCS12 trust store with the emulator's certificate, for another JVM's {@code javax.net.ssl.trustStore}. */
    public static Path trustStore() {
        return SelfSignedCertificate.shared().trustStore();
    }

    public static String trustStorePassword() {
        return SelfSignedCertificate.shared().trustStorePassword();
    }

    /** Settings of an emulator; {@link #build()} makes it, {@link AdlsEmulator#start()} starts it. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String account = "medallionlake";
        private String accountKey = randomKey();
        private Path dataDir;
        private final List<String> fileSystems = new ArrayList<>();
        private final List<String[]> oauthClients = new ArrayList<>();
        private boolean sharedKey = true;
        private boolean sas = true;
        private boolean tls = true;
        private Duration tokenLifetime = Duration.ofHours(1);

        private Builder() {
        }

        /** Port to listen on; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Address to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Storage account name (default {@code medallionlake}): 3-24 lower-case letters and digits. */
        public Builder account(String account) {
            if (!account.matches("[a-z0-9]{3,24}")) {
                throw new IllegalArgumentException("An account name has 3-24 lower-case letters and digits: "
                        + account);
            }
            this.account = account;
            return this;
        }

        /** Account key, base64 (default: a random 64-byte key). */
        public Builder accountKey(String base64Key) {
            Base64.getDecoder().decode(base64Key);
            this.accountKey = base64Key;
            return this;
        }

        /** Where data lives (default: a temporary directory deleted by {@link AdlsEmulator#close()}). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** A filesystem (container) created at start unless it exists. */
        public Builder fileSystem(String name) {
            fileSystems.add(name);
            return this;
        }

        /** A service principal the local token endpoint issues bearer tokens to. */
        public Builder oauthClient(String tenant, String clientId, String clientSecret) {
            oauthClients.add(new String[] {tenant, clientId, clientSecret});
            return this;
        }

        /** Whether Shared Key requests are accepted (default true). */
        public Builder sharedKey(boolean allowed) {
            this.sharedKey = allowed;
            return this;
        }

        /** Whether SAS requests are accepted (default true). */
        public Builder sas(boolean allowed) {
            this.sas = allowed;
            return this;
        }

        /** HTTPS (default) or plain HTTP ({@code abfs://} with {@code fs.azure.always.use.https=false}). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public AdlsEmulator build() {
            return new AdlsEmulator(this);
        }

        private static String randomKey() {
            byte[] key = new byte[64];
            new SecureRandom().nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        }
    }
}

package dev.medallion.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTPS server that answers the Azure AI Language {@code :analyze-text} API (version 2023-04-01, the one SDK
 * 5.4 speaks) with the response shapes the service returns, so the real SDK client runs end to end: request
 * serialisation, key header, retries on 503, per-document errors, response parsing. HTTPS because the SDK refuses to
 * send a key over plain HTTP; the certificate is made by the JDK's keytool for localhost.
 *
 * <p>Answers are derived from the text so tests can check them: "good" means positive and "bad" negative sentiment,
 * "Seattle" is a Location entity, the first word longer than three letters is the key phrase, texts with "REJECT" get
 * a per-document error.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final LocalTextAnalyticsServer SERVER =
 * LocalTextAnalyticsServer.start();}) it forgets received requests and scripted failures before each test and stops
 * after the class. This module's test jar (classifier {@code tests}) carries it, so the transforms' tests run the
 * Enrich transform against it too.
 */
public final class LocalTextAnalyticsServer implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
    public static final String KEY = "local-test-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the server received: its kind, document count, key and the characters of text it carried. */
    public record Received(String kind, int documents, String key, int chars) {
    }

    private final HttpsServer server;
    private final SSLContext sslContext;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private volatile int alwaysStatus;
    private volatile long delayMillis;
    /** Counted down to end every pending slow answer at once (before each test, at close). */
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-azure-handler");
        t.setDaemon(true);
        return t;
    });

    public LocalTextAnalyticsServer() throws Exception {
        Path keystore = keystore();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        sslContext = SSLContext.getInstance("TLS");
        sslContext.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
        server.createContext("/", this::handle);
        // One thread per request: a slow answer must not hold back the requests behind it.
        server.setExecutor(handlers);
        server.start();
    }

    /** Starts a server; for a static extension field, where checked exceptions cannot be thrown. */
    public static LocalTextAnalyticsServer start() {
        try {
            return new LocalTextAnalyticsServer();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the local Azure server", e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        received.clear();
        failAlways(0);
        answerAfter(Duration.ZERO);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private static Path keystore;

    /** One certificate per test JVM: keytool takes seconds on a busy machine. */
    private static synchronized Path keystore() throws Exception {
        if (keystore != null) {
            return keystore;
        }
        Path dir = Files.createTempDirectory("local-azure-tls");
        Path file = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0 || !Files.exists(file)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        keystore = file;
        return file;
    }

    public String endpoint() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    /**
     * Writes a truststore holding only this server's certificate (no private key), as a client of a private endpoint
     * would receive it, and returns its path.
     *
     * @param type JKS or PKCS12
     */
    public Path writeTrustStore(Path dir, String type, String password) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore())) {
            server.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(type);
        trust.load(null, null);
        trust.setCertificateEntry("local-azure", server.getCertificate("localhost"));
        Path file = dir.resolve("local-azure-truststore." + type.toLowerCase(Locale.ROOT));
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, password.toCharArray());
        }
        return file;
    }

    /** A client-side SSL context trusting this server's certificate. */
    public SSLContext clientSslContext() {
        return sslContext;
    }

    public List<Received> received() {
        return received;
    }

    /** The next requests get these statuses (e.g. 503 twice) before normal answers resume. */
    public synchronized void failNext(int... statuses) {
        for (int s : statuses) {
            scriptedStatuses.add(s);
        }
    }

    /**
     * Every request is held this long after it was received before it is answered, as an overloaded service would
     * (zero: answer at once). Setting it ends the pending slow answers.
     */
    public void answerAfter(Duration delay) {
        CountDownLatch previous = release;
        release = new CountDownLatch(1);
        delayMillis = delay.toMillis();
        previous.countDown();
    }

    private void delay() {
        long millis = delayMillis;
        if (millis > 0) {
            try {
                release.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every request gets this status until set back to 0. */
    public void failAlways(int status) {
        alwaysStatus = status;
    }

    private synchronized Integer nextScripted() {
        return scriptedStatuses.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().startsWith("/openai/deployments/")) {
            handleChat(exchange);
            return;
        }
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String key = exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key");
            String kind = request.path("kind").asText();
            JsonNode documents = request.path("analysisInput").path("documents");
            int chars = 0;
            for (JsonNode doc : documents) {
                chars += doc.path("text").asText().length();
            }
            received.add(new Received(kind, documents.size(), key, chars));
            delay();
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().add("apim-request-id", "00000000-0000-0000-0000-000000000001");
            if (!KEY.equals(key)) {
                send(exchange, 401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid"
                        + " subscription key or wrong API endpoint. Make sure to provide a valid key for an active"
                        + " subscription and use a correct regional API endpoint for your resource.\"}}");
                return;
            }
            Integer scripted = nextScripted();
            int status = scripted != null ? scripted : alwaysStatus;
            if (status != 0) {
                send(exchange, status, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"The service is"
                        + " temporarily unavailable.\"}}");
                return;
            }
            send(exchange, 200, JSON.writeValueAsString(answer(kind, documents)));
        }
    }

    /** Azure OpenAI chat completions (api-version 2024-06-01 shape); the "summary" is the first six words. */
    private void handleChat(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String key = exchange.getRequestHeaders().getFirst("api-key");
            received.add(new Received("ChatCompletion", request.path("messages").size(), key,
                    request.path("messages").path(1).path("content").asText().length()));
            delay();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (!KEY.equals(key)) {
                send(exchange, 401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid"
                        + " subscription key or wrong API endpoint.\"}}");
                return;
            }
            Integer scripted = nextScripted();
            int status = scripted != null ? scripted : alwaysStatus;
            if (status != 0) {
                send(exchange, status, "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create"
                        + " Operation have exceeded the call rate limit.\"}}");
                return;
            }
            String user = request.path("messages").path(1).path("content").asText();
            String[] words = user.split("\\s+");
            String summary = String.join(" ", java.util.Arrays.copyOf(words, Math.min(6, words.length)));
            ObjectNode response = JSON.createObjectNode();
            response.put("id", "chatcmpl-local-1");
            response.put("object", "chat.completion");
            response.put("created", 1795579200L);
            response.put("model", "gpt-4o-mini");
            ObjectNode choice = response.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", " " + summary + " ");
            ObjectNode usage = response.putObject("usage");
            usage.put("prompt_tokens", 40);
            usage.put("completion_tokens", 8);
            usage.put("total_tokens", 48);
            send(exchange, 200, JSON.writeValueAsString(response));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status == 503 || status == 429) {
            exchange.getResponseHeaders().add("Retry-After", "0");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ObjectNode answer(String kind, JsonNode documents) {
        ObjectNode response = JSON.createObjectNode();
        response.put("kind", kind + "Results");
        ObjectNode results = response.putObject("results");
        ArrayNode docs = results.putArray("documents");
        ArrayNode errors = results.putArray("errors");
        for (JsonNode doc : documents) {
            String id = doc.path("id").asText();
            String text = doc.path("text").asText();
            if (text.contains("REJECT")) {
                ObjectNode error = errors.addObject();
                error.put("id", id);
                ObjectNode e = error.putObject("error");
                e.put("code", "InvalidArgument");
                e.put("message", "Invalid document in request.");
                ObjectNode inner = e.putObject("innererror");
                inner.put("code", "InvalidDocument");
                inner.put("message", "Document text is not valid.");
                continue;
            }
            ObjectNode out = docs.addObject();
            out.put("id", id);
            switch (kind) {
                case "LanguageDetection" -> {
                    ObjectNode lang = out.putObject("detectedLanguage");
                    lang.put("name", "English");
                    lang.put("iso6391Name", "en");
                    lang.put("confidenceScore", 0.99);
                }
                case "SentimentAnalysis" -> {
                    String lower = text.toLowerCase(Locale.ROOT);
                    String label = lower.contains("good") ? "positive" : lower.contains("bad") ? "negative" : "neutral";
                    double pos = label.equals("positive") ? 0.97 : 0.01;
                    double neg = label.equals("negative") ? 0.96 : 0.01;
                    out.put("sentiment", label);
                    scores(out.putObject("confidenceScores"), pos, neg);
                    ObjectNode sentence = out.putArray("sentences").addObject();
                    sentence.put("sentiment", label);
                    scores(sentence.putObject("confidenceScores"), pos, neg);
                    sentence.put("offset", 0);
                    sentence.put("length", text.length());
                    sentence.put("text", text);
                }
                case "EntityRecognition" -> {
                    ArrayNode entities = out.putArray("entities");
                    int at = text.indexOf("Seattle");
                    if (at >= 0) {
                        ObjectNode e = entities.addObject();
                        e.put("text", "Seattle");
                        e.put("category", "Location");
                        e.put("subcategory", "GPE");
                        e.put("offset", at);
                        e.put("length", 7);
                        e.put("confidenceScore", 0.98);
                    }
                }
                case "KeyPhraseExtraction" -> {
                    ArrayNode phrases = out.putArray("keyPhrases");
                    for (String word : text.split("\\W+")) {
                        if (word.length() > 3) {
                            phrases.add(word);
                            break;
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unexpected kind " + kind);
            }
            out.putArray("warnings");
        }
        results.put("modelVersion", "2022-11-01");
        return response;
    }

    private static void scores(ObjectNode node, double positive, double negative) {
        node.put("positive", positive);
        node.put("neutral", Math.round((1.0 - positive - negative) * 100) / 100.0);
        node.put("negative", negative);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}

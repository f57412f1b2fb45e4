package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few Kafka Connect REST calls the quickstart makes, as plain HTTP + JSON (the same requests as the {@code curl}
 * lines in {@code connect-configs/README.md}).
 */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRest(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Waits until {@code GET /} answers (the worker joined its group and serves requests). */
    public void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = send("GET", "/connectors", null);
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            sleep(250);
        }
        throw new IllegalStateException("The Connect REST API at " + baseUrl + " did not answer within " + timeout, last);
    }

    /** {@code PUT /connectors/{name}/config}; a 4xx answer (e.g. an invalid config) is thrown with Connect's message. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        try {
            HttpResponse<String> response = send("PUT", "/connectors/" + encode(name) + "/config",
                    JSON.writeValueAsString(config));
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw new IllegalStateException("Connect refused the config of connector '" + name + "' (HTTP "
                        + response.statusCode() + "): " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not send the config of connector '" + name + "' to " + baseUrl, e);
        }
    }

    /** Whether a connector of that name exists (its config is stored in the Connect cluster). */
    public boolean exists(String name) {
        try {
            return send("GET", "/connectors/" + encode(name), null).statusCode() == 200;
        } catch (IOException e) {
            throw new IllegalStateException("Could not ask " + baseUrl + " for connector '" + name + "'", e);
        }
    }

    /**
     * Forgets a connector's committed source offsets (KIP-875): stops it, waits for STOPPED, deletes its offsets.
     * The connector stays stopped; {@link #resume} starts it again.
     */
    public void resetOffsets(String name, Duration timeout) {
        expect("PUT", "/connectors/" + encode(name) + "/stop", 202, 204);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!states(name).stream().findFirst().orElse("").endsWith("STOPPED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Connector '" + name + "' did not stop within " + timeout);
            }
            sleep(250);
        }
        expect("DELETE", "/connectors/" + encode(name) + "/offsets", 200);
    }

    public void resume(String name) {
        expect("PUT", "/connectors/" + encode(name) + "/resume", 202, 204);
    }

    private void expect(String method, String path, int... codes) {
        try {
            HttpResponse<String> response = send(method, path, null);
            for (int code : codes) {
                if (response.statusCode() == code) {
                    return;
                }
            }
            throw new IllegalStateException(method + " " + path + " answered HTTP " + response.statusCode() + ": "
                    + response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " on " + baseUrl + " failed", e);
        }
    }

    /** Connector and task states, e.g. {@code RUNNING}, {@code FAILED: <trace head>}; empty when unknown yet. */
    public List<String> states(String name) {
        try {
            HttpResponse<String> response = send("GET", "/connectors/" + encode(name) + "/status", null);
            if (response.statusCode() != 200) {
                return List.of();
            }
            JsonNode status = JSON.readTree(response.body());
            List<String> states = new ArrayList<>();
            states.add(describe("connector", status.path("connector")));
            status.path("tasks").forEach(task -> states.add(describe("task " + task.path("id").asText(), task)));
            return states;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code GET /connectors?expand=status}: every connector's and task's state, with the trace of failed ones. */
    public JsonNode statuses() {
        return getJson("/connectors?expand=status");
    }

    /** {@code GET /connectors/{name}/offsets} (KIP-875): the connector's committed offsets. */
    public JsonNode offsets(String name) {
        return getJson("/connectors/" + encode(name) + "/offsets");
    }

    private JsonNode getJson(String path) {
        try {
            HttpResponse<String> response = send("GET", path, null);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered HTTP " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " on " + baseUrl + " failed", e);
        }
    }

    /** Waits until the connector and at least one task run; fails fast with the trace if one FAILED. */
    public void awaitRunning(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> states = List.of();
        while (System.nanoTime() < deadline) {
            states = states(name);
            if (states.stream().anyMatch(s -> s.contains("FAILED"))) {
                throw new IllegalStateException("Connector '" + name + "' failed: " + states);
            }
            if (states.size() > 1 && states.stream().allMatch(s -> s.endsWith("RUNNING"))) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("Connector '" + name + "' was not RUNNING within " + timeout + ": " + states);
    }

    private static String describe(String what, JsonNode state) {
        String text = what + " " + state.path("state").asText();
        if (state.has("trace")) {
            String trace = state.get("trace").asText();
            text += ": " + trace.substring(0, Math.min(trace.length(), 600));
        }
        return text;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

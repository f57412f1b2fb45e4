package dev.medallion.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * Talks to a Kafka Connect worker's REST API the way an operator does (plain HTTP + JSON), so tests exercise the same
 * surface as {@code curl -X PUT localhost:8083/connectors/<name>/config}.
 */
public final class ConnectRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRestClient(String baseUrl) {
        this.baseUri = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    public URI baseUri() {
        return baseUri;
    }

    /** One entry of {@code GET /connector-plugins}. */
    public record PluginInfo(String className, String type, String version) {
    }

    /** {@code GET /connector-plugins?connectorsOnly=...}. */
    public List<PluginInfo> connectorPlugins(boolean connectorsOnly) {
        JsonNode body = send("GET", "connector-plugins?connectorsOnly=" + connectorsOnly, null, 200);
        List<PluginInfo> plugins = new ArrayList<>();
        body.forEach(p -> plugins.add(new PluginInfo(p.path("class").asText(), p.path("type").asText(),
                p.path("version").asText())));
        return plugins;
    }

    /** {@code PUT /connectors/{name}/config}: creates or updates a connector. */
    public JsonNode putConnectorConfig(String name, Map<String, String> config) {
        return send("PUT", "connectors/" + encode(name) + "/config", toJson(config), 200, 201);
    }

    /** {@code PUT /connector-plugins/{plugin}/config/validate}; the response holds per-key errors. */
    public JsonNode validateConfig(String pluginClassOrAlias, Map<String, String> config) {
        return send("PUT", "connector-plugins/" + encode(pluginClassOrAlias) + "/config/validate", toJson(config), 200);
    }

    /** {@code GET /connectors/{name}/status}. */
    public JsonNode connectorStatus(String name) {
        return send("GET", "connectors/" + encode(name) + "/status", null, 200);
    }

    /** {@code GET /connectors/{name}/offsets}. */
    public JsonNode connectorOffsets(String name) {
        return send("GET", "connectors/" + encode(name) + "/offsets", null, 200);
    }

    public void deleteConnector(String name) {
        send("DELETE", "connectors/" + encode(name), null, 200, 204);
    }

    /** {@code POST /connectors/{name}/restart?includeTasks=true}. */
    public void restartConnectorAndTasks(String name) {
        send("POST", "connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=false", null, 200, 202, 204);
    }

    /** Waits until the connector and exactly {@code tasks} tasks report RUNNING; fails early when one FAILED. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        Await.until(timeout, "connector " + name + " RUNNING with " + tasks + " task(s)", () -> {
            JsonNode status = connectorStatus(name);
            List<String> taskStates = new ArrayList<>();
            status.path("tasks").forEach(t -> {
                if ("FAILED".equals(t.path("state").asText())) {
                    throw new AssertionError("Task " + t.path("id").asText() + " of " + name + " FAILED: "
                            + t.path("trace").asText());
                }
                taskStates.add(t.path("state").asText());
            });
            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                throw new AssertionError("Connector " + name + " FAILED: " + status.path("connector").path("trace").asText());
            }
            return "RUNNING".equals(status.path("connector").path("state").asText())
                    && taskStates.size() == tasks
                    && taskStates.stream().allMatch("RUNNING"::equals);
        });
    }

    /** Sends a request and returns the JSON body; any status outside {@code expectedStatuses} is an error. */
    public JsonNode send(String method, String path, String jsonBody, int... expectedStatuses) {
        HttpRequest.BodyPublisher body = jsonBody == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int expected : expectedStatuses) {
                if (response.statusCode() == expected) {
                    String text = response.body();
                    return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
                }
            }
            throw new ConnectRestException(method, path, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
    }

    /** A REST call answered with an unexpected status; carries the status and body for assertions. */
    public static final class ConnectRestException extends RuntimeException {
        private final int status;
        private final String body;

        ConnectRestException(String method, String path, int status, String body) {
            super(method + " " + path + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

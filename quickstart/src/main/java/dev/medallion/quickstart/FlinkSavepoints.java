package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Stops the Flink SQL job with a savepoint through Flink's REST API ({@code POST /jobs/:id/stop}) and remembers where
 * it went, so the next run restores the job from it: the Kafka source continues at the exact offsets and the dedupe
 * state survives, which is what keeps silver free of duplicates across a Ctrl-C and restart.
 */
public final class FlinkSavepoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String restUrl;
    private final Path directory;
    private final Path pointer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code directory} holds the savepoints; the file {@code latest} in it names the newest one. */
    public FlinkSavepoints(String restUrl, Path directory) {
        this.restUrl = restUrl;
        this.directory = directory;
        this.pointer = directory.resolve("latest");
    }

    /** The savepoint of the previous clean stop, if any (and if it still exists). */
    public Optional<String> latest() {
        try {
            if (!Files.exists(pointer)) {
                return Optional.empty();
            }
            String location = Files.readString(pointer).trim();
            return Files.exists(Path.of(URI.create(location))) ? Optional.of(location) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Takes a savepoint, stops the job, records the location; returns it. */
    public String stopWithSavepoint(String jobId, Duration timeout) {
        try {
            Files.createDirectories(directory);
            String body = JSON.writeValueAsString(Map.of("targetDirectory", directory.toUri().toString(),
                    "drain", false));
            JsonNode trigger = send("POST", "/jobs/" + jobId + "/stop", body);
            String requestId = trigger.path("request-id").asText();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode status = send("GET", "/jobs/" + jobId + "/savepoints/" + requestId, null);
                if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                    JsonNode operation = status.path("operation");
                    if (operation.has("failure-cause")) {
                        throw new IllegalStateException("Savepoint of job " + jobId + " failed: "
                                + operation.path("failure-cause").path("stack-trace").asText().lines().findFirst()
                                .orElse("?"));
                    }
                    String location = operation.path("location").asText();
                    Files.writeString(pointer, location);
                    return location;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("Savepoint of job " + jobId + " not done within " + timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop job " + jobId + " with a savepoint via " + restUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping job " + jobId, e);
        }
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}

package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the Flink job's state and its exception history through Flink's REST API ({@code GET /jobs/:id},
 * {@code /jobs/:id/exceptions}) for the progress line and the summary; {@link PipelineHealth#ofFlinkJob} judges them.
 */
public final class FlinkJobWatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String restUrl;
    private final String jobId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkJobWatcher(String restUrl, String jobId) {
        this.restUrl = restUrl;
        this.jobId = jobId;
    }

    public PipelineHealth health() {
        try {
            return PipelineHealth.ofFlinkJob(get("/jobs/" + jobId), get("/jobs/" + jobId + "/exceptions"));
        } catch (IOException e) {
            return PipelineHealth.unreadable("flink job", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PipelineHealth.unreadable("flink job", "interrupted");
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(restUrl + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}

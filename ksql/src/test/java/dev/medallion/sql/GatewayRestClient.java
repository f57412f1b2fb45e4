package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL Gateway's REST calls exactly as docs/sql-gateway.md shows them with curl (same methods, paths and bodies),
 * so the tests exercise the documented sequence: open a session, submit a statement, fetch results page by page
 * (following {@code nextResultUri}), close the operation, close the session.
 */
final class GatewayRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    GatewayRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code curl -X POST $GW/v3/sessions -H 'Content-Type: application/json' -d '{}'} → sessionHandle. */
    String openSession() {
        return call("POST", "/v3/sessions", "{}").get("sessionHandle").asText();
    }

    /** {@code curl -X POST $GW/v3/sessions/$S/statements -d '{"statement": "..."}'} → operationHandle. */
    String submit(String session, String statement) {
        ObjectNode body = JSON.createObjectNode().put("statement", statement);
        return call("POST", "/v3/sessions/" + session + "/statements", body.toString()).get("operationHandle").asText();
    }

    /** {@code curl $GW/v3/sessions/$S/operations/$O/result/0?rowFormat=JSON}, then each {@code nextResultUri}. */
    JsonNode fetch(String uri) {
        return call("GET", uri, null);
    }

    static String firstPage(String session, String operation) {
        return "/v3/sessions/" + session + "/operations/" + operation + "/result/0?rowFormat=JSON";
    }

    /** Fetches pages until EOS; returns every row ({@code {"kind": "INSERT", "fields": [...]}}) in order. */
    List<JsonNode> fetchAll(String session, String operation) {
        List<JsonNode> rows = new ArrayList<>();
        String next = firstPage(session, operation);
        while (next != null) {
            JsonNode page = fetch(next);
            page.path("results").path("data").forEach(rows::add);
            next = page.hasNonNull("nextResultUri") ? page.get("nextResultUri").asText() : null;
        }
        return rows;
    }

    /** {@code curl -X DELETE $GW/v3/sessions/$S/operations/$O/close}: a running query's job is cancelled. */
    String closeOperation(String session, String operation) {
        return call("DELETE", "/v3/sessions/" + session + "/operations/" + operation + "/close", null)
                .get("status").asText();
    }

    /** {@code curl -X DELETE $GW/v3/sessions/$S}. */
    String closeSession(String session) {
        return call("DELETE", "/v3/sessions/" + session, null).get("status").asText();
    }

    JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + method + " " + path, e);
        }
    }
}

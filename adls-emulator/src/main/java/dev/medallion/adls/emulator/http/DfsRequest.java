package dev.medallion.adls.emulator.http;

import com.sun.net.httpserver.HttpExchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the dfs endpoint, taken apart: the effective method ({@code X-Http-Method-Override} wins, as the
 * ABFS driver sends PATCH as PUT with that header), account, filesystem and path (decoded), query parameters
 * (decoded) and headers with lower-case names. URLs have the emulator form {@code /<account>/<filesystem>/<path>},
 * which hadoop-azure uses when {@code fs.azure.abfs.endpoint} names an {@code ip:port}.
 */
final class DfsRequest {
    final HttpExchange exchange;
    final String method;
    final String account;
    final String fileSystem;
    final String path;
    final Map<String, String> query;
    final Map<String, List<String>> headers;

    private DfsRequest(HttpExchange exchange, String method, String account, String fileSystem, String path,
                       Map<String, String> query, Map<String, List<String>> headers) {
        this.exchange = exchange;
        this.method = method;
        this.account = account;
        this.fileSystem = fileSystem;
        this.path = path;
        this.query = query;
        this.headers = headers;
    }

    static DfsRequest parse(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        String override = first(headers, "x-http-method-override");
        String method = override != null ? override.toUpperCase(Locale.ROOT) : exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        String account = segments.size() > 0 ? segments.get(0) : "";
        String fileSystem = segments.size() > 1 ? segments.get(1) : "";
        String path = segments.size() > 2 ? String.join("/", segments.subList(2, segments.size())) : "";
        return new DfsRequest(exchange, method, account, fileSystem, path,
                parseQuery(exchange.getRequestURI().getRawQuery()), headers);
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.putIfAbsent(decode(name), decode(value));
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    String header(String name) {
        return first(headers, name);
    }

    String query(String name) {
        return query.get(name);
    }

    boolean queryFlag(String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }

    boolean isHead() {
        return "HEAD".equals(exchange.getRequestMethod());
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

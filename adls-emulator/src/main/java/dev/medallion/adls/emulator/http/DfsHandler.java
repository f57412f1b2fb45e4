package dev.medallion.adls.emulator.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.medallion.adls.emulator.fault.Fault;
import dev.medallion.adls.emulator.fault.Faults;
import dev.medallion.adls.emulator.fault.Operation;
import dev.medallion.adls.emulator.store.FileSystemStore;
import dev.medallion.adls.emulator.store.ListPage;
import dev.medallion.adls.emulator.store.PathStatus;
import dev.medallion.adls.emulator.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The dfs endpoint: maps each request to a Data Lake Storage Gen2 REST operation (Filesystem Create / Get Properties
 * / Delete / List Paths, Path Create / Update (append, flush, properties, access control) / Read / Get Properties /
 * Delete, rename as Path Create with {@code x-ms-rename-source}), applies an injected fault if one is due,
 * authenticates it and answers with the status codes, headers and JSON error bodies the ABFS driver reads.
 */
public final class DfsHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DfsHandler.class);
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).withLocale(Locale.ROOT);
    private static final int MAX_LIST_RESULTS = 5000;

    private final String account;
    private final FileSystemStore store;
    private final Faults faults;
    private final RequestAuthenticator authenticator;
    private final TokenIssuer tokens;

    public DfsHandler(String account, String accountKey, FileSystemStore store, Faults faults, TokenIssuer tokens,
                      boolean sharedKeyAllowed, boolean sasAllowed, boolean https) {
        this.account = account;
        this.store = store;
        this.faults = faults;
        this.tokens = tokens;
        this.authenticator = new RequestAuthenticator(new SharedKeySignature(account, accountKey),
                new AccountSas(account, accountKey), tokens, sharedKeyAllowed, sasAllowed, https);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        DfsRequest request = DfsRequest.parse(exchange);
        try {
            if ("POST".equals(request.method) && exchange.getRequestURI().getPath().endsWith("/oauth2/token")) {
                applyFault(request, Operation.TOKEN);
                token(request);
                return;
            }
            Operation operation = route(request);
            applyFault(request, operation);
            if (!account.equals(request.account)) {
                throw new StorageException(400, "InvalidUri", "This emulator serves account '" + account
                        + "', not '" + request.account + "'.");
            }
            authenticator.authenticate(request, operation);
            serve(request, operation);
        } catch (StorageException e) {
            error(request, e.status(), e.errorCode(), e.getMessage());
        } catch (ConnectionDropped e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("ADLS emulator failed on {} {}", request.method, exchange.getRequestURI().getRawPath(), e);
            error(request, 500, "InternalError", "The emulator failed: " + e);
        } finally {
            exchange.close();
        }
    }

    private void applyFault(DfsRequest request, Operation operation) throws IOException {
        Fault fault = faults.next(operation);
        if (fault == null) {
            return;
        }
        switch (fault.kind()) {
            case SERVER_BUSY -> throw new StorageException(503, "ServerBusy", "Operations per second is over the"
                    + " account limit. (injected by the emulator)");
            case INTERNAL_ERROR -> throw new StorageException(500, "InternalError", "Server encountered an internal"
                    + " error. Please try again after some time. (injected by the emulator)");
            case SLOW -> {
                try {
                    Thread.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case CONNECTION_RESET -> {
                long length = parseLong(request.header("content-length"), 0);
                request.exchange.getRequestBody().readNBytes((int) (length / 2));
                // Thrown out of the handler, it makes the JDK server close the connection without a response.
                throw new ConnectionDropped();
            }
            default -> throw new IllegalStateException("Unknown fault " + fault);
        }
    }

    private static Operation route(DfsRequest r) {
        if (r.fileSystem.isEmpty()) {
            throw new StorageException(400, "InvalidUri", "The request URI names no filesystem; account-level"
                    + " operations are not emulated.");
        }
        if ("filesystem".equals(r.query("resource"))) {
            return switch (r.method) {
                case "PUT" -> Operation.CREATE_FILESYSTEM;
                case "PATCH" -> Operation.SET_FILESYSTEM_PROPERTIES;
                case "HEAD" -> Operation.GET_FILESYSTEM_PROPERTIES;
                case "GET" -> Operation.LIST;
                case "DELETE" -> Operation.DELETE_FILESYSTEM;
                default -> throw unsupported(r);
            };
        }
        String action = r.query("action");
        return switch (r.method) {
            case "PUT" -> {
                if (r.header("x-ms-rename-source") != null) {
                    yield Operation.RENAME;
                }
                if ("file".equals(r.query("resource")) || "directory".equals(r.query("resource"))) {
                    yield Operation.CREATE_PATH;
                }
                throw unsupported(r);
            }
            case "PATCH" -> switch (action == null ? "" : action) {
                case "append" -> Operation.APPEND;
                case "flush" -> Operation.FLUSH;
                case "setProperties" -> Operation.SET_PROPERTIES;
                case "setAccessControl" -> Operation.SET_ACCESS_CONTROL;
                default -> throw unsupported(r);
            };
            case "HEAD" -> "getAccessControl".equals(action) ? Operation.GET_ACCESS_CONTROL : Operation.GET_PATH_STATUS;
            case "GET" -> Operation.READ;
            case "DELETE" -> Operation.DELETE;
            default -> throw unsupported(r);
        };
    }

    private void serve(DfsRequest r, Operation operation) throws IOException {
        Headers out = r.exchange.getResponseHeaders();
        switch (operation) {
            case CREATE_FILESYSTEM -> {
                PathStatus s = store.createFileSystem(r.fileSystem, r.header("x-ms-properties"));
                etag(out, s);
                send(r, 201);
            }
            case SET_FILESYSTEM_PROPERTIES -> {
                store.setFileSystemProperties(r.fileSystem, r.header("x-ms-properties"));
                send(r, 200);
            }
            case GET_FILESYSTEM_PROPERTIES -> {
                PathStatus s = store.fileSystemStatus(r.fileSystem);
                etag(out, s);
                out.set("x-ms-namespace-enabled", "true");
                if (s.properties() != null) {
                    out.set("x-ms-properties", s.properties());
                }
                send(r, 200);
            }
            case DELETE_FILESYSTEM -> {
                store.deleteFileSystem(r.fileSystem);
                send(r, 202);
            }
            case LIST -> list(r);
            case CREATE_PATH -> {
                PathStatus s = store.createPath(r.fileSystem, r.path, "directory".equals(r.query("resource")),
                        "*".equals(r.header("if-none-match")), r.header("if-match"),
                        r.header("x-ms-client-transaction-id"), r.header("x-ms-properties"));
                etag(out, s);
                out.set("x-ms-request-server-encrypted", "true");
                send(r, 201);
            }
            case RENAME -> {
                String source = renameSource(r.header("x-ms-rename-source"));
                int slash = source.indexOf('/');
                String sourceFileSystem = slash < 0 ? source : source.substring(0, slash);
                String sourcePath = slash < 0 ? "" : source.substring(slash + 1);
                PathStatus s = store.rename(sourceFileSystem, sourcePath, r.fileSystem, r.path,
                        "*".equals(r.header("if-none-match")), r.header("x-ms-client-transaction-id"));
                etag(out, s);
                send(r, 201);
            }
            case APPEND -> {
                long position = requiredLong(r, "position");
                byte[] data = r.exchange.getRequestBody().readAllBytes();
                checkMd5(r, data);
                store.append(r.fileSystem, r.path, position, data);
                if (r.queryFlag("flush")) {
                    etag(out, store.flush(r.fileSystem, r.path, position + data.length, false, null));
                    send(r, 200);
                } else {
                    out.set("x-ms-request-server-encrypted", "true");
                    send(r, 202);
                }
            }
            case FLUSH -> {
                PathStatus s = store.flush(r.fileSystem, r.path, requiredLong(r, "position"),
                        r.queryFlag("retainUncommittedData"), r.header("x-ms-properties"));
                etag(out, s);
                out.set("x-ms-request-server-encrypted", "true");
                send(r, 200);
            }
            case SET_PROPERTIES -> {
                etag(out, store.setProperties(r.fileSystem, r.path, r.header("x-ms-properties")));
                send(r, 200);
            }
            case SET_ACCESS_CONTROL -> {
                // Accepted and ignored: the emulator keeps no ACLs (see README).
                etag(out, store.pathStatus(r.fileSystem, r.path));
                send(r, 200);
            }
            case GET_ACCESS_CONTROL -> {
                PathStatus s = store.pathStatus(r.fileSystem, r.path);
                etag(out, s);
                accessControl(out, s);
                out.set("x-ms-acl", s.directory() ? "user::rwx,group::r-x,other::---" : "user::rw-,group::r--,other::---");
                send(r, 200);
            }
            case GET_PATH_STATUS -> {
                PathStatus s = store.pathStatus(r.fileSystem, r.path);
                etag(out, s);
                accessControl(out, s);
                out.set("x-ms-resource-type", s.directory() ? "directory" : "file");
                out.set("Content-Length", Long.toString(s.length()));
                if (!s.directory()) {
                    out.set("Content-Type", "application/octet-stream");
                }
                if (s.properties() != null) {
                    out.set("x-ms-properties", s.properties());
                }
                if (s.clientTransactionId() != null) {
                    out.set("x-ms-client-transaction-id", s.clientTransactionId());
                }
                send(r, 200);
            }
            case READ -> read(r);
            case DELETE -> {
                store.delete(r.fileSystem, r.path, r.queryFlag("recursive"));
                send(r, 200);
            }
            default -> throw unsupported(r);
        }
    }

    private void list(DfsRequest r) throws IOException {
        String directory = r.query("directory") == null ? "" : r.query("directory").replaceAll("^/+|/+$", "");
        int max = (int) Math.min(MAX_LIST_RESULTS, Math.max(1, parseLong(r.query("maxResults"), MAX_LIST_RESULTS)));
        ListPage page = store.list(r.fileSystem, directory, r.queryFlag("recursive"), r.query("continuation"), max);
        StringBuilder json = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < page.paths().size(); i++) {
            PathStatus s = page.paths().get(i);
            json.append(i == 0 ? "" : ",").append('{')
                    .append("\"name\":\"").append(jsonEscape(s.name())).append("\",");
            if (s.directory()) {
                json.append("\"isDirectory\":\"true\",");
            }
            json.append("\"lastModified\":\"").append(RFC_1123.format(s.lastModified())).append("\",")
                    .append("\"etag\":\"").append(s.etag().replace("\"", "")).append("\",")
                    .append("\"contentLength\":\"").append(s.length()).append("\",")
                    .append("\"owner\":\"$superuser\",\"group\":\"$superuser\",")
                    .append("\"permissions\":\"").append(permissions(s)).append("\"}");
        }
        json.append("]}");
        if (page.continuation() != null) {
            r.exchange.getResponseHeaders().set("x-ms-continuation", page.continuation());
        }
        r.exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        send(r, 200, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void read(DfsRequest r) throws IOException {
        String range = r.header("range");
        long offset = 0;
        long length = -1;
        if (range != null) {
            String spec = range.trim();
            if (!spec.startsWith("bytes=") || !spec.contains("-")) {
                throw new StorageException(400, "InvalidHeaderValue", "The value for the Range header is not"
                        + " valid: " + range);
            }
            String[] bounds = spec.substring("bytes=".length()).split("-", 2);
            offset = parseLong(bounds[0], 0);
            length = bounds[1].isEmpty() ? -1 : parseLong(bounds[1], 0) - offset + 1;
        }
        byte[] data = store.read(r.fileSystem, r.path, offset, length, r.header("if-match"));
        PathStatus s = store.pathStatus(r.fileSystem, r.path);
        Headers out = r.exchange.getResponseHeaders();
        etag(out, s);
        out.set("Content-Type", "application/octet-stream");
        out.set("x-ms-resource-type", "file");
        if (range != null) {
            out.set("Content-Range", "bytes " + offset + "-" + (offset + data.length - 1) + "/" + s.length());
            send(r, 206, data);
        } else {
            send(r, 200, data);
        }
    }

    private void token(DfsRequest r) throws IOException {
        String[] segments = r.exchange.getRequestURI().getPath().split("/");
        // .../<tenant>/oauth2/token
        String tenant = segments.length >= 3 ? segments[segments.length - 3] : "";
        Map<String, String> form = DfsRequest.parseQuery(
                new String(r.exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).replace("+", "%20"));
        Headers out = r.exchange.getResponseHeaders();
        out.set("Content-Type", "application/json; charset=utf-8");
        String token = "client_credentials".equals(form.get("grant_type"))
                ? tokens.issue(tenant, form.get("client_id"), form.get("client_secret")) : null;
        if (token == null) {
            // The message names neither the secret nor the token.
            send(r, 401, ("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                    + " secret provided, or unknown client id for tenant " + jsonEscape(tenant) + " (emulator).\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String body = "{\"token_type\":\"Bearer\",\"expires_in\":\"" + tokens.lifetimeSeconds()
                + "\",\"ext_expires_in\":\"" + tokens.lifetimeSeconds() + "\",\"access_token\":\"" + token + "\"}";
        send(r, 200, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void etag(Headers out, PathStatus s) {
        out.set("ETag", s.etag());
        out.set("Last-Modified", RFC_1123.format(s.lastModified()));
    }

    private static void accessControl(Headers out, PathStatus s) {
        out.set("x-ms-owner", "$superuser");
        out.set("x-ms-group", "$superuser");
        out.set("x-ms-permissions", permissions(s));
    }

    private static String permissions(PathStatus s) {
        return s.directory() ? "rwxr-x---" : "rw-r-----";
    }

    private static String renameSource(String header) {
        String value = header;
        int query = value.indexOf('?');
        if (query >= 0) {
            value = value.substring(0, query);
        }
        value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        return value.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    private static void checkMd5(DfsRequest r, byte[] data) {
        String md5 = r.header("content-md5");
        if (md5 == null) {
            return;
        }
        try {
            String actual = java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(data));
            if (!actual.equals(md5.trim())) {
                throw new StorageException(400, "Md5Mismatch", "The MD5 value specified in the request did not match"
                        + " with the MD5 value calculated by the server.");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long requiredLong(DfsRequest r, String name) {
        String value = r.query(name);
        if (value == null) {
            throw new StorageException(400, "MissingRequiredQueryParameter", "A query parameter that's mandatory for"
                    + " this request is not specified: " + name);
        }
        return parseLong(value, 0);
    }

    private static long parseLong(String value, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new StorageException(400, "InvalidQueryParameterValue", "Value for one of the query parameters"
                    + " specified in the request URI is invalid: " + value);
        }
    }

    private static StorageException unsupported(DfsRequest r) {
        return new StorageException(400, "UnsupportedOperation", "The emulator does not support " + r.method + " "
                + r.exchange.getRequestURI() .getRawPath() + " with " + r.query.keySet() + " (see its README).");
    }

    private void error(DfsRequest r, int status, String code, String message) throws IOException {
        Headers out = r.exchange.getResponseHeaders();
        out.set("x-ms-error-code", code);
        if (r.isHead()) {
            send(r, status);
            return;
        }
        out.set("Content-Type", "application/json;charset=utf-8");
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + jsonEscape(message
                + "\nRequestId:" + requestId(r) + "\nTime:" + Instant.now()) + "\"}}";
        send(r, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String requestId(DfsRequest r) {
        String id = r.exchange.getResponseHeaders().getFirst("x-ms-request-id");
        if (id == null) {
            id = UUID.randomUUID().toString();
            r.exchange.getResponseHeaders().set("x-ms-request-id", id);
        }
        return id;
    }

    private static void send(DfsRequest r, int status) throws IOException {
        commonHeaders(r);
        // HEAD keeps the Content-Length set above; other bodiless responses get 0.
        r.exchange.sendResponseHeaders(status, -1);
    }

    private static void send(DfsRequest r, int status, byte[] body) throws IOException {
        commonHeaders(r);
        if (r.isHead()) {
            r.exchange.sendResponseHeaders(status, -1);
            return;
        }
        r.exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = r.exchange.getResponseBody()) {
            os.write(body);
        }
    }

    private static void commonHeaders(DfsRequest r) {
        Headers out = r.exchange.getResponseHeaders();
        requestId(r);
        String version = r.header("x-ms-version");
        out.set("x-ms-version", version == null ? "2021-06-08" : version);
        out.set("Server", "Medallion-ADLS-Emulator");
        String clientRequestId = r.header("x-ms-client-request-id");
        if (clientRequestId != null) {
            out.set("x-ms-client-request-id", clientRequestId);
        }
        drain(r.exchange.getRequestBody());
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Ends a request without any response, as a dropped connection does. */
    static final class ConnectionDropped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionDropped() {
            super("connection dropped by fault injection", null, false, false);
        }
    }
}

package dev.medallion.serving.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.medallion.serving.monitor.ServingMetrics;
import dev.medallion.serving.monitor.StageMonitor;
import dev.medallion.serving.query.Granularity;
import dev.medallion.serving.query.MetricsQuery;
import dev.medallion.serving.query.MetricsResult;
import dev.medallion.serving.query.ServingQueries;
import dev.medallion.serving.speed.SpeedViewUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP endpoints on the JDK's server: the JSON API under /api, /health, /openapi.json, /metrics (Prometheus) and
 * the dashboard. GET only; every request but /health and the dashboard's static files needs the bearer token when one
 * is configured (the dashboard's script sends it from the page's URL fragment, which browsers never send to the
 * server). Tokens and request bodies are never logged.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final Set<String> METRICS_PARAMS = Set.of("from", "to", "granularity", "event_type", "region",
            "group_by");
    private static final Set<String> TOP_PARAMS = Set.of("from", "to", "dimension", "n", "event_type", "region");
    /** Top-N sums a whole range at once; a month bounds the work. */
    private static final Duration MAX_TOP_RANGE = Duration.ofDays(31);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ServingQueries queries;
    private final Supplier<StageMonitor.StageSnapshot> stages;
    private final List<String> stageTopics;
    private final List<String> dlqTopics;
    private final ServingMetrics metrics;
    private final TokenAuthenticator auth;
    private final int maxTimeBuckets;
    private final BooleanSupplier speedCaughtUp;
    private final ObjectMapper mapper = new ObjectMapper();
    private final MetricsJson json = new MetricsJson(mapper);

    public ApiServer(String bind, int port, ServingQueries queries, Supplier<StageMonitor.StageSnapshot> stages,
                     List<String> stageTopics,
                     List<String> dlqTopics, ServingMetrics metrics, TokenAuthenticator auth, int maxTimeBuckets,
                     BooleanSupplier speedCaughtUp) throws IOException {
        this.queries = queries;
        this.stages = stages;
        this.stageTopics = stageTopics;
        this.dlqTopics = dlqTopics;
        this.metrics = metrics;
        this.auth = auth;
        this.maxTimeBuckets = maxTimeBuckets;
        this.speedCaughtUp = speedCaughtUp;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "serving-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        route("/api/metrics", true, this::metricsRoute);
        route("/api/top", true, this::topRoute);
        route("/api/freshness", true, ex -> json(ex, 200, json.freshness(queries, speedCaughtUp.getAsBoolean())));
        route("/api/stages", true, ex -> json(ex, 200, json.stages(stages.get(), stageTopics, dlqTopics)));
        route("/health", false, this::healthRoute);
        route("/metrics", true, ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        route("/openapi.json", true, ex -> resource(ex, "/serving/openapi.json", "application/json"));
        route("/dashboard", false, ex -> resource(ex, "/serving/dashboard.html", "text/html; charset=utf-8"));
        route("/dashboard.js", false, ex -> resource(ex, "/serving/dashboard.js",
                "text/javascript; charset=utf-8"));
    }

    public void start() {
        server.start();
        log.info("Serving API on http://{}:{}/ (token {})", server.getAddress().getHostString(), port(),
                auth.required() ? "required" : "not required: loopback only");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void route(String path, boolean authenticated, Handler handler) {
        server.createContext(path, exchange -> {
            long start = System.nanoTime();
            int status = 500;
            try {
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    status = 404;
                    json(exchange, status, json.error(status, "no such path: "
                            + QueryParameters.echo(exchange.getRequestURI().getPath())));
                } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    status = 405;
                    exchange.getResponseHeaders().set("Allow", "GET");
                    json(exchange, status, json.error(status, "only GET is supported"));
                } else if (hasBody(exchange)) {
                    // Parameters travel in the query string only; the body is never read (its size is the
                    // client's to choose), and the connection is not reused after it.
                    status = 400;
                    exchange.getResponseHeaders().set("Connection", "close");
                    json(exchange, status, json.error(status, "a GET request takes no body; send the parameters"
                            + " in the query string"));
                } else if (authenticated && !auth.allows(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    json(exchange, status, json.error(status, "missing or wrong bearer token"));
                } else {
                    handler.handle(exchange);
                    status = exchange.getResponseCode();
                }
            } catch (BadRequestException e) {
                status = 400;
                json(exchange, status, json.error(status, e.getMessage()));
            } catch (SpeedViewUnavailableException e) {
                // Redis down: transient, and the consumer recovers by itself; the client should ask again later.
                status = 503;
                log.warn("{} refused: {}", path, e.getMessage());
                exchange.getResponseHeaders().set("Retry-After", "5");
                json(exchange, status, json.error(status, "the speed view is unavailable (its store cannot be"
                        + " reached); retry later"));
            } catch (RuntimeException e) {
                status = 500;
                log.warn("{} failed: {}", path, e.toString(), e);
                json(exchange, status, json.error(status, "internal error; see the service log"));
            } finally {
                exchange.close();
                metrics.recordHttp(path, status, Duration.ofNanos(System.nanoTime() - start));
            }
        });
    }

    private static boolean hasBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                || length != null && !length.trim().equals("0");
    }

    private void metricsRoute(HttpExchange exchange) throws IOException {
        QueryParameters p = QueryParameters.parse(exchange.getRequestURI().getRawQuery(), METRICS_PARAMS);
        String granularity = p.get("granularity") == null ? "1h" : p.get("granularity");
        Granularity g;
        try {
            g = Granularity.parse(granularity);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("granularity must be one of 1m, 1h, 1d (was '"
                    + QueryParameters.echo(granularity) + "')");
        }
        long[] range = range(p);
        long timeBuckets = (range[1] - range[0] + g.minutes() - 1) / g.minutes();
        if (timeBuckets > maxTimeBuckets) {
            throw new BadRequestException("the range holds " + timeBuckets + " buckets of " + g.label()
                    + "; at most " + maxTimeBuckets + " are served: narrow the range or use a coarser granularity");
        }
        String groupBy = p.get("group_by") == null ? "event_type,region" : p.get("group_by");
        boolean byType;
        boolean byRegion;
        switch (groupBy) {
            case "none" -> { byType = false; byRegion = false; }
            case "event_type" -> { byType = true; byRegion = false; }
            case "region" -> { byType = false; byRegion = true; }
            case "event_type,region", "region,event_type" -> { byType = true; byRegion = true; }
            default -> throw new BadRequestException("group_by must be none, event_type, region or"
                    + " event_type,region (was '" + QueryParameters.echo(groupBy) + "')");
        }
        MetricsQuery q = new MetricsQuery(range[0], range[1], g, p.name("event_type"), p.name("region"), byType,
                byRegion);
        MetricsResult r = queries.metrics(q);
        json(exchange, 200, json.metrics(q, r));
    }

    private void topRoute(HttpExchange exchange) throws IOException {
        QueryParameters p = QueryParameters.parse(exchange.getRequestURI().getRawQuery(), TOP_PARAMS);
        long[] range = range(p);
        if (range[1] - range[0] > MAX_TOP_RANGE.toMinutes()) {
            throw new BadRequestException("top-N covers at most " + MAX_TOP_RANGE.toDays() + " days");
        }
        String dimension = p.required("dimension");
        if (!dimension.equals("event_type") && !dimension.equals("region")) {
            throw new BadRequestException("dimension must be event_type or region (was '"
                    + QueryParameters.echo(dimension) + "')");
        }
        int n = p.intInRange("n", 10, 1, 100);
        MetricsQuery q = new MetricsQuery(range[0], range[1], Granularity.DAY, p.name("event_type"),
                p.name("region"), true, true);
        json(exchange, 200, json.top(q, dimension, queries.top(q, dimension.equals("event_type"), n),
                queries.boundaryEpochHour()));
    }

    /** [fromMinute, toMinute): from rounded down, to rounded up to whole minutes. */
    private static long[] range(QueryParameters p) {
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        if (!from.isBefore(to)) {
            throw new BadRequestException("'from' must be before 'to'");
        }
        long fromMinute = Math.floorDiv(from.getEpochSecond(), 60);
        long toSecond = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        long toMinute = Math.floorDiv(toSecond + 59, 60);
        return new long[]{fromMinute, toMinute};
    }

    private void healthRoute(HttpExchange exchange) throws IOException {
        QueryParameters.parse(exchange.getRequestURI().getRawQuery(), Set.of());
        ServingQueries.Health h = queries.health();
        json(exchange, h.status() == ServingQueries.HealthStatus.DOWN ? 503 : 200, json.health(h));
    }

    private void resource(HttpExchange exchange, String name, String contentType) throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the jar");
            }
            send(exchange, 200, contentType, in.readAllBytes());
        }
    }

    private void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

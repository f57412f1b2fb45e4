package dev.medallion.sql.gateway;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.rest.SqlGatewayRestEndpoint;
import org.apache.flink.table.gateway.service.SqlGatewayServiceImpl;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Flink's SQL Gateway (REST endpoint, API v1-v4) in this JVM, submitting analysts' statements to the pipeline's Flink
 * cluster; every session starts with the pipeline's tables and functions ({@link SessionStatements}).
 *
 * <p>Built from the gateway's parts rather than {@code SqlGateway.main} so that it needs no {@code FLINK_CONF_DIR} and
 * reports the port it bound (port 0 picks a free one, for tests).
 */
public final class AnalystGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalystGateway.class);

    private final SessionManager sessions;
    private final SqlGatewayRestEndpoint endpoint;
    private final String endpointAddress;

    private AnalystGateway(SessionManager sessions, SqlGatewayRestEndpoint endpoint, String endpointAddress) {
        this.sessions = sessions;
        this.endpoint = endpoint;
        this.endpointAddress = endpointAddress;
    }

    /**
     * Starts the gateway.
     *
     * @param settings        where to listen
     * @param sessionDefaults Flink options of every session: where jobs go ({@code execution.target=remote},
     *                        {@code rest.address}, {@code rest.port}), checkpointing, time zone, parallelism
     * @param initStatements  run in every new session before the client sees it
     */
    public static AnalystGateway start(GatewaySettings settings, Map<String, String> sessionDefaults,
                                       List<String> initStatements) {
        SessionManager sessions = new InitializingSessionManager(
                SessionManager.create(new DefaultContext(Configuration.fromMap(sessionDefaults), List.of())),
                initStatements);
        Configuration rest = new Configuration();
        rest.setString("rest.address", settings.host());
        rest.setString("rest.bind-address", settings.host());
        rest.setString("rest.bind-port", String.valueOf(settings.port()));
        rest.setString("rest.port", String.valueOf(settings.port()));
        try {
            sessions.start();
            SqlGatewayRestEndpoint endpoint = new SqlGatewayRestEndpoint(rest, new SqlGatewayServiceImpl(sessions));
            endpoint.start();
            String address = settings.endpoint(endpoint.getServerAddress().getPort());
            LOG.info("SQL Gateway REST endpoint on http://{} (no authentication: keep it on loopback or behind a proxy "
                    + "that authenticates), jobs go to {}:{}", address, sessionDefaults.get("rest.address"),
                    sessionDefaults.get("rest.port"));
            return new AnalystGateway(sessions, endpoint, address);
        } catch (Exception e) {
            sessions.stop();
            throw new IllegalStateException("Could not start the SQL Gateway on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} of the REST endpoint, as clients (curl, JDBC, ./ksql.sh --endpoint) use it. */
    public String endpointAddress() {
        return endpointAddress;
    }

    /** {@code http://host:port}. */
    public String restUrl() {
        return "http://" + endpointAddress;
    }

    public int port() {
        return endpoint.getServerAddress().getPort();
    }

    /** Closes the REST endpoint and every open session (their running SELECTs are cancelled; INSERT jobs go on). */
    @Override
    public void close() {
        try {
            endpoint.closeAsync().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Closing the SQL Gateway endpoint failed: {}", e.getMessage());
        } finally {
            sessions.stop();
        }
    }
}

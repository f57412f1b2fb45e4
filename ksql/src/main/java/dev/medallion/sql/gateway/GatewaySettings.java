package dev.medallion.sql.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the analysts' SQL Gateway listens and how many task slots the embedded cluster keeps free for its queries.
 *
 * <p>The gateway has no authentication (Flink's REST endpoint ignores user and password), so it binds to a loopback
 * address unless {@code bindAny} says explicitly that a non-loopback address is wanted (behind a proxy that
 * authenticates, see docs/sql-gateway.md).
 *
 * @param host       the address to bind to (default {@code 127.0.0.1})
 * @param port       the REST port; {@code 0} picks a free one
 * @param bindAny    whether a non-loopback {@code host} is allowed
 * @param extraSlots task slots of the embedded cluster beyond the pipeline job's parallelism, for analysts' queries
 */
public record GatewaySettings(String host, int port, boolean bindAny, int extraSlots) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8091;
    public static final int DEFAULT_EXTRA_SLOTS = 4;

    public GatewaySettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("gateway port must be in 0..65535, was " + port);
        }
        if (extraSlots < 0) {
            throw new IllegalArgumentException("gateway extra task slots must be at least 0, was " + extraSlots);
        }
        if (!bindAny && !isLoopback(host)) {
            throw new IllegalArgumentException("The SQL Gateway has no authentication, so it binds to loopback "
                    + "addresses only; '" + host + "' is not one. Front it with a proxy that authenticates or an SSH "
                    + "tunnel (docs/sql-gateway.md), or pass --gateway-bind-any if the network is trusted.");
        }
    }

    /** Parses {@code port}, {@code host:port} or {@code [ipv6]:port}; a bare port binds to {@value #DEFAULT_HOST}. */
    public static GatewaySettings parse(String hostAndPort, boolean bindAny, int extraSlots) {
        String text = hostAndPort == null ? "" : hostAndPort.trim();
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? DEFAULT_HOST : text.substring(0, colon);
        String port = colon < 0 ? text : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("--gateway needs [host:]port (e.g. 8091 or 127.0.0.1:8091), was '"
                    + hostAndPort + "'");
        }
        return new GatewaySettings(host, Integer.parseInt(port), bindAny, extraSlots);
    }

    /** {@code host:port} as a client writes it (IPv6 in brackets). */
    public String endpoint(int boundPort) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Literal addresses only: resolving a name here would make the check depend on DNS.
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package dev.medallion.eventhubs.common;

import dev.medallion.common.config.InvalidSetting;
import dev.medallion.common.eventhubs.ConnectionStrings;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Locale;

import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.AUTH_CLIENT_SECRET;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.AUTH_CONNECTION_STRING;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.AUTH_TYPE_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.CLIENT_ID_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.CLIENT_SECRET_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.CONNECTION_STRING_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.NAMESPACE_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.TENANT_ID_CONFIG;

/**
 * The connection settings of a parsed config ({@link EventHubsConnectionConfig}'s keys) and the checks across them
 * both plugins make. Holds secrets: {@link #toString()} shows none, and no check message quotes one.
 */
public final class EventHubsAuth {
    private final String type;
    private final Password connectionString;
    private final String namespace;
    private final String tenantId;
    private final String clientId;
    private final Password clientSecret;

    private EventHubsAuth(AbstractConfig config) {
        this.type = config.getString(AUTH_TYPE_CONFIG).toLowerCase(Locale.ROOT);
        this.connectionString = config.getPassword(CONNECTION_STRING_CONFIG);
        this.namespace = config.getString(NAMESPACE_CONFIG);
        this.tenantId = config.getString(TENANT_ID_CONFIG);
        this.clientId = config.getString(CLIENT_ID_CONFIG);
        this.clientSecret = config.getPassword(CLIENT_SECRET_CONFIG);
    }

    /** Reads the keys from a config whose ConfigDef has them ({@link EventHubsConnectionConfig#define}). */
    public static EventHubsAuth from(AbstractConfig config) {
        return new EventHubsAuth(config);
    }

    /** One of the {@code AUTH_*} values, lower case. */
    public String type() {
        return type;
    }

    public boolean usesConnectionString() {
        return AUTH_CONNECTION_STRING.equals(type);
    }

    /** The connection string, or null; never log it. */
    public String connectionString() {
        return connectionString == null ? null : connectionString.value();
    }

    /** The namespace host: the connection string's Endpoint, or eventhubs.namespace for the Azure AD types. */
    public String namespace() {
        return usesConnectionString() ? ConnectionStrings.endpointHost(connectionString()) : namespace;
    }

    public String tenantId() {
        return tenantId;
    }

    /** Null when empty. */
    public String clientId() {
        return clientId == null || clientId.isBlank() ? null : clientId;
    }

    /** The client secret, or null; never log it. */
    public String clientSecret() {
        return clientSecret == null ? null : clientSecret.value();
    }

    /**
     * With auth type connection_string: the string is there and well formed. Runs before anything else reads it: the
     * SDK's own errors quote the malformed part, key included.
     */
    public void checkConnectionString() {
        if (connectionString() == null || connectionString().isBlank()) {
            throw new InvalidSetting(CONNECTION_STRING_CONFIG, "(hidden)",
                    "is required when " + AUTH_TYPE_CONFIG + "=" + AUTH_CONNECTION_STRING);
        }
        try {
            ConnectionStrings.validate(connectionString());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(CONNECTION_STRING_CONFIG, "(hidden)", e.getMessage());
        }
    }

    /** With an Azure AD auth type: the namespace is set. */
    public void checkNamespace() {
        if (namespace == null) {
            throw new InvalidSetting(NAMESPACE_CONFIG, null, "is required when " + AUTH_TYPE_CONFIG + "=" + type);
        }
    }

    /** With auth type client_secret: tenant, client id and secret are set. */
    public void checkClientSecret() {
        if (!AUTH_CLIENT_SECRET.equals(type)) {
            return;
        }
        for (String key : List.of(TENANT_ID_CONFIG, CLIENT_ID_CONFIG)) {
            String value = key.equals(TENANT_ID_CONFIG) ? tenantId : clientId;
            if (value == null || value.isBlank()) {
                throw new InvalidSetting(key, null, "is required when " + AUTH_TYPE_CONFIG + "=" + AUTH_CLIENT_SECRET);
            }
        }
        if (clientSecret() == null || clientSecret().isBlank()) {
            throw new InvalidSetting(CLIENT_SECRET_CONFIG, "(hidden)", "is required when " + AUTH_TYPE_CONFIG + "="
                    + AUTH_CLIENT_SECRET);
        }
    }

    @Override
    public String toString() {
        return "EventHubsAuth{type=" + type + ", namespace=" + namespace() + "}";
    }
}

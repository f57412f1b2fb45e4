package dev.medallion.eventhubs.common;

import dev.medallion.common.config.ConfigGroup;
import dev.medallion.common.config.OptionalHostName;

import org.apache.kafka.common.config.ConfigDef;

/**
 * The connection and authentication keys the Event Hubs source and sink share: their names, documentation and
 * definitions, so both plugins spell, check and document them the same way. {@link EventHubsAuth} reads them back.
 */
public final class EventHubsConnectionConfig {
    public static final String AUTH_TYPE_CONFIG = "eventhubs.auth.type";
    public static final String AUTH_CONNECTION_STRING = "connection_string";
    public static final String AUTH_CLIENT_SECRET = "client_secret";
    public static final String AUTH_MANAGED_IDENTITY = "managed_identity";
    public static final String AUTH_DEFAULT_CREDENTIAL = "default_credential";
    private static final String AUTH_TYPE_DOC = "How the connector authenticates: '" + AUTH_CONNECTION_STRING
            + "' (a shared access key in eventhubs.connection.string), '" + AUTH_CLIENT_SECRET + "' (an Azure AD app:"
            + " tenant, client id and secret), '" + AUTH_MANAGED_IDENTITY + "' (the managed identity of the host) or '"
            + AUTH_DEFAULT_CREDENTIAL + "' (azure-identity's DefaultAzureCredential chain: environment, workload"
            + " identity, managed identity, Azure CLI).";

    public static final String CONNECTION_STRING_CONFIG = "eventhubs.connection.string";
    private static final String CONNECTION_STRING_DOC = "Event Hubs connection string (Endpoint=sb://...;"
            + "SharedAccessKeyName=...;SharedAccessKey=...[;EntityPath=hub]). A secret: use a config provider such as"
            + " ${file:/secrets/eh.properties:connection.string}. Required when eventhubs.auth.type=connection_string.";

    public static final String NAMESPACE_CONFIG = "eventhubs.namespace";
    private static final String NAMESPACE_DOC = "Fully qualified namespace, e.g. mynamespace.servicebus.windows.net."
            + " Required for the Azure AD auth types; ignored with a connection string (its Endpoint names it).";

    public static final String TENANT_ID_CONFIG = "eventhubs.tenant.id";
    private static final String TENANT_ID_DOC = "Azure AD tenant id (auth type client_secret).";
    public static final String CLIENT_ID_CONFIG = "eventhubs.client.id";
    private static final String CLIENT_ID_DOC = "Application (client) id for client_secret; for managed_identity the"
            + " client id of a user-assigned identity (empty = the system-assigned identity).";
    public static final String CLIENT_SECRET_CONFIG = "eventhubs.client.secret";
    private static final String CLIENT_SECRET_DOC = "Client secret of the Azure AD application (auth type"
            + " client_secret). A secret: use a config provider.";

    private EventHubsConnectionConfig() {
    }

    /**
     * Defines the six keys in {@code group}, in the order above. {@code authTypeNote} ends the auth type's doc with
     * what the plugin needs beyond the credential (e.g. which keys or Azure role the Azure AD types need).
     */
    public static ConfigGroup define(ConfigGroup group, String authTypeNote) {
        return group
                .define(AUTH_TYPE_CONFIG, ConfigDef.Type.STRING, AUTH_CONNECTION_STRING,
                        ConfigDef.CaseInsensitiveValidString.in(AUTH_CONNECTION_STRING, AUTH_CLIENT_SECRET,
                                AUTH_MANAGED_IDENTITY, AUTH_DEFAULT_CREDENTIAL),
                        ConfigDef.Importance.HIGH, AUTH_TYPE_DOC + " " + authTypeNote, ConfigDef.Width.SHORT,
                        "Authentication")
                .define(CONNECTION_STRING_CONFIG, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH,
                        CONNECTION_STRING_DOC, ConfigDef.Width.LONG, "Connection string")
                .define(NAMESPACE_CONFIG, ConfigDef.Type.STRING, null, new OptionalHostName(),
                        ConfigDef.Importance.HIGH, NAMESPACE_DOC, ConfigDef.Width.LONG, "Fully qualified namespace")
                .define(TENANT_ID_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM, TENANT_ID_DOC,
                        ConfigDef.Width.MEDIUM, "Tenant id")
                .define(CLIENT_ID_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM, CLIENT_ID_DOC,
                        ConfigDef.Width.MEDIUM, "Client id")
                .define(CLIENT_SECRET_CONFIG, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
                        CLIENT_SECRET_DOC, ConfigDef.Width.MEDIUM, "Client secret");
    }
}

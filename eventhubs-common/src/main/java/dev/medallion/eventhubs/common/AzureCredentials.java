package dev.medallion.eventhubs.common;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;

/**
 * Builds the Azure AD credential of an Azure AD auth type: an app's client secret, the host's managed identity (a
 * user-assigned one when a client id is set) or azure-identity's default chain. The secret goes straight to the SDK.
 */
public final class AzureCredentials {
    private AzureCredentials() {
    }

    /** The credential for {@code auth}'s type; any type other than client_secret and managed_identity is the chain. */
    public static TokenCredential of(EventHubsAuth auth) {
        return switch (auth.type()) {
            case EventHubsConnectionConfig.AUTH_CLIENT_SECRET -> new ClientSecretCredentialBuilder()
                    .tenantId(auth.tenantId())
                    .clientId(auth.clientId())
                    .clientSecret(auth.clientSecret())
                    .build();
            case EventHubsConnectionConfig.AUTH_MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder managed = new ManagedIdentityCredentialBuilder();
                if (auth.clientId() != null) {
                    managed.clientId(auth.clientId());
                }
                yield managed.build();
            }
            default -> {
                DefaultAzureCredentialBuilder chain = new DefaultAzureCredentialBuilder();
                if (auth.clientId() != null) {
                    chain.managedIdentityClientId(auth.clientId());
                }
                if (auth.tenantId() != null && !auth.tenantId().isBlank()) {
                    chain.tenantId(auth.tenantId());
                }
                yield chain.build();
            }
        };
    }
}

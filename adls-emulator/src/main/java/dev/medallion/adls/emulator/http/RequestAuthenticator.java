package dev.medallion.adls.emulator.http;

import dev.medallion.adls.emulator.fault.Operation;
import dev.medallion.adls.emulator.store.StorageException;

/**
 * Decides whether a request is authorized, the three ways the ABFS driver can authenticate: Shared Key (the
 * signature is recomputed with the account key; a wrong one is refused with 403 {@code AuthenticationFailed}),
 * an account SAS in the query (signature, time window, protocol and permissions checked) and an OAuth bearer token
 * issued by the local token endpoint. Each way can be switched off; an unauthenticated request gets 401.
 */
final class RequestAuthenticator {
    private final SharedKeySignature sharedKey;
    private final AccountSas sas;
    private final TokenIssuer tokens;
    private final boolean sharedKeyAllowed;
    private final boolean sasAllowed;
    private final boolean https;

    RequestAuthenticator(SharedKeySignature sharedKey, AccountSas sas, TokenIssuer tokens, boolean sharedKeyAllowed,
                         boolean sasAllowed, boolean https) {
        this.sharedKey = sharedKey;
        this.sas = sas;
        this.tokens = tokens;
        this.sharedKeyAllowed = sharedKeyAllowed;
        this.sasAllowed = sasAllowed;
        this.https = https;
    }

    void authenticate(DfsRequest request, Operation operation) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.startsWith("SharedKey ")) {
            if (!sharedKeyAllowed) {
                throw new StorageException(403, "KeyBasedAuthenticationNotPermitted", "Key based authentication is"
                        + " not permitted on this storage account.");
            }
            if (!sharedKey.verifies(authorization, request)) {
                throw new StorageException(403, "AuthenticationFailed", "Server failed to authenticate the request."
                        + " Make sure the value of Authorization header is formed correctly including the"
                        + " signature.");
            }
        } else if (authorization != null && authorization.startsWith("Bearer ")) {
            if (!tokens.accepts(authorization.substring("Bearer ".length()).trim())) {
                throw new StorageException(401, "InvalidAuthenticationInfo", "Server failed to authenticate the"
                        + " request. The bearer token is unknown or has expired.");
            }
        } else if (request.query("sig") != null) {
            if (!sasAllowed) {
                throw new StorageException(403, "AuthorizationFailure", "This request is not authorized to perform"
                        + " this operation: SAS authorization is switched off on this emulator.");
            }
            sas.verify(request.query, operation, https);
        } else {
            throw new StorageException(401, "NoAuthenticationInformation", "Server failed to authenticate the"
                    + " request. Please refer to the information in the www-authenticate header.");
        }
    }
}

package dev.medallion.adls.emulator.http;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for the Entra ID token endpoint's client credentials grant: registered service principals
 * (tenant, client id, secret) get opaque bearer tokens that the dfs endpoint then accepts until they expire.
 */
public final class TokenIssuer {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;

    public TokenIssuer(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public void register(String tenant, String clientId, String clientSecret) {
        secrets.put(tenant + "/" + clientId, clientSecret);
    }

    public boolean hasClients() {
        return !secrets.isEmpty();
    }

    /** A new token, or {@code null} when the tenant, client id or secret is wrong. */
    String issue(String tenant, String clientId, String clientSecret) {
        String expected = secrets.get(tenant + "/" + clientId);
        if (expected == null || clientSecret == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, Instant.now().plus(lifetime));
        return token;
    }

    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    boolean accepts(String token) {
        Instant expiry = tokens.get(token);
        return expiry != null && Instant.now().isBefore(expiry);
    }
}

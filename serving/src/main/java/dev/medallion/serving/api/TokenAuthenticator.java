package dev.medallion.serving.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the bearer token of a request. Compares digests in constant time, so the time taken says nothing about how
 * much of a guess was right. Without a configured token every request passes (the service is then loopback-only,
 * which {@code ServingConfig} enforces).
 */
public final class TokenAuthenticator {
    private final byte[] expected;

    public TokenAuthenticator(String token) {
        this.expected = token == null ? null : sha256(token);
    }

    public boolean required() {
        return expected != null;
    }

    /** @param authorizationHeader the request's Authorization header, possibly null */
    public boolean allows(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorizationHeader.substring("Bearer ".length()).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}

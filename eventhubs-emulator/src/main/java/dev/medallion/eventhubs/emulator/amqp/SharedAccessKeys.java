package dev.medallion.eventhubs.emulator.amqp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The namespace's shared access key, when the emulator checks keys: verifies the shared access signatures clients put
 * on {@code $cbs} the way the service does (key name, HMAC-SHA256 of the URL-encoded resource and expiry, expiry not
 * past). Without a key every token is accepted. The key can be replaced while running, to test a rotated key.
 */
public final class SharedAccessKeys {
    private static final String PREFIX = "SharedAccessSignature ";
    private volatile String[] nameAndKey;

    /** Sets the key name and key that tokens must be signed with; null for both accepts every token. */
    public void set(String keyName, String key) {
        nameAndKey = keyName == null ? null : new String[] {keyName, key};
    }

    /** True when a key is set and tokens are checked. */
    public boolean checking() {
        return nameAndKey != null;
    }

    /** Null when {@code token} may be used, otherwise the service-style reason it is refused. */
    String refusal(Object token) {
        String[] expected = nameAndKey;
        if (expected == null) {
            return null;
        }
        if (!(token instanceof String text) || !text.startsWith(PREFIX)) {
            return "InvalidSignature: the token is not a shared access signature";
        }
        Map<String, String> raw = new HashMap<>();
        for (String part : text.substring(PREFIX.length()).split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                raw.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        String resource = raw.get("sr");
        String signature = raw.get("sig");
        String expiry = raw.get("se");
        String keyName = raw.get("skn");
        if (resource == null || signature == null || expiry == null || keyName == null) {
            return "InvalidSignature: the token lacks sr, sig, se or skn";
        }
        if (!expected[0].equals(decode(keyName))) {
            return "Unauthorized: the shared access key name '" + decode(keyName) + "' does not exist";
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(decode(expiry));
        } catch (NumberFormatException e) {
            return "InvalidSignature: the token's expiry is not a number";
        }
        if (expiresAt * 1000 < System.currentTimeMillis()) {
            return "ExpiredToken: the token has expired";
        }
        byte[] actual = Base64.getDecoder().decode(decode(signature));
        if (!MessageDigest.isEqual(actual, sign(expected[1], resource + "\n" + decode(expiry)))) {
            return "InvalidSignature: The token has an invalid signature.";
        }
        return null;
    }

    private static byte[] sign(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

package dev.medallion.adls.emulator.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shared Key authorization as the Blob and Data Lake services define it: an HMAC-SHA256, keyed with the account key,
 * over the verb, the standard headers, the {@code x-ms-*} headers (lower-case, sorted) and the canonicalized resource
 * ({@code /<account><url path>} followed by the sorted, lower-cased query parameters). Query parameters with an
 * empty value are left out, as the ABFS driver leaves them out when it signs.
 */
final class SharedKeySignature {
    private final String account;
    private final byte[] key;

    SharedKeySignature(String account, String base64Key) {
        this.account = account;
        this.key = Base64.getDecoder().decode(base64Key);
    }

    /** Whether {@code authorization} ({@code SharedKey <account>:<signature>}) signs this request. */
    boolean verifies(String authorization, DfsRequest request) {
        String prefix = "SharedKey " + account + ":";
        if (!authorization.startsWith(prefix)) {
            return false;
        }
        byte[] expected = sign(stringToSign(request)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    String stringToSign(DfsRequest request) {
        StringBuilder s = new StringBuilder(request.exchange.getRequestMethod());
        String contentLength = orEmpty(request.header("content-length"));
        line(s, orEmpty(request.header("content-encoding")));
        line(s, orEmpty(request.header("content-language")));
        line(s, contentLength.equals("0") ? "" : contentLength);
        line(s, orEmpty(request.header("content-md5")));
        line(s, orEmpty(request.header("content-type")));
        line(s, request.header("x-ms-date") != null ? "" : orEmpty(request.header("date")));
        line(s, orEmpty(request.header("if-modified-since")));
        line(s, orEmpty(request.header("if-match")));
        line(s, orEmpty(request.header("if-none-match")));
        line(s, orEmpty(request.header("if-unmodified-since")));
        line(s, orEmpty(request.header("range")));
        List<String> names = new ArrayList<>();
        for (String name : request.headers.keySet()) {
            if (name.startsWith("x-ms-")) {
                names.add(name);
            }
        }
        Collections.sort(names);
        for (String name : names) {
            List<String> values = new ArrayList<>();
            for (String v : request.headers.get(name)) {
                values.add(v.replace("\r\n", "").stripLeading());
            }
            line(s, name + ":" + String.join(",", values));
        }
        line(s, "/" + account + request.exchange.getRequestURI().getRawPath());
        Map<String, String> sorted = new TreeMap<>();
        request.query.forEach((k, v) -> {
            if (!v.isEmpty()) {
                sorted.put(k.toLowerCase(java.util.Locale.ROOT), v);
            }
        });
        sorted.forEach((k, v) -> line(s, k + ":" + v));
        return s.toString();
    }

    String sign(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void line(StringBuilder s, String element) {
        s.append('\n').append(element);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

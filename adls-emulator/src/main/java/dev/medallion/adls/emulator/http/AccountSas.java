package dev.medallion.adls.emulator.http;

import dev.medallion.adls.emulator.fault.Operation;
import dev.medallion.adls.emulator.store.StorageException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/**
 * Account shared access signatures (version 2020-12-06 and later): the signature is an HMAC-SHA256 with the account
 * key over account name, permissions, services, resource types, start, expiry, IP range, protocol, version and
 * encryption scope, each followed by a newline. The emulator issues them ({@link #create}) and checks them: the
 * signature, the time window, the protocol, and that the permissions cover the operation.
 */
public final class AccountSas {
    static final String VERSION = "2021-06-08";

    private final String account;
    private final byte[] key;

    public AccountSas(String account, String base64Key) {
        this.account = account;
        this.key = Base64.getDecoder().decode(base64Key);
    }

    /**
     * A token (without the leading {@code ?}) for the blob service, all resource types, HTTPS only.
     *
     * @param permissions letters out of {@code racwdl} (read, add, create, write, delete, list)
     */
    public String create(String permissions, Instant expiry) {
        String start = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String end = expiry.truncatedTo(ChronoUnit.SECONDS).toString();
        String sig = sign(stringToSign(permissions, "b", "sco", start, end, "", "https", VERSION, ""));
        return "sv=" + VERSION + "&ss=b&srt=sco&sp=" + permissions + "&st=" + enc(start) + "&se=" + enc(end)
                + "&spr=https&sig=" + enc(sig);
    }

    /** Checks the SAS in {@code query} for {@code operation}; throws the service's 403 when it does not allow it. */
    void verify(Map<String, String> query, Operation operation, boolean https) {
        String sp = query.getOrDefault("sp", "");
        String ss = query.getOrDefault("ss", "");
        String srt = query.getOrDefault("srt", "");
        String st = query.getOrDefault("st", "");
        String se = query.getOrDefault("se", "");
        String spr = query.getOrDefault("spr", "");
        String expected = sign(stringToSign(sp, ss, srt, st, se, query.getOrDefault("sip", ""), spr,
                query.getOrDefault("sv", ""), query.getOrDefault("ses", "")));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                query.get("sig").getBytes(StandardCharsets.US_ASCII))) {
            throw authenticationFailed("Signature did not match.");
        }
        Instant now = Instant.now();
        try {
            if (se.isEmpty() || !now.isBefore(Instant.parse(se)) || (!st.isEmpty() && now.isBefore(Instant.parse(st)))) {
                throw authenticationFailed("Signature not valid in the specified time frame: Start [" + st
                        + "] - Expiry [" + se + "] - Current [" + now.truncatedTo(ChronoUnit.SECONDS) + "]");
            }
        } catch (DateTimeParseException e) {
            throw authenticationFailed("The signed start or expiry time is not a valid ISO 8601 UTC time.");
        }
        if (!https && "https".equals(spr)) {
            throw authenticationFailed("This request is not authorized to perform this operation using this"
                    + " protocol.");
        }
        // Operations on the filesystem (container) itself need resource type 'c', operations on paths 'o'.
        boolean containerLevel = switch (operation) {
            case CREATE_FILESYSTEM, DELETE_FILESYSTEM, SET_FILESYSTEM_PROPERTIES, GET_FILESYSTEM_PROPERTIES, LIST -> true;
            default -> false;
        };
        if (!ss.contains("b") || !srt.contains(containerLevel ? "c" : "o")) {
            throw new StorageException(403, "AuthorizationResourceTypeMismatch", "This request is not authorized to"
                    + " perform this operation using this resource type.");
        }
        if (!permits(sp, operation)) {
            throw new StorageException(403, "AuthorizationPermissionMismatch", "This request is not authorized to"
                    + " perform this operation using this permission.");
        }
    }

    private static boolean permits(String sp, Operation operation) {
        return switch (operation) {
            case READ, GET_PATH_STATUS, GET_ACCESS_CONTROL, GET_FILESYSTEM_PROPERTIES -> sp.contains("r");
            case LIST -> sp.contains("l");
            case CREATE_PATH, CREATE_FILESYSTEM -> sp.contains("c") || sp.contains("w");
            case APPEND, FLUSH -> sp.contains("w") || sp.contains("a");
            case SET_PROPERTIES, SET_ACCESS_CONTROL, SET_FILESYSTEM_PROPERTIES, RENAME -> sp.contains("w");
            case DELETE, DELETE_FILESYSTEM -> sp.contains("d");
            default -> false;
        };
    }

    private String stringToSign(String sp, String ss, String srt, String st, String se, String sip, String spr,
                                String sv, String ses) {
        return account + "\n" + sp + "\n" + ss + "\n" + srt + "\n" + st + "\n" + se + "\n" + sip + "\n" + spr + "\n"
                + sv + "\n" + ses + "\n";
    }

    private String sign(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static StorageException authenticationFailed(String detail) {
        return new StorageException(403, "AuthenticationFailed", "Server failed to authenticate the request. Make"
                + " sure the value of Authorization header is formed correctly including the signature. " + detail);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

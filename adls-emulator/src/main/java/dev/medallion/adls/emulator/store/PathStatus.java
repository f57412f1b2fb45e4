package dev.medallion.adls.emulator.store;

import java.time.Instant;

/**
 * What the service reports about one path: its name relative to the filesystem ({@code ""} for the root), whether it
 * is a directory, its committed length, ETag, last modification and the client transaction id of the request that
 * created or renamed it (the ABFS driver recovers retried creates and renames with it).
 */
public record PathStatus(String name, boolean directory, long length, String etag, Instant lastModified,
                         String clientTransactionId, String properties) {
}

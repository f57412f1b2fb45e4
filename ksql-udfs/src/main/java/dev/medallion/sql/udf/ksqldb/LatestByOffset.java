package dev.medallion.sql.udf.ksqldb;

/**
 * {@code LATEST_BY_OFFSET(col [, n] [, ignore_nulls])}: the value of {@code col} that arrived last in the group, or the
 * last {@code n} as an array (oldest first). See {@link ByOffset} for what "offset" means in Flink and the bounds.
 * Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION LATEST_BY_OFFSET AS
 * 'dev.medallion.sql.udf.ksqldb.LatestByOffset'}.
 */
public final class LatestByOffset extends ByOffset {
    private static final long serialVersionUID = 1L;

    public LatestByOffset() {
        super("LATEST_BY_OFFSET", true);
    }
}

package dev.medallion.sql.udf.ksqldb;

/**
 * {@code EARLIEST_BY_OFFSET(col [, n] [, ignore_nulls])}: the value of {@code col} that arrived first in the group, or
 * the first {@code n} as an array (oldest first). See {@link ByOffset} for what "offset" means in Flink and the
 * bounds. Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION EARLIEST_BY_OFFSET AS
 * 'dev.medallion.sql.udf.ksqldb.EarliestByOffset'}.
 */
public final class EarliestByOffset extends ByOffset {
    private static final long serialVersionUID = 1L;

    public EarliestByOffset() {
        super("EARLIEST_BY_OFFSET", false);
    }
}

package dev.medallion.sql.udf.ksqldb;

/**
 * {@code TOPKDISTINCT(col, k)}: the {@code k} largest distinct values of {@code col} in the group, largest first
 * (1 &le; k &le; 1000). See {@link TopKBase}. Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION TOPKDISTINCT AS
 * 'dev.medallion.sql.udf.ksqldb.TopKDistinct'}.
 */
public final class TopKDistinct extends TopKBase {
    private static final long serialVersionUID = 1L;

    public TopKDistinct() {
        super("TOPKDISTINCT", true);
    }
}

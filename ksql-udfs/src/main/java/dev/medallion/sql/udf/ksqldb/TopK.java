package dev.medallion.sql.udf.ksqldb;

/**
 * {@code TOPK(col, k)}: the {@code k} largest values of {@code col} in the group, largest first, copies included
 * (1 &le; k &le; 1000). See {@link TopKBase}. Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION TOPK AS
 * 'dev.medallion.sql.udf.ksqldb.TopK'}.
 */
public final class TopK extends TopKBase {
    private static final long serialVersionUID = 1L;

    public TopK() {
        super("TOPK", false);
    }
}

-- Functions from medallion-ksql-udfs (on the runner's class path; on a remote cluster the runner ships the jar).
-- APPROX_PERCENTILE(value, p): t-digest estimate of the p-quantile, e.g. APPROX_PERCENTILE(response_time_ms, 0.95).
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS APPROX_PERCENTILE AS 'dev.medallion.sql.udf.ApproxPercentile';
-- Text enrichment (offline engines of medallion-enrichment; English sentiment and entities):
-- SENTIMENT(text) -> ROW<label STRING, score DOUBLE>, LANGUAGE(text) -> STRING (ISO 639-1),
-- ENTITIES(text) -> ARRAY<ROW<text STRING, category STRING, `offset` INT>>.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SENTIMENT AS 'dev.medallion.sql.udf.Sentiment';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `LANGUAGE` AS 'dev.medallion.sql.udf.Language';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ENTITIES AS 'dev.medallion.sql.udf.Entities';
-- ksqlDB-familiar aggregates (ksql-udfs/README.md): "offset" is arrival order at the aggregating task; bounded state.
-- LATEST_BY_OFFSET / EARLIEST_BY_OFFSET(col [, n] [, ignore_nulls]), COLLECT_LIST / COLLECT_SET(col),
-- TOPK / TOPKDISTINCT(col, k).
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS LATEST_BY_OFFSET AS 'dev.medallion.sql.udf.ksqldb.LatestByOffset';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS EARLIEST_BY_OFFSET AS 'dev.medallion.sql.udf.ksqldb.EarliestByOffset';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS COLLECT_LIST AS 'dev.medallion.sql.udf.ksqldb.CollectList';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS COLLECT_SET AS 'dev.medallion.sql.udf.ksqldb.CollectSet';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS TOPK AS 'dev.medallion.sql.udf.ksqldb.TopK';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS TOPKDISTINCT AS 'dev.medallion.sql.udf.ksqldb.TopKDistinct';

-- Functions from medallion-ksql-udfs (on the runner's class path; on a remote cluster the runner ships the jar).
-- APPROX_PERCENTILE(value, p): t-digest estimate of the p-quantile, e.g. APPROX_PERCENTILE(response_time_ms, 0.95).
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS APPROX_PERCENTILE AS 'dev.medallion.sql.udf.ApproxPercentile';
-- Text enrichment (offline engines of medallion-enrichment; English sentiment and entities):
-- SENTIMENT(text) -> ROW<label STRING, score DOUBLE>, LANGUAGE(text) -> STRING (ISO 639-1),
-- ENTITIES(text) -> ARRAY<ROW<text STRING, category STRING, `offset` INT>>.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SENTIMENT AS 'dev.medallion.sql.udf.Sentiment';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `LANGUAGE` AS 'dev.medallion.sql.udf.Language';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ENTITIES AS 'dev.medallion.sql.udf.Entities';

-- Functions from medallion-sql-udfs (on the runner's class path; on a remote cluster the runner ships the jar).
-- APPROX_PERCENTILE(value, p): t-digest estimate of the p-quantile, e.g. APPROX_PERCENTILE(response_time_ms, 0.95).
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS APPROX_PERCENTILE AS 'dev.medallion.sql.udf.ApproxPercentile';

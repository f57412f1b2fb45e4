-- Run in every SQL Gateway session after the pipeline's own DDL (00-functions, 01-source, 02..04 without their
-- INSERTs and SETs), so analysts read the pipeline's topics by table name. The pipeline declares events_clean and
-- the metrics tables as sinks; these statements make them good sources too. The variables are the pipeline's, except
-- group.id (${group.id} here: never the pipeline's group) and scan.startup.mode (earliest-offset).

-- Whole topics from the start; read_committed, as the pipeline's sinks may write in transactions (--exactly-once).
ALTER TABLE events_clean SET (
  'scan.startup.mode' = '${scan.startup.mode}',
  'properties.group.id' = '${group.id}',
  'properties.isolation.level' = 'read_committed'
);
-- The pipeline's event-time rule (1 minute of disorder, as on events_raw), so windows over silver events work.
ALTER TABLE events_clean ADD WATERMARK FOR event_timestamp AS event_timestamp - INTERVAL '1' MINUTE;

ALTER TABLE metrics_1m SET (
  'scan.startup.mode' = '${scan.startup.mode}',
  'properties.group.id' = '${group.id}',
  'properties.isolation.level' = 'read_committed'
);
ALTER TABLE metrics_1h SET (
  'scan.startup.mode' = '${scan.startup.mode}',
  'properties.group.id' = '${group.id}',
  'properties.isolation.level' = 'read_committed'
);

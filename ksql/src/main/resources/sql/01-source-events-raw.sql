-- Source: the validated raw events of topic ${topic.raw} (JSON shape: docs/event-schema.md).
-- ts is the event time (event_time is epoch milliseconds, UTC); the watermark lets events arrive up to 1 minute
-- after the newest event seen before they count as late for the window metrics.
CREATE TABLE events_raw (
  event_id           STRING,
  event_type         STRING,
  user_id            STRING,
  region             STRING,
  event_time         BIGINT,
  revenue            DOUBLE,
  latency_ms         BIGINT,
  response_time_ms   BIGINT,
  processing_time_ms BIGINT,
  `text`             STRING,
  ts        AS TO_TIMESTAMP_LTZ(event_time, 3),
  proc_time AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.raw}',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'properties.group.id' = '${group.id}',
  'properties.isolation.level' = 'read_committed',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = '${scan.startup.mode}',
  'scan.bounded.mode' = '${scan.bounded.mode}',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = '${json.ignore-parse-errors}'
);

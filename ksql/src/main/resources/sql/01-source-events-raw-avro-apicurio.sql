-- Source (raw.format=avro-apicurio): the events of topic ${topic.raw} as Avro values framed with an Apicurio Registry
-- schema id, e.g. written by Connect's Apicurio AvroConverter with apicurio.registry.headers.enabled=false. Fields are
-- matched by name (extra fields ignored, missing ones null); shape and framing: docs/avro-apicurio.md.
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
  'format' = 'avro-apicurio',
  'avro-apicurio.url' = '${registry.url}',
  'avro-apicurio.id-encoding' = '${registry.id-encoding}',
  'avro-apicurio.use-id' = '${registry.use-id}'
);

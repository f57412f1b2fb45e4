-- Dedupe: keep the first copy of every (event_id, event_time); a copy arriving within ${dedupe.ttl} (arrival time)
-- of the first is dropped. Flink keeps one small state entry per key and expires it ${dedupe.ttl} after it was written.
SET 'table.exec.state.ttl' = '${dedupe.ttl}';

CREATE TEMPORARY VIEW events_deduped AS
SELECT event_id, event_type, user_id, region, event_time, revenue, latency_ms, response_time_ms,
       processing_time_ms, `text`, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id, event_time ORDER BY proc_time ASC) AS copy_number
  FROM events_raw
)
WHERE copy_number = 1;

-- The window metrics need an event time: events without one are kept in events.clean but not counted (Flink would
-- otherwise stop the job on them: "RowTime field should not be null").
CREATE TEMPORARY VIEW events_timed AS
SELECT * FROM events_deduped WHERE event_time IS NOT NULL;

CREATE TABLE events_clean (
  event_id           STRING,
  event_type         STRING,
  user_id            STRING,
  region             STRING,
  event_time         BIGINT,
  revenue            DOUBLE,
  latency_ms         BIGINT,
  response_time_ms   BIGINT,
  processing_time_ms BIGINT,
  `text`             STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean}',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'sink.delivery-guarantee' = '${sink.delivery-guarantee}',
  'sink.transactional-id-prefix' = '${sink.transactional-id-prefix}-clean',
  'properties.transaction.timeout.ms' = '${sink.transaction.timeout.ms}',
  'format' = 'json'
);

INSERT INTO events_clean
SELECT event_id, event_type, user_id, region, event_time, revenue, latency_ms, response_time_ms,
       processing_time_ms, `text`
FROM events_deduped;

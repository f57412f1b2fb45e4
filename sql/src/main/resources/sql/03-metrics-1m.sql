-- Every minute of event time, per event type: how many events and their average processing time.
-- One row per window, written once the watermark passes the window end (final results, append-only).
CREATE TABLE metrics_1m (
  window_start           TIMESTAMP_LTZ(3),
  window_end             TIMESTAMP_LTZ(3),
  event_type             STRING,
  event_count            BIGINT,
  avg_processing_time_ms DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.metrics.1m}',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'sink.delivery-guarantee' = '${sink.delivery-guarantee}',
  'sink.transactional-id-prefix' = '${sink.transactional-id-prefix}-metrics-1m',
  'properties.transaction.timeout.ms' = '${sink.transaction.timeout.ms}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

INSERT INTO metrics_1m
SELECT CAST(window_start AS TIMESTAMP_LTZ(3)), CAST(window_end AS TIMESTAMP_LTZ(3)), event_type,
       COUNT(*),
       AVG(CAST(processing_time_ms AS DOUBLE))
FROM TABLE(TUMBLE(TABLE events_timed, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, event_type;

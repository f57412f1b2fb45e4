-- Every minute of event time, per event type and region: events, average latency and processing time, p95 response
-- time (t-digest), revenue. One row per window and group, written once the watermark passes the window end (final
-- results, append-only); events arriving after that are late (events.clean flags them with late_arrival).
CREATE TABLE metrics_1m (
  window_start           TIMESTAMP_LTZ(3),
  window_end             TIMESTAMP_LTZ(3),
  event_type             STRING,
  region                 STRING,
  event_count            BIGINT,
  avg_latency_ms         DOUBLE,
  avg_processing_time_ms DOUBLE,
  p95_response_time_ms   DOUBLE,
  revenue_sum            DOUBLE
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
SELECT CAST(window_start AS TIMESTAMP_LTZ(3)), CAST(window_end AS TIMESTAMP_LTZ(3)), event_type, region,
       COUNT(*),
       AVG(CAST(latency_ms AS DOUBLE)),
       AVG(CAST(processing_time_ms AS DOUBLE)),
       APPROX_PERCENTILE(response_time_ms, 0.95),
       SUM(revenue)
FROM TABLE(TUMBLE(TABLE events_timed, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, event_type, region;

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

-- The silver events (JSON shape: docs/event-schema.md). Timestamps are written as ISO-8601 UTC strings.
CREATE TABLE events_clean (
  event_id            STRING,
  event_type          STRING,
  user_id             STRING,
  region              STRING,
  event_timestamp     TIMESTAMP_LTZ(3),
  revenue             DOUBLE,
  latency_ms          BIGINT,
  response_time_ms    BIGINT,
  processing_time_ms  BIGINT,
  `text`              STRING,
  late_arrival        BOOLEAN,
  processed_timestamp TIMESTAMP_LTZ(3)
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean}',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'sink.delivery-guarantee' = '${sink.delivery-guarantee}',
  'sink.transactional-id-prefix' = '${sink.transactional-id-prefix}-clean',
  'properties.transaction.timeout.ms' = '${sink.transaction.timeout.ms}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- late_arrival: the watermark had already reached the end of the event's 1-minute window minus 1 ms when the event
-- got here, which is Flink's own rule for a fired window (the window operator drops an element when
-- watermark >= window_end - 1), so these are the events metrics.1m does not count. CURRENT_WATERMARK is this
-- operator's watermark (NULL before the first one: nothing is late yet, as in the window operator). Exact at
-- parallelism 1; at higher parallelism the window operator's watermark can lag this one (sql/README.md, "Lateness").
-- NULL for an event without event time (it belongs to no window). processed_timestamp: wall clock of the dedupe.
INSERT INTO events_clean
SELECT event_id, event_type, user_id, region,
       CAST(ts AS TIMESTAMP_LTZ(3)),
       revenue, latency_ms, response_time_ms, processing_time_ms, `text`,
       CASE WHEN event_time IS NULL THEN CAST(NULL AS BOOLEAN)
            ELSE COALESCE(CURRENT_WATERMARK(ts) >= TO_TIMESTAMP_LTZ(event_time - MOD(event_time, 60000) + 59999, 3),
                          FALSE)
       END,
       CURRENT_TIMESTAMP
FROM events_deduped;

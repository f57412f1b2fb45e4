-- Example: enrich every event with the text UDFs and write the result to ${topic.enriched}.
-- Run after 00-functions.sql and 01-source-events-raw.sql, e.g.
--   SqlJobRunner sql/00-functions.sql sql/01-source-events-raw.sql examples/enrich-events.sql --var topic.enriched=...
CREATE TABLE events_enriched (
  event_id        STRING,
  sentiment       STRING,
  sentiment_score DOUBLE,
  `language`      STRING,
  entities        ARRAY<ROW<`text` STRING, category STRING, `offset` INT>>
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.enriched}',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'format' = 'json'
);

INSERT INTO events_enriched
SELECT event_id,
       SENTIMENT(`text`).label,
       SENTIMENT(`text`).score,
       `LANGUAGE`(`text`),
       ENTITIES(`text`)
FROM events_raw;

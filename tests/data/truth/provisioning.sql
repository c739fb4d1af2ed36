-- Rows of `report provisioning -f json` (?2, JSON Lines) against the
-- generator's truth/changes.jsonl (?1): one row per (account, channel)
-- with the changes that took effect, the failed attempts, the first and
-- last time, the actors of the changes and the first event.  Prints the
-- rows found on one side only: none when the report agrees.
WITH
t AS (
  SELECT json_extract(value, '$.account') AS account,
         json_extract(value, '$.channel') AS channel,
         json_extract(value, '$.failed') AS failed,
         json_extract(value, '$.time') AS time,
         json_extract(value, '$.actor') AS actor,
         json_extract(value, '$.event_id') AS id
  FROM json_each('[' || replace(trim(?1, char(10)), char(10), ',') || ']')),
truth AS (
  SELECT account, channel,
         sum(NOT failed) AS events, sum(failed) AS attempts,
         coalesce(min(CASE WHEN NOT failed THEN time END), min(time)) AS first,
         coalesce(max(CASE WHEN NOT failed THEN time END), max(time)) AS last,
         (SELECT json_group_array(actor) FROM
            (SELECT DISTINCT actor FROM t AS t2
             WHERE t2.account = t.account AND t2.channel = t.channel
               AND NOT t2.failed AND actor IS NOT NULL ORDER BY actor))
           AS actors,
         (SELECT id FROM t AS t2
          WHERE t2.account = t.account AND t2.channel = t.channel
          ORDER BY t2.failed, t2.time, t2.id LIMIT 1) AS sample
  FROM t GROUP BY account, channel),
r AS (
  SELECT json_extract(value, '$.account') AS account,
         json_extract(value, '$.channel') AS channel,
         json_extract(value, '$.events') AS events,
         json_extract(value, '$.attempts') AS attempts,
         json_extract(value, '$.first') AS first,
         json_extract(value, '$.last') AS last,
         json_extract(value, '$.actors') AS actors,
         json_extract(value, '$.sample_event_id') AS sample
  FROM json_each('[' || replace(trim(?2, char(10)), char(10), ',') || ']'))
SELECT 'truth only' AS side, * FROM (SELECT * FROM truth EXCEPT SELECT * FROM r)
UNION ALL
SELECT 'report only', * FROM (SELECT * FROM r EXCEPT SELECT * FROM truth)
ORDER BY 2, 3, 1

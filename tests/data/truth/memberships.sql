-- Rows of `report memberships -f json` (?2) against the generator's
-- truth/memberships.jsonl (?1), as far as the logs and the snapshot can
-- tell them: an interval is knowable when one of its ends is visible in
-- the logs or it is in the snapshot; an end that is not visible is null
-- (unknown) in the report.  A DeleteUser or DeleteGroup end names no
-- group or member, so it is visible only with a knowable start.  Prints
-- the intervals found on one side only: none when the report agrees.
WITH
t AS (
  SELECT json_extract(value, '$.group.id') AS gid,
         json_extract(value, '$.group.kind') AS kind,
         json_extract(value, '$.member.id') AS uid,
         json_extract(value, '$.added') AS added,
         json_extract(value, '$.added.visible') AS added_visible,
         json_extract(value, '$.removed') AS removed,
         json_extract(value, '$.removed.visible') AS removed_visible,
         json_extract(value, '$.removed.event_id') AS removed_id,
         json_extract(value, '$.open') AS open,
         json_extract(value, '$.in_snapshot') AS in_snapshot
  FROM json_each('[' || replace(trim(?1, char(10)), char(10), ',') || ']')),
t2 AS (
  SELECT t.*,
         coalesce(added_visible, 0) OR coalesce(in_snapshot, 0) AS start_known,
         coalesce(removed_visible, 0) AND
           coalesce((SELECT e.event_name NOT IN ('DeleteUser', 'DeleteGroup')
                     FROM events e WHERE e.event_id = t.removed_id), 1)
           AS end_known
  FROM t),
truth AS (
  SELECT gid, kind, uid,
         CASE WHEN added_visible THEN json_extract(added, '$.time') END AS added_time,
         CASE WHEN added_visible THEN json_extract(added, '$.channel') END AS added_channel,
         CASE WHEN added_visible THEN json_extract(added, '$.by') END AS added_by,
         CASE WHEN added_visible THEN json_extract(added, '$.event_id') END AS added_id,
         CASE WHEN removed_visible AND (end_known OR start_known)
              THEN json_extract(removed, '$.time') END AS removed_time,
         CASE WHEN removed_visible AND (end_known OR start_known)
              THEN json_extract(removed, '$.channel') END AS removed_channel,
         CASE WHEN removed_visible AND (end_known OR start_known)
              THEN json_extract(removed, '$.by') END AS removed_by,
         CASE WHEN removed_visible AND (end_known OR start_known)
              THEN json_extract(removed, '$.event_id') END AS removed_id,
         open
  FROM t2 WHERE start_known OR end_known),
r AS (
  SELECT json_extract(value, '$.group.id') AS gid,
         json_extract(value, '$.group.kind') AS kind,
         json_extract(value, '$.member.id') AS uid,
         json_extract(value, '$.added.time'),
         json_extract(value, '$.added.channel'),
         json_extract(value, '$.added.by'),
         json_extract(value, '$.added.event_id'),
         json_extract(value, '$.removed.time'),
         json_extract(value, '$.removed.channel'),
         json_extract(value, '$.removed.by'),
         json_extract(value, '$.removed.event_id'),
         json_extract(value, '$.open')
  FROM json_each('[' || replace(trim(?2, char(10)), char(10), ',') || ']'))
SELECT 'truth only' AS side, * FROM (SELECT * FROM truth EXCEPT SELECT * FROM r)
UNION ALL
SELECT 'report only', * FROM (SELECT * FROM r EXCEPT SELECT * FROM truth)
ORDER BY 2, 4, 5, 1

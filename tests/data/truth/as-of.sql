-- `report memberships --as-of T -f json` (?2) against the generator's
-- truth/memberships.jsonl (?1) at time ?3.  The truth holds the real
-- times, hidden ones included.  Prints what breaks either promise:
--   'not a member'  the report says member, the truth disagrees
--   'missed'        a member the logs or the snapshot can show (an end
--                   visible, or in the snapshot; a DeleteUser or
--                   DeleteGroup end names no member) that the report
--                   gives neither as a member nor as possibly one
-- Nothing printed: the report agrees.
WITH
t AS (
  SELECT json_extract(value, '$.group.id') AS gid,
         json_extract(value, '$.member.id') AS uid,
         json_extract(value, '$.added.time') AS added,
         json_extract(value, '$.removed.time') AS removed,
         coalesce(json_extract(value, '$.added.visible'), 0)
           OR coalesce(json_extract(value, '$.in_snapshot'), 0)
           OR (coalesce(json_extract(value, '$.removed.visible'), 0) AND
               coalesce((SELECT e.event_name NOT IN ('DeleteUser', 'DeleteGroup')
                         FROM events e WHERE e.event_id =
                           json_extract(value, '$.removed.event_id')), 1))
           AS knowable
  FROM json_each('[' || replace(trim(?1, char(10)), char(10), ',') || ']')),
truth AS (
  SELECT gid, uid, max(knowable) AS knowable FROM t
  WHERE (added IS NULL OR added <= ?3) AND (removed IS NULL OR removed > ?3)
  GROUP BY gid, uid),
r AS (
  SELECT json_extract(value, '$.group.id') AS gid,
         json_extract(value, '$.member.id') AS uid,
         json_extract(value, '$.as_of.status') AS status
  FROM json_each('[' || replace(trim(?2, char(10)), char(10), ',') || ']'))
SELECT 'not a member' AS problem, gid, uid FROM r
WHERE status = 'member' AND NOT EXISTS
  (SELECT 1 FROM truth WHERE truth.gid = r.gid AND truth.uid = r.uid)
UNION ALL
SELECT 'missed', gid, uid FROM truth
WHERE knowable AND NOT EXISTS
  (SELECT 1 FROM r WHERE r.gid = truth.gid AND r.uid = truth.uid)
ORDER BY 1, 2, 3

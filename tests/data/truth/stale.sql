-- Rows of `report stale -f json` (?2) against the generator's
-- truth/stale.jsonl (?1): one row per access a disabled identity still
-- holds.  Prints the rows found on one side only: none when the report
-- agrees.
WITH
x AS (
  SELECT 1 AS s, value
  FROM json_each('[' || replace(trim(?1, char(10)), char(10), ',') || ']')
  UNION ALL
  SELECT 2, value
  FROM json_each('[' || replace(trim(?2, char(10)), char(10), ',') || ']')),
f AS (
  SELECT s,
         json_extract(value, '$.identity.id') AS id,
         json_extract(value, '$.identity.name') AS name,
         json_extract(value, '$.disabled.time') AS disabled,
         json_extract(value, '$.disabled.how') AS how,
         json_extract(value, '$.access.type') AS type,
         json_extract(value, '$.access.group.id') AS gid,
         json_extract(value, '$.access.account') AS account,
         json_extract(value, '$.access.permission_set.arn') AS ps,
         json_extract(value, '$.access.permission_set.name') AS ps_name,
         json_extract(value, '$.days_stale') AS days,
         json_extract(value, '$.severity') AS severity
  FROM x),
t AS (SELECT id, name, disabled, how, type, gid, account, ps, ps_name, days,
             severity FROM f WHERE s = 1),
r AS (SELECT id, name, disabled, how, type, gid, account, ps, ps_name, days,
             severity FROM f WHERE s = 2)
SELECT 'truth only' AS side, * FROM (SELECT * FROM t EXCEPT SELECT * FROM r)
UNION ALL
SELECT 'report only', * FROM (SELECT * FROM r EXCEPT SELECT * FROM t)
ORDER BY 2, 6, 7, 8, 9, 1

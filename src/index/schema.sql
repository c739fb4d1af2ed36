-- schema.sql -- the trailsift index, schema version 6.
--
-- Plain SQLite: sqlite3, Python and DB Browser open it.  Users query the
-- views `events`, `sources` and `findings`; the tables underneath are
-- built for size (interned strings, compressed raw records) and are
-- documented in trailsift-index(5).  index.c runs this file once on an
-- empty database and then sets PRAGMA user_version = 6 (version 1 had
-- a unique index on eid, and one on time_ms, instead of event_key;
-- version 2 had no zdict table; version 3 stored an absent string as
-- NULL, not 0, and its view used only outer joins; version 4 kept
-- every digest as text; version 5 indexed source on the whole path).
-- After a change here, run tools/schema-history: audit.c takes the
-- statements earlier versions made for trailsift's own.

-- Key/value facts about the index: schema version, creating tool.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);

-- One row per `trailsift ingest` or `trailsift rules run` invocation.
CREATE TABLE run (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,          -- ingest | rules
  started  INTEGER NOT NULL,       -- ms since the epoch, UTC
  finished INTEGER,                -- NULL while running or if killed
  command  TEXT NOT NULL,          -- the command line
  version  TEXT NOT NULL,          -- trailsift version
  status   TEXT                    -- ok | partial | failed | interrupted
                                   -- | NULL (running, or killed)
);

-- One row per input file or archive member: every input is accounted for.
CREATE TABLE source (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL,   -- run that recorded this row
  parent_id    INTEGER,            -- the archive's row, for members
  path         TEXT NOT NULL,      -- file on disk as walked ('-' = stdin)
  member       TEXT,               -- name inside the archive, else NULL
  size         INTEGER,            -- bytes as found (compressed)
  mtime        INTEGER,            -- file modification time, ms
  sha256       TEXT,               -- hex SHA-256 of the bytes as found
  kind         TEXT NOT NULL,      -- events | digest | insight | snapshot
                                   -- | archive | link | not-cloudtrail
                                   -- | unknown | directory
  format       TEXT,               -- records | lookup-events | jsonl |
                                   -- array | eventbridge | record | ...
  compression  TEXT,               -- gzip | none
  account      TEXT,               -- from the S3 key, when it has one
  region       TEXT,               -- from the S3 key
  delivered    INTEGER,            -- delivery time from the S3 key, ms
  n_records    INTEGER NOT NULL DEFAULT 0, -- records found
  n_indexed    INTEGER NOT NULL DEFAULT 0, -- new events stored
  n_duplicates INTEGER NOT NULL DEFAULT 0, -- eventIDs already stored
  n_filtered   INTEGER NOT NULL DEFAULT 0, -- outside --since/--until etc.
  n_rejected   INTEGER NOT NULL DEFAULT 0, -- see `rejected`
  n_documents  INTEGER NOT NULL DEFAULT 0, -- digests, Insights records and
                                           -- snapshot items kept whole
  filters      TEXT,               -- --since/--until/--account/--region
                                   -- in force when read, NULL for none
  status       TEXT NOT NULL,      -- ok | partial | error | skipped
                                   -- | ingesting (a bundle being read)
  error        TEXT,               -- why, when status is not ok
  path_key     INTEGER             -- path_key(path), for source_path
);
-- A path is as long as the folders it was given under, and an index on
-- it would hold every path twice (a year of small files: 40 MiB of 259).
-- path_key is a 31-bit hash instead: with h(x) FNV-1a (64-bit) of the
-- bytes x, folded as h ^ h >> 32, it is (h(folder) & 0xffff) << 15 |
-- (h(path) & 0x7fff), the folder being the path up to its last '/'
-- (h(folder) is 0 for a path with no '/'), so that the files of one
-- folder have neighbouring keys, as a walk looks them up.  trailsift looks a path up with "path_key = ? AND path = ?";
-- `trailsift query` has the function path_key(text).
CREATE INDEX source_path ON source(path_key, member);
-- A bundle's members, summed as it closes.
CREATE INDEX source_parent ON source(parent_id) WHERE parent_id IS NOT NULL;

-- Records that could not be indexed, with the reason and, when small
-- enough, the bytes themselves: nothing read is silently lost.
CREATE TABLE rejected (
  source_id INTEGER NOT NULL,
  record_no INTEGER NOT NULL,      -- 1-based position in the source
  offset    INTEGER,               -- byte offset in the decompressed source
  reason    TEXT NOT NULL,
  raw       BLOB                   -- the record's bytes, when available
);
CREATE INDEX rejected_source ON rejected(source_id);

-- Interned strings: every repeated text column of `event` points here,
-- an absent value (no errorCode) at row 0, whose s is NULL.  With no NULL
-- ids the view can join `str` with inner joins, which SQLite can turn
-- around: WHERE event_name IN (...) looks the names up first and then
-- their events through an index, where an outer join reads every event.
CREATE TABLE str (
  id INTEGER PRIMARY KEY,
  s  TEXT UNIQUE                   -- NULL only in row 0
);
INSERT INTO str VALUES(0, NULL);

-- Raw records, concatenated in source order and compressed in blocks.
-- Inside a block the values of eventID, requestID and eventTime are
-- replaced by the bytes 0x01, 0x02 and 0x03 when the event row holds
-- exactly those bytes (no valid JSON text contains these bytes).
CREATE TABLE raw_block (
  id    INTEGER PRIMARY KEY,
  codec INTEGER NOT NULL,          -- 0 stored, 1 raw deflate, 2 zstd
  ulen  INTEGER NOT NULL,          -- uncompressed length
  data  BLOB NOT NULL
);

-- zstd dictionaries: an ingest trains one on its first 2 MiB of raw
-- records when the index has none, and stores it with the first block
-- compressed with it.  A zstd block's frame header names its
-- dictionary's id (0: none).
CREATE TABLE zdict (
  id   INTEGER PRIMARY KEY,        -- the dictionary's id, from its header
  data BLOB NOT NULL               -- the zstd dictionary
);

-- One row per unique CloudTrail event (deduplicated on eventID).  The
-- str.id columns hold 0 where the record has no such value, never NULL.
CREATE TABLE event (
  id                INTEGER PRIMARY KEY,
  time_ms           INTEGER NOT NULL, -- eventTime, ms since epoch, UTC
  event_source      INTEGER,          -- str.id of eventSource
  event_name        INTEGER,          -- str.id of eventName
  aws_region        INTEGER,          -- str.id of awsRegion
  account           INTEGER,          -- str.id of recipientAccountId
  principal_type    INTEGER,          -- str.id of userIdentity.type
  principal_arn     INTEGER,          -- str.id of userIdentity.arn
  principal_account INTEGER,          -- str.id of userIdentity.accountId
  principal_id      INTEGER,          -- str.id of userIdentity.principalId
  session_issuer    INTEGER,          -- str.id of sessionIssuer.userName
  session_name      INTEGER,          -- str.id of the role session name
  access_key_id     INTEGER,          -- str.id of userIdentity.accessKeyId
  user_agent        INTEGER,          -- str.id of userAgent
  source_ip         INTEGER,          -- str.id of sourceIPAddress
  error_code        INTEGER,          -- str.id of errorCode
  error_message     INTEGER,          -- str.id of errorMessage
  event_type        INTEGER,          -- str.id of eventType
  read_only         INTEGER,          -- 1, 0 or NULL
  eid               BLOB NOT NULL,    -- eventID: 16 bytes for a lowercase
                                      -- canonical UUID, else the text
  request_id        BLOB,             -- requestID, encoded like eid
  source_id         INTEGER NOT NULL, -- source.id the record came from
  record_no         INTEGER NOT NULL, -- 1-based position in that source
  raw_offset        INTEGER NOT NULL, -- byte offset in the decompressed source
  block_id          INTEGER NOT NULL, -- raw_block.id holding the record
  block_off         INTEGER NOT NULL, -- offset inside the uncompressed block
  raw_len           INTEGER NOT NULL  -- record length inside the block
);
-- The copies of an event (two trails, a file delivered twice) share
-- eventID and eventTime, so (time, eventID) is unique: kept in time
-- order it stays cheap to update however large the index grows, and it
-- is the time index too.  The same eventID at another time is caught
-- after each ingest (writer.c) and moved to `rejected`.
CREATE UNIQUE INDEX event_key ON event(time_ms, eid);

-- Digest files, kept whole for a later integrity check.
CREATE TABLE digest (
  source_id   INTEGER NOT NULL,
  account     TEXT,
  region      TEXT,
  start_time  INTEGER,             -- digestStartTime, ms
  end_time    INTEGER,             -- digestEndTime, ms
  s3_object   TEXT,                -- digestS3Object
  n_log_files INTEGER,             -- entries in logFiles
  json        TEXT NOT NULL        -- the digest document as found, or
                                   -- a BLOB: it compressed (one zstd
                                   -- frame); document(json) reads both
);

-- CloudTrail Insights records: kept whole, never mistaken for API events.
CREATE TABLE insight (
  source_id   INTEGER NOT NULL,
  record_no   INTEGER NOT NULL,    -- 1-based position in the source
  event_id    TEXT,                -- eventID
  time_ms     INTEGER,             -- eventTime, ms
  json        TEXT NOT NULL        -- the record as found
);

-- Identity-store snapshots (aws identitystore list-* / sso-admin output).
CREATE TABLE snapshot (
  source_id   INTEGER NOT NULL,
  type        TEXT NOT NULL,       -- users | groups | group-memberships
                                   -- | account-assignments (list-*)
                                   -- | permission-sets (describe-...)
  captured_ms INTEGER NOT NULL,    -- capture time (--captured-at or mtime)
  json        TEXT NOT NULL        -- the item as found: an array element,
                                   -- or the PermissionSet object
);

-- Findings of rules (written by `trailsift rules run`).
CREATE TABLE finding (
  id       INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL,       -- run.id of the rules run
  rule_id  TEXT NOT NULL,
  severity TEXT NOT NULL,          -- info | low | medium | high
  time_ms  INTEGER,
  subject  TEXT,
  message  TEXT NOT NULL,
  evidence TEXT,                   -- JSON array of event ids
  data     TEXT                    -- JSON object
);
CREATE INDEX finding_rule ON finding(rule_id);

-- A 16-byte eid or request_id is shown as the canonical UUID text.
-- Every id is a row of str (see there), so any of its joins could be
-- inner.  Those of the indexed columns (event_source, event_name,
-- account, principal_arn) are, so that IN lists and ORs on them use
-- the indexes; the others stay outer joins, which SQLite drops when a
-- query does not use their column, as it never drops an inner join: a
-- self-join of the view on principal_arn over 300k events took 40 s
-- with sixteen inner joins and 0.2 s so.
CREATE VIEW events AS
SELECT
  e.id AS id,
  CASE WHEN e.time_ms % 1000 = 0
       THEN strftime('%Y-%m-%dT%H:%M:%SZ', e.time_ms / 1000, 'unixepoch')
       ELSE strftime('%Y-%m-%dT%H:%M:%fZ', e.time_ms / 1000.0, 'unixepoch')
  END AS event_time,
  e.time_ms AS time_ms,
  s_src.s AS event_source,
  s_name.s AS event_name,
  s_reg.s AS aws_region,
  s_acct.s AS account,
  s_ptype.s AS principal_type,
  s_parn.s AS principal_arn,
  s_pacct.s AS principal_account,
  s_pid.s AS principal_id,
  s_iss.s AS session_issuer,
  s_sess.s AS session_name,
  s_key.s AS access_key_id,
  s_ua.s AS user_agent,
  s_ip.s AS source_ip,
  s_ecode.s AS error_code,
  s_emsg.s AS error_message,
  e.read_only AS read_only,
  s_etype.s AS event_type,
  CASE WHEN typeof(e.eid) = 'blob' AND length(e.eid) = 16
       THEN lower(substr(hex(e.eid), 1, 8) || '-' || substr(hex(e.eid), 9, 4)
            || '-' || substr(hex(e.eid), 13, 4) || '-'
            || substr(hex(e.eid), 17, 4) || '-' || substr(hex(e.eid), 21, 12))
       ELSE CAST(e.eid AS TEXT)
  END AS event_id,
  CASE WHEN typeof(e.request_id) = 'blob' AND length(e.request_id) = 16
       THEN lower(substr(hex(e.request_id), 1, 8) || '-'
            || substr(hex(e.request_id), 9, 4) || '-'
            || substr(hex(e.request_id), 13, 4) || '-'
            || substr(hex(e.request_id), 17, 4) || '-'
            || substr(hex(e.request_id), 21, 12))
       ELSE CAST(e.request_id AS TEXT)
  END AS request_id,
  e.source_id AS source_id,
  src.path AS source_path,
  src.member AS source_member,
  e.record_no AS record_no,
  e.raw_offset AS raw_offset,
  src.sha256 AS source_sha256
FROM event e
JOIN str s_src ON s_src.id = e.event_source
JOIN str s_name ON s_name.id = e.event_name
LEFT JOIN str s_reg ON s_reg.id = e.aws_region
JOIN str s_acct ON s_acct.id = e.account
LEFT JOIN str s_ptype ON s_ptype.id = e.principal_type
JOIN str s_parn ON s_parn.id = e.principal_arn
LEFT JOIN str s_pacct ON s_pacct.id = e.principal_account
LEFT JOIN str s_pid ON s_pid.id = e.principal_id
LEFT JOIN str s_iss ON s_iss.id = e.session_issuer
LEFT JOIN str s_sess ON s_sess.id = e.session_name
LEFT JOIN str s_key ON s_key.id = e.access_key_id
LEFT JOIN str s_ua ON s_ua.id = e.user_agent
LEFT JOIN str s_ip ON s_ip.id = e.source_ip
LEFT JOIN str s_ecode ON s_ecode.id = e.error_code
LEFT JOIN str s_emsg ON s_emsg.id = e.error_message
LEFT JOIN str s_etype ON s_etype.id = e.event_type
LEFT JOIN source src ON src.id = e.source_id;

CREATE VIEW sources AS
SELECT
  id, path, member, size, sha256, kind, format, compression, account, region,
  CASE WHEN delivered IS NULL THEN NULL
       ELSE strftime('%Y-%m-%dT%H:%M:%SZ', delivered / 1000, 'unixepoch')
  END AS delivered,
  n_records, n_indexed, n_duplicates, n_filtered, n_rejected, n_documents,
  filters,
  status, error, parent_id, run_id
FROM source;

CREATE VIEW findings AS
SELECT
  f.id, f.rule_id, f.severity,
  CASE WHEN f.time_ms IS NULL THEN NULL
       WHEN f.time_ms % 1000 = 0
       THEN strftime('%Y-%m-%dT%H:%M:%SZ', f.time_ms / 1000, 'unixepoch')
       ELSE strftime('%Y-%m-%dT%H:%M:%fZ', f.time_ms / 1000.0, 'unixepoch')
  END AS time,
  f.subject, f.message, f.evidence, f.data, f.run_id
FROM finding f;

# Identity-store and sso-admin listings are snapshots: each item is a row
# of `snapshot` with its type and the capture time (--captured-at, else
# the file's mtime); a describe-permission-set document is one item.  A bad listing is bad input like any other: one line
# naming the file and offset, a row in sources, exit status 3.
# Fixtures: tests/data/snapshot (see its README.md).

$ cp "$TS_SRC"/tests/data/snapshot/*.json . && ls
bad-account-assignments.json
bad-permission-set.json
describe-permission-set.json
get-account-authorization-details.json
list-account-assignments.json

$ trailsift ingest -q --captured-at 2025-10-30T09:14:00Z list-account-assignments.json describe-permission-set.json

$ trailsift query -f csv "SELECT path, kind, format, n_records, n_rejected, status FROM sources ORDER BY id"
path,kind,format,n_records,n_rejected,status
list-account-assignments.json,snapshot,list-account-assignments,2,0,ok
describe-permission-set.json,snapshot,describe-permission-set,1,0,ok

$ trailsift query -f csv "SELECT type, captured_ms, json_extract(json, '$.PrincipalType'), json_extract(json, '$.PrincipalId') FROM snapshot WHERE type = 'account-assignments' ORDER BY rowid"
type,captured_ms,"json_extract(json, '$.PrincipalType')","json_extract(json, '$.PrincipalId')"
account-assignments,1761815640000,GROUP,a1b2c3d4-1111-7000-8000-000000000001
account-assignments,1761815640000,USER,a1b2c3d4-2222-7000-8000-000000000002

# a listing already stored is not read again: another --captured-at is
# not applied, and the run says so, even with -q (the same time, or none,
# says nothing)
$ trailsift ingest -q --captured-at 2025-11-02T08:00:00Z list-account-assignments.json describe-permission-set.json; echo "exit $?"; trailsift ingest -q --captured-at 2025-10-30T09:14:00Z list-account-assignments.json; trailsift ingest -q list-account-assignments.json; trailsift query -f csv "SELECT DISTINCT captured_ms FROM snapshot"
trailsift: --captured-at: 2 identity-store listings were already in the index with another capture time and were not read again; a listing is stored once, with the capture time of its first ingest: to record another, ingest it into a new index
exit 0
captured_ms
1761815640000

# a listing from standard input or a pipe has no modification time to
# date it by: without --captured-at it is not stored (it was, as taken in
# 1970), the run says why and exits 3; with it, it is
$ trailsift ingest -q -d piped.db - < list-account-assignments.json; echo "exit $?"; cat list-account-assignments.json | trailsift ingest -q -d piped.db --captured-at 2025-10-30T09:14:00Z -; echo "exit $?"; trailsift query -d piped.db -f csv "SELECT s.id, s.kind, s.n_records, s.n_documents, s.status, (SELECT group_concat(DISTINCT captured_ms) FROM snapshot WHERE source_id = s.id) AS captured FROM sources s ORDER BY s.id"
trailsift: -: an identity-store listing with no modification time to date it by: not stored; give --captured-at TIME
exit 3
exit 0
id,kind,n_records,n_documents,status,captured
1,snapshot,2,0,error,
2,snapshot,2,2,ok,1761815640000

# describe-permission-set: the row holds the PermissionSet object
$ trailsift query -f csv "SELECT type, captured_ms, json_extract(json, '$.Name'), json_extract(json, '$.CreatedDate'), json_extract(json, '$.SessionDuration') FROM snapshot WHERE type = 'permission-sets'"
type,captured_ms,"json_extract(json, '$.Name')","json_extract(json, '$.CreatedDate')","json_extract(json, '$.SessionDuration')"
permission-sets,1761815640000,ReadOnlyAccess,2024-03-01T10:00:00.123000+00:00,PT1H

# aws iam get-account-authorization-details: each user, group, role and
# policy of every list is a row, whatever the order of the keys
$ trailsift ingest -q -d gaad.db --captured-at 2025-10-30T09:14:00Z get-account-authorization-details.json && trailsift query -d gaad.db -f csv "SELECT s.format, s.n_records, n.type, coalesce(json_extract(n.json, '$.UserName'), json_extract(n.json, '$.GroupName'), json_extract(n.json, '$.RoleName'), json_extract(n.json, '$.PolicyName')) AS name, json_extract(n.json, '$.GroupList') AS groups FROM snapshot n JOIN sources s ON s.id = n.source_id ORDER BY n.rowid"
format,n_records,type,name,groups
get-account-authorization-details,6,iam-groups,auditors,
get-account-authorization-details,6,iam-groups,deployers,
get-account-authorization-details,6,iam-policies,ci-boundary,
get-account-authorization-details,6,iam-roles,terraform-iam-admin,
get-account-authorization-details,6,iam-users,ext-auditor-1,"[""auditors""]"
get-account-authorization-details,6,iam-users,deploy-bot,"[""deployers"",""auditors""]"

# ... and the report knows who was in which IAM group at the capture
$ trailsift report memberships -d gaad.db --no-store -f csv | cut -d, -f1-5,11-
group,group_id,member,member_id,added,open,known_from,group_in,evidence
auditors,auditors,deploy-bot,deploy-bot,before the logs,true,snapshot,111122223333,[]
auditors,auditors,ext-auditor-1,ext-auditor-1,before the logs,true,snapshot,111122223333,[]
deployers,deployers,deploy-bot,deploy-bot,before the logs,true,snapshot,111122223333,[]

# pages saved one after the other are one source
$ echo '{"UserDetailList":[{"UserName":"a","Arn":"arn:aws:iam::111122223333:user/a","GroupList":["g"]}],"IsTruncated":true,"Marker":"m1"} {"UserDetailList":[{"UserName":"b","Arn":"arn:aws:iam::111122223333:user/b","GroupList":[]}],"GroupDetailList":[{"GroupName":"g","Arn":"arn:aws:iam::111122223333:group/g"}],"IsTruncated":false}' > pages.json && trailsift ingest -q -d pages.db pages.json && trailsift query -d pages.db -f csv "SELECT type, coalesce(json_extract(json, '$.UserName'), json_extract(json, '$.GroupName')) AS name FROM snapshot ORDER BY rowid"
type,name
iam-users,a
iam-users,b
iam-groups,g

# without --captured-at the file's modification time is the capture time
$ cp list-account-assignments.json aa-mtime.json && touch -d 2025-01-02T03:04:05Z aa-mtime.json && trailsift ingest -q -d mtime.db aa-mtime.json && trailsift query -d mtime.db -f csv "SELECT DISTINCT type, captured_ms FROM snapshot"
type,captured_ms
account-assignments,1735787045000

# issue 4: a malformed item names the file and offset, and the source
# stays a snapshot (it held no CloudTrail record)
$ trailsift ingest -q -d bad.db bad-account-assignments.json
trailsift: bad-account-assignments.json: 1 record rejected
trailsift: bad-account-assignments.json: record 1 (offset 38): invalid JSON at record offset 262: expected '"' to start an object key
[exit 3]

$ trailsift query -d bad.db -f csv "SELECT path, kind, status, error, (SELECT count(*) FROM snapshot) AS n FROM sources"
path,kind,status,error,n
bad-account-assignments.json,snapshot,error,1 record rejected,0

$ trailsift ingest -q -d badps.db bad-permission-set.json
trailsift: bad-permission-set.json: 1 record rejected
trailsift: bad-permission-set.json: record 1 (offset 23): invalid JSON at record offset 146: expected ',' or '}'
[exit 3]

$ trailsift query -d badps.db -f csv "SELECT path, kind, format, status, error, (SELECT count(*) FROM snapshot) AS n FROM sources"
path,kind,format,status,error,n
bad-permission-set.json,snapshot,describe-permission-set,error,1 record rejected,0

# a listing cut short keeps the items before the cut
$ head -c 400 list-account-assignments.json > cut.json && trailsift ingest -q -d cut.db cut.json
trailsift: cut.json: invalid JSON at offset 400: the data ends inside a record (truncated?)
trailsift: cut.json: record 2 (offset 311): cut off: the data ends inside this record
[exit 3]

$ trailsift query -d cut.db -f csv "SELECT path, kind, status, (SELECT count(*) FROM snapshot) AS n FROM sources"
path,kind,status,n
cut.json,snapshot,partial,1

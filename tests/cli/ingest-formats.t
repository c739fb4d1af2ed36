# issue 3: every input shape ingest accepts, and what it records for each.
# Fixtures: tests/data/ingest (see its README.md).

$ cp "$TS_SRC"/tests/data/ingest/*.json* . && gzip -n -k records.json && ls
array.json
bad-record.json
digest.json
envelope.json
insight.json
lookup-events.json
not-cloudtrail.json
records.json
records.json.gz
records.jsonl

$ trailsift ingest -q records.json.gz array.json envelope.json lookup-events.json records.jsonl digest.json insight.json not-cloudtrail.json
trailsift: records.jsonl: 1 record rejected
trailsift: records.jsonl: record 2 (offset 1695): not a JSON object or array
[exit 3]

$ trailsift query -f csv "SELECT path, kind, format, compression, n_records, n_indexed, n_duplicates, n_rejected, status, error FROM sources ORDER BY id"
path,kind,format,compression,n_records,n_indexed,n_duplicates,n_rejected,status,error
records.json.gz,events,records,gzip,3,3,0,0,ok,
array.json,events,array,none,2,0,2,0,ok,
envelope.json,events,eventbridge,none,1,0,1,0,ok,
lookup-events.json,events,lookup-events,none,3,0,3,0,ok,
records.jsonl,events,jsonl,none,4,0,3,1,partial,1 record rejected
digest.json,digest,document,none,1,0,0,0,ok,
insight.json,insight,records,none,1,0,0,0,ok,
not-cloudtrail.json,not-cloudtrail,record,none,1,0,0,0,skipped,"no CloudTrail records; first: record 1 at offset 0: not a CloudTrail record: no eventVersion, eventSource, eventName, eventID, eventTime or userIdentity"

$ trailsift query "SELECT event_time, event_source, event_name, account, principal_type, session_issuer, session_name, error_code, read_only, event_id FROM events ORDER BY time_ms, event_id"
event_time            event_source                 event_name             account       principal_type  session_issuer                         session_name  error_code    read_only  event_id
--------------------  ---------------------------  ---------------------  ------------  --------------  -------------------------------------  ------------  ------------  ---------  ------------------------------------
2025-10-08T18:30:50Z  identitystore.amazonaws.com  CreateGroupMembership  111122223333  AssumedRole     AWSReservedSSO_admin_0123456789abcdef  jdoe                                0  960c4b3b-667c-085a-69d5-288231a4c54a
2025-10-08T18:31:02Z  s3.amazonaws.com             GetObject              111122223333  IAMUser                                                              AccessDenied          1  a1b2c3d4-5678-90ab-cdef-000000000002
2025-10-08T18:31:05Z  sts.amazonaws.com            AssumeRole             111122223333  AWSService                                                                                 1  a1b2c3d4-5678-90ab-cdef-000000000003

$ trailsift query -f json "SELECT aws_region, principal_arn, principal_account, principal_id, access_key_id, user_agent, source_ip, error_message, event_type, request_id, source_path, record_no, raw_offset FROM events ORDER BY time_ms"
{"aws_region":"us-east-2","principal_arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_admin_0123456789abcdef/jdoe","principal_account":"111122223333","principal_id":"AROAEXAMPLEID1234567:jdoe","access_key_id":"ASIAEXAMPLE000000001","user_agent":"aws-cli/2.31.3 md/awscrt#0.27.6 ua/2.1 os/macos#23.6.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython m/Z,b,E cfg/retry-mode#standard md/installer#source sid/6de1aa4bb086 md/prompt#off md/command#identitystore.create-group-membership","source_ip":"198.51.100.151","error_message":null,"event_type":"AwsApiCall","request_id":"bb7a3659-1425-eeb0-a668-f3b1a734a1bf","source_path":"records.json.gz","record_no":1,"raw_offset":12}
{"aws_region":"us-east-1","principal_arn":"arn:aws:iam::111122223333:user/Alice","principal_account":"111122223333","principal_id":"AIDAEXAMPLE000000001","access_key_id":"AKIAEXAMPLE000000001","user_agent":"[aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12 prompt/off command/s3.cp]","source_ip":"192.0.2.10","error_message":"Access Denied","event_type":"AwsApiCall","request_id":"EXAMPLE8J2M6ZK4T","source_path":"records.json.gz","record_no":2,"raw_offset":1707}
{"aws_region":"us-east-1","principal_arn":null,"principal_account":null,"principal_id":null,"access_key_id":null,"user_agent":"ec2.amazonaws.com","source_ip":"ec2.amazonaws.com","error_message":null,"event_type":"AwsApiCall","request_id":"c0ffee00-0000-4000-8000-000000000003","source_path":"records.json.gz","record_no":3,"raw_offset":2740}

# a digest is kept whole (document(json) gives its bytes as found); an
# Insights record is not an API event
$ trailsift query -f csv "SELECT account, region, start_time, end_time, s3_object, n_log_files, length(document(json)) FROM digest" && [ "$(trailsift query -f csv "SELECT hex(document(json)) AS h FROM digest" | tail -n 1)" = "$(head -c 1042 digest.json | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] && echo "same bytes"
account,region,start_time,end_time,s3_object,n_log_files,length(document(json))
111122223333,,1759946400000,1759950000000,AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,1,1042
same bytes

# stored as one zstd frame with the built-in dictionary, less than a
# quarter of its size (without it: 459 bytes, gzip: 452); document()
# passes text and NULL through, and refuses a blob that is no such frame
# requires: zstd
$ trailsift query -f csv "SELECT typeof(json), length(json) < 1042 / 4 AS smaller, (SELECT count(*) FROM zdict WHERE id = 1953719345) AS dictionary FROM digest" && trailsift query -f csv "SELECT document('{}') AS t, document(NULL) IS NULL AS n" && trailsift query -f csv "SELECT document(x'0011')"
typeof(json),smaller,dictionary
blob,1,1
t,n
{},1
document(x'0011')
trailsift: query: document(): not a compressed document (or this trailsift was built without zstd)
[exit 1]

$ trailsift query -f csv "SELECT count(*) FROM events WHERE event_type = 'AwsCloudTrailInsight'"
count(*)
0

# duplicates: every shape held the same events; the first copy stays
$ trailsift query -f csv "SELECT count(*), count(DISTINCT event_id) FROM events"
count(*),count(DISTINCT event_id)
3,3

# standard input
$ gzip -n -c records.json | trailsift ingest -q -d stdin.db - && trailsift query -d stdin.db -f csv "SELECT path, compression, size, n_indexed, status FROM sources"
path,compression,size,n_indexed,status
"'-",gzip,1434,3,ok

# a UTF-8 byte-order mark is stepped over, and still counted in the
# offsets: raw_offset is where the record starts in the file (it was 3
# short), for rejected records too (1029 and 2091 without the mark)
$ D="$TS_SRC/tests/data/ingest"; { printf '\357\273\277'; cat "$D/bad-record.json"; } > bom.json && trailsift ingest -q -d bom.db bom.json 2>&1; for id in $(trailsift query -d bom.db -f csv "SELECT event_id FROM events ORDER BY record_no" | sed 1d); do off=$(trailsift query -d bom.db -f csv "SELECT raw_offset FROM events WHERE event_id = ?1" $id | sed 1d); trailsift show -d bom.db $id > rec; n=$(($(wc -c < rec) - 1)); head -c $n rec > want; dd if=bom.json bs=1 skip=$off count=$n 2>/dev/null | cmp - want && echo "$off same"; done
trailsift: bom.json: 2 records rejected
trailsift: bom.json: record 2 (offset 1032): invalid JSON at record offset 123: expected '"' to start an object key
trailsift: bom.json: record 4 (offset 2094): no eventID
15 same
1157 same

# the record list after other members ({"exportedBy":..,"Records":[..]},
# lookup-events with NextToken first) is found; they were skipped as
# not CloudTrail, exit 0
$ D="$TS_SRC/tests/data/ingest"; { printf '{"exportedBy":"case-7","note":[1,{"x":"]}"}],"Records":'; sed 's/^{"Records"://; s/}[[:space:]]*$//' "$D/records.json"; printf '}'; } > wrapped.json && sed '1s/^{$/{"NextToken":"t",/' "$D/lookup-events.json" > token-first.json && trailsift ingest -q -d wrapped.db wrapped.json token-first.json; trailsift query -d wrapped.db -f csv "SELECT path, kind, format, n_records, n_indexed + n_duplicates AS events, status FROM sources ORDER BY id"
path,kind,format,n_records,events,status
wrapped.json,events,records,3,3,ok
token-first.json,events,lookup-events,3,3,ok

# UTF-16 (PowerShell's `aws ... > file.json`) is an error that says how
# to convert it, not "not JSON, skipped"
$ printf '\377\376{\000}\000' > utf16.json && trailsift ingest -q -d utf16.db utf16.json; echo "exit $?"
trailsift: utf16.json: UTF-16 text (byte-order mark FF FE at offset 0): convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8
exit 3

# EventBridge events that are not CloudTrail (an EC2 state change from
# the same bus): a file of only those is not CloudTrail, skipped; among
# CloudTrail envelopes they are kept in 'rejected' but the file is ok,
# exit 0: nothing of CloudTrail was lost
$ e='{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"111122223333","time":"2025-10-08T18:31:00Z","region":"us-east-1","resources":[],"detail":{"instance-id":"i-0123456789abcdef0","state":"running"}}'; echo "$e" > ec2.json && { echo "$e"; tr -d '\n' < envelope.json; echo; } > bus.jsonl && trailsift ingest -q -d eb.db ec2.json bus.jsonl; echo "exit $?"; trailsift query -d eb.db -f csv "SELECT path, kind, format, n_records, n_indexed, n_rejected, status, error FROM sources ORDER BY id"; trailsift query -d eb.db -f csv "SELECT record_no, reason FROM rejected"
exit 0
path,kind,format,n_records,n_indexed,n_rejected,status,error
ec2.json,not-cloudtrail,eventbridge,1,0,0,skipped,"no CloudTrail records; first: record 1 at offset 0: EventBridge event ""EC2 Instance State-change Notification"", not from CloudTrail"
bus.jsonl,events,jsonl,2,1,1,ok,"1 EventBridge event not from CloudTrail, kept in the table 'rejected'"
record_no,reason
1,"EventBridge event ""EC2 Instance State-change Notification"", not from CloudTrail"

# but one whose detail-type names CloudTrail and whose detail is no
# record is a CloudTrail record rejected
$ echo '{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","detail":{"x":1}}' > ct-broken.json && trailsift ingest -q -d eb2.db ct-broken.json
trailsift: ct-broken.json: 1 record rejected
trailsift: ct-broken.json: record 1 (offset 0): detail: not a CloudTrail record: no eventVersion, eventSource, eventName, eventID, eventTime or userIdentity
[exit 3]

# lookup-events entries: a CloudTrailEvent written as an object is the
# record, its bytes as found; one missing, or neither string nor object,
# is rejected saying so (a file of only such Events is an error); as
# JSON Lines, where other programs' JSON may have an EventId too, a file
# of such lines is not CloudTrail
$ printf '{"Events":[{"EventId":"e1","EventName":"GetObject","CloudTrailEvent":{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-000000000009","eventTime":"2025-10-08T18:31:02Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}},{"EventId":"e2","EventName":"X"},{"EventId":"e3","CloudTrailEvent":7}]}' > lookup-obj.json && printf '{"Events":[{"EventId":"e1","EventName":"X"}]}' > lookup-none.json && printf '{"EventId":"e1","EventName":"X"}\n' > lookup-none.jsonl && trailsift ingest -q -d lo.db lookup-obj.json lookup-none.json lookup-none.jsonl; trailsift query -d lo.db -f csv "SELECT path, kind, status, error FROM sources WHERE path LIKE 'lookup-none%'"; trailsift query -d lo.db -f csv "SELECT event_id, raw_offset FROM events"; trailsift show -d lo.db a1b2c3d4-5678-90ab-cdef-000000000009
trailsift: lookup-obj.json: 2 records rejected
trailsift: lookup-obj.json: record 2 (offset 235): lookup-events entry without CloudTrailEvent
trailsift: lookup-obj.json: record 3 (offset 268): lookup-events entry whose CloudTrailEvent is neither a string nor an object
trailsift: lookup-none.json: 1 record rejected
trailsift: lookup-none.json: record 1 (offset 11): lookup-events entry without CloudTrailEvent
path,kind,status,error
lookup-none.json,events,error,1 record rejected
lookup-none.jsonl,not-cloudtrail,skipped,no CloudTrail records; first: record 1 at offset 0: lookup-events entry without CloudTrailEvent
event_id,raw_offset
a1b2c3d4-5678-90ab-cdef-000000000009,69
{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-000000000009","eventTime":"2025-10-08T18:31:02Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}

# a lone surrogate escape is valid JSON (RFC 8259's grammar), and a
# caller sets userAgent: such a record was rejected as invalid JSON, so
# a crafted agent kept a call out of the index.  It is indexed; its
# column reads U+FFFD, show gives its bytes as found.  Lookup-events
# strings decode it too.  Two documents back to back (deliveries joined
# with cat) are both read.
$ printf '{"Records":[{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-00000000000a","eventTime":"2025-10-08T18:32:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","userAgent":"aws-cli/2.0 \\udc00 \\ud800\\u0041"}]}{"Records":[{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-00000000000b","eventTime":"2025-10-08T18:32:01Z","eventSource":"iam.amazonaws.com","eventName":"DeleteUser"}]}' > lone.json && printf '{"Events":[{"EventId":"e","CloudTrailEvent":"{\\"eventVersion\\":\\"1.08\\",\\"eventID\\":\\"a1b2c3d4-5678-90ab-cdef-00000000000c\\",\\"eventTime\\":\\"2025-10-08T18:32:02Z\\",\\"eventSource\\":\\"iam.amazonaws.com\\",\\"eventName\\":\\"GetUser\\",\\"userAgent\\":\\"x\\\\udfff\\"}"}]}' > lone-lookup.json && trailsift ingest -q -d lone.db lone.json lone-lookup.json && trailsift query -d lone.db -f csv "SELECT path, n_records, n_indexed, status FROM sources" && trailsift query -d lone.db -f csv "SELECT event_name, user_agent, hex(user_agent) FROM events ORDER BY time_ms"
path,n_records,n_indexed,status
lone.json,2,2,ok
lone-lookup.json,1,1,ok
event_name,user_agent,hex(user_agent)
CreateUser,aws-cli/2.0 � �A,6177732D636C692F322E3020EFBFBD20EFBFBD41
DeleteUser,,
GetUser,x�,78EFBFBD

$ trailsift show -d lone.db a1b2c3d4-5678-90ab-cdef-00000000000a > rec && n=$(($(wc -c < rec) - 1)) && head -c $n rec > want && dd if=lone.json bs=1 skip=12 count=$n 2>/dev/null | cmp - want && echo "same bytes" && cat want
same bytes
{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-00000000000a","eventTime":"2025-10-08T18:32:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","userAgent":"aws-cli/2.0 \udc00 \ud800\u0041"}
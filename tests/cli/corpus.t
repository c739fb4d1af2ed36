# requires: corpus
# issue 3: real CloudTrail records written by others (../shared/corpus):
# every valid record is indexed, the six files that are invalid JSON
# upstream are reported as errors, nothing crashes, and show returns each
# record's exact bytes.

$ trailsift ingest -q -j 2 "$TS_CORPUS" 2>/dev/null; echo "exit $?"
exit 3

# the six files that are not valid JSON, and only they, say so
$ trailsift query -f csv "SELECT replace(path, rtrim(path, replace(path, '/', '')), '') AS file, status, error FROM sources WHERE error LIKE '%invalid JSON%' OR (status <> 'ok' AND kind = 'events' AND error NOT LIKE '%rejected') ORDER BY file"
file,status,error
aws.execution.ec2-user-data.json,partial,"invalid JSON at offset 3327: expected ',' or ']' after a record"
fullstop-plugins__fullstop-instance-plugin__src__test__resources__responseElements@ba15fee8.json,error,invalid JSON at offset 3219: unexpected data after the end of the JSON value
fullstop-processing__src__test__resources__responseElements.json,error,invalid JSON at offset 2015: unexpected data after the end of the JSON value
fullstop-test-support__src__test__resources__record-with-responseElements@169f39c1.json,error,"invalid JSON at offset 4812: expected ',' or ']' after a record"
fullstop-test-support__src__test__resources__record-with-responseElements@7d5d6010.json,error,"invalid JSON at offset 4063: expected ',' or ']' after a record"
payload_05_does_not_emit_incomplete_trailing_record.json,error,invalid JSON at offset 103: the data ends inside a record (truncated?)

# every record is accounted for: indexed, duplicate, filtered, rejected,
# or kept whole as a document (digests, Insights records)
$ trailsift query -f csv "SELECT count(*) FROM sources WHERE kind IN ('events', 'digest', 'insight') AND n_records <> n_indexed + n_duplicates + n_filtered + n_rejected + n_documents"
count(*)
0

# why records were rejected; many files of others' tests reuse one
# eventID and eventTime for different records: the copies after the
# first are kept here (222 of the 861 are such copies inside one file);
# 275 are the same record formatted otherwise (pretty-printed)
$ trailsift query "SELECT CASE WHEN reason LIKE 'eventTime%' THEN 'eventTime \"...\" is not a timestamp' WHEN reason LIKE 'duplicate eventID%only in whitespace%' THEN 'duplicate eventID ... only in whitespace' WHEN reason LIKE 'duplicate eventID%' THEN 'duplicate eventID ... other bytes or eventTime' ELSE reason END AS reason, count(*) AS n FROM rejected GROUP BY 1 ORDER BY 2 DESC, 1"
reason                                                                                                  n
----------------------------------------------------------------------------------------------------  ---
duplicate eventID ... other bytes or eventTime                                                        588
duplicate eventID ... only in whitespace                                                              275
no eventID                                                                                            139
not a CloudTrail record: no eventVersion, eventSource, eventName, eventID, eventTime or userIdentity   25
eventTime "..." is not a timestamp                                                                     10
no eventTime                                                                                            4
cut off: the data ends inside this record                                                               1
invalid JSON at record offset 3926: expected '"' to start an object key                                 1
invalid JSON at record offset 4544: expected '"' to start an object key                                 1

$ trailsift query -f csv "SELECT count(*) AS events, count(DISTINCT source_id) AS files FROM events"
events,files
316,42

# the kinds of input met
$ trailsift query -f csv "SELECT kind, format, count(*) FROM sources GROUP BY 1, 2 ORDER BY 1, 2"
kind,format,count(*)
digest,document,2
events,eventbridge,10
events,jsonl,7
events,lookup-events-jsonl,2
events,record,17
events,records,59
not-cloudtrail,,15
not-cloudtrail,jsonl,1
not-cloudtrail,records,1

# byte-exact: every record from a JSON Lines file is its line
$ trailsift query -f csv "SELECT event_id, source_path, record_no FROM events WHERE source_path LIKE '%.jsonl' AND source_id IN (SELECT id FROM sources WHERE format = 'jsonl')" | tail -n +2 | while IFS=, read -r id path no; do trailsift show "$id" > got; sed -n "${no}p" "$path" > want; cmp -s got want || echo "differs: $id"; done; echo done
done

# byte-exact: every record of a {"Records":[...]} file is its span
$ trailsift query -f csv "SELECT event_id, source_path, raw_offset FROM events WHERE source_id IN (SELECT id FROM sources WHERE format IN ('records', 'array') AND compression = 'none')" | tail -n +2 | while IFS=, read -r id path off; do trailsift show "$id" > got; n=$(($(wc -c < got) - 1)); dd if="$path" bs=1 skip="$off" count="$n" 2>/dev/null > want; head -c "$n" got | cmp -s - want || echo "differs: $id"; done; echo done
done

# byte-exact: every EventBridge record is the detail object's span at
# raw_offset (issue 3, review 8: it was the envelope's offset)
$ trailsift query -f csv "SELECT event_id, source_path, raw_offset FROM events WHERE source_id IN (SELECT id FROM sources WHERE format = 'eventbridge' AND compression = 'none')" | tail -n +2 | while IFS=, read -r id path off; do trailsift show "$id" > got; n=$(($(wc -c < got) - 1)); dd if="$path" bs=1 skip="$off" count="$n" 2>/dev/null > want; head -c "$n" got | cmp -s - want && echo same || echo "differs: $id"; done | sort | uniq -c | sed 's/^ *//'
9 same

# issue 4: every committed sample ingests without a single error, and its
# ground truth (truth/counts.tsv, written by trailsift-gen) agrees with
# what the index says per eventSource and eventName.

$ for s in broken-scim entra-jml okta-hub; do trailsift ingest -q -d $s.db "$TS_SAMPLES/$s/logs"; echo "$s: exit $?"; done
broken-scim: exit 0
entra-jml: exit 0
okta-hub: exit 0

$ for s in broken-scim entra-jml okta-hub; do trailsift query -d $s.db -f csv "SELECT status, count(*) FROM sources GROUP BY 1" | tail -n +2; done
ok,1412
ok,1069
ok,703

$ for s in broken-scim entra-jml okta-hub; do trailsift query -d $s.db -f csv "SELECT event_source, event_name, count(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2" | tail -n +2 | tr ',' '\t' > got; sort "$TS_SAMPLES/$s/truth/counts.tsv" > want; sort got | cmp - want && echo "$s: $(wc -l < want) counts agree"; done
broken-scim: 58 counts agree
entra-jml: 41 counts agree
okta-hub: 37 counts agree

# entra-jml holds an organization trail and an account trail with the same
# events: each is stored once
$ trailsift query -d entra-jml.db -f csv "SELECT sum(n_indexed), sum(n_duplicates) FROM sources"
sum(n_indexed),sum(n_duplicates)
1043,1043

# the snapshots in side/ ingest at their capture time, and truth's
# in_snapshot names exactly the memberships they list (identity store
# group memberships, and the GroupList of each IAM user)
$ for s in broken-scim entra-jml okta-hub; do d="$TS_SAMPLES/$s/side"; trailsift ingest -q -d side-$s.db --captured-at "$(cat "$d/CAPTURED_AT")" "$d" || exit 1; trailsift query -d side-$s.db -f csv "SELECT DISTINCT strftime('%Y-%m-%dT%H:%M:%SZ', captured_ms / 1000, 'unixepoch') FROM snapshot" | tail -n +2 | cmp - "$d/CAPTURED_AT" && echo "$s: captured at $(cat "$d/CAPTURED_AT")"; done
broken-scim: captured at 2025-10-31T09:14:00Z
entra-jml: captured at 2025-05-29T06:30:00Z
okta-hub: captured at 2025-09-30T07:45:00Z

$ for s in broken-scim entra-jml okta-hub; do sed -n 's/^{"group":{"id":"\([^"]*\)".*"member":{"id":"\([^"]*\)".*"in_snapshot":true}$/\1 \2/p' "$TS_SAMPLES/$s/truth/memberships.jsonl" | sort > want; trailsift query -d side-$s.db -f csv "SELECT json_extract(json, '$.GroupId') || ' ' || json_extract(json, '$.MemberId.UserId') FROM snapshot WHERE type = 'group-memberships' UNION ALL SELECT g.value || ' ' || json_extract(n.json, '$.UserName') FROM snapshot n, json_each(n.json, '$.GroupList') g WHERE n.type = 'iam-users'" | tail -n +2 | sort | cmp - want && echo "$s: $(wc -l < want) memberships in the snapshot"; done
broken-scim: 140 memberships in the snapshot
entra-jml: 16 memberships in the snapshot
okta-hub: 51 memberships in the snapshot

# every assignment open at the capture is in one list-account-assignments
# document, and every permission set is described
$ for s in broken-scim entra-jml okta-hub; do sed -n 's/^{"account":"\([^"]*\)","permission_set":{"arn":"\([^"]*\)".*"principal":{"type":"\([A-Z]*\)","id":"\([^"]*\)".*"open":true}$/\1 \2 \3 \4/p' "$TS_SAMPLES/$s/truth/assignments.jsonl" | sort > want; trailsift query -d side-$s.db -f csv "SELECT json_extract(json, '$.AccountId') || ' ' || json_extract(json, '$.PermissionSetArn') || ' ' || json_extract(json, '$.PrincipalType') || ' ' || json_extract(json, '$.PrincipalId') FROM snapshot WHERE type = 'account-assignments'" | tail -n +2 | sort | cmp - want && echo "$s: $(wc -l < want) assignments in the snapshot"; done
broken-scim: 11 assignments in the snapshot
entra-jml: 19 assignments in the snapshot
okta-hub: 7 assignments in the snapshot

$ for s in broken-scim entra-jml okta-hub; do trailsift query -d side-$s.db -f csv "SELECT (SELECT count(*) FROM snapshot WHERE type = 'permission-sets') AS described, (SELECT count(*) FROM snapshot WHERE type = 'account-assignments' AND json_extract(json, '$.PermissionSetArn') NOT IN (SELECT json_extract(json, '$.PermissionSetArn') FROM snapshot WHERE type = 'permission-sets')) AS undescribed" | tail -n +2 | sed "s/^/$s: /"; done
broken-scim: 6,0
entra-jml: 5,0
okta-hub: 4,0

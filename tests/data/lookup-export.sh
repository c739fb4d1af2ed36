#!/bin/sh
# lookup-export.sh DB ACCOUNT SINCE -- write to stdout what
# `aws cloudtrail lookup-events` prints for the management events of
# ACCOUNT from SINCE on in the identity services (the Event-history
# export an investigator often has instead of the trail's files), built
# from the records in index DB: each record verbatim, as a JSON string,
# in the CLI's wrapper.  Used by tests/cli/report-lookup.t.
set -eu
db=$1 account=$2 since=$3
trailsift query -d "$db" -f csv "
  SELECT event_id, event_name, CASE WHEN read_only THEN 'true' ELSE 'false' END,
         strftime('%Y-%m-%dT%H:%M:%S+00:00', time_ms / 1000, 'unixepoch'),
         event_source, coalesce(session_name, principal_id, '')
  FROM events
  WHERE account = ?1 AND time_ms >= ?2
    AND event_source IN ('identitystore.amazonaws.com',
      'identitystore-scim.amazonaws.com', 'sso-directory.amazonaws.com',
      'sso.amazonaws.com', 'iam.amazonaws.com')
  ORDER BY time_ms DESC, event_id DESC" "$account" \
  "$(trailsift query -d "$db" -f csv "SELECT CAST(unixepoch(?1) * 1000 AS INTEGER)" "$since" | tail -n 1)" |
  tail -n +2 | {
  sep=''
  printf '{\n    "Events": ['
  while IFS=, read -r id name ro t src user; do
    rec=$(trailsift show -d "$db" "$id" | sed 's/\\/\\\\/g; s/"/\\"/g')
    printf '%s\n        {\n            "EventId": "%s",\n            "EventName": "%s",\n            "ReadOnly": "%s",\n            "EventTime": "%s",\n            "EventSource": "%s",\n            "Username": "%s",\n            "Resources": [],\n            "CloudTrailEvent": "%s"\n        }' \
      "$sep" "$id" "$name" "$ro" "$t" "$src" "$user" "$rec"
    sep=','
  done
  printf '\n    ]\n}\n'
}

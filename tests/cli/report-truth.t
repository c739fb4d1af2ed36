# issues 6 and 7: the identity reports agree with the ground truth the
# generator wrote for each sample (samples/*/truth/).  Each comparison is
# SQL in tests/data/truth/ that prints the rows found on one side only:
# an empty result (the header alone) means the report agrees.

# --- provisioning: per account and channel, against truth/changes.jsonl
$ for s in broken-scim entra-jml okta-hub; do trailsift ingest -q -d $s.db "$TS_SAMPLES/$s/logs" && trailsift report provisioning -d $s.db --no-store -f json > $s-prov.jsonl && trailsift query -d $s.db -f csv @"$TS_SRC/tests/data/truth/provisioning.sql" @"$TS_SAMPLES/$s/truth/changes.jsonl" @$s-prov.jsonl; done
side,account,channel,events,attempts,first,last,actors,sample
side,account,channel,events,attempts,first,last,actors,sample
side,account,channel,events,attempts,first,last,actors,sample

# ... and the comparison does see a difference
$ sed 's/"events":43/"events":42/' broken-scim-prov.jsonl > changed.jsonl && trailsift query -d broken-scim.db -f csv @"$TS_SRC/tests/data/truth/provisioning.sql" @"$TS_SAMPLES/broken-scim/truth/changes.jsonl" @changed.jsonl | cut -d, -f1-4
side,account,channel,events
report only,111122223333,cli,42
truth only,111122223333,cli,43

# --- memberships: every interval the logs and the snapshot can tell,
# against truth/memberships.jsonl (index the snapshots in side/ too)
$ for s in broken-scim entra-jml okta-hub; do trailsift ingest -q -d $s.db --captured-at "$(cat "$TS_SAMPLES/$s/side/CAPTURED_AT")" "$TS_SAMPLES/$s/side" && trailsift report memberships -d $s.db --no-store -f json > $s-mem.jsonl && trailsift query -d $s.db -f csv @"$TS_SRC/tests/data/truth/memberships.sql" @"$TS_SAMPLES/$s/truth/memberships.jsonl" @$s-mem.jsonl; done
side,gid,kind,uid,added_time,added_channel,added_by,added_id,removed_time,removed_channel,removed_by,removed_id,open
side,gid,kind,uid,added_time,added_channel,added_by,added_id,removed_time,removed_channel,removed_by,removed_id,open
side,gid,kind,uid,added_time,added_channel,added_by,added_id,removed_time,removed_channel,removed_by,removed_id,open

# --- memberships --as-of: at seven dates in and around each sample's
# logs, everyone the report calls a member was one, and every member the
# logs or the snapshot can show is reported (as a member, or possibly)
$ for s in broken-scim entra-jml okta-hub; do for t in 2024-06-15T00:00:00Z 2024-11-15T12:00:00Z 2025-01-01T00:00:00Z 2025-03-10T13:00:00Z 2025-05-20T00:00:00Z 2025-07-15T00:00:00Z 2025-09-01T00:00:00Z; do trailsift report memberships -d $s.db --no-store -f json --as-of $t > asof.jsonl && trailsift query -d $s.db -f csv @"$TS_SRC/tests/data/truth/as-of.sql" @"$TS_SAMPLES/$s/truth/memberships.jsonl" @asof.jsonl $t | tail -n +2 | sed "s/^/$s $t: /"; done; done

# ... and the members it is sure of, per sample and date
$ for s in broken-scim entra-jml okta-hub; do for t in 2024-11-15T12:00:00Z 2025-05-20T00:00:00Z 2025-09-01T00:00:00Z; do echo "$s $t $(trailsift report memberships -d $s.db --no-store -f json --as-of $t | grep -c '"status":"member"')"; done; done
broken-scim 2024-11-15T12:00:00Z 68
broken-scim 2025-05-20T00:00:00Z 118
broken-scim 2025-09-01T00:00:00Z 132
entra-jml 2024-11-15T12:00:00Z 5
entra-jml 2025-05-20T00:00:00Z 16
entra-jml 2025-09-01T00:00:00Z 16
okta-hub 2024-11-15T12:00:00Z 3
okta-hub 2025-05-20T00:00:00Z 3
okta-hub 2025-09-01T00:00:00Z 17

# --- stale access, against truth/stale.jsonl (with the provider's export
# where the sample has one)
$ for s in broken-scim entra-jml okta-hub; do d=; [ $s = entra-jml ] && d="--disabled $TS_SAMPLES/$s/side/entra-disabled-users.csv"; [ $s = okta-hub ] && d="--disabled $TS_SAMPLES/$s/side/okta-users.csv"; trailsift report stale -d $s.db --no-store -f json $d > $s-stale.jsonl && trailsift query -d $s.db -f csv @"$TS_SRC/tests/data/truth/stale.sql" @"$TS_SAMPLES/$s/truth/stale.jsonl" @$s-stale.jsonl; done
side,id,name,disabled,how,type,gid,account,ps,ps_name,days,severity
side,id,name,disabled,how,type,gid,account,ps,ps_name,days,severity
side,id,name,disabled,how,type,gid,account,ps,ps_name,days,severity

# --- the samples' READMEs tell the numbers these reports give (each
# sentence is built from the report and must be in the README)
$ trailsift report memberships -d broken-scim.db --no-store -f csv > bs-mem.csv && n=$(($(wc -l < bs-mem.csv) - 1)) && k=$(grep -c ',true,snapshot,' bs-mem.csv) && b=$(grep -c ',before the logs,.*,false,logs,' bs-mem.csv) && a=$(grep -vc ',before the logs,' bs-mem.csv) && tr -s '[:space:]' ' ' < "$TS_SAMPLES/broken-scim/README.md" | grep -o "shows $n intervals: $k known only from a snapshot, $b added before the logs and removed in them, and the $((a - 1)) added in the logs"
shows 182 intervals: 46 known only from a snapshot, 3 added before the logs and removed in them, and the 133 added in the logs

# ... the open IAM memberships are in the IAM snapshots
$ n=$(grep -Ec ',true,(logs\+)?snapshot,[0-9]{12},("\[.*\]"|\[\])$' bs-mem.csv) && tr -s '[:space:]' ' ' < "$TS_SAMPLES/broken-scim/README.md" | grep -o "the $n IAM ones in \`iam-get-account-authorization-details-\*.json\`"
the 5 IAM ones in `iam-get-account-authorization-details-*.json`

# ... the groups never touched: auditors too, whose only calls (denied)
# name no group
$ g=$(trailsift report memberships -d broken-scim.db --no-store | sed -n 's/^groups never touched: //p') && tr -s '[:space:]' ' ' < "$TS_SAMPLES/broken-scim/README.md" | grep -o "groups never touched: $g"
groups never touched: auditors (444444444444), aws-break-glass, ops-admins (123456789012)

# ... the entra-jml rows matching nothing, and its intervals
$ u=$(trailsift report stale -d entra-jml.db --no-store --findings -f csv --disabled "$TS_SAMPLES/entra-jml/side/entra-disabled-users.csv" | sed -n 's/.*cannot be matched): \([^"]*\)".*/\1/p') && tr -s '[:space:]' ' ' < "$TS_SAMPLES/entra-jml/README.md" | grep -o "the rows that match nothing, $u" && n=$(($(trailsift report memberships -d entra-jml.db --no-store -f csv | wc -l) - 1)) && tr -s '[:space:]' ' ' < "$TS_SAMPLES/entra-jml/README.md" | grep -o "the $n intervals of \`trailsift report memberships\`"
the rows that match nothing, helene.lefevre@example.org, yara.nasser@example.org
the 16 intervals of `trailsift report memberships`

# ... and laura.garcia's days, in both places the entra-jml README says
$ d=$(trailsift report stale -d entra-jml.db --no-store -f csv | grep '^laura.garcia@example.org,.*,group-membership,' | cut -d, -f9) && tr -s '[:space:]' ' ' < "$TS_SAMPLES/entra-jml/README.md" | grep -o "disabled[a-zA-Z ]* $d days before the end"
disabled 15 days before the end
disabled over SCIM 15 days before the end

# review (memberships), defect 1: in broken-scim seeds 3 and 17 a member
# added by the console is removed by a DeleteGroupMembership nobody can
# attribute and added again by CreateGroupMembership: the first interval
# ends unseen, the re-add starts a second one, and --as-of in the gap
# does not call it certain
$ for n in 3 17; do trailsift-gen --scenario broken-scim --seed $n --out bs$n >/dev/null && trailsift ingest -q -d bs$n.db bs$n/logs && trailsift ingest -q -d bs$n.db --captured-at "$(cat bs$n/side/CAPTURED_AT)" bs$n/side && trailsift report memberships -d bs$n.db --no-store -f json > bs$n-mem.jsonl && trailsift query -d bs$n.db -f csv @"$TS_SRC/tests/data/truth/memberships.sql" @bs$n/truth/memberships.jsonl @bs$n-mem.jsonl | tail -n +2; for t in 2024-12-01T00:00:00Z 2025-05-01T00:00:00Z 2025-07-15T00:00:00Z; do trailsift report memberships -d bs$n.db --no-store -f json --as-of $t > asof.jsonl && trailsift query -d bs$n.db -f csv @"$TS_SRC/tests/data/truth/as-of.sql" @bs$n/truth/memberships.jsonl @asof.jsonl $t | tail -n +2 | sed "s/^/seed $n $t: /"; done; done

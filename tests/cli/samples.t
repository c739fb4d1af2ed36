# The committed samples are what trailsift-gen makes of their gen.args:
# regenerate each one and compare every file (logs, truth, side).  A
# failure means the generator changed; if that was intended, run
# tools/regen-samples and review the diff.

$ for s in broken-scim entra-jml okta-hub; do trailsift-gen $(cat "$TS_SAMPLES/$s/gen.args") --out "$s" || exit 1; for d in logs truth side; do diff -r "$s/$d" "$TS_SAMPLES/$s/$d" || exit 1; done; echo "$s same"; done
broken-scim same
entra-jml same
okta-hub same

# every sample tells its story and names its arguments
$ for s in broken-scim entra-jml okta-hub; do test -s "$TS_SAMPLES/$s/README.md" && test -s "$TS_SAMPLES/$s/gen.args" && echo "$s ok"; done
broken-scim ok
entra-jml ok
okta-hub ok

# ground truth that the stories promise
$ grep -c '"event_source":"identitystore-scim' "$TS_SAMPLES/broken-scim/truth/changes.jsonl"
0
[exit 1]

$ grep -c 'quicksight' "$TS_SAMPLES/broken-scim/truth/changes.jsonl"
0
[exit 1]

$ grep -c 'quicksight' "$TS_SAMPLES/broken-scim/truth/traps.jsonl" | sed 's/[1-9][0-9]*/N/'
N

$ grep -c '"how":"upstream:entra"' "$TS_SAMPLES/entra-jml/truth/stale.jsonl"
14

$ grep -c '"how":"upstream:okta"' "$TS_SAMPLES/okta-hub/truth/stale.jsonl" | sed 's/[1-9][0-9]*/N/'
N

# stale.jsonl: access through a group's assignments is a row of its own,
# and the rows are sorted (identity id, type, group id, account, ARN)
$ for s in broken-scim entra-jml okta-hub; do f="$TS_SAMPLES/$s/truth/stale.jsonl"; LC_ALL=C sort -c "$f" && echo "$s: $(grep -c '"type":"group-membership"' "$f") memberships, $(grep -c '"type":"account-assignment","group":null' "$f") direct, $(grep -c '"type":"account-assignment","group":{' "$f") through a group"; done
broken-scim: 5 memberships, 1 direct, 5 through a group
entra-jml: 1 memberships, 14 direct, 1 through a group
okta-hub: 8 memberships, 0 direct, 12 through a group

# each is an open GROUP assignment of a group the identity is still in
$ for s in broken-scim entra-jml okta-hub; do t="$TS_SAMPLES/$s/truth"; sed -n 's/^{"account":"\([^"]*\)","permission_set":{"arn":"\([^"]*\)".*"principal":{"type":"GROUP","id":"\([^"]*\)".*"open":true}$/\3 \1 \2/p' "$t/assignments.jsonl" | sort > asg; sed -n 's/^{"group":{"id":"\([^"]*\)".*"member":{"id":"\([^"]*\)".*"open":true,.*/\2 \1/p' "$t/memberships.jsonl" | sort > mem; sed -n 's/^{"identity":{"id":"\([^"]*\)".*"type":"account-assignment","group":{"id":"\([^"]*\)".*"account":"\([^"]*\)","permission_set":{"arn":"\([^"]*\)".*/\1 \2 \3 \4/p' "$t/stale.jsonl" > via; cut -d' ' -f2- via | sort -u | comm -23 - asg; cut -d' ' -f1,2 via | sort -u | comm -23 - mem; echo "$s: $(wc -l < via) checked"; done
broken-scim: 5 checked
entra-jml: 1 checked
okta-hub: 12 checked

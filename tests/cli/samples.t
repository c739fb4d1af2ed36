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

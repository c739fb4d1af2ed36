# trailsift-gen --days shorter than a scenario's story: the story is cut
# short, never aborted.  entra-jml scripts hand-made assignments up to
# day 94 and used to abort (exit 134, "scenario bug") for --days 1 to 94.

# every scenario, from one day to just past the old limit
$ for s in broken-scim entra-jml okta-hub bench; do for d in 1 2 30 90; do trailsift-gen --scenario $s --days $d --events 20 --layout account --no-digests --threads 0 --out $s-$d || echo "$s --days $d: exit $?"; done; done; echo done
done

# same arguments, same bytes
$ trailsift-gen --scenario entra-jml --days 30 --events 20 --layout account --no-digests --threads 2 --out again && diff -r entra-jml-30 again && echo same
same

# what is left is consistent: the logs hold the events counts.tsv counts,
# and the stale-access and membership reports agree with the truth
$ for d in 1 30 90; do o=entra-jml-$d; trailsift ingest -q -d $o.db $o/logs && trailsift query -d $o.db -f csv "SELECT event_source, event_name, count(*) FROM events GROUP BY 1, 2" | tail -n +2 | tr ',' '\t' | sort > got && sort $o/truth/counts.tsv | cmp - got && trailsift ingest -q -d $o.db --captured-at "$(cat $o/side/CAPTURED_AT)" $o/side && trailsift report memberships -d $o.db --no-store -f json > mem.jsonl && trailsift query -d $o.db -f csv @"$TS_SRC/tests/data/truth/memberships.sql" @$o/truth/memberships.jsonl @mem.jsonl | tail -n +2 && trailsift report stale -d $o.db --no-store -f json --disabled $o/side/entra-disabled-users.csv > st.jsonl && trailsift query -d $o.db -f csv @"$TS_SRC/tests/data/truth/stale.sql" @$o/truth/stale.jsonl @st.jsonl | tail -n +2 && echo "--days $d: $(wc -l < $o/truth/changes.jsonl) changes, $(grep -c '"how":"upstream:entra"' $o/truth/stale.jsonl) stale by Entra"; done
--days 1: 22 changes, 0 stale by Entra
--days 30: 30 changes, 2 stale by Entra
--days 90: 37 changes, 6 stale by Entra

# the hand-made assignments all come before the migration, and the
# summary says how many the window holds
$ grep -o '[0-9]* USER assignments* w[a-z]* made by hand before the migration' entra-jml-30/truth/summary.json entra-jml-90/truth/summary.json; grep -o 'No USER assignment made by hand falls in this window' entra-jml-1/truth/summary.json
entra-jml-30/truth/summary.json:2 USER assignments were made by hand before the migration
entra-jml-90/truth/summary.json:6 USER assignments were made by hand before the migration
No USER assignment made by hand falls in this window

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

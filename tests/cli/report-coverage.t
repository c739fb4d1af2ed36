# report provisioning: accounts whose logs do not cover the window, at
# either end or inside it (tests/data/report/coverage.jsonl, see the
# README.md there).

# review 2, finding 11: a 20-day hole inside 444455556666's daily logs is
# over ten times its mean interval between active days (and over a
# week); 111122223333, quiet but regular (a call every third day), has
# none
$ trailsift ingest -q "$TS_SRC/tests/data/report/coverage.jsonl" && trailsift report provisioning --no-store --findings -f csv | grep -e ^rule_id -e 'logs of'
rule_id,severity,time,subject,message,evidence,data
identity.provisioning,low,2025-02-09T12:00:00Z,444455556666,"logs of 444455556666 have a hole: no event from 2025-02-09T12:00:00Z to 2025-03-02T12:00:00Z (21 days, over ten times its mean interval between active days): nothing can be said of its identity activity in it",[],"{""active_days"":80,""days"":21,""hole_from"":""2025-02-09T12:00:00Z"",""hole_to"":""2025-03-02T12:00:00Z""}"

$ trailsift report provisioning --no-store | grep -e '^accounts with holes' -e '^accounts with short'
accounts with holes in their logs: 444455556666

# the window decides: before the hole there is none
$ trailsift report provisioning --no-store --findings -f csv --until 2025-02-05 | grep -c 'logs of'
0
[exit 1]

# A rules run or report interrupted (Ctrl-C, SIGTERM) left its run row
# with no status and no end, as if still running; so did one whose
# reader went away (`rules run | head`), killed by SIGPIPE.  Now the rule
# running stops at its next instruction check, the rules after it do
# not start, those that completed keep their findings, and the run is
# recorded as interrupted (exit 1).  A second signal ends it at once.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && trailsift ingest -q records.json && mkdir r && printf 'return rule { id = "a.first", title = "t", severity = "info",\n  finish = function(ctx) ctx:finding { subject = "s", message = "done" } end }\n' > r/first.lua && printf 'return rule { id = "b.loop", title = "t", severity = "info",\n  finish = function(ctx) while true do end end }\n' > r/loop.lua && printf 'return rule { id = "c.last", title = "t", severity = "info",\n  finish = function(ctx) ctx:finding { subject = "s", message = "last" } end }\n' > r/last.lua

$ trailsift rules run --rules r --max-instructions 50000000000 -f csv a.first b.loop c.last > out.csv 2> err.txt & p=$!; n=0; until [ "$(trailsift query -f csv "SELECT count(*) FROM finding WHERE rule_id = 'a.first'" 2>/dev/null | tail -n 1)" = 1 ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; sleep 0.3; kill -INT $p; wait $p; echo "exit $?"; cat out.csv err.txt; trailsift query -f csv "SELECT kind, status, finished IS NOT NULL AS ended FROM run WHERE kind = 'rules'"; trailsift query -f csv "SELECT rule_id, message FROM finding"
exit 1
rule_id,severity,time,subject,message,evidence,data
a.first,info,,s,done,[],
trailsift: rules: b.loop: r/loop.lua:2: interrupted
stack traceback:
	r/loop.lua:2: in function <r/loop.lua:2>
trailsift: rules: interrupted: the findings of the rules that completed are stored; run the command again for all
kind,status,ended
rules,interrupted,1
rule_id,message
a.first,done

# the reader gone: the run ends with its status, the findings stored,
# and standard output's failure said
$ printf 'return rule { id = "d.many", title = "t", severity = "info",\n  finish = function(ctx) for i = 1, 20000 do ctx:finding { subject = "s" .. i, message = "m" } end end }\n' > r/many.lua && trailsift rules run --rules r -f csv d.many 2> err2.txt | head -n 2; cat err2.txt; trailsift query -f csv "SELECT status FROM run ORDER BY id DESC LIMIT 1"; trailsift query -f csv "SELECT count(*) FROM finding WHERE rule_id = 'd.many'"
rule_id,severity,time,subject,message,evidence,data
d.many,info,,s1,m,[],
trailsift: standard output: write error
status
ok
count(*)
20000

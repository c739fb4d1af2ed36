# The memory limit tripping inside a library call (string.rep,
# table.concat) names the file:line of the call, as a Lua loop does: Lua's
# out-of-memory error skips the message handler.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

$ trailsift rules run --no-store --rules rules/oom --max-memory 64 -f csv 'oom.*'
trailsift: rules: oom.concat: rules/oom/concat.lua:7: memory limit of 64 MiB exceeded (see --max-memory)
trailsift: rules: oom.rep: rules/oom/rep.lua:7: memory limit of 64 MiB exceeded (see --max-memory)
rule_id,severity,time,subject,message,evidence,data
[exit 3]

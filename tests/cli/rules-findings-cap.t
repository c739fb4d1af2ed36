# The bytes a rule's findings hold count against --max-memory: 300
# findings of 1 MiB under --max-memory 16 grew the process to 317 MB;
# now the rule fails at the ctx:finding call that goes over.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

$ trailsift rules run --no-store --rules rules/many --max-memory 16 -f csv many.big
trailsift: rules: many.big: rules/many/big.lua:7: ctx:finding: the findings exceed the memory limit of 16 MiB (see --max-memory)
stack traceback:
	[C]: in method 'finding'
	rules/many/big.lua:7: in function <rules/many/big.lua:4>
rule_id,severity,time,subject,message,evidence,data
[exit 3]

# ctx:finding's evidence is a list of events and event ids: a keyed
# table was silently stored as evidence [], now it is an error naming
# the field, as data's checks are.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

$ trailsift rules run --no-store --rules rules/evidence -f csv evidence.keyed
rule_id,severity,time,subject,message,evidence,data
evidence.keyed,info,2025-10-08T18:30:50Z,,m,"[""960c4b3b-667c-085a-69d5-288231a4c54a"",""960c4b3b-667c-085a-69d5-288231a4c54a""]",
evidence.keyed,info,2025-10-08T18:31:02Z,,m,"[""a1b2c3d4-5678-90ab-cdef-000000000002"",""a1b2c3d4-5678-90ab-cdef-000000000002""]",
evidence.keyed,info,2025-10-08T18:31:05Z,,m,"[""a1b2c3d4-5678-90ab-cdef-000000000003"",""a1b2c3d4-5678-90ab-cdef-000000000003""]",

$ trailsift rules run --no-store --rules rules/evidence -f csv --arg evidence.keyed.shape=set evidence.keyed
trailsift: rules: evidence.keyed: rules/evidence/keyed.lua:11: ctx:finding: evidence must be a list (keys 1..n) of events and event ids, not a table with the key '960c4b3b-667c-085a-69d5-288231a4c54a'
stack traceback:
	[C]: in method 'finding'
	rules/evidence/keyed.lua:11: in function <rules/evidence/keyed.lua:8>
	[C]: in ?
rule_id,severity,time,subject,message,evidence,data
[exit 3]

$ trailsift rules run --no-store --rules rules/evidence -f csv --arg evidence.keyed.shape=named evidence.keyed
trailsift: rules: evidence.keyed: rules/evidence/keyed.lua:11: ctx:finding: evidence must be a list (keys 1..n) of events and event ids, not a table with the key 'first'
stack traceback:
	[C]: in method 'finding'
	rules/evidence/keyed.lua:11: in function <rules/evidence/keyed.lua:8>
	[C]: in ?
rule_id,severity,time,subject,message,evidence,data
[exit 3]

$ trailsift rules run --no-store --rules rules/evidence -f csv --arg evidence.keyed.shape=holes evidence.keyed
trailsift: rules: evidence.keyed: rules/evidence/keyed.lua:11: ctx:finding: evidence must be a list (keys 1..n) of events and event ids, not a table with the key 5
stack traceback:
	[C]: in method 'finding'
	rules/evidence/keyed.lua:11: in function <rules/evidence/keyed.lua:8>
	[C]: in ?
rule_id,severity,time,subject,message,evidence,data
[exit 3]

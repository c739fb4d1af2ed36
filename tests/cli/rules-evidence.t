# ctx:finding's evidence is a list of events and event ids: a keyed
# table was silently stored as evidence [], now it is an error naming
# the field, as data's checks are.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

$ trailsift rules run --no-store --rules rules/evidence -f csv evidence.keyed
rule_id,severity,time,subject,message,evidence,data
evidence.keyed,info,2025-10-08T18:30:50Z,,m,"[""960c4b3b-667c-085a-69d5-288231a4c54a"",""960c4b3b-667c-085a-69d5-288231a4c54a""]",
evidence.keyed,info,2025-10-08T18:31:02Z,,m,"[""a1b2c3d4-5678-90ab-cdef-000000000002"",""a1b2c3d4-5678-90ab-cdef-000000000002""]",
evidence.keyed,info,2025-10-08T18:31:05Z,,m,"[""a1b2c3d4-5678-90ab-cdef-000000000003"",""a1b2c3d4-5678-90ab-cdef-000000000003""]",

$ for shape in set named holes; do trailsift rules run --no-store --rules rules/evidence -f csv --arg evidence.keyed.shape=$shape evidence.keyed > out 2> err; echo "exit $?: $(head -n 1 err)"; done
exit 3: trailsift: rules: evidence.keyed: rules/evidence/keyed.lua:11: ctx:finding: evidence must be a list (keys 1..n) of events and event ids, not a table with the key '960c4b3b-667c-085a-69d5-288231a4c54a'
exit 3: trailsift: rules: evidence.keyed: rules/evidence/keyed.lua:11: ctx:finding: evidence must be a list (keys 1..n) of events and event ids, not a table with the key 'first'
exit 3: trailsift: rules: evidence.keyed: rules/evidence/keyed.lua:11: ctx:finding: evidence must be a list (keys 1..n) of events and event ids, not a table with the key 5

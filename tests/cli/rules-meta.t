# The rule table a file returns is checked as rule{} checks it: a file
# that changes its table after rule{} (a severity rule{} refuses, a
# default of the wrong type, a misspelt field, a reserved id or tag)
# was run as changed.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

$ trailsift rules list --rules rules/changed > /dev/null
trailsift: rules: rules/changed/default.lua:2: rule: args.n.default must be a number, not a string (the rule table was changed after rule{})
trailsift: rules: rules/changed/reserved.lua:2: rule: id 'and' is a word of selection expressions (the rule table was changed after rule{})
trailsift: rules: rules/changed/severity.lua:3: rule: severity 'critical' must be info, low, medium or high (the rule table was changed after rule{})
trailsift: rules: rules/changed/tags.lua:2: rule: tags entry 'all' is a word of selection expressions (the rule table was changed after rule{})
trailsift: rules: rules/changed/unknown.lua:2: rule: unknown field 'finsh' in rule (did you mean 'finish'?) (the rule table was changed after rule{})
[exit 3]

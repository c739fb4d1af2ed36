# issue 2: the command skeleton -- help, version, usage errors.

$ trailsift --help
trailsift -- offline forensic analyser for exported AWS CloudTrail logs
.
usage: trailsift [-d DB] COMMAND [ARGS]...
...
Exit status: 0 success, 1 fatal error, 2 usage error, 3 completed but some
input failed.
'trailsift help COMMAND' describes a command; see also trailsift(1).

# the help texts main.c holds fit in 80 columns
$ { trailsift --help; trailsift help version; trailsift help help; } | awk 'length > 80'
(the same as 'trailsift COMMAND --help'), which cover its subcommands: 'trailsift

$ trailsift help | head -n 1
trailsift -- offline forensic analyser for exported AWS CloudTrail logs

# no command: the usage, on stderr, and status 2
$ trailsift
trailsift: no command given
trailsift -- offline forensic analyser for exported AWS CloudTrail logs
...
[exit 2]

$ trailsift --bogus
trailsift: unknown option '--bogus'
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

$ trailsift -x query
trailsift: unknown option '-x'
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

$ trailsift frobnicate
trailsift: unknown command 'frobnicate'
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

$ trailsift help frobnicate
trailsift: unknown command 'frobnicate'
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

$ trailsift --db
trailsift: option '--db' needs an argument
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

# help CMD and CMD --help print the same text
$ trailsift help query > a; trailsift query --help > b; cmp a b && head -n 1 a
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...

$ trailsift query -h | head -n 1
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...

$ trailsift query --frobnicate
trailsift: query: unknown option '--frobnicate'
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
[exit 2]

# SQL that opens with a -- comment (a file pasted with "$(cat q.sql)")
# was "unknown option '-- top comment...'": it says where it goes, and
# after '--' it runs
$ trailsift query "$(printf -- '-- top comment\nSELECT 1 AS x')"; trailsift ingest -q "$TS_SRC/tests/data/ingest/records.json" && trailsift query -f csv -- "$(printf -- '-- top comment\nSELECT 1 AS x')"
trailsift: query: '-- top comment...' is not an option: an argument that begins with '-' (SQL opening with a -- comment) goes after '--'
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
x
1

$ trailsift query --format=xml 'SELECT 1'
trailsift: query: unknown format 'xml' (use table, md, json or csv)
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
[exit 2]

$ trailsift query -d
trailsift: query: option '-d' needs an argument
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
[exit 2]

# an option refused for what it is, not called unknown: a value given
# to one that takes none, an abbreviation of several
$ trailsift ingest --quiet=yes x.json
trailsift: ingest: option '--quiet' takes no argument
usage: trailsift ingest [-d DB] [-j N] [--since TIME] [--until TIME]
                        [--account ID] [--region NAME] [--captured-at TIME] [-q]
                        PATH...
[exit 2]

$ trailsift rules run --s x 2>&1 | head -n 1
trailsift: rules: option '--s' is ambiguous (--select, --since)

$ trailsift query --frobnicate=3 'SELECT 1'
trailsift: query: unknown option '--frobnicate'
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
[exit 2]

$ trailsift --version=2
trailsift: option '--version' takes no argument
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

$ trailsift --frobnicate=1 query
trailsift: unknown option '--frobnicate'
usage: trailsift [-d DB] COMMAND [ARGS]...
Try 'trailsift help'.
[exit 2]

$ trailsift version --bogus
trailsift: version: unknown option '--bogus'
usage: trailsift version
[exit 2]

$ trailsift version | head -n 1 | sed 's/[0-9][0-9.]*/N/'
trailsift N

$ trailsift --version | head -n 1 | sed 's/[0-9][0-9.]*/N/'
trailsift N

# a subcommand after the command is its help too (it was "too many
# arguments"); a word that is none is still refused
$ trailsift help rules run | head -n 1; trailsift help report stale | head -n 1; trailsift help rules nosuch; echo "exit $?"
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
usage: trailsift report provisioning [-d DB] [-f FORMAT] [COMMON]
trailsift: help: too many arguments
usage: trailsift help [COMMAND [SUBCOMMAND]]
exit 2

$ trailsift help help
usage: trailsift help [COMMAND [SUBCOMMAND]]
.
Without COMMAND, lists the commands.  With COMMAND, prints its usage and options
(the same as 'trailsift COMMAND --help'), which cover its subcommands: 'trailsift
help rules run' prints the help of rules.

# show: an EVENT-ID not in the index is named on standard error, the
# others are printed, and the status is 1 (trailsift(1), show)
$ trailsift ingest -q "$TS_SRC/tests/data/ingest/records.json" && id=$(trailsift query -f csv "SELECT event_id FROM events ORDER BY id LIMIT 1" | tail -n 1) && trailsift show "$id" no-such-id "$id" > out; echo "status $?"; wc -l < out
trailsift: show: no event with eventID 'no-such-id' in trailsift.db
status 1
2

# -d after the command name: the commands that use an index take it
# (status 1: there is no none.db), the others refuse it (status 2), as
# trailsift(1) says under GLOBAL OPTIONS
$ for c in "show x" "query x" "rules run" "report provisioning" "rules list" "rules help" "rules test" version help; do trailsift $c -d none.db >/dev/null 2>&1; echo "$c: $?"; done
show x: 1
query x: 1
rules run: 1
report provisioning: 1
rules list: 2
rules help: 2
rules test: 2
version: 2
help: 2

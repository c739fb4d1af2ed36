# Golden: the identity reports on samples/broken-scim, in every format (issues
# 6 and 7); samples/broken-scim/README.md says what they must show.
. "$TS_SRC/tests/golden/report-lib.sh"
sample broken-scim || exit 1
every_report

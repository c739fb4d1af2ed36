# Golden: the identity reports on samples/okta-hub, in every format (issues
# 6 and 7); samples/okta-hub/README.md says what they must show.
. "$TS_SRC/tests/golden/report-lib.sh"
sample okta-hub && cp "$TS_SAMPLES/okta-hub/side/okta-users.csv" . || exit 1
every_report --disabled okta-users.csv

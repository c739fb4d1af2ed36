# Golden: the identity reports on samples/okta-hub, in every format (issues
# 6 and 7); samples/okta-hub/README.md says what they must show.
. "$TS_SRC/tests/golden/report-lib.sh"
sample okta-hub && cp "$TS_SAMPLES/okta-hub/side/okta-users.csv" . || exit 1
for f in table md json csv; do
  report provisioning -f $f
done
report provisioning --findings -f json
for f in table md json csv; do
  report memberships -f $f
done
report memberships --findings -f json
for f in table md json csv; do
  report stale -f $f --disabled okta-users.csv
done
report stale --findings -f json --disabled okta-users.csv

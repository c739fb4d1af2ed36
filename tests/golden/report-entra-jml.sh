# Golden: the identity reports on samples/entra-jml, in every format (issues
# 6 and 7); samples/entra-jml/README.md says what they must show.
. "$TS_SRC/tests/golden/report-lib.sh"
sample entra-jml && cp "$TS_SAMPLES/entra-jml/side/entra-disabled-users.csv" . || exit 1
for f in table md json csv; do
  report provisioning -f $f
done
report provisioning --findings -f json
for f in table md json csv; do
  report memberships -f $f
done
report memberships --findings -f json
for f in table md json csv; do
  report stale -f $f --disabled entra-disabled-users.csv
done
report stale --findings -f json --disabled entra-disabled-users.csv

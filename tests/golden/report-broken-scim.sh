# Golden: the identity reports on samples/broken-scim, in every format (issues
# 6 and 7); samples/broken-scim/README.md says what they must show.
. "$TS_SRC/tests/golden/report-lib.sh"
sample broken-scim || exit 1
for f in table md json csv; do
  report provisioning -f $f
done
report provisioning --findings -f json
for f in table md json csv; do
  report memberships -f $f
done
report memberships --findings -f json
for f in table md json csv; do
  report stale -f $f
done
report stale --findings -f json

# Golden: the identity reports on samples/entra-jml, in every format (issues
# 6 and 7); samples/entra-jml/README.md says what they must show.
. "$TS_SRC/tests/golden/report-lib.sh"
sample entra-jml && cp "$TS_SAMPLES/entra-jml/side/entra-disabled-users.csv" . || exit 1
every_report --disabled entra-disabled-users.csv

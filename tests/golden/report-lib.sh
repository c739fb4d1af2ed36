# Shared by the report golden tests (sourced, not a test itself).
# sample NAME: index samples/NAME, its logs and its side/ snapshots.
sample() {
  trailsift ingest -q "$TS_SAMPLES/$1/logs" &&
    trailsift ingest -q --captured-at "$(cat "$TS_SAMPLES/$1/side/CAPTURED_AT")" \
      "$TS_SAMPLES/$1/side"
}
# report ARGS...: a heading, the report, its exit status.
report() {
  echo "==== trailsift report $*"
  trailsift report "$@"
  echo "[exit $?]"
}

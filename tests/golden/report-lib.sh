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
# every_report [STALE-ARGS...]: the three reports in every format, then
# each as findings; STALE-ARGS (--disabled FILE, no spaces) go to stale.
every_report() {
  stale_args="$*"
  for r in provisioning memberships stale; do
    extra=
    [ $r = stale ] && extra=$stale_args
    for f in table md json csv; do
      report $r -f $f $extra
    done
    report $r --findings -f json $extra
  done
}

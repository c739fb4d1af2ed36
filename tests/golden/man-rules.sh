# Golden: the examples of man/trailsift-rules.7 run as written (jq's
# man.test).  Blocks after a `.\" example-file: PATH` comment are written
# to PATH; blocks after `.\" example-run` are "$ command" lines with the
# output each must print, run as a tests/cli/run case file.  The TAP
# lines of that run are this test's output, so an example whose output
# changed shows up as "not ok" with the difference.
mkdir ex
awk -v dir=ex -v t=man.t '
  function unroff(s) {
    gsub(/\\-/, "-", s); gsub(/\\&/, "", s); gsub(/\\e/, "\\", s)
    return s
  }
  /^\.\\" example-file: / { file = dir "/" $3; mode = "file"; next }
  /^\.\\" example-run/ { mode = "run"; next }
  /^\.EX$/ && mode != "" { inside = 1; next }
  /^\.EE$/ && inside {
    if (mode == "file") close(file)
    inside = 0; mode = ""; next
  }
  inside && mode == "file" {
    d = file; sub(/\/[^\/]*$/, "", d); system("mkdir -p \"" d "\"")
    print unroff($0) > file; next
  }
  inside && mode == "run" {
    line = unroff($0)
    if (line ~ /^\$ /) print "" > t
    print (line == "" ? "." : line) > t
    next
  }
' "$TS_SRC/man/trailsift-rules.7"
{
  echo "# generated from man/trailsift-rules.7"
  echo '$ cp -R "$EXDIR"/. . && cp "$TS_SRC/tests/data/ingest/records.json" .'
  cat man.t
} > examples.t
EXDIR=$(pwd)/ex top_srcdir=$TS_SRC top_builddir=$TS_BUILD \
  sh "$TS_SRC/tests/cli/run" examples.t

# The first example on records it meets in the field: AccessDenied events
# whose requestParameters is null or missing (three of the seven in the
# shared corpus) stopped it with "attempt to index a nil value".
printf '%s\n' '{"Records":[{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-0000000000a1","eventTime":"2025-10-08T18:40:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","errorCode":"AccessDenied","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Bob"},"requestParameters":null},{"eventVersion":"1.08","eventID":"a1b2c3d4-5678-90ab-cdef-0000000000a2","eventTime":"2025-10-08T18:41:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","errorCode":"AccessDenied","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Bob"}}]}' > denied.json
"$TS_BUILD/trailsift" ingest -q -d denied.db denied.json &&
  "$TS_BUILD/trailsift" rules run -d denied.db --rules ex --no-store -f json local.access-denied
echo "exit $?"

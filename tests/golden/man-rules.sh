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

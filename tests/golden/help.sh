# Golden: the help text of every command, so that a change to what users
# read is always a reviewed change.
for c in "" ingest show query rules report version help; do
  echo "==== trailsift help $c"
  trailsift help $c
done

# The selection expressions the README and the man pages give as
# examples select rules: a tag or id that no rule has is a usage error,
# so an example naming one fails for whoever copies it.
echo "==== selection expressions of the README and the man pages"
(cd "$TS_SRC" && awk '
  { line = $0; gsub(/\\\(aq/, "\047", line); gsub(/\\-/, "-", line) }
  FILENAME ~ /README/ && line ~ /rules (run|list)/ {
    while (match(line, /`\047[^`]*\047`/)) {
      print FILENAME ": " substr(line, RSTART + 1, RLENGTH - 2)
      line = substr(line, RSTART + RLENGTH)
    }
    next
  }
  FILENAME ~ /^man/ && line ~ /^\.B trailsift rules (run|list) [^\\]*$/ {
    sub(/^\.B trailsift rules (run|list) /, "", line)
    print FILENAME ": " line; next
  }
  FILENAME ~ /^man/ && line ~ /^\..*\047[^\047]* (and|or|not) [^\047]*\047/ {
    match(line, /\047[^\047]*\047/)
    print FILENAME ": " substr(line, RSTART, RLENGTH)
  }
' README.md man/*.[157]) | while IFS= read -r l; do
  eval "set -- ${l#*: }"
  if trailsift rules list "$@" >/dev/null 2>err; then
    echo "ok $l"
  else
    echo "not ok $l"
    head -n 1 err
  fi
done

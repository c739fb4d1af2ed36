# Golden: the help text of every command, so that a change to what users
# read is always a reviewed change.
for c in "" ingest show query rules report version help; do
  echo "==== trailsift help $c"
  trailsift help $c
done

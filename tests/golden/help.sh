# Golden: the help text of every command, so that a change to what users
# read is always a reviewed change; then what the help, the README and
# the man pages say is checked against each other and the program.
for c in "" ingest show query check rules report version help; do
  echo "==== trailsift help $c"
  trailsift help $c
done

# Every line of the help fits in 80 columns, the usage lines too (this
# list must be empty).
echo "==== help lines over 80 columns"
for c in "" ingest show query check rules report version help; do
  trailsift help $c | awk -v c="$c" 'length > 80 { print c ": " $0 }'
done

# The -d line of a command's help gives the default the general help
# gives ($TRAILSIFT_DB first).  Lines that differ are listed.
echo "==== -d lines unlike the general help's"
dflt=$(trailsift help | sed -n 's/^ *-d, --db PATH *//p')
for c in ingest query show check rules report; do
  trailsift help $c | sed -n 's/^ *-d, --db PATH *//p' |
    awk -v c="$c" -v d="$dflt" '$0 != d { print c ": " $0 }'
done

# Every option a command's help lists is documented in its section of
# trailsift(1), and every option documented there is in the help: a user
# reading either finds the same options.  Global options (-d, -h) are
# documented once, under GLOBAL OPTIONS.  Both lists below must be empty.
man_opts() { # FILE SECTION: the options in the .TP tags of SECTION
  awk -v sec="$2" '
    /^\.S[SH] / {
      s = $0; sub(/^\.S[SH] /, "", s); gsub(/"/, "", s)
      in_sec = (s == sec); next
    }
    in_sec && /^\.TP/ { tag = 1; next }
    in_sec && tag {
      tag = 0; line = $0; gsub(/\\-/, "-", line); gsub(/\\f[BIRP]/, " ", line)
      while (match(line, /(^|[^a-zA-Z0-9-])--?[a-zA-Z][a-zA-Z-]*/)) {
        o = substr(line, RSTART, RLENGTH); sub(/^[^-]/, "", o); print o
        line = substr(line, RSTART + RLENGTH)
      }
    }
  ' "$TS_SRC/man/$1" | sort -u
}
help_opts() { # the options of the Options: (and LIMITS) lines of a help
  awk '
    /^[A-Za-z].*:$/ { opts = ($0 == "Options:" || $0 ~ /^LIMITS/); next }
    opts && /^ +-/ {
      match($0, /^ +(-[a-zA-Z], )?--?[a-zA-Z][a-zA-Z-]*/)
      o = substr($0, RSTART, RLENGTH); sub(/^ +/, "", o)
      n = split(o, a, ", "); for (i = 1; i <= n; i++) print a[i]
    }
  ' | sort -u
}
for c in ingest show query check rules report; do
  echo "==== options of 'trailsift help $c' missing from trailsift(1)"
  man_opts trailsift.1 "$c" >man.lst
  trailsift help "$c" | help_opts | grep -vxE -- '-d|--db|-h|--help' >help.lst
  comm -23 help.lst man.lst
  echo "==== options of $c in trailsift(1) missing from 'trailsift help $c'"
  comm -13 help.lst man.lst
done
# trailsift-gen: long options (its help spells only those)
echo "==== long options of 'trailsift-gen --help' vs trailsift-gen(1)"
man_opts trailsift-gen.1 OPTIONS | grep -- '^--' >man.lst
trailsift-gen --help | help_opts | grep -- '^--' >help.lst
comm -3 help.lst man.lst

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

# Every table and view of an index is described in trailsift-index(5):
# a view under VIEW NAME, a table as a .TP entry under TABLES.
echo "==== tables and views missing from trailsift-index(5)"
trailsift ingest -q -d doc.db "$TS_SRC/tests/data/ingest/records.json"
trailsift query -d doc.db -f csv "SELECT type, name FROM sqlite_master
  WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%' ORDER BY 2" |
  tail -n +2 | while IFS=, read -r type name; do
    awk -v type="$type" -v name="$name" '
      /^\.SH / { tables = ($0 == ".SH TABLES") }
      type == "view" && $0 == ".SH \"VIEW " name "\"" { found = 1 }
      type == "table" && tables && prev == ".TP" && $0 == ".B " name { found = 1 }
      { prev = $0 }
      END { if (!found) print type " " name }
    ' "$TS_SRC/man/trailsift-index.5"
  done

# The SQL examples run on an index: the statements of trailsift-index(5)
# (its .nf blocks that start with SELECT) and the trailsift query
# commands of trailsift(1) and the README.  Only whether each runs is
# printed; what they print depends on the index.
echo "==== SQL examples of trailsift-index(5), trailsift(1) and the README"
(cd "$TS_SRC" && awk '
  function unroff(s) { gsub(/\\\(aq/, "\047", s); gsub(/\\-/, "-", s); return s }
  function flush() { if (cmd != "") print FILENAME "\t" cmd; cmd = "" }
  /^\.nf/ || /^```/ { inside = !inside; flush(); next }
  /^\.fi/ { inside = 0; flush(); next }
  !inside || /^\.R[SE]/ { next }
  FILENAME ~ /index/ && /^SELECT/ {
    flush(); cmd = "trailsift query \"" unroff($0); next
  }
  FILENAME !~ /index/ && /^(\.\/)?trailsift query / {
    flush(); line = unroff($0); sub(/^\.\//, "", line); cmd = line
    next
  }
  cmd != "" && /^[ \t]/ { cmd = cmd " " unroff($0); next }
  cmd != "" && FILENAME ~ /index/ && !/^$/ { cmd = cmd " " unroff($0); next }
  { flush() }
  END { flush() }
' man/trailsift-index.5 man/trailsift.1 README.md) |
  sed 's/\(^man\/trailsift-index.5\t.*\)$/\1"/' | while IFS='	' read -r file cmd; do
    if eval "TRAILSIFT_DB=doc.db $cmd" >/dev/null 2>err; then
      echo "ok $file: $(printf "%s" "$cmd" | tr -s " ")"
    else
      echo "not ok $file: $cmd"
      head -n 1 err
    fi
  done

# The selection example of 'trailsift help rules' (the "e.g." in quotes,
# which may wrap) selects rules from the built-in ones.
echo "==== the selection example of trailsift help rules"
expr=$(trailsift help rules | tr '\n' ' ' |
  sed -n 's/.*e\.g\. "\([^"]*\)".*/\1/p')
if trailsift rules list "$expr" >out 2>err && [ -s out ]; then
  echo "ok: $expr"
else
  echo "not ok: $expr"
  head -n 1 err
fi

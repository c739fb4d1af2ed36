# issue 2: `trailsift query` errors that need no events.

$ trailsift query 'SELECT 1'
trailsift: trailsift.db: No such file or directory (run 'trailsift ingest' first, or name the index with -d)
[exit 1]

$ trailsift query
trailsift: query: no SQL given
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
[exit 2]

$ echo 'hello' > notes.txt; trailsift query -d notes.txt 'SELECT 1'
trailsift: notes.txt: not a trailsift index
[exit 1]

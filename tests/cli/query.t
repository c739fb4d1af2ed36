# issue 2: `trailsift query` errors that need no events.

$ trailsift query 'SELECT 1'
trailsift: trailsift.db: No such file or directory (run 'trailsift ingest' first, or name the index with -d)
[exit 1]

# a directory given as the index (it said "disk I/O error")
$ mkdir case && trailsift query -d case 'SELECT 1'; trailsift show -d case a1b2c3d4-5678-90ab-cdef-000000000002
trailsift: case: Is a directory (name the index file with -d)
trailsift: case: Is a directory (name the index file with -d)
[exit 1]

$ trailsift query
trailsift: query: no SQL given
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
[exit 2]

$ echo 'hello' > notes.txt; trailsift query -d notes.txt 'SELECT 1'
trailsift: notes.txt: not a trailsift index
[exit 1]

# ingest too names the file (it said "index: file is not a database"),
# and leaves it as it was
$ trailsift ingest -q -d notes.txt "$TS_SRC/tests/data/ingest/records.json"; cat notes.txt; ls notes.txt*
trailsift: notes.txt: not a trailsift index, nor any SQLite database (refusing to touch it)
hello
notes.txt

# values: text, @FILE (the file's contents), @@ (a leading @)
$ cp "$TS_SRC/tests/data/ingest/records.json" . && trailsift ingest -q records.json && echo GetObject > names.txt && echo AssumeRole >> names.txt && trailsift query "SELECT event_name FROM events WHERE instr(?1, event_name) > 0 ORDER BY 1" @names.txt
event_name
----------
AssumeRole
GetObject

$ echo '{"id":"a1b2c3d4-5678-90ab-cdef-000000000002"}' > ids.jsonl && trailsift query -f csv "SELECT e.event_name FROM json_each('[' || replace(trim(?1, char(10)), char(10), ',') || ']') j JOIN events e ON e.event_id = json_extract(j.value, '$.id')" @ids.jsonl
event_name
GetObject

# a file is bound whole: as a blob when it holds a NUL byte
$ printf 'ab\000cd' > nul.bin && printf 'x\n' > empty.txt && : > empty.txt && trailsift query -f csv "SELECT length(?1), typeof(?1), hex(?1), quote(?2)" @nul.bin @empty.txt
length(?1),typeof(?1),hex(?1),quote(?2)
5,blob,6162006364,''

$ trailsift query -f csv "SELECT ?1, ?2" @@home x
?1,?2
"'@home",x

$ trailsift query "SELECT ?1" @missing.txt
trailsift: query: missing.txt: No such file or directory
[exit 1]

# a parameter without a value is refused, as a value without a
# parameter is (it was NULL, and the query matched nothing)
$ trailsift query "SELECT count(*) FROM events WHERE event_name = ?1 OR event_name = ?2" CreateGroupMembership
trailsift: query: 1 value given for 2 parameters
[exit 2]

$ trailsift query "SELECT count(*) FROM events" x
trailsift: query: 1 value given for 0 parameters
[exit 2]

# ATTACH is refused as a write is: a usage error that says why (it was
# "not authorized", exit 1)
$ trailsift query "attach 'x.db' as x"; echo "exit $?"; trailsift query "DETACH x"; echo "exit $?"
trailsift: query: ATTACH and DETACH are not accepted: a query reads the one index given with -d
exit 2
trailsift: query: ATTACH and DETACH are not accepted: a query reads the one index given with -d
exit 2

# what rules may not call is refused here too (fts3_tokenizer() printed
# a native address and registered one, exit 0), and so are pragmas given
# a value and transactions, as trailsift(1) says; pragmas that report,
# arguments and all, still run
$ for q in "SELECT fts3_tokenizer('porter')" "SELECT fts3_tokenizer('e', x'4141414141414141')" "SELECT load_extension('x')" "PRAGMA query_only = 0" "PRAGMA writable_schema=1" "pragma main.cache_size(1)" "BEGIN" "SAVEPOINT s"; do trailsift query "$q"; echo "exit $?"; done; trailsift query -f csv "PRAGMA table_info(str)"; trailsift query -f csv "PRAGMA quick_check(1)"
trailsift: query: the function fts3_tokenizer() is not available: it reaches native addresses, code or files
exit 2
trailsift: query: the function fts3_tokenizer() is not available: it reaches native addresses, code or files
exit 2
trailsift: query: the function load_extension() is not available: it reaches native addresses, code or files
exit 2
trailsift: query: PRAGMA query_only = 0 sets something: only pragmas that report are accepted
exit 2
trailsift: query: PRAGMA writable_schema = 1 sets something: only pragmas that report are accepted
exit 2
trailsift: query: PRAGMA cache_size = 1 sets something: only pragmas that report are accepted
exit 2
trailsift: query: transactions and savepoints are not accepted: a query is one read-only statement
exit 2
trailsift: query: transactions and savepoints are not accepted: a query is one read-only statement
exit 2
cid,name,type,notnull,dflt_value,pk
0,id,INTEGER,0,,1
1,s,TEXT,0,,0
quick_check
ok

# PRAGMA journal_mode only reads the mode, which a user checks before
# copying the index (it was refused as a write, exit 2); setting it is
# still refused
$ trailsift query -f csv "PRAGMA journal_mode"; trailsift query -f csv " /* mode */ pragma main.JOURNAL_MODE; -- c"; trailsift query "PRAGMA journal_mode = WAL"; echo "exit $?"; trailsift query "PRAGMA journal_mode(wal)"; echo "exit $?"
journal_mode
delete
journal_mode
delete
trailsift: query: PRAGMA journal_mode = WAL sets something: only pragmas that report are accepted
exit 2
trailsift: query: PRAGMA journal_mode = wal sets something: only pragmas that report are accepted
exit 2

# review 4, finding 6: json keeps a byte that is not UTF-8 (a Latin-1
# directory name) as U+DC80 + byte, not as U+FFFD
$ d=$(printf 'caf\351') && mkdir "$d" && cp "$TS_SRC/tests/data/ingest/records.json" "$d/" && trailsift ingest -q -d l1.db "$d" && trailsift query -d l1.db -f json "SELECT path, hex(path) AS h FROM sources"
{"path":"caf\udce9/records.json","h":"636166E92F7265636F7264732E6A736F6E"}

# a C1 control is a terminal control too: U+009B is CSI, and xterm obeys
# it in UTF-8 ("\u009b2J" cleared the screen through the table), as a
# Latin-1 terminal obeys the byte 0x9b; U+202E showed the rest of its
# line backwards.  The table shows them as escapes (cat -v shows what
# reaches the terminal: M-BM-^[ was U+009B).
$ printf '{"eventVersion":"1.11","eventID":"e-c1","eventTime":"2025-01-02T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","userAgent":"ua \\u009b2J \\u009b31mred \\u202eevil caf\\u00e9"}\n' > c1.jsonl && trailsift ingest -q -d c1.db c1.jsonl && trailsift query -d c1.db "SELECT user_agent, CAST(x'9b3331' AS TEXT) AS latin1 FROM events" | cat -v
user_agent                                latin1
----------------------------------------  ------
ua \u009b2J \u009b31mred \u202eevil cafM-CM-)  \x9b31

# ... and so do csv, md and json (json's \u escape is the same string),
# and the table's header
$ for f in csv md json; do trailsift query -d c1.db -f $f "SELECT user_agent AS \"ua$(printf '\033')[2J\", CAST(x'9b3331' AS TEXT) AS latin1 FROM events" | cat -v; done; trailsift query -d c1.db "SELECT 1 AS \"h$(printf '\033')[2J\"" | cat -v
ua\x1b[2J,latin1
ua \u009b2J \u009b31mred \u202eevil cafM-CM-),\x9b31
| ua\x1b\[2J                               | latin1 |
| ---------------------------------------- | ------ |
| ua \u009b2J \u009b31mred \u202eevil cafM-CM-) | \x9b31 |
{"ua\u001b[2J":"ua \u009b2J \u009b31mred \u202eevil cafM-CM-)","latin1":"\udc9b31"}
h\x1b[2J
--------
       1

# a zero width space (or another character that shows as nothing:
# U+FEFF, U+2060, U+00AD) after an event name showed it as the name
# without it, in every format but json, while it matched apart: two
# rows that read alike, and a WHERE on the name that finds one
$ printf '{"eventVersion":"1.11","eventID":"e-zw%d","eventTime":"2025-01-02T10:00:00Z","eventSource":"identitystore.amazonaws.com","eventName":"DeleteGroupMembership%s"}\n' 1 '' 2 '\u200b' 3 '\ufeff' 4 '\u2060' 5 '\u00ad' > zw.jsonl && trailsift ingest -q -d zw.db zw.jsonl && for f in table csv md json; do trailsift query -d zw.db -f $f "SELECT event_name, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"; done
event_name                   n
---------------------------  -
DeleteGroupMembership        1
DeleteGroupMembership\u00ad  1
DeleteGroupMembership\u200b  1
DeleteGroupMembership\u2060  1
DeleteGroupMembership\ufeff  1
event_name,n
DeleteGroupMembership,1
DeleteGroupMembership\u00ad,1
DeleteGroupMembership\u200b,1
DeleteGroupMembership\u2060,1
DeleteGroupMembership\ufeff,1
| event\_name                 |   n |
| --------------------------- | --: |
| DeleteGroupMembership       |   1 |
| DeleteGroupMembership\u00ad |   1 |
| DeleteGroupMembership\u200b |   1 |
| DeleteGroupMembership\u2060 |   1 |
| DeleteGroupMembership\ufeff |   1 |
{"event_name":"DeleteGroupMembership","n":1}
{"event_name":"DeleteGroupMembership\u00ad","n":1}
{"event_name":"DeleteGroupMembership\u200b","n":1}
{"event_name":"DeleteGroupMembership\u2060","n":1}
{"event_name":"DeleteGroupMembership\ufeff","n":1}

# a byte that is not UTF-8 above the C1 range (Latin-1 e acute): md
# wrote it raw, an invalid document with its column out of line; it
# shows it as the table does.  CSV keeps the data's byte.
$ for f in table md csv; do trailsift query -d c1.db -f $f "SELECT CAST(x'4ce9' AS TEXT) AS t, 'x' AS u" | od -An -c | tr -s ' '; done
 t u \n - - - - - 
 - \n L \ x e 9 x \n
 | t | u | \n
 | - - - - - | - - - | \n
 | L \ x e 9 | x | \n
 t , u \n L 351 , x \n

# standard output gone with SIGPIPE ignored (`| head` from a program
# that ignores it): the query stops at once and says why (it read every
# row, here without end, writing to the broken pipe)
$ (trap '' PIPE; { timeout 20 trailsift query -f csv "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c" 2>err; echo "exit $?" > status; } | head -n 2); cut -d: -f1,2 err; cat status
x
1
trailsift: standard output
exit 1

# an error of the index file, not of the statement, names the file: a
# damaged page (it said only "query: database disk image is malformed"),
# a damaged schema; a mistake in the SQL does not
$ cp trailsift.db damaged.db && ps=$(trailsift query -d damaged.db -f csv "PRAGMA page_size" | tail -n 1) && pg=$(trailsift query -d damaged.db -f csv "SELECT rootpage FROM sqlite_master WHERE name = 'event_eid'" | tail -n 1) && dd if=/dev/zero of=damaged.db bs="$ps" seek=$((pg - 1)) count=1 conv=notrunc 2>/dev/null && trailsift query -d damaged.db -f csv "SELECT count(*) FROM event WHERE eid = 'x'"; cp trailsift.db schema.db && dd if=/dev/zero of=schema.db bs=1 seek=100 count=$((ps - 100)) conv=notrunc 2>/dev/null && trailsift query -d schema.db "SELECT count(*) FROM events"; trailsift query -d damaged.db "SELEC 1"
count(*)
trailsift: query: damaged.db: database disk image is malformed
trailsift: schema.db: cannot read the index: database disk image is malformed
trailsift: query: near "SELEC": syntax error
[exit 1]

# an empty -d (an unset shell variable: -d "$CASE") is a usage error
# that says so; it said "trailsift: : No such file or directory"
$ trailsift query -d '' 'SELECT 1'; echo "exit $?"; trailsift -d '' show a1b2c3d4-5678-90ab-cdef-000000000002; echo "exit $?"
trailsift: query: -d names no file (an empty path)
usage: trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...
exit 2
trailsift: show: -d names no file (an empty path)
usage: trailsift show [-d DB] [--provenance] EVENT-ID...
exit 2

# two columns of one name (a join of events and sources has two "id"):
# JSON held the key twice and a reader kept only the last value; the
# names are made unique as SQLite's CREATE TABLE AS makes them
$ trailsift query -f json "SELECT e.id, s.id, s.path, 7 AS id FROM events e JOIN sources s ON s.id = e.source_id ORDER BY e.id LIMIT 1"; trailsift query -f csv "SELECT 1 AS n, 2 AS n"
{"id":1,"id:1":1,"path":"records.json","id:2":7}
n,n:1
1,2

# as the manual says: a blob is its bytes in lower-case hex in every
# format, a NULL an empty cell (json: null)
$ trailsift query -f json "SELECT x'00ff' AS b, NULL AS n, typeof(x'00') AS t"; trailsift query -f csv "SELECT x'00FF' AS b, NULL AS n, '' AS e"
{"b":"00ff","n":null,"t":"blob"}
b,n,e
00ff,,

# table columns line up under wide (CJK) characters, which take two
# columns of a terminal, and combining marks, which take none (each code
# point counted one: the CJK names pushed the next column right)
$ trailsift query "SELECT '山田太郎' AS name, 'x' AS b UNION ALL SELECT 'jdoe', 'y' UNION ALL SELECT 'e' || char(769), 'z'"
name      b
--------  -
山田太郎  x
jdoe      y
é         z

# a real number too large for a double is Inf or -Inf, as sqlite3 shows
# it (it was an empty cell, read as NULL); json has no infinity: null
$ for f in csv json; do trailsift query -f $f "SELECT 1e999 AS a, -1e999 AS b, 1.5 AS c"; done
a,b,c
Inf,-Inf,1.5
{"a":null,"b":null,"c":1.5}

# a bare @ names no file; it said "query: : No such file or directory"
$ trailsift query "SELECT ?1" @; echo "exit $?"; trailsift query @; echo "exit $?"; trailsift query "SELECT ?1" @@
trailsift: query: '@' names no file (@FILE binds a file's contents, @@ a text starting with @)
exit 1
trailsift: query: '@' names no file (@FILE binds a file's contents, @@ a text starting with @)
exit 1
?1
--
@

# a large sort spills to SQLite's temporary files; when writing one
# fails (here the file size limit) the error is the temporary file's,
# not the index's: it said "query: trailsift.db: disk I/O error"
$ (trap '' XFSZ; ulimit -f 0; trailsift query -f csv "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) SELECT x, hex(randomblob(50)) AS r FROM c ORDER BY r" 2>&1 >/dev/null; echo "exit $?") | cat
trailsift: query: a temporary file (a large sort or DISTINCT writes them to $SQLITE_TMPDIR, else $TMPDIR, else /var/tmp or /tmp): disk I/O error
exit 1

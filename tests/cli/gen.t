# trailsift-gen: usage, determinism, file format and layout.

$ trailsift-gen --help | sed -n '1,3p' | grep -v '^$'
trailsift-gen -- deterministic sample CloudTrail archives with ground truth
usage: trailsift-gen --scenario NAME --out DIR [--seed N] [--events N]

$ trailsift-gen --help | sed -n '/^Scenarios:/,/^$/p' | awk 'NF { print $1 }'
Scenarios:
broken-scim
entra-jml
okta-hub
bench

$ trailsift-gen
trailsift-gen: --scenario is required
usage: trailsift-gen --scenario NAME --out DIR [--seed N] [--events N]
...
[exit 2]

$ trailsift-gen --scenario bench
trailsift-gen: --out is required
...
[exit 2]

$ trailsift-gen --scenario nonesuch --out x
trailsift-gen: unknown scenario 'nonesuch'
...
[exit 2]

$ trailsift-gen --scenario bench --out x --seed twelve
trailsift-gen: bad --seed 'twelve'
...
[exit 2]

$ trailsift-gen --scenario bench --out x --start 2025-13-01
trailsift-gen: bad --start '2025-13-01' (YYYY-MM-DD)
...
[exit 2]

$ trailsift-gen --scenario bench --out x --days 0
trailsift-gen: bad --days '0' (1 to 3660)
...
[exit 2]

$ trailsift-gen --scenario bench --out x --layout diagonal
trailsift-gen: bad --layout 'diagonal'
...
[exit 2]

$ trailsift-gen --scenario bench --out x --frobnicate 1
trailsift-gen: unknown option '--frobnicate'
...
[exit 2]

$ trailsift-gen --scenario bench --out x extra
trailsift-gen: unexpected argument 'extra'
...
[exit 2]

$ trailsift-gen --scenario bench --out
trailsift-gen: option '--out' needs an argument
...
[exit 2]

# an output directory that is not empty is refused: runs never mix
$ mkdir full && touch full/f && trailsift-gen --scenario bench --events 100 --out full
trailsift-gen: full: not empty (refusing to mix runs)
[exit 1]

# same arguments, same bytes, whatever the number of threads
$ trailsift-gen --scenario bench --events 4000 --out a && trailsift-gen --scenario bench --events 4000 --out b --threads 0 && diff -r a b && echo same
same

$ trailsift-gen --scenario bench --events=4000 --seed=2 --out=c && diff -rq a c >/dev/null || echo differs
differs

$ ls a a/truth
a:
logs
truth
.
a/truth:
assignments.jsonl
changes.jsonl
counts.tsv
identities.jsonl
memberships.jsonl
stale.jsonl
summary.json
traps.jsonl

# every file is gzip with mtime 0 and a valid stream
$ find a -name '*.json.gz' -exec gzip -t {} + && echo ok
ok

$ find a -path '*/CloudTrail/*' -name '*.json.gz' | head -n 1 | xargs od -An -tx1 -N10
 1f 8b 08 00 00 00 00 00 00 00

$ find a -path '*/CloudTrail/*' -name '*.json.gz' | head -n 1 | xargs zcat | head -c 24
{"Records":[{"eventVersi

# names and folders follow the CloudTrail layout, folder date = name date
$ cd a/logs && find . -type f | grep -Ev '^\./AWSLogs/o-[a-z0-9]{10,32}/[0-9]{12}/CloudTrail/[a-z0-9-]+/[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9]{12}_CloudTrail_[a-z0-9-]+_[0-9]{8}T[0-9]{4}Z_[A-Za-z0-9]{16}\.json\.gz$' | grep -Ev '^\./AWSLogs/o-[a-z0-9]{10,32}/[0-9]{12}/CloudTrail-Digest/[a-z0-9-]+/[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9]{12}_CloudTrail-Digest_[a-z0-9-]+_[A-Za-z0-9-]+_[a-z0-9-]+_[0-9]{8}T[0-9]{6}Z\.json\.gz$'; echo end
end

$ cd a/logs && find . -type f | awk -F/ '{ p = $4 "_" $5 "_" $6 "_"; if (index($10, p) != 1 || index($10, $7 $8 $9) == 0) print }' | head -n 3; echo end
end

# counts.tsv counts every unique eventID in the logs
$ n=$(awk -F'\t' '{ s += $3 } END { print s }' a/truth/counts.tsv); m=$(find a/logs -path '*/CloudTrail/*' -name '*.json.gz' -exec zcat {} + | grep -o '"eventID":"[^"]*"' | sort -u | wc -l); test "$n" -eq "$m" && echo ok
ok

$ awk -F'\t' 'NF != 3 || $3 !~ /^[0-9]+$/' a/truth/counts.tsv | head -n 3; sort -c a/truth/counts.tsv && echo sorted
sorted

# --layout both: the account tree and the organization tree hold the
# same log files, byte for byte (digests differ: two trails)
$ trailsift-gen --scenario bench --events 4000 --layout both --out both && cd both/logs/AWSLogs && (cd o-exampleorgid && find . -path '*/CloudTrail/*' -type f | sort) > ../org.txt && find . -path '*/CloudTrail/*' ! -path './o-*' -type f | sort > ../acct.txt && cmp ../org.txt ../acct.txt && while read f; do cmp "o-exampleorgid/$f" "$f" || exit 1; done < ../acct.txt && test -s ../acct.txt && echo identical
identical

$ diff a/truth/counts.tsv both/truth/counts.tsv && echo same events
same events

$ trailsift-gen --scenario bench --events 4000 --layout account --no-digests --out acct && find acct/logs -path '*Digest*' | wc -l && ls acct/logs/AWSLogs | grep '^o-' | wc -l
0
0

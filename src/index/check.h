/* check.h -- does an index still say what its logs said?
 *
 * `trailsift check` (cmd_check.c) hands check_index() a connection that
 * index_open(INDEX_READ) made; nothing here writes.  It verifies, in
 * this order:
 *   1. SQLite's own structure: PRAGMA quick_check (integrity_check with
 *      `full`);
 *   2. every zdict row is the dictionary its id names, and every
 *      raw_block decompresses (codec, lengths, zstd's checksum) to
 *      exactly its ulen bytes;
 *   3. every event row: its block exists, its record's range lies in
 *      it, the bytes there (the markers put back, see rawrec.h) are one
 *      CloudTrail event, and every indexed column is what the ingest's
 *      own code (record_parse(), record_columns(), record_id_encode())
 *      makes of that record now;
 *   4. the accounting the writer keeps between `event` and `source`
 *      (checkacct.c says which invariants, and why they hold);
 *   5. the documents kept whole: every digest row's document reads
 *      back and its columns are what the ingest reads from it, every
 *      Insights record is JSON with its row's eventID and eventTime,
 *      every snapshot item is JSON, and each source's n_documents
 *      counts the rows that name it (checkdoc.c);
 *   6. with `sources`, each top-level input file still at its recorded
 *      path: size and SHA-256 against its `source` row (checksrc.c).
 * Events are read in id order, which is the order of their blocks (the
 * writer numbers both as it stores them), with the blocks alongside:
 * each block is decompressed once, and memory stays flat.  An event
 * whose block lies behind (only an edited block_id does that) costs a
 * decompression of its own.
 *
 * Each problem found is one line, handed to o->problem; the counts are
 * in *st.  What the record cannot tell: an eventID, requestID or
 * eventTime the writer left out of the stored bytes (a marker stands
 * there, and the row supplies the value) is checked only for the form
 * the writer would store, and record_no and raw_offset point into the
 * source file, which only a new ingest reads again. */
#ifndef TS_CHECK_H
#define TS_CHECK_H

#include <stdint.h>

#include <sqlite3.h>

#include "../util/err.h"

struct check_stats {
	uint64_t blocks;         /* raw blocks read */
	uint64_t events;         /* event rows read */
	uint64_t events_checked; /* ... whose record was compared */
	uint64_t sources;        /* source rows accounted */
	uint64_t documents;      /* digest, insight, snapshot rows read */
	uint64_t redecoded;      /* blocks decompressed again (events out
	                          * of block order) */
	uint64_t files;          /* --sources: top-level rows compared */
	uint64_t files_same;     /* ... the file as ingested */
	uint64_t files_changed;  /* ... other size or SHA-256 now */
	uint64_t files_missing;  /* ... no regular file there now */
	uint64_t files_missing_relative; /* ... of them, relative paths */
	uint64_t files_unhashed;         /* ... rows with no SHA-256, skipped */
	uint64_t problems;               /* lines handed to problem() */
	int64_t event_at;                /* id of the last event read */
	int64_t event_max;               /* highest event id, for progress */
	const char *stage;               /* what runs now, for progress */
};

struct check_opts {
	int full;    /* PRAGMA integrity_check instead of quick_check */
	int sources; /* re-hash the top-level input files (5. above) */
	/* one problem, as one line without its newline */
	void (*problem)(void *arg, const char *line);
	/* every few thousand events and between stages; may be NULL */
	void (*progress)(void *arg, const struct check_stats *st);
	void *arg; /* for both */
	/* --sources: the folder relative paths are read from (the one the
	 * ingest ran in); NULL: the current one */
	const char *base;
};

/* Check the index open as db (see above), counting into *st (zeroed
 * first).  TS_OK when the check ran to its end, problems or not (they
 * are in st->problems); TS_FATAL with err set when it could not (the
 * index's tables cannot be read at all, or this build cannot decompress
 * its blocks). */
int check_index(sqlite3 *db, const struct check_opts *o, struct check_stats *st,
                ts_err *err);

#endif

/* writer.h -- the only code that writes the index.
 *
 * The ingest pipeline's writer thread owns one writer and hands it the
 * workers' batches in source order (pipeline.c guarantees the order).
 * For each source it inserts (or, for a source that failed or was
 * skipped by a filter before, reuses) the `source` row, interns strings,
 * inserts events -- a duplicate eventID is counted, not stored again --
 * stores the raw-record blocks that hold at least one new event, the
 * rejected records and documents, and completes the source row.
 * Commits happen only between sources (every WRITER_COMMIT_ROWS rows or
 * WRITER_COMMIT_MS), in WAL mode, so a crash or kill -9 leaves every
 * committed source whole and nothing of the others; running the same
 * command again finishes the job.  Between commits the writer keeps
 * state no other writer may change (the next block id, the dictionary,
 * eid_checked_below, secondary indexes dropped for a bulk load), so
 * writer_open() takes the index's ingest lock (index_lock()) first,
 * waiting for another ingest to end; each transaction takes SQLite's
 * write lock as it begins, so other writers (rules run) are waited for.
 *
 * writer_put() returns TS_FATAL only when the index itself fails (disk
 * full, I/O error); bad input never reaches that far.  One line per
 * failed source is printed on stderr as its final batch is stored, so
 * messages come out in the same order on every run. */
#ifndef TS_WRITER_H
#define TS_WRITER_H

#include <stdatomic.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../ingest/batch.h"
#include "../ingest/ingest.h"
#include "../util/err.h"

#define WRITER_COMMIT_ROWS 200000
#define WRITER_COMMIT_MS 2000

struct writer_stats {
	uint64_t sources;               /* source rows completed */
	uint64_t sources_failed;        /* ... with status error or partial */
	uint64_t sources_skipped;       /* ... with status skipped */
	uint64_t sources_known;         /* already in the index: not redone */
	uint64_t sources_known_damaged; /* ... of them partial when read */
	uint64_t sources_known_recaptured; /* ... snapshots stored with
	                                    * another capture time than
	                                    * --captured-at (pipeline) */
	uint64_t streams_cut;              /* standard input or a FIFO cut by
	                                    * Ctrl-C: not to be read again */
	/* new events stored; atomic: the progress line reads it while the
	 * writer thread counts */
	_Atomic uint64_t events;
	uint64_t duplicates;      /* eventIDs already stored */
	uint64_t conflicts;       /* ... of another length or time */
	uint64_t conflicts_space; /* ... of them differing in whitespace */
	uint64_t rejected;        /* records rejected */
	uint64_t filtered;        /* events outside the filters */
};

typedef struct writer writer;

/* Open (creating if needed) the index of o->db and start a run. */
writer *writer_open(const struct ingest_opts *o, ts_err *err);

/* Start a run on an index the caller opened with index_open(INDEX_WRITE)
 * -- an in-memory one for `rules test` -- and keeps open after
 * writer_close(). */
writer *writer_open_db(sqlite3 *db, const struct ingest_opts *o, ts_err *err);

/* The index's zstd dictionary as the run began, or NULL (see zblock.h);
 * valid until writer_close(). */
const zdict *writer_dict(const writer *w);

/* Feed the dictionary trainer of the run (see zblock.h): the blocks
 * already in the index now, up to what it wants, then each block stored
 * and each source passed.  TS_OK, or TS_FATAL when the index cannot be
 * read. */
int writer_use_trainer(writer *w, ztrainer *t, ts_err *err);

/* Store one batch and free it.  TS_OK or TS_FATAL. */
int writer_put(writer *w, struct batch *b, ts_err *err);

/* Called when the writer has waited WRITER_IDLE_MS for the next batch:
 * between sources, what is stored is committed once WRITER_COMMIT_MS
 * have passed since the last commit, so that a source slow to come
 * (stdin, a FIFO, a stalled disk) does not keep the sources read
 * before it from readers, or from a kill, for as long as it takes.
 * Returns TS_FATAL as writer_put() does. */
int writer_idle(writer *w, ts_err *err);
#define WRITER_IDLE_MS 250

/* End the load: commit, build missing secondary indexes, then move to
 * `rejected` each event whose eventID an earlier event holds at another
 * eventTime (event_key lets those in; see schema.sql), counting it as a
 * duplicate with different content.  Call before reading the final
 * writer_stats(); writer_close() does it when it was not called. */
int writer_finish(writer *w, ts_err *err);
/* Have fn(arg) asked every few thousand SQLite steps whether to stop
 * the statement running (writer_finish()'s index builds); NULL removes
 * it. */
void writer_progress(writer *w, int (*fn)(void *), void *arg);

/* Finish (unless `status` is failed), record the run's end with `status`
 * (ok, partial, failed, interrupted), and close.  Frees w. */
int writer_close(writer *w, const char *status, ts_err *err);

const struct writer_stats *writer_stats(const writer *w);

#endif

/* index.h -- open, create, check and close the SQLite index.
 *
 * Every command reaches the index through index_open().  INDEX_READ opens
 * an existing index read-only (SQLITE_OPEN_READONLY, query_only, ATTACH
 * refused), as `query`, `show`, `rules` and `report` need.  INDEX_WRITE
 * creates the file and schema when missing and is used only by the ingest
 * writer.  Both check PRAGMA user_version against INDEX_SCHEMA_VERSION and
 * refuse files that are not trailsift indexes.  The schema itself lives in
 * schema.sql (embedded at build time); secondary indexes are listed in
 * index.c so that bulk loads can build them after the rows are in. */
#ifndef TS_INDEX_H
#define TS_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../util/err.h"

#define INDEX_SCHEMA_VERSION 6
/* Oldest version still read; the writer upgrades it in place. */
#define INDEX_SCHEMA_OLDEST 1

enum index_mode {
	INDEX_READ,  /* existing index, read-only */
	INDEX_WRITE, /* create if missing; read-write */
};

/* Make trailsift's schema, as a new index gets it, in db. */
int index_schema_into(sqlite3 *db, ts_err *err);

/* Refuse (TS_FATAL, err naming the object) an index of schema
 * `version` holding what trailsift never makes: a trigger, a UNIQUE
 * index other than the schema's, one of the schema's tables, views or
 * indexes with a CREATE statement no version made, and, in one of this
 * version, one of them missing (see audit.c). */
int index_audit(sqlite3 *db, const char *path, int version, ts_err *err);

/* Open path.  On success *db is set and TS_OK returned; otherwise *db is
 * NULL and err says why (TS_FATAL). */
int index_open(const char *path, enum index_mode mode, sqlite3 **db,
               ts_err *err);

/* Take the ingest lock of the index at path, creating the file when
 * missing: one ingest at a time writes an index, because a writer keeps
 * state between its commits (see writer.h).  When another process holds
 * it, one line on stderr says so and the call waits for it.  Call before
 * index_open() and give *fd to index_unlock() after index_close(): the
 * lock is a byte of SQLite's lock-byte page that SQLite never locks, on a
 * descriptor of its own, and closing a descriptor of the file while
 * SQLite uses it would drop SQLite's own locks.  ":memory:" takes none
 * (*fd is -1).  TS_OK, or TS_FATAL when the file cannot be locked. */
int index_lock(const char *path, int *fd, ts_err *err);

/* Hold the same lock shared, for a run of rules that stores findings:
 * while an ingest holds it, one line on stderr says so and the call
 * waits for that ingest to end (a first load keeps the file in a
 * journal mode the run cannot change, and the rules would read half an
 * index); an ingest started meanwhile waits for the run.  Runs hold it
 * together.  An index that cannot be opened for reading (missing, not a
 * file) is left to index_open() to name: TS_OK with *fd -1.  Give *fd
 * to index_unlock() after index_close().  TS_OK, or TS_FATAL when the
 * lock cannot be taken. */
int index_lock_shared(const char *path, int *fd, ts_err *err);

/* From a signal handler: a writer waiting for readers to let go of a
 * new index (see index.c: wait_readers) gives up, its statement failing
 * with SQLITE_BUSY. */
void index_interrupt(void);

/* Release the ingest lock (-1 is a no-op). */
void index_unlock(int fd);

/* Close a connection opened by index_open (NULL is a no-op).  A writer
 * is checkpointed and left in rollback-journal mode, so a finished index
 * is one plain file that read-only media and old readers can open.
 * TS_OK, or TS_FATAL (err, when not NULL, says why) when a writer could
 * not be folded into one file (a full disk): what it committed is safe,
 * in the index and its -wal file together, and is folded by the next
 * writer that can. */
int index_close(sqlite3 *db, ts_err *err);

/* After a write to db failed: when it met a full disk, put in *err, in
 * place of SQLite's "database or disk is full", which disk (the index's,
 * at path, or the one for temporary files) and what to do.  Returns
 * TS_FATAL. */
int index_disk_full(sqlite3 *db, const char *path, ts_err *err);

/* Create (create != 0) or drop the secondary indexes on `event`. */
int index_secondary(sqlite3 *db, int create, ts_err *err);

/* Build the missing secondary indexes after a bulk load, sorting with up
 * to `threads` helper threads (0: this thread only). */
int index_build_secondary(sqlite3 *db, int threads, ts_err *err);

/* Refresh the planner's statistics on the event_name index when the
 * events have doubled since they were gathered (see index.c). */
int index_analyze(sqlite3 *db, ts_err *err);

/* The zstd dictionary `id` of the index (0: the raw blocks' one, the
 * first other than ZDICT_DOCUMENTS), ready to
 * compress at `level`, in *out; *out is NULL when there is none.
 * TS_OK, or TS_FATAL when it cannot be read. */
struct zdict;
int index_dict(sqlite3 *db, unsigned id, int level, struct zdict **out,
               ts_err *err);

/* The zstd dictionary `id` (0: none, *d NULL) in *d, from the n kept
 * in kept[] (NULL slots are free) or else read from the index into a
 * free slot, or into the last in place of the one there: a reader of
 * blocks keeps the few an index has.  *d is NULL when the index lacks
 * it; TS_FATAL when it cannot be read. */
int index_dict_kept(sqlite3 *db, struct zdict **kept, int n, unsigned id,
                    const struct zdict **d, ts_err *err);

/* source.path_key of a path's n bytes (see schema.sql): the index
 * source_path is on it, not on the path, which would be stored twice.
 * A re-run looks its files up in walk order, folder by folder; keys at
 * random (a hash of the whole path) made that 0.2 s slower for 182k
 * files, as every lookup reached other pages. */
long long index_path_key(const void *path, size_t n);

/* Give connection db the SQL function path_key(text) (NULL for NULL),
 * which index_open() gives every connection it opens.  TS_OK, or
 * TS_FATAL with err set. */
int index_sql_register(sqlite3 *db, ts_err *err);

/* Run SQL without results; TS_FATAL with SQLite's message on failure. */
int index_exec(sqlite3 *db, const char *sql, ts_err *err);

/* Number of events in the index (0 on any error). */
long long index_count(sqlite3 *db, const char *sql);

/* Bind parameter i as the writer stores such a value, and as check
 * reads it back: a string, NULL for NULL or ""; a time in ms, NULL for
 * an unknown (negative, or S3KEY_UNKNOWN) one. */
void index_bind_text(sqlite3_stmt *st, int i, const char *s);
void index_bind_ms(sqlite3_stmt *st, int i, int64_t ms);

#endif

/* index.c -- index file lifecycle (see index.h).
 *
 * Pragmas: the writer of a new index uses a rollback journal with
 * synchronous=FULL, of an existing one WAL with synchronous=NORMAL (see
 * open_write), so a crash or kill -9 at any moment leaves the last
 * committed transaction intact and never a torn file.  Page size 8 KiB: once
 * the writer set the pace of ingest, half the pages meant half the page writes,
 * WAL frames and checkpoint copies; on the bench archive 1M events load in 6.0
 * s instead of 6.4 s and 10M in 67 s instead of 74 s.  The cost is 2% of index
 * size (the last overflow page of a raw block is half empty on average).
 * Readers get query_only and an authorizer that refuses ATTACH, so no statement
 * reaching a read-only connection can create or change a file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/strbuf.h"
#include "../util/tstime.h"
#include "index.h"
#include "zblock.h"

long long
index_path_key(const void *path, size_t n)
{
	const unsigned char *s = path;
	uint64_t h = 0xcbf29ce484222325u, dir = 0; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '/') {
			dir = h;
		}
		h = (h ^ s[i]) * 0x100000001b3u;
	}
	dir ^= dir >> 32;
	h ^= h >> 32;
	return (long long)((dir & 0xffff) << 15 | (h & 0x7fff));
}

static void
path_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int64(
	        ctx, index_path_key(s, (size_t)sqlite3_value_bytes(argv[0])));
}

int
index_sql_register(sqlite3 *db, ts_err *err)
{
	if (sqlite3_create_function(
	            db, "path_key", 1,
	            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	            path_key_fn, NULL, NULL) != SQLITE_OK) {
		return ts_fail(err, TS_FATAL, "index: %s", sqlite3_errmsg(db));
	}
	return TS_OK;
}

/* Set by index_interrupt(): wait_readers() gives up. */
static volatile sig_atomic_t stop_waiting;

static const unsigned char schema_sql[] = {
#include "index/schema.inc"
        0};

/* Built after bulk loads when that is faster (see writer.c).  Names
 * are part of the documented schema (trailsift-index(5)). */
static const char *const secondary[][2] = {
        {"event_eid", "CREATE INDEX IF NOT EXISTS event_eid ON event(eid)"},
        {"event_name", "CREATE INDEX IF NOT EXISTS event_name "
                       "ON event(event_source, event_name)"},
        {"event_account", "CREATE INDEX IF NOT EXISTS event_account "
                          "ON event(account, time_ms)"},
        {"event_principal", "CREATE INDEX IF NOT EXISTS event_principal "
                            "ON event(principal_arn)"},
};

/* Added after version 3 was out (see open_write). */
static const char source_parent_sql[] =
        "CREATE INDEX IF NOT EXISTS source_parent ON "
        "source(parent_id) WHERE parent_id IS NOT NULL";

int
index_exec(sqlite3 *db, const char *sql, ts_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (stop_waiting &&
		    (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY) {
			/* wait_readers() gave up, as told: in place of
			 * "database is locked" */
			sqlite3_free(msg);
			msg = sqlite3_mprintf(
			        "stopped waiting for other programs reading "
			        "the index; what the ingest read since its "
			        "last commit is not stored");
		}
		ts_fail(err, TS_FATAL, "index: %s",
		        msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return TS_FATAL;
	}
	return TS_OK;
}

void
index_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s) {
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(st, i);
	}
}

void
index_bind_ms(sqlite3_stmt *st, int i, int64_t ms)
{
	if (ms < 0) { /* S3KEY_UNKNOWN is INT64_MIN */
		sqlite3_bind_null(st, i);
	} else {
		sqlite3_bind_int64(st, i, ms);
	}
}

long long
index_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

int
index_secondary(sqlite3 *db, int create, ts_err *err)
{
	char sql[256];

	for (size_t i = 0; i < sizeof(secondary) / sizeof(secondary[0]); i++) {
		if (create) {
			snprintf(sql, sizeof(sql), "%s", secondary[i][1]);
		} else {
			snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %s",
			         secondary[i][0]);
		}
		if (index_exec(db, sql, err) != TS_OK) {
			return TS_FATAL;
		}
	}
	return TS_OK;
}

/* CREATE INDEX sorts in runs of cache_size bytes, spilled to temporary
 * files and merged.  Runs of 4 MiB that fit the CPU cache, sorted by
 * helper threads while the workers' cores are idle, beat one sort in a
 * 64 MiB cache: on 10.4M bench events the four indexes took 14.7 s
 * instead of 21.8 s (event_name, whose keys tie a lot, 4.7 s instead
 * of 9.8 s) at 21 MB instead of 136 MB; on 1M, 1.4 s instead of 1.7 s. */
#define BUILD_CACHE_KIB 4096

/* Run `sql` (index builds; NULL: the secondary indexes) with the sort
 * settings above; the connection's cache size is restored after. */
static int
build(sqlite3 *db, const char *sql, int threads, ts_err *err)
{
	long long cache = index_count(db, "PRAGMA cache_size");
	char pragmas[96];
	int rc;

	snprintf(pragmas, sizeof(pragmas),
	         "PRAGMA cache_size = -%d; PRAGMA threads = %d",
	         BUILD_CACHE_KIB, threads > 0 ? threads : 0);
	if (index_exec(db, pragmas, err) != TS_OK) {
		return TS_FATAL;
	}
	rc = sql ? index_exec(db, sql, err) : index_secondary(db, 1, err);
	snprintf(pragmas, sizeof(pragmas),
	         "PRAGMA cache_size = %lld; PRAGMA threads = 0", cache);
	index_exec(db, pragmas, NULL);
	return rc;
}

int
index_build_secondary(sqlite3 *db, int threads, ts_err *err)
{
	return build(db, NULL, threads, err);
}

/* Planner statistics (sqlite_stat1) for event_name, gathered when the
 * events have at least doubled since they were last: with them SQLite
 * answers `event_name = ?` without event_source by skipping through
 * (event_source, event_name), one seek per source (10M bench events:
 * 0.009 s instead of 0.82), where it would read every event.  Gathering
 * reads that index once, about 0.1 s per million events, and doubling
 * keeps the total below twice what the last gathering cost. */
int
index_analyze(sqlite3 *db, ts_err *err)
{
	long long events = index_count(db, "SELECT coalesce(max(id), 0) "
	                                   "FROM event");
	/* 0 too when there is no sqlite_stat1 yet (it does not prepare) */
	long long known = index_count(db, "SELECT CAST(stat AS INTEGER) FROM "
	                                  "sqlite_stat1 WHERE idx = "
	                                  "'event_name'");

	if (events == 0 || (known > 0 && events < 2 * known)) {
		return TS_OK;
	}
	return index_exec(db, "ANALYZE event_name", err);
}

/* Refuse anything that would reach beyond the one index file. */
static int
deny_attach(void *arg, int action, const char *a, const char *b, const char *c,
            const char *d)
{
	if (action == SQLITE_ATTACH || action == SQLITE_DETACH) {
		return SQLITE_DENY;
	}
	return SQLITE_OK;
}

/* The schema version, or -1 when it cannot be read (the file locked
 * longer than the busy timeout, not a database: sqlite3_errmsg()). */
static int
user_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
	            SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* Is db another program's database?  Asked before anything is set, so
 * that the refusal leaves the file as it was. */
static int
foreign(sqlite3 *db)
{
	return user_version(db) == 0 &&
	       index_count(db, "SELECT count(*) FROM sqlite_master") != 0;
}

/* Some other file given as the index (a log, a tarball): SQLite says
 * "file is not a database" only when a statement reads it. */
static int
not_sqlite(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master LIMIT 1",
	                            -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return (rc & 0xff) == SQLITE_NOTADB;
}

static int
refuse_foreign(const char *path, ts_err *err)
{
	return ts_fail(err, TS_FATAL,
	               "%s: is an SQLite database but not a trailsift index "
	               "(refusing to modify it)",
	               path);
}

int
index_schema_into(sqlite3 *db, ts_err *err)
{
	if (index_exec(db, (const char *)schema_sql, err) != TS_OK ||
	    index_secondary(db, 1, err) != TS_OK) {
		return TS_FATAL;
	}
	return index_exec(db, source_parent_sql, err);
}

static int
create_schema(sqlite3 *db, const char *path, ts_err *err)
{
	char sql[320];

	if (index_exec(db, "BEGIN IMMEDIATE", err) != TS_OK) {
		return TS_FATAL;
	}
	/* Another writer may have created it while we waited. */
	if (user_version(db) != 0) {
		return index_exec(db, "COMMIT", err);
	}
	if (foreign(db)) { /* made by another program while we waited */
		index_exec(db, "ROLLBACK", NULL);
		return refuse_foreign(path, err);
	}
	snprintf(sql, sizeof(sql),
	         "INSERT INTO meta VALUES('schema_version', '%d');"
	         "INSERT INTO meta VALUES('created_by', '%s %s');"
	         "INSERT INTO meta VALUES('eid_checked_below', '1');"
	         "PRAGMA user_version = %d;",
	         INDEX_SCHEMA_VERSION, PACKAGE_NAME, PACKAGE_VERSION,
	         INDEX_SCHEMA_VERSION);
	if (index_schema_into(db, err) != TS_OK ||
	    index_exec(db, sql, err) != TS_OK) {
		index_exec(db, "ROLLBACK", NULL);
		return TS_FATAL;
	}
	return index_exec(db, "COMMIT", err);
}

/* Is path a database in WAL mode (file format bytes 18 and 19 are 2)? */
static int
wal_mode(const char *path)
{
	unsigned char head[20];
	FILE *fp = fopen(path, "rb");
	size_t n = fp ? fread(head, 1, sizeof(head), fp) : 0;

	if (fp) {
		fclose(fp);
	}
	return n == sizeof(head) && head[18] == 2 && head[19] == 2;
}

/* The size of the file path + suffix (-wal, -shm), -1 if there is none. */
static long long
side_size(const char *path, const char *suffix)
{
	char side[4096];
	struct stat st;

	if (snprintf(side, sizeof(side), "%s%s", path, suffix) >=
	            (int)sizeof(side) ||
	    stat(side, &st) != 0) {
		return -1;
	}
	return (long long)st.st_size;
}

/* Is path a database in WAL mode whose -wal file is missing or empty?
 * An index copied without the log of an ingest that was killed reads
 * as no schema at all. */
static int
wal_without_log(const char *path)
{
	return wal_mode(path) && side_size(path, "-wal") <= 0;
}

static int
check_version(sqlite3 *db, const char *path, ts_err *err)
{
	int v = user_version(db);

	if (v >= INDEX_SCHEMA_OLDEST && v <= INDEX_SCHEMA_VERSION) {
		return TS_OK;
	}
	if (v < 0 && sqlite3_extended_errcode(db) == SQLITE_READONLY_ROLLBACK) {
		/* a hot journal: only a connection that may write undoes it */
		return ts_fail(err, TS_FATAL,
		               "%s: a write into the index was cut off and its "
		               "rollback journal (%s-journal) is still to be "
		               "undone, which a command that only reads cannot "
		               "do; run the ingest again to finish it",
		               path, path);
	}
	if (v < 0 && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY) {
		/* a writer holding it: a new index's ingest (rollback-journal
		 * mode), as it builds the indexes at its end, or another
		 * program */
		return ts_fail(err, TS_FATAL,
		               "%s: cannot read the index: another program "
		               "kept it locked for 10 s (an ingest building a "
		               "new index's indexes at its end, or a write by "
		               "another program); run this again when it has "
		               "ended",
		               path);
	}
	if (v < 0 && (sqlite3_errcode(db) & 0xff) != SQLITE_NOTADB) {
		return ts_fail(err, TS_FATAL, "%s: cannot read the index: %s",
		               path, sqlite3_errmsg(db));
	}
	if (v > INDEX_SCHEMA_VERSION) {
		return ts_fail(err, TS_FATAL,
		               "%s: index schema version %d is newer than "
		               "this trailsift understands (%d); use a newer "
		               "trailsift",
		               path, v, INDEX_SCHEMA_VERSION);
	}
	if (wal_without_log(path)) {
		return ts_fail(err, TS_FATAL,
		               "%s: not a trailsift index without its log: "
		               "the file is in WAL mode, as an ingest cut off "
		               "leaves it, and what that ingest stored is in "
		               "%s-wal, which is missing or empty (copy it "
		               "along with the index)",
		               path, path);
	}
	return ts_fail(err, TS_FATAL, "%s: not a trailsift index", path);
}

/* The str.id columns of `event` (see schema.sql), those that an index
 * holds last. */
static const char *const str_columns[] = {
        "aws_region",    "principal_type", "principal_account",
        "principal_id",  "session_issuer", "session_name",
        "access_key_id", "user_agent",     "source_ip",
        "error_code",    "error_message",  "event_type",
        "event_source",  "event_name",     "account",
        "principal_arn",
};
#define N_UNINDEXED 12

/* Version 3 -> 4: an absent string is str's row 0, not NULL, so that
 * the view can join the indexed columns with inner joins.  str loses
 * NOT NULL as SQLite documents for dropping a constraint (its CREATE
 * edited in sqlite_schema, the schema cookie bumped: no row changes),
 * then every
 * NULL id becomes 0 -- all rows, as nearly every event lacks some value
 * (2.4 s per million events), with the indexed columns apart so that
 * their indexes change only where a value was missing -- and the view
 * is made again from schema.sql.  A SQLite built defensive
 * (SQLITE_DEFAULT_DEFENSIVE) refuses writable_schema until the
 * connection says otherwise, so this one does, for the edit only. */
static int
upgrade_v4(sqlite3 *db, ts_err *err)
{
	const char *view =
	        strstr((const char *)schema_sql, "CREATE VIEW events AS");
	const char *end = view ? strstr(view, ";\n") : NULL;
	int defensive = 0;
	strbuf sql;
	int rc;

	if (end == NULL) {
		return ts_fail(err, TS_FATAL, "no events view in the schema");
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
	strbuf_init(&sql);
	strbuf_addf(&sql,
	            "PRAGMA writable_schema = ON;"
	            "UPDATE sqlite_schema SET sql = replace(sql, "
	            "'s  TEXT NOT NULL UNIQUE', 's  TEXT UNIQUE') "
	            "WHERE type = 'table' AND name = 'str';"
	            "PRAGMA writable_schema = OFF;"
	            "PRAGMA schema_version = %lld;",
	            index_count(db, "PRAGMA schema_version") + 1);
	rc = index_exec(db, sql.buf, err);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, defensive, NULL);
	if (rc != TS_OK) {
		goto out;
	}
	strbuf_reset(&sql);
	strbuf_adds(&sql, "INSERT INTO str VALUES(0, NULL); UPDATE event SET ");
	for (int i = 0; i < N_UNINDEXED; i++) {
		strbuf_addf(&sql, "%s%s = coalesce(%s, 0)", i ? ", " : "",
		            str_columns[i], str_columns[i]);
	}
	for (int i = 0; i < N_UNINDEXED; i++) {
		strbuf_addf(&sql, " %s %s IS NULL", i ? "OR" : "WHERE",
		            str_columns[i]);
	}
	strbuf_adds(&sql, ";");
	for (size_t i = N_UNINDEXED;
	     i < sizeof(str_columns) / sizeof(str_columns[0]); i++) {
		strbuf_addf(&sql, "UPDATE event SET %s = 0 WHERE %s IS NULL;",
		            str_columns[i], str_columns[i]);
	}
	strbuf_addf(&sql, "DROP VIEW events; %.*s;", (int)(end - view), view);
	rc = index_exec(db, sql.buf, err);
out:
	strbuf_free(&sql);
	return rc;
}

/* Version 1 -> 2: the unique index on eid and the one on time_ms give
 * way to event_key (time_ms, eid) and a plain index on eid.  Version 1
 * kept eventIDs unique, so no row needs the conflict check.
 * Version 2 -> 3: the zdict table (empty: old blocks have no
 * dictionary).  Version 3 -> 4: see upgrade_v4().  Version 4 -> 5:
 * nothing to change; digests stored from then on may be compressed
 * (digest.json a zstd frame), which an older trailsift would take for
 * text.  Version 5 -> 6: source gains path_key, and source_path is on
 * (path_key, member) instead of (path, member). */
static int
upgrade(sqlite3 *db, const char *path, ts_err *err)
{
	char sql[200];
	int from = user_version(db);
	ts_err e;

	if (from == INDEX_SCHEMA_VERSION) {
		return TS_OK;
	}
	ts_err_clear(&e);
	snprintf(sql, sizeof(sql),
	         "CREATE TABLE IF NOT EXISTS zdict(id INTEGER PRIMARY KEY, "
	         "data BLOB NOT NULL);"
	         "UPDATE meta SET value = '%d' WHERE key = 'schema_version';"
	         "PRAGMA user_version = %d;",
	         INDEX_SCHEMA_VERSION, INDEX_SCHEMA_VERSION);
	if (index_exec(db, "BEGIN IMMEDIATE", err) != TS_OK) {
		return TS_FATAL;
	}
	if ((from = user_version(db)) == INDEX_SCHEMA_VERSION) {
		return index_exec(db, "COMMIT",
		                  err); /* another writer did it */
	}
	if (from < 4 && index_count(db, "SELECT count(*) FROM event") > 0) {
		/* ten million events: 25 s (from 1, two index builds more:
		 * 15 s) */
		ts_warnx("%s: upgrading the index from schema version %d to "
		         "%d (once; about 2.5 s per million events)",
		         path, from, INDEX_SCHEMA_VERSION);
	}
	if ((from == 1 &&
	     build(db,
	           "CREATE UNIQUE INDEX event_key ON event(time_ms, eid);"
	           "DROP INDEX IF EXISTS event_time;"
	           "DROP INDEX IF EXISTS event_eid;"
	           "CREATE INDEX event_eid ON event(eid);"
	           "INSERT OR REPLACE INTO meta VALUES('eid_checked_below',"
	           " (SELECT coalesce(max(id), 0) + 1 FROM event));",
	           1, &e) != TS_OK) ||
	    (from < 4 && upgrade_v4(db, &e) != TS_OK) ||
	    (from < 6 &&
	     index_exec(db,
	                "ALTER TABLE source ADD COLUMN path_key INTEGER;"
	                "UPDATE source SET path_key = path_key(path);"
	                "DROP INDEX IF EXISTS source_path;"
	                "CREATE INDEX source_path ON "
	                "source(path_key, member);",
	                &e) != TS_OK) ||
	    index_exec(db, sql, &e) != TS_OK) {
		index_exec(db, "ROLLBACK", NULL);
		return ts_fail(err, TS_FATAL,
		               "%s: cannot upgrade the index to version %d: %s",
		               path, INDEX_SCHEMA_VERSION, e.msg);
	}
	return index_exec(db, "COMMIT", err);
}

int
index_dict(sqlite3 *db, unsigned id, int level, struct zdict **out, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	ts_err e;
	int rc;

	/* No PRAGMA here: rule connections may only read.  A version 2
	 * index has no zdict table, and no block that names a dictionary. */
	*out = NULL;
	if (sqlite3_prepare_v2(db,
	                       id ? "SELECT id, data FROM zdict WHERE id = ?1"
	                          : "SELECT id, data FROM zdict WHERE id <> "
	                            "?2 ORDER BY id LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK) {
		return ts_fail(err, TS_FATAL, "index: zdict: %s",
		               sqlite3_errmsg(db));
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ZDICT_DOCUMENTS); /* not the blocks' */
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ts_err_clear(&e);
		*out = zdict_new(sqlite3_column_blob(st, 1),
		                 (size_t)sqlite3_column_bytes(st, 1), level,
		                 &e);
		rc = *out ? TS_OK
		          : ts_fail(err, TS_FATAL,
		                    "index damaged: zdict %lld: %s",
		                    (long long)sqlite3_column_int64(st, 0),
		                    e.msg);
	} else {
		rc = rc == SQLITE_DONE
		             ? TS_OK
		             : ts_fail(err, TS_FATAL, "index: zdict: %s",
		                       sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}

int
index_dict_kept(sqlite3 *db, struct zdict **kept, int n, unsigned id,
                const struct zdict **d, ts_err *err)
{
	int slot = n - 1;

	*d = NULL;
	if (id == 0) {
		return TS_OK;
	}
	for (int i = 0; i < n; i++) {
		if (kept[i] == NULL) {
			slot = i;
			break;
		}
		if (zdict_id(kept[i]) == id) {
			*d = kept[i];
			return TS_OK;
		}
	}
	zdict_free(kept[slot]);
	kept[slot] = NULL;
	if (index_dict(db, id, 0, &kept[slot], err) != TS_OK) {
		return TS_FATAL;
	}
	*d = kept[slot];
	return TS_OK;
}

/* Settings of every connection to an index, which may come from
 * anyone (see audit.c): no trigger runs, the schema's views may call
 * only functions that are harmless anywhere, and the file can be changed
 * only through SQL (defensive: no writable_schema, no journal_mode=OFF;
 * the one upgrade that edits the schema lifts it for that edit). */
static void
harden(sqlite3 *db)
{
	sqlite3_extended_result_codes(db, 1);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
}

static int
open_read(const char *path, sqlite3 *db, ts_err *err)
{
	/* An ingest holds the file for a moment as it opens and closes
	 * (journal mode, folding the log): wait, as writers do, instead of
	 * reading no schema version and calling it no index. */
	sqlite3_busy_timeout(db, 10000);
	sqlite3_set_authorizer(db, deny_attach, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	if (index_exec(db, "PRAGMA query_only = 1", err) != TS_OK ||
	    check_version(db, path, err) != TS_OK) {
		return TS_FATAL;
	}
	/* an older version is read as it is, checked against what the
	 * versions before made */
	return index_audit(db, path, user_version(db), err);
}

static int said_waiting; /* once a run: a query loop beside it waits
                          * for many commits */

void
index_interrupt(void)
{
	stop_waiting = 1;
}

/* The busy handler of a writer in rollback-journal mode (a new index,
 * see open_write): a commit needs the file to itself, so it waits for
 * programs reading the index (a query, a report, the ingest's own
 * look-ups) to let go of it, for as long as they read, saying so (once)
 * after a second.  It sleeps as SQLite's busy timeout does, 1 ms first:
 * the look-ups hold the file for moments, and 10 ms each time slowed
 * the ingest.  The writer holds the ingest lock, so no other trailsift
 * writer is waited for. */
#define WAIT_SAY_MS 1000

static int
wait_readers(void *arg, int n)
{
	static const int delay[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50};
	const int n_delay = (int)(sizeof(delay) / sizeof(delay[0]));
	static int64_t since; /* this wait's first try */
	const char *path = arg;

	if (stop_waiting) {
		return 0;
	}
	if (n == 0) {
		since = tstime_mono_ms();
	} else if (!said_waiting && tstime_mono_ms() - since >= WAIT_SAY_MS) {
		said_waiting = 1;
		ts_warnx("%s: waiting for other programs reading the index (a "
		         "query, a report) to let go of it",
		         path);
	}
	usleep((useconds_t)(n < n_delay ? delay[n] : 100) * 1000);
	return 1;
}

static int
open_write(const char *path, sqlite3 *db, ts_err *err)
{
	int from;

	sqlite3_busy_timeout(db, 10000);
	if (not_sqlite(db)) {
		return ts_fail(err, TS_FATAL,
		               "%s: not a trailsift index, nor any SQLite "
		               "database (refusing to touch it)",
		               path);
	}
	if (foreign(db)) {
		return refuse_foreign(path, err);
	}
	/* checked before anything is set, so that a refusal leaves the
	 * file as it was */
	from = user_version(db);
	if (from != 0 && (check_version(db, path, err) != TS_OK ||
	                  index_audit(db, path, from, err) != TS_OK)) {
		return TS_FATAL;
	}
	/* SQLite opens a file without write permission read-only, and
	 * says only "attempt to write a readonly database" at the first
	 * write */
	if (sqlite3_db_readonly(db, "main") == 1) {
		return ts_fail(err, TS_FATAL,
		               "%s: cannot write the index: the file is "
		               "read-only (its mode or its mount); make it "
		               "writable, or copy it where it can be",
		               path);
	}
	/* A new index is loaded in rollback-journal mode: its pages are
	 * new, which SQLite writes once, into the file, where WAL mode
	 * writes them to the log and copies them into the file again.  1M
	 * bench events: 5.6 s instead of 6.1, and the disk needs room for
	 * the index, not twice.  Readers then wait for the writer's commits
	 * (and its index builds at the end), and the writer for readers
	 * (wait_readers); an index with rows in it is written in WAL mode,
	 * where readers and the writer never wait for each other.  WAL
	 * mode is safe from a power cut with synchronous=NORMAL (the last
	 * commits may go, never the file); a rollback journal needs FULL,
	 * one fsync more a commit (every 2 s at most). */
	if (index_exec(db,
	               from == 0 ? "PRAGMA page_size = 8192;"
	                           "PRAGMA journal_mode = DELETE;"
	                           "PRAGMA synchronous = FULL;"
	                         : "PRAGMA journal_mode = WAL;"
	                           "PRAGMA synchronous = NORMAL;",
	               err) != TS_OK ||
	    index_exec(db,
	               "PRAGMA cache_size = -65536;"
	               /* Sorts that outgrow the cache (CREATE INDEX after a
	                * bulk load) spill to temporary files, so memory
	                * stays flat: temp_store = MEMORY made ingest of 10
	                * million events peak at 709 MB, and slower. */
	               "PRAGMA temp_store = FILE;"
	               /* Checkpoint every 64 MiB of WAL, not 4: an index
	                * page changed in several commits (eid's, at random)
	                * is copied into the file once.  Ingest of 1M bench
	                * events: 7.9 s against 8.1 s; RSS unchanged. */
	               "PRAGMA wal_autocheckpoint = 16384;",
	               err) != TS_OK) {
		/* WAL mode is entered with the file to itself: a query or
		 * report still reading it for the whole busy timeout */
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_BUSY) {
			/* in place of "database is locked" */
			ts_err_clear(err);
			return ts_fail(
			        err, TS_FATAL,
			        "%s: another program (a query, a report, "
			        "a rules run) kept reading the index for "
			        "10 s; run this again when it has ended",
			        path);
		}
		/* WAL mode needs the -wal and -shm files beside the index:
		 * SQLite said only "attempt to write a readonly database" */
		if (sqlite3_extended_errcode(db) == SQLITE_READONLY_DIRECTORY) {
			ts_err_clear(err);
			return ts_fail(
			        err, TS_FATAL,
			        "%s: cannot write the index: its folder "
			        "is read-only, and a writer creates %s-wal "
			        "and %s-shm beside it; make the folder "
			        "writable, or move the index",
			        path, path, path);
		}
		return TS_FATAL;
	}
	if (from == 0) {
		sqlite3_busy_handler(db, wait_readers, (void *)path);
	}
	if (from == 0 && create_schema(db, path, err) != TS_OK) {
		return TS_FATAL;
	}
	if (from == 0) {
		from = INDEX_SCHEMA_VERSION; /* or made by another meanwhile:
		                              * audited by its own open */
	}
	if (check_version(db, path, err) != TS_OK) {
		return TS_FATAL;
	}
	if (upgrade(db, path, err) != TS_OK) {
		return TS_FATAL;
	}
	/* Added after version 3 was out; an older trailsift reading the
	 * index has no use for it and no trouble with it.  Without it each
	 * bundle's close read the whole table: 30k members in 100 tars
	 * took 0.9 s of CPU instead of 0.6, growing with the square. */
	if (index_exec(db, source_parent_sql, err) != TS_OK) {
		return TS_FATAL;
	}
	/* what an older version was is checked once it is this one */
	return from == INDEX_SCHEMA_VERSION
	               ? TS_OK
	               : index_audit(db, path, INDEX_SCHEMA_VERSION, err);
}

/* Could SQLite not create the side files a WAL-mode database needs
 * even to be read (a folder it may not write, a read-only mount)? */
static int
no_side_files(sqlite3 *db)
{
	int rc = sqlite3_errcode(db) & 0xff;

	return rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN;
}

/* An index left in WAL mode (its ingest killed, or ended while another
 * program read it) is read through its -shm, which SQLite creates
 * beside it: in a folder it may not write, reading failed with "attempt
 * to write a readonly database".  Without a log and without a -shm the
 * file holds all of the index and nothing has it open, so it is read as
 * immutable, which needs no side file.  A log there cannot be read. */
static int
open_immutable(const char *path, sqlite3 **dbp, ts_err *err)
{
	static const char hex[] = "0123456789ABCDEF";
	sqlite3 *db = NULL;
	strbuf uri;
	int rc;

	if (side_size(path, "-wal") > 0 || side_size(path, "-shm") >= 0) {
		return ts_fail(err, TS_FATAL,
		               "%s: cannot read the index in this folder: it "
		               "is in WAL mode, with a log (%s-wal) that "
		               "SQLite reads through %s-shm, which it may not "
		               "create or write here; copy the index with its "
		               "-wal (and -shm, if any) to a folder that can "
		               "be written",
		               path, path, path);
	}
	strbuf_init(&uri);
	strbuf_adds(&uri, "file:");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("/._~-", *c)) {
			strbuf_addc(&uri, (char)*c);
		} else {
			strbuf_addc(&uri, '%');
			strbuf_addc(&uri, hex[*c >> 4]);
			strbuf_addc(&uri, hex[*c & 15]);
		}
	}
	strbuf_adds(&uri, "?immutable=1");
	rc = sqlite3_open_v2(uri.buf, &db,
	                     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	                             SQLITE_OPEN_NOMUTEX,
	                     NULL);
	strbuf_free(&uri);
	if (rc != SQLITE_OK) {
		ts_fail(err, TS_FATAL, "%s: cannot open index: %s", path,
		        db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return TS_FATAL;
	}
	harden(db);
	if (index_sql_register(db, err) != TS_OK ||
	    open_read(path, db, err) != TS_OK) {
		sqlite3_close(db);
		return TS_FATAL;
	}
	*dbp = db;
	return TS_OK;
}

int
index_open(const char *path, enum index_mode mode, sqlite3 **dbp, ts_err *err)
{
	struct stat st;
	sqlite3 *db = NULL;
	int flags, rc;

	*dbp = NULL;
	if (mode == INDEX_READ) {
		if (stat(path, &st) != 0) {
			return ts_fail(err, TS_FATAL,
			               "%s: %s (run 'trailsift ingest' first, "
			               "or name the index with -d)",
			               path, strerror(errno));
		}
		if (S_ISDIR(st.st_mode)) {
			/* SQLite would say "disk I/O error" */
			return ts_fail(err, TS_FATAL,
			               "%s: %s (name the index file with -d)",
			               path, strerror(EISDIR));
		}
		flags = SQLITE_OPEN_READONLY;
	} else {
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	}
	rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		/* the system's reason (Permission denied) over SQLite's
		 * "unable to open database file" */
		int sys = db ? sqlite3_system_errno(db) : 0;

		ts_fail(err, TS_FATAL, "%s: cannot open index: %s", path,
		        sys  ? strerror(sys)
		        : db ? sqlite3_errmsg(db)
		             : sqlite3_errstr(rc));
		sqlite3_close(db);
		return TS_FATAL;
	}
	harden(db);
	rc = index_sql_register(db, err);
	if (rc == TS_OK) {
		rc = mode == INDEX_READ ? open_read(path, db, err)
		                        : open_write(path, db, err);
	}
	if (rc != TS_OK && mode == INDEX_WRITE) {
		index_disk_full(db, path, err);
	}
	if (rc != TS_OK && mode == INDEX_READ && no_side_files(db) &&
	    wal_mode(path)) {
		sqlite3_close(db);
		ts_err_clear(err);
		return open_immutable(path, dbp, err);
	}
	if (rc != TS_OK) {
		/* "file is not a database" reads better with the path. */
		sqlite3_close(db);
		return TS_FATAL;
	}
	*dbp = db;
	return TS_OK;
}

int
index_disk_full(sqlite3 *db, const char *path, ts_err *err)
{
	struct statvfs fs;

	/* by its message too: statements finalized on the way out (a
	 * sort's, a CREATE INDEX's) reset the connection's error code */
	if (db == NULL || err == NULL ||
	    ((sqlite3_errcode(db) & 0xff) != SQLITE_FULL &&
	     strstr(err->msg, sqlite3_errstr(SQLITE_FULL)) == NULL)) {
		return TS_FATAL;
	}
	if (path == NULL || *path == '\0') {
		path = sqlite3_db_filename(db, "main");
	}
	if (path == NULL) {
		path = "";
	}
	ts_err_clear(err);
	if (statvfs(path, &fs) != 0 ||
	    (unsigned long long)fs.f_bavail * fs.f_frsize < 1048576) {
		/* WAL mode, or rollback-journal mode (a new index: the
		 * failed write is undone, and what was committed before is
		 * in the file; a journal left there, a hot one, belongs to
		 * it) */
		static const char *const sfx[] = {"-wal", "-journal"};
		char side[4096];
		struct stat st;

		for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
			snprintf(side, sizeof(side), "%s%s", path, sfx[i]);
			if (access(side, F_OK) == 0) {
				return ts_fail(
				        err, TS_FATAL,
				        "index: %s: the disk is full; all that "
				        "was committed is kept, in %s and %s "
				        "together: keep both, make room there "
				        "and run the same command again",
				        path, path, side);
			}
		}
		if (stat(path, &st) == 0 && st.st_size > 0) {
			return ts_fail(
			        err, TS_FATAL,
			        "index: %s: the disk is full; all that "
			        "was committed is kept, in %s: make room "
			        "there and run the same command again",
			        path, path);
		}
		return ts_fail(err, TS_FATAL,
		               "index: %s: the disk is full; make room there "
		               "and run the same command again",
		               path);
	}
	return ts_fail(err, TS_FATAL,
	               "index: %s: the disk that holds temporary files "
	               "(index builds sort in $SQLITE_TMPDIR, else $TMPDIR, "
	               "else /var/tmp or /tmp) is full; all that was "
	               "committed is kept: make room there and run the same "
	               "command again",
	               path);
}

/* Fold the write-ahead log into the file and leave WAL mode: SQLITE_OK,
 * or the error.  A checkpoint that cannot grow the file fails
 * (SQLITE_FULL); leaving WAL mode needs the log folded first. */
static int
fold(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
	                  NULL);
	if (rc != SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1,
	                             &st, NULL)) != SQLITE_OK) {
		return rc;
	}
	/* the step's own result: reading a column of a failed step would
	 * set another error (SQLITE_RANGE) in its place */
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *mode = (const char *)sqlite3_column_text(st, 0);

		/* "wal" again: another connection has the file open */
		rc = mode && strcmp(mode, "delete") == 0 ? SQLITE_OK
		                                         : SQLITE_BUSY;
	}
	sqlite3_finalize(st);
	return rc;
}

/* How long index_close() tries to leave WAL mode while other programs
 * read the index (a query loop beside an ingest). */
#define FOLD_RETRY_MS 3000

static int
is_busy(int code)
{
	return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

int
index_close(sqlite3 *db, ts_err *err)
{
	int rc = TS_OK;
	int code = SQLITE_OK;

	if (db == NULL) {
		return TS_OK;
	}
	/* Another connection still reading (a query during the ingest)
	 * keeps the log.  Queries come and go: try again for a while, each
	 * try waiting for readers briefly; then say so, and a later writer
	 * folds it.  (A temporary database, as rules test makes, has no
	 * log to keep.) */
	if (!sqlite3_db_readonly(db, "main")) {
		const char *path = sqlite3_db_filename(db, "main");

		code = fold(db);
		if (is_busy(code) && path != NULL && *path != '\0') {
			int64_t until = tstime_mono_ms() + FOLD_RETRY_MS;

			sqlite3_busy_timeout(db, 50);
			while (is_busy(code) && tstime_mono_ms() < until) {
				usleep(50 * 1000);
				code = fold(db);
			}
			if (is_busy(code)) {
				ts_warnx("%s: left in WAL mode, as another "
				         "program was reading it: keep %s-wal "
				         "and %s-shm with it (the next ingest "
				         "folds them)",
				         path, path, path);
			}
		}
		if (code != SQLITE_OK && !is_busy(code)) {
			ts_fail(err, TS_FATAL,
			        "index: %s: cannot fold the write-ahead log "
			        "into the index (%s): all that was committed "
			        "is kept, in %s and %s-wal together; keep "
			        "both, and run ingest again where there is "
			        "room",
			        path, sqlite3_errstr(code), path, path);
			rc = TS_FATAL;
		}
	}
	sqlite3_close(db);
	return rc;
}

/* The ingest lock's byte: in the lock-byte page at 1 GiB, which holds no
 * data, past the 512 bytes SQLite locks there (PENDING_BYTE on). */
#define INGEST_LOCK_BYTE 0x40000400

/* Lock the byte (wait != 0: until it is free), for writing (an ingest)
 * or shared (runs of rules that store findings).  0, or -1 with errno.
 * An open file description lock is not dropped when SQLite closes its
 * own descriptors of the file, as a POSIX record lock would be; where
 * there is none (before Linux 3.15, other systems), flock(). */
static int
lock_byte(int fd, int wait, int shared)
{
#ifdef F_OFD_SETLK
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = shared ? F_RDLCK : F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = INGEST_LOCK_BYTE;
	fl.l_len = 1;
	if (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) == 0) {
		return 0;
	}
	if (errno != EINVAL) {
		return -1;
	}
#endif
	return flock(fd, (shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB));
}

/* Is the byte held shared, by a run of rules, rather than by an ingest?
 * (0 where that cannot be told.) */
static int
held_shared(int fd)
{
#ifdef F_OFD_GETLK
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = INGEST_LOCK_BYTE;
	fl.l_len = 1;
	return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type == F_RDLCK;
#else
	return 0;
#endif
}

static int
busy(int rc)
{
	return rc != 0 &&
	       (errno == EAGAIN || errno == EACCES || errno == EWOULDBLOCK);
}

/* Take the byte on *fd, saying so (once) and waiting when another
 * process holds it.  TS_OK, or TS_FATAL with *fd closed and -1. */
static int
wait_lock(const char *path, int *fd, int shared, ts_err *err)
{
	int rc;

	if (busy(rc = lock_byte(*fd, 0, shared))) {
		ts_warnx("%s: %s", path,
		         shared ? "waiting for the ingest into this index to "
		                  "finish"
		         : held_shared(*fd)
		                 ? "waiting for a rules run or report storing "
		                   "findings in this index to finish"
		                 : "waiting for another ingest into this index "
		                   "to finish");
		while ((rc = lock_byte(*fd, 1, shared)) != 0 &&
		       errno == EINTR) {
		}
	}
	if (rc == 0) {
		return TS_OK;
	}
	ts_fail(err, TS_FATAL, "%s: cannot lock the index: %s", path,
	        strerror(errno));
	close(*fd);
	*fd = -1;
	return TS_FATAL;
}

int
index_lock(const char *path, int *fd, ts_err *err)
{
	struct stat st;

	*fd = -1;
	if (strcmp(path, ":memory:") == 0) {
		return TS_OK;
	}
	/* 0644: the mode SQLite would create it with */
	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		return ts_fail(err, TS_FATAL, "%s: cannot open index: %s", path,
		               strerror(errno));
	}
	/* a device or a pipe (-d /dev/null): SQLite said only "disk I/O
	 * error" */
	if (fstat(*fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return ts_fail(err, TS_FATAL,
		               "%s: cannot open index: not a regular file "
		               "(name the index file with -d)",
		               path);
	}
	return wait_lock(path, fd, 0, err);
}

int
index_lock_shared(const char *path, int *fd, ts_err *err)
{
	struct stat st;

	*fd = -1;
	if (strcmp(path, ":memory:") == 0 ||
	    (*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return TS_OK; /* index_open() says why, or makes it */
	}
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return TS_OK;
	}
	return wait_lock(path, fd, 1, err);
}

void
index_unlock(int fd)
{
	if (fd >= 0) {
		close(fd); /* the lock goes with it */
	}
}

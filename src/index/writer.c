/* writer.c -- batches into the SQLite index (see writer.h).
 *
 * Strings: every text column of `event` is an id into `str`.  A bounded
 * in-memory hash table (string -> id) answers most look-ups; a miss asks
 * SQLite, then inserts.  The table is simply emptied when full, which
 * keeps memory flat on archives with millions of distinct session names.
 *
 * Blocks: a raw block is inserted only if at least one of its events was
 * new; its id is assigned before its events are inserted (ids are
 * max+1 and nothing else writes the table), so an org trail and an
 * account trail holding the same files cost one copy of the bytes.
 *
 * Source rows: a row whose status is final (ok, partial, or skipped for
 * not being CloudTrail) is never rewritten; a row that failed, was
 * skipped by a filter, or is an archive still being read ("ingesting")
 * is reused by the next run that meets the same path, so row ids stay
 * stable from run to run.  So is the row of an unchanged archive that
 * is read again because some of its members are not complete, and so
 * are its members' rows, even where several members have one name
 * (see member_row). */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index.h"
#include "rawrec.h"
#include "writer.h"
#include "zblock.h"
#include "../ingest/filestamp.h"
#include "../util/hset.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

/* The intern table: 6 MB of slots and a 16 MB arena, allocated once.
 * A year of a large organisation's logs has a few hundred thousand
 * distinct strings (the 10M-event bench archive: 39k, 3.2 MB); past
 * that the table is emptied and refills with what is still in use. */
#define INTERN_SLOTS (1u << 18)       /* power of two */
#define INTERN_MAX (INTERN_SLOTS / 2) /* entries before a reset */
#define INTERN_ARENA (16u << 20)      /* string bytes before a reset */
#define PRINT_REJECTS 3               /* rejected records echoed per source */

/* An append of more than 1/EID_DEFER_RATIO of the rows already in the
 * index drops event_eid and builds it again at the end (see
 * defer_eid()). */
#define EID_DEFER_RATIO 32

struct islot {
	uint64_t hash; /* 0 = empty */
	uint32_t off;  /* string offset in the arena */
	uint32_t len;  /* string length */
	int64_t id;    /* str.id */
};

/* An archive whose members are being stored. */
struct open_archive {
	uint64_t seq;   /* its srcinfo seq */
	int64_t row_id; /* its source row */
	int reused;     /* the row is from a read before this one */
	hset taken;     /* ids of the rows its members took so far */
};

struct writer {
	const struct ingest_opts *o; /* options */
	sqlite3 *db;                 /* the index */
	int64_t run_id;              /* run.id of this ingest */
	sqlite3_stmt *ins_event, *ins_block, *ins_dict, *ins_rej, *ins_source,
	        *upd_source, *upd_archive, *find_source, *find_member,
	        *find_earlier, *find_row, *reuse_source, *ins_source_done,
	        *sel_str, *ins_str, *sel_dup, *ins_digest, *ins_snapshot,
	        *ins_insight;
	struct islot *slots;        /* intern hash table */
	int str_cached;             /* every row of str but 0 is in slots:
	                             * a string not there is new */
	uint32_t n_slots_used;      /* entries in slots */
	strbuf iarena;              /* interned strings */
	int64_t next_block;         /* id of the next raw_block */
	int64_t next_source;        /* id SQLite would give the next source */
	int deferred;               /* the open source's row is inserted at
	                             * its close (see open_source) */
	int64_t deferred_parent;    /* ... with this parent_id (0: none) */
	int in_txn;                 /* a transaction is open */
	uint64_t rows_since_commit; /* rows since the last commit */
	int64_t last_commit_ms;     /* monotonic time of that commit */
	int discard;                /* the current source is a repeat */
	int between;                /* no source is half stored */
	uint64_t src_indexed;       /* new events of the current source */
	uint64_t src_dups;          /* duplicates of the current source */
	uint64_t src_docs;          /* documents of the current source */
	struct open_archive *arch;  /* archives being read (a stack) */
	int n_arch, cap_arch;
	strbuf scratch;                   /* decompressed block, unmarked raw */
	zdict *dict;                      /* the index's dictionary, or NULL */
	const zdict *dict_stored[2];      /* dictionaries known to be stored
	                                   * (the blocks', the digests') */
	ztrainer *zt;                     /* the run's trainer, or NULL */
	long crash_after;                 /* test hook: see commit() */
	uint64_t commit_rows;             /* rows between commits */
	int owns_db;                      /* close db with the writer */
	int lock;                         /* index_lock() descriptor, or -1 */
	int finished;                     /* writer_finish() ran */
	rawrec *rr;                       /* stored copies, for conflict() */
	int64_t rows_before;              /* event rows as the run began */
	int eid_deferred;                 /* event_eid dropped by this run */
	int64_t *gid;                     /* str ids of a batch's strings */
	uint32_t cap_gid;                 /* entries allocated in gid */
	char printed[PRINT_REJECTS][300]; /* rejections to echo */
	uint64_t printed_no[PRINT_REJECTS]; /* ... their record numbers */
	int n_printed;                      /* entries in printed */
	struct writer_stats st;             /* totals */
};

static int
sqlfail(writer *w, ts_err *err, const char *what)
{
	return ts_fail(err, TS_FATAL, "index: %s: %s", what,
	               sqlite3_errmsg(w->db));
}

/* The message for a write that met a full disk (see index.h). */
static int
disk_full(writer *w, ts_err *err)
{
	return index_disk_full(w->db, w->o ? w->o->db : NULL, err);
}

static int
prep(writer *w, sqlite3_stmt **st, const char *sql, ts_err *err)
{
	if (sqlite3_prepare_v3(w->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	                       NULL) != SQLITE_OK) {
		return sqlfail(w, err, sql);
	}
	return TS_OK;
}

/* What open_source() reads of a row found for a source. */
#define FOUND_COLUMNS                                                          \
	"id, status, kind, coalesce(size, -1), coalesce(mtime, -1), "          \
	"n_filtered, filters, n_indexed, error, sha256"

static int
prepare_all(writer *w, ts_err *err)
{
	const struct {
		sqlite3_stmt **st;
		const char *sql;
	} s[] = {
	        {&w->ins_event,
	         "INSERT OR IGNORE INTO event(time_ms, event_source, "
	         "event_name, aws_region, account, principal_type, "
	         "principal_arn, principal_account, principal_id, "
	         "session_issuer, session_name, access_key_id, user_agent, "
	         "source_ip, error_code, error_message, event_type, read_only, "
	         "eid, request_id, source_id, record_no, raw_offset, block_id, "
	         "block_off, raw_len) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
	         "?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,"
	         "?26)"},
	        {&w->ins_block, "INSERT INTO raw_block(id, codec, ulen, data) "
	                        "VALUES(?,?,?,?)"},
	        {&w->ins_dict, "INSERT OR IGNORE INTO zdict(id, data) "
	                       "VALUES(?,?)"},
	        {&w->ins_rej, "INSERT INTO rejected(source_id, record_no, "
	                      "offset, reason, raw) VALUES(?,?,?,?,?)"},
	        {&w->ins_source,
	         "INSERT INTO source(run_id, parent_id, path, member, size, "
	         "mtime, kind, account, region, delivered, status, path_key) "
	         "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,'ingesting',?11)"},
	        {&w->ins_source_done,
	         "INSERT INTO source(id, run_id, parent_id, path, member, "
	         "size, mtime, kind, account, region, delivered, sha256, "
	         "path_key, format, compression, n_records, n_indexed, "
	         "n_duplicates, n_filtered, n_rejected, status, error, "
	         "filters, "
	         "n_documents) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
	         "?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24)"},
	        {&w->reuse_source,
	         "UPDATE source SET run_id=?, parent_id=?, size=?, mtime=?, "
	         "kind=?, account=?, region=?, delivered=?, "
	         "status='ingesting', error=NULL, sha256=NULL WHERE id=?"},
	        {&w->upd_source,
	         "UPDATE source SET size=?, sha256=?, kind=?, format=?, "
	         "compression=?, n_records=?, n_indexed=?, n_duplicates=?, "
	         "n_filtered=?, n_rejected=?, status=?, error=?, filters=?, "
	         "n_documents=? "
	         "WHERE id=?"},
	        {&w->upd_archive,
	         /* a bundle read to its end is as good as its members */
	         "UPDATE source SET size=?1, sha256=?2, format=?6, "
	         "compression=?7, (status, error, n_records, n_indexed, "
	         "n_duplicates, n_filtered, n_rejected, n_documents)=(SELECT "
	         "CASE WHEN ?3 <> 'ok' OR bad = 0 THEN ?3 WHEN good = 0 THEN "
	         "'error' ELSE 'partial' END, CASE WHEN ?3 <> 'ok' OR bad = 0 "
	         "THEN ?4 ELSE bad || ' of ' || n || ' members failed' END, n, "
	         "ix, dup, filt, rej, docs FROM (SELECT count(*) AS n, "
	         "coalesce(sum(status IN ('error', 'partial')), 0) AS bad, "
	         "coalesce(sum(status IN ('ok', 'partial')), 0) AS good, "
	         "coalesce(sum(n_indexed), 0) AS ix, "
	         "coalesce(sum(n_duplicates), "
	         "0) AS dup, coalesce(sum(n_filtered), 0) AS filt, "
	         "coalesce(sum(n_rejected), 0) AS rej, "
	         "coalesce(sum(n_documents), "
	         "0) AS docs FROM source WHERE parent_id=?5)) WHERE id=?5"},
	        {&w->find_source,
	         /* unknown sizes and times are NULL here, -1 in srcinfo */
	         "SELECT " FOUND_COLUMNS " FROM source WHERE path_key=?3 AND "
	         "path=?1 AND member IS ?2 ORDER BY id DESC LIMIT 1"},
	        {&w->find_member,
	         /* "+": by source_path, the few rows under the name; by
	          * source_parent it read all the bundle's rows, for each
	          * member (5000 members: 0.6 s became 8 s) */
	         "SELECT " FOUND_COLUMNS " FROM source WHERE path_key=?3 AND "
	         "path=?1 AND member=?2 AND +parent_id=?4 ORDER BY id"},
	        {&w->find_earlier,
	         "SELECT " FOUND_COLUMNS " FROM source WHERE path_key=?3 AND "
	         "path=?1 AND member=?2 ORDER BY id DESC"},
	        {&w->find_row, "SELECT " FOUND_COLUMNS " FROM source "
	                       "WHERE id=?1"},

	        {&w->sel_str, "SELECT id FROM str WHERE s=?"},
	        {&w->ins_str, "INSERT INTO str(s) VALUES(?)"},
	        {&w->sel_dup, "SELECT raw_len, source_id, record_no, id, "
	                      "block_id, block_off, (SELECT status <> 'ok' "
	                      "FROM source WHERE id = source_id) FROM event "
	                      "WHERE eid=?1 AND time_ms=?2"},
	        {&w->ins_digest,
	         /* the worker read the values (struct doc); coalesce()
	          * evaluates what follows only when they are NULL */
	         "INSERT INTO digest(source_id, account, region, start_time, "
	         "end_time, s3_object, n_log_files, json) VALUES(?1, "
	         "coalesce(?7, json_extract(?2,'$.awsAccountId')), ?3, ?4, "
	         "?5, coalesce(?8, json_extract(?2,'$.digestS3Object')), "
	         "coalesce(?9, json_array_length(?2,'$.logFiles')), "
	         "coalesce(?6, ?2))"},
	        {&w->ins_snapshot, "INSERT INTO snapshot(source_id, type, "
	                           "captured_ms, json) VALUES(?,?,?,?)"},
	        {&w->ins_insight,
	         "INSERT INTO insight(source_id, record_no, event_id, time_ms, "
	         "json) VALUES(?1, ?2, json_extract(?3, '$.eventID'), ?4, ?3)"},

	};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		if (prep(w, s[i].st, s[i].sql, err) != TS_OK) {
			return TS_FATAL;
		}
	}
	return TS_OK;
}

/* The write lock is taken as the transaction begins, waiting out other
 * writers under the busy timeout.  A deferred BEGIN read first, and when
 * another connection had committed since, the upgrade to a writer failed
 * at once (SQLITE_BUSY: WAL never lets a stale snapshot write). */
static int
begin(writer *w, ts_err *err)
{
	if (!w->in_txn) {
		if (index_exec(w->db, "BEGIN IMMEDIATE", err) != TS_OK) {
			return TS_FATAL;
		}
		w->in_txn = 1;
	}
	return TS_OK;
}

static int
commit(writer *w, ts_err *err)
{
	if (w->in_txn) {
		if (index_exec(w->db, "COMMIT", err) != TS_OK) {
			return TS_FATAL;
		}
		w->in_txn = 0;
	}
	w->rows_since_commit = 0;
	w->last_commit_ms = tstime_mono_ms();
	/* Test hook: die as kill -9 would, after the Nth commit. */
	if (w->crash_after > 0 && --w->crash_after == 0) {
		kill(getpid(), SIGKILL);
	}
	return TS_OK;
}

static writer *start(sqlite3 *db, int owns_db, int lock,
                     const struct ingest_opts *o, ts_err *err);

writer *
writer_open(const struct ingest_opts *o, ts_err *err)
{
	sqlite3 *db;
	int lock;

	if (index_lock(o->db, &lock, err) != TS_OK) {
		return NULL;
	}
	if (index_open(o->db, INDEX_WRITE, &db, err) != TS_OK) {
		index_unlock(lock);
		return NULL;
	}
	return start(db, 1, lock, o, err);
}

writer *
writer_open_db(sqlite3 *db, const struct ingest_opts *o, ts_err *err)
{
	return start(db, 0, -1, o, err);
}

/* Prepare, record the run, open the first transaction.  The writer
 * releases `lock` (from index_lock(), or -1) as it closes db. */
static writer *
start(sqlite3 *db, int owns_db, int lock, const struct ingest_opts *o,
      ts_err *err)
{
	writer *w = xcalloc(1, sizeof(*w));
	sqlite3_stmt *st = NULL;

	w->o = o;
	w->db = db;
	w->owns_db = owns_db;
	w->lock = lock;
	if (prepare_all(w, err) != TS_OK) {
		goto fail;
	}
	if (sqlite3_prepare_v2(w->db,
	                       "INSERT INTO run(kind, started, command, "
	                       "version) VALUES('ingest', ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlfail(w, err, "run");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, tstime_now_ms());
	sqlite3_bind_text(st, 2, o->command ? o->command : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 3, PACKAGE_VERSION, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlfail(w, err, "run");
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	w->run_id = sqlite3_last_insert_rowid(w->db);
	w->next_block =
	        index_count(w->db, "SELECT coalesce(max(id), 0) + 1 FROM "
	                           "raw_block");
	w->next_source = index_count(w->db, "SELECT coalesce(max(id), 0) + 1 "
	                                    "FROM source");
	/* A build without libzstd writes deflate blocks: it has no use for
	 * the dictionary (and could not load it). */
	if (zblock_default_codec() == ZBLOCK_ZSTD &&
	    index_dict(w->db, 0, o->zlevel, &w->dict, err) != TS_OK) {
		goto fail;
	}
	w->slots = xcalloc(INTERN_SLOTS, sizeof(struct islot));
	strbuf_reserve_exact(&w->iarena, INTERN_ARENA); /* never reallocated */
	w->str_cached = index_count(w->db, "SELECT count(*) FROM str") == 1;
	if (getenv("TRAILSIFT_CRASH_AFTER_COMMITS")) {
		w->crash_after = atol(getenv("TRAILSIFT_CRASH_AFTER_COMMITS"));
	}
	/* Test hook: commit more often, so small inputs commit many times. */
	w->commit_rows =
	        getenv("TRAILSIFT_COMMIT_ROWS")
	                ? strtoull(getenv("TRAILSIFT_COMMIT_ROWS"), NULL, 10)
	                : WRITER_COMMIT_ROWS;
	w->last_commit_ms = tstime_mono_ms();
	/* Into an empty index, rows go faster without the secondary
	 * indexes, and indexes built in one sorted pass at the end are
	 * smaller.  A run killed before that leaves them missing; the next
	 * run's close builds them (CREATE INDEX IF NOT EXISTS). */
	w->rows_before = index_count(w->db, "SELECT coalesce(max(id), 0) "
	                                    "FROM event");
	if (w->rows_before == 0 && index_secondary(w->db, 0, err) != TS_OK) {
		goto fail;
	}
	if (begin(w, err) != TS_OK) {
		goto fail;
	}
	return w;
fail:
	disk_full(w, err);
	writer_close(w, "failed", NULL);
	return NULL;
}

/* --- interning --------------------------------------------------------- */

static void
intern_reset(writer *w)
{
	memset(w->slots, 0, INTERN_SLOTS * sizeof(struct islot));
	w->n_slots_used = 0;
	strbuf_reset(&w->iarena);
	w->str_cached = 0;
}

/* Look the string up in SQLite, inserting it when new.  Into an index
 * whose strings are all in the cache (a first ingest, until the cache
 * fills) it is new without asking: a year of small files has 200k
 * strings, most of them a session's own. */
static int64_t
intern_db(writer *w, const char *s, size_t n, ts_err *err)
{
	int64_t id = -1;

	if (w->str_cached) {
		goto insert;
	}
	sqlite3_bind_text(w->sel_str, 1, s, (int)n, SQLITE_STATIC);
	if (sqlite3_step(w->sel_str) == SQLITE_ROW) {
		id = sqlite3_column_int64(w->sel_str, 0);
	}
	sqlite3_reset(w->sel_str);
	if (id >= 0) {
		return id;
	}
insert:
	sqlite3_bind_text(w->ins_str, 1, s, (int)n, SQLITE_STATIC);
	if (sqlite3_step(w->ins_str) != SQLITE_DONE) {
		sqlite3_reset(w->ins_str);
		sqlfail(w, err, "str");
		return -1;
	}
	sqlite3_reset(w->ins_str);
	return sqlite3_last_insert_rowid(w->db);
}

static int64_t
intern(writer *w, const char *s, size_t n, uint64_t h, ts_err *err)
{
	uint32_t i = (uint32_t)h & (INTERN_SLOTS - 1);
	struct islot *sl;
	int64_t id;

	for (;; i = (i + 1) & (INTERN_SLOTS - 1)) {
		sl = &w->slots[i];
		if (sl->hash == 0) {
			break;
		}
		if (sl->hash == h && sl->len == n &&
		    memcmp(w->iarena.buf + sl->off, s, n) == 0) {
			return sl->id;
		}
	}
	if ((id = intern_db(w, s, n, err)) < 0) {
		return -1;
	}
	if (w->n_slots_used >= INTERN_MAX || w->iarena.len + n > INTERN_ARENA) {
		intern_reset(w);
		return id; /* the slot found above is gone with the reset */
	}
	sl->hash = h;
	sl->off = (uint32_t)w->iarena.len;
	sl->len = (uint32_t)n;
	sl->id = id;
	strbuf_add(&w->iarena, s, n);
	w->n_slots_used++;
	return id;
}

/* --- sources ----------------------------------------------------------- */

/* The archive being read whose srcinfo seq is `seq`, or NULL. */
static struct open_archive *
find_archive(writer *w, uint64_t seq)
{
	for (int i = w->n_arch - 1; i >= 0; i--) {
		if (w->arch[i].seq == seq) {
			return &w->arch[i];
		}
	}
	return NULL;
}

static int64_t
archive_row(writer *w, uint64_t seq)
{
	struct open_archive *a = find_archive(w, seq);

	return a ? a->row_id : 0;
}

/* Is an existing row final, i.e. never to be redone by this run?  A
 * source read under other filters that dropped records is not. */
static int
final_status(writer *w, sqlite3_stmt *st)
{
	const char *status = (const char *)sqlite3_column_text(st, 1);
	const char *kind = (const char *)sqlite3_column_text(st, 2);

	if (strcmp(status, "skipped") == 0) {
		return strcmp(kind, "unknown") != 0;
	}
	return ingest_source_complete(w->o, status, sqlite3_column_int64(st, 5),
	                              (const char *)sqlite3_column_text(st, 6));
}

/* Did this run record src without opening it: skipped by its S3 path,
 * not found, not readable?  Then nothing about its bytes is known: no
 * kind, no digest.  Only a source whose whole row is this batch can be. */
static int
unread(const struct batch *b)
{
	return b->first && b->final && strcmp(b->src_kind, "unknown") == 0 &&
	       b->src->sha256[0] == '\0';
}

/* Does the row at st record a read of its source (a kind found, a
 * status from reading it)?  Then it holds evidence: the digest, the
 * rejected records, what went wrong. */
static int
row_read(sqlite3_stmt *st)
{
	const char *status = (const char *)sqlite3_column_text(st, 1);

	return strcmp((const char *)sqlite3_column_text(st, 2), "unknown") !=
	               0 &&
	       (strcmp(status, "ok") == 0 || strcmp(status, "partial") == 0 ||
	        strcmp(status, "error") == 0);
}

/* Does the row at st record a file that changed while it was read (see
 * filestamp.h)?  Its events are of bytes the file may no longer hold:
 * they stay with the row whose digest is of them. */
static int
row_changed(sqlite3_stmt *st)
{
	return filestamp_row_changed((const char *)sqlite3_column_text(st, 1),
	                             (const char *)sqlite3_column_text(st, 8));
}

/* The columns of a new source row that its path and opening give, from
 * parameter i on: run_id, parent_id, path, member, size, mtime, kind,
 * account, region, delivered. */
static void
bind_new_source(writer *w, sqlite3_stmt *st, int i, const struct srcinfo *s,
                int64_t parent, int64_t size, const char *kind)
{
	sqlite3_bind_int64(st, i, w->run_id);
	parent ? sqlite3_bind_int64(st, i + 1, parent)
	       : sqlite3_bind_null(st, i + 1);
	sqlite3_bind_text(st, i + 2, s->path, -1, SQLITE_STATIC);
	index_bind_text(st, i + 3, s->member);
	size >= 0 ? sqlite3_bind_int64(st, i + 4, size)
	          : sqlite3_bind_null(st, i + 4);
	index_bind_ms(st, i + 5, s->mtime_ms);
	sqlite3_bind_text(st, i + 6, kind, -1, SQLITE_STATIC);
	index_bind_text(st, i + 7, s->key.account);
	index_bind_text(st, i + 8, s->key.region);
	index_bind_ms(st, i + 9, s->key.delivered_ms);
}

/* Has the row at st the digest of member s, which the producer read
 * whole?  No where either is unknown. */
static int
same_digest(sqlite3_stmt *st, const struct srcinfo *s)
{
	const char *sha = (const char *)sqlite3_column_text(st, 9);

	return s->digest[0] && sha != NULL && strcmp(sha, s->digest) == 0;
}

/* Do the row at st and member s, which the producer may have read whole
 * (an unsure one), disagree on nothing known: its digest is s's, or one
 * of the two unknown (a row cut off by Ctrl-C has none, and is the
 * member's own)? */
static int
digest_agrees(sqlite3_stmt *st, const struct srcinfo *s)
{
	return !s->digest[0] || sqlite3_column_type(st, 9) == SQLITE_NULL ||
	       same_digest(st, s);
}

/* Are the bytes of the row at st, as far as it says, those of source s
 * (batch b)?  Its size and mtime, and its digest where both are known. */
static int
same_bytes(sqlite3_stmt *st, const struct batch *b)
{
	return sqlite3_column_int64(st, 3) == b->src_size &&
	       sqlite3_column_int64(st, 4) == b->src->mtime_ms &&
	       digest_agrees(st, b->src);
}

/* The latest complete row under member s's name with its bytes (batch
 * b), under any bundle row, that no member of bundle a took; 0 for
 * none.  A member passed over as complete when its bundle changed kept
 * its row under the bundle's earlier row: the pipeline takes such a row
 * for the member where it is the latest under the name (by its digest:
 * pipeline.c, known() with the digest), this where another member's
 * under the name came after it.  For a reread member (batch.h) only a row of
 * its digest is its own. */
static int64_t
earlier_row(writer *w, const struct batch *b, const struct open_archive *a)
{
	sqlite3_stmt *st = w->find_earlier;
	int64_t id = 0;

	sqlite3_bind_text(st, 1, b->src->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b->src->member, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, b->src->path_key);
	while (id == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t row = sqlite3_column_int64(st, 0);

		/* a reread member's name, size and mtime do not tell
		 * its row from one of another version of the bundle */
		if (same_bytes(st, b) &&
		    (!b->src->reread || same_digest(st, b->src)) &&
		    final_status(w, st) &&
		    !hset_has(&a->taken, (uint64_t)row)) {
			id = row;
		}
	}
	sqlite3_reset(st);
	return id;
}

/* The row that an earlier read of bundle `a` left for its member s
 * (batch b), when this read reuses the bundle's row: the bundle is
 * unchanged, and its members have their rows under it.  The name alone
 * does not say whose a row is where several members have it (tar -r
 * appends a file's new version under its name): the latest row under
 * the name is the last such member's, and taken for every other, each
 * read gave them all a row more.  So a member takes the first row under
 * the bundle, by id, with its name and bytes (same_bytes) that no
 * member before it in this read took: the n-th member under a name
 * takes the n-th row, whatever members the pipeline passes over as
 * complete (their rows and those they would take are complete alike).
 * A repeated member read whole has its digest (batch.h), which
 * same_bytes asks: where a read stopped between two members under a
 * name, the next one passed the first over with no mark (the name had
 * one row), and the second, of its size and time, took its row.  A
 * member first under its name in this read, with no such row, takes
 * earlier_row().
 *
 * The row's id; 0 for none (a repeated member then gets a row of its
 * own, any other is looked up by its name); -1 for a row of its own
 * where the member is the first under its name and may be unread
 * (batch.h: unsure) and its digest unknown, but the row it would take
 * is complete and no row it could take is not: the row not complete is
 * then elsewhere (under the bundle's earlier row, where the member was
 * passed over when the bundle changed), and may be its own, while the
 * complete one may be another member's: taken for it, the member would
 * stay unread. */
static int64_t
member_row(writer *w, const struct batch *b, const struct open_archive *a)
{
	struct srcinfo *s = b->src;
	sqlite3_stmt *st = w->find_member;
	int64_t id = 0;
	int fin = 0, open = 0;

	sqlite3_bind_text(st, 1, s->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->member, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->path_key);
	sqlite3_bind_int64(st, 4, a->row_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t row = sqlite3_column_int64(st, 0);

		if (!same_bytes(st, b)) {
			continue; /* another member's */
		}
		open |= !final_status(w, st);
		if (id == 0 && !hset_has(&a->taken, (uint64_t)row)) {
			id = row;
			fin = final_status(w, st);
		}
	}
	sqlite3_reset(st);
	if (id == 0 && !s->repeated) {
		return earlier_row(w, b, a);
	}
	/* a bundle is never read whole first: no digest tells its row, but
	 * taking a row does not leave it unread (its own members are
	 * looked up in turn), and a row of its own each run grew the
	 * index by the bundle and its members on every read */
	return s->unsure && !s->digest[0] && id > 0 && fin && !open &&
	                       strcmp(b->src_kind, "archive") != 0
	               ? -1
	               : id;
}

/* A member of archive a (NULL: not a member) took row id: no member
 * after it in this read takes it (see member_row). */
static void
take(struct open_archive *a, int64_t id)
{
	if (a != NULL) {
		hset_add(&a->taken, (uint64_t)id);
	}
}

/* A member the pipeline passed over as known (batch.h: passed): it has
 * no row to write, but takes the one that member_row() gives it, so
 * that no member after it under its name takes that row for its own. */
static void
pass_over(writer *w, const struct batch *b)
{
	struct srcinfo *s = b->src;
	struct open_archive *a =
	        s->parent_seq ? find_archive(w, s->parent_seq) : NULL;
	int64_t row;

	if (a == NULL || !a->reused) {
		return; /* a new bundle row: its members are looked up by name
		         */
	}
	s->path_key = index_path_key(s->path, strlen(s->path));
	if ((row = member_row(w, b, a)) > 0) {
		take(a, row);
	}
}

/* First batch of a source: find, reuse or insert its row.  Sets
 * w->discard when an identical source is already complete.  Size and
 * kind come from the batch: the reader may still be changing src's. */
static int
open_source(writer *w, const struct batch *b, ts_err *err)
{
	struct srcinfo *s = b->src;
	sqlite3_stmt *st = w->find_source;
	struct open_archive *a =
	        s->parent_seq ? find_archive(w, s->parent_seq) : NULL;
	int64_t id = 0, parent = a ? a->row_id : 0, row = 0;
	int64_t key = s->path_key = index_path_key(s->path, strlen(s->path));
	int reuse = 0;

	w->discard = 0;
	w->deferred = 0;
	w->src_indexed = w->src_dups = w->src_docs = 0;
	if (a != NULL && a->reused && s->member != NULL && !s->stream) {
		row = member_row(w, b, a);
	}
	if (row > 0) {
		st = w->find_row;
		sqlite3_bind_int64(st, 1, row);
	} else {
		sqlite3_bind_text(st, 1, s->path, -1, SQLITE_STATIC);
		index_bind_text(st, 2, s->member);
		sqlite3_bind_int64(st, 3, key);
	}
	if (row >= 0 && (row > 0 || !s->repeated) &&
	    sqlite3_step(st) == SQLITE_ROW) {
		int fin = final_status(w, st);
		/* a stream has no mtime: -1 == -1 says nothing, and
		 * another stream of the same length is other data; nor
		 * do they say a file that changed while it was read is
		 * the same now (its mtime may be set back): reading it
		 * again, the row whose events those are stays as it is,
		 * a bundle's too (it records what the read saw); nor are
		 * they enough for a member the producer read whole and
		 * hashed (one of such a bundle, or repeated: batch.h),
		 * which only its digest tells from another version under
		 * its name: a reread member's row not under its bundle's
		 * row (member_row gave none) is its own only by its
		 * digest */
		int same = !s->stream &&
		           sqlite3_column_int64(st, 3) == b->src_size &&
		           sqlite3_column_int64(st, 4) == s->mtime_ms &&
		           !row_changed(st) &&
		           (s->reread && row == 0 ? same_digest(st, s)
		                                  : digest_agrees(st, s));

		id = sqlite3_column_int64(st, 0);
		if (unread(b) && row_read(st)) {
			/* a run that did not open the file knows less of it
			 * than the row, whose events still point at it: a
			 * skip leaves the row be; a failure (the file gone or
			 * unreadable since) gets a row of its own, so the run
			 * says so and the row stays.  So does a reread
			 * member's skip: the row may be of other bytes (of
			 * the bundle's earlier version), and the member
			 * unread stays one to read */
			w->discard =
			        strcmp(s->status, "error") != 0 && !s->reread;
		} else if (fin && same) {
			/* the same bundle, read again for members that are
			 * not complete: same row */
			reuse = strcmp(b->src_kind, "archive") == 0;
			w->discard = !reuse;
		} else if (!fin && same) {
			reuse = 1;
			/* the events of the earlier read stay, and point
			 * at this row: it goes on counting them */
			w->src_indexed = (uint64_t)sqlite3_column_int64(st, 7);
		} else if (!fin && !row_read(st)) {
			/* a row that records no read (skipped, not found)
			 * is superseded by this one */
			reuse = 1;
		}
		/* else other bytes under the name (another stream, a file
		 * changed since): a row of their own, the earlier row
		 * stays with its digest and its events */
	}
	sqlite3_reset(st);
	if (w->discard) {
		take(a, id);
		w->st.sources_known++;
		return TS_OK;
	}
	/* A new row goes in with one INSERT at close_source(), with what
	 * the read found, instead of an INSERT now and an UPDATE of every
	 * column then (a year of small deliveries is 182k of them); the
	 * source's events take the id SQLite would give, and all its
	 * batches are in one transaction.  Not a bundle's: its members,
	 * committed one by one, need its row from the start. */
	if (!reuse && strcmp(b->src_kind, "archive") != 0) {
		s->row_id = w->next_source++;
		take(a, s->row_id);
		w->deferred = 1;
		w->deferred_parent = parent;
		return TS_OK;
	}
	st = reuse ? w->reuse_source : w->ins_source;
	if (reuse) {
		sqlite3_bind_int64(st, 1, w->run_id);
		parent ? sqlite3_bind_int64(st, 2, parent)
		       : sqlite3_bind_null(st, 2);
		b->src_size >= 0 ? sqlite3_bind_int64(st, 3, b->src_size)
		                 : sqlite3_bind_null(st, 3);
		index_bind_ms(st, 4, s->mtime_ms);
		sqlite3_bind_text(st, 5, b->src_kind, -1, SQLITE_STATIC);
		index_bind_text(st, 6, s->key.account);
		index_bind_text(st, 7, s->key.region);
		index_bind_ms(st, 8, s->key.delivered_ms);
		sqlite3_bind_int64(st, 9, id);
	} else {
		bind_new_source(w, st, 1, s, parent, b->src_size, b->src_kind);
		sqlite3_bind_int64(st, 11, key);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return sqlfail(w, err, "source");
	}
	sqlite3_reset(st);
	s->row_id = reuse ? id : sqlite3_last_insert_rowid(w->db);
	take(a, s->row_id);
	if (!reuse) {
		w->next_source = s->row_id + 1;
	}
	if (reuse) {
		char sql[300];

		/* what an earlier, failed or filtered read left behind */
		snprintf(sql, sizeof(sql),
		         "DELETE FROM rejected WHERE source_id=%lld;"
		         "DELETE FROM digest WHERE source_id=%lld;"
		         "DELETE FROM insight WHERE source_id=%lld;"
		         "DELETE FROM snapshot WHERE source_id=%lld;",
		         (long long)id, (long long)id, (long long)id,
		         (long long)id);
		if (index_exec(w->db, sql, err) != TS_OK) {
			return TS_FATAL;
		}
	}
	if (strcmp(b->src_kind, "archive") == 0) {
		if (w->n_arch == w->cap_arch) {
			w->cap_arch = w->cap_arch ? w->cap_arch * 2 : 4;
			w->arch = xrealloc(w->arch, (size_t)w->cap_arch *
			                                    sizeof(*w->arch));
		}
		/* a pointer into w->arch, as `a` is, is stale from here */
		w->arch[w->n_arch] = (struct open_archive){
		        .seq = s->seq, .row_id = s->row_id, .reused = reuse};
		w->n_arch++;
	}
	return TS_OK;
}

/* One line on stderr for a source that did not go well, then one for
 * each of its first rejected records: every line names the source, so
 * grep finds them all. */
static void
report(writer *w, const struct srcinfo *s)
{
	const char *sep = s->member ? ": " : "";
	const char *member = s->member ? s->member : "";
	/* an empty argument ("$UNSET") is named as the shell would */
	const char *path = s->path[0] ? s->path : "''";

	ts_warnx("%s%s%s: %s", path, sep, member,
	         s->error ? s->error : s->status);
	for (int i = 0; i < w->n_printed; i++) {
		ts_warnx("%s%s%s: %s", path, sep, member, w->printed[i]);
	}
	if (s->n_rejected > (uint64_t)w->n_printed && w->n_printed > 0) {
		ts_warnx("%s%s%s: ... %llu rejected records in all (see the "
		         "table 'rejected')",
		         path, sep, member, (unsigned long long)s->n_rejected);
	}
}

/* The bundle at s's path and member failed its gzip check after its
 * members were read: those read as ok become partial, so that no event
 * from it looks verified. */
static int
mark_unverified(writer *w, const struct srcinfo *s, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	char *prefix = srcinfo_member_prefix(s->member);
	char *why = xasprintf("bundle not verified: %s",
	                      s->error ? s->error : s->status);
	int rc = TS_OK;

	if (sqlite3_prepare_v2(w->db,
	                       "UPDATE source SET status = 'partial', error = "
	                       "?1 WHERE path_key = ?4 AND path = ?2 AND "
	                       "member >= ?3 AND substr(member, 1, "
	                       "length(?3)) = ?3 AND status = 'ok'",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = sqlfail(w, err, "source");
		goto out;
	}
	sqlite3_bind_text(st, 1, why, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, index_path_key(s->path, strlen(s->path)));
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlfail(w, err, "source");
	} else {
		/* the summary's count of rows not ok is the table's */
		w->st.sources_failed += (uint64_t)sqlite3_changes(w->db);
	}
out:
	sqlite3_finalize(st);
	free(prefix);
	free(why);
	return rc;
}

/* A bundle read again because its mtime changed, whose bytes did not
 * (same size and SHA-256 as its last row, and not one member read
 * again: they were all known): the new row would say an empty bundle
 * while the members stay under the old one.  The old row is the
 * bundle's; it takes the new mtime and run, the new row goes. */
static int
same_bytes_again(writer *w, int64_t id, ts_err *err)
{
	static const char *const sql[] = {
	        "UPDATE source AS o SET mtime = n.mtime, run_id = n.run_id "
	        "FROM source AS n WHERE n.id = ?1 AND n.sha256 IS NOT NULL "
	        "AND n.status = 'ok' AND NOT EXISTS (SELECT 1 FROM source "
	        "WHERE parent_id = ?1) AND o.id = (SELECT max(id) FROM source "
	        "WHERE path_key = n.path_key AND path = n.path AND member IS "
	        "n.member AND id < ?1) AND "
	        "o.sha256 = n.sha256 AND o.size = n.size AND o.status = 'ok'",
	        "DELETE FROM source WHERE id = ?1",
	};
	int changed = 0;

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = NULL;

		if (i == 1 && !changed) {
			break;
		}
		if (sqlite3_prepare_v2(w->db, sql[i], -1, &st, NULL) !=
		    SQLITE_OK) {
			return sqlfail(w, err, "source");
		}
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return sqlfail(w, err, "source");
		}
		changed = sqlite3_changes(w->db) > 0;
		sqlite3_finalize(st);
	}
	if (changed) { /* the row deleted may have been the last one */
		w->next_source = index_count(w->db, "SELECT coalesce(max(id), "
		                                    "0) + 1 FROM source");
	}
	return TS_OK;
}

/* What reading the source found, from parameter i on: format,
 * compression, n_records, n_indexed, n_duplicates, n_filtered,
 * n_rejected, status, error, filters, n_documents. */
static void
bind_outcome(writer *w, sqlite3_stmt *st, int i, const struct srcinfo *s)
{
	index_bind_text(st, i, s->format);
	index_bind_text(st, i + 1, s->compression);
	sqlite3_bind_int64(st, i + 2, (int64_t)s->n_records);
	sqlite3_bind_int64(st, i + 3, (int64_t)w->src_indexed);
	sqlite3_bind_int64(st, i + 4, (int64_t)w->src_dups);
	sqlite3_bind_int64(st, i + 5, (int64_t)s->n_filtered);
	sqlite3_bind_int64(st, i + 6, (int64_t)s->n_rejected);
	sqlite3_bind_text(st, i + 7, s->status, -1, SQLITE_STATIC);
	index_bind_text(st, i + 8, s->error);
	index_bind_text(st, i + 9, s->n_filtered ? w->o->filters : NULL);
	sqlite3_bind_int64(st, i + 10, (int64_t)w->src_docs);
}

static int
close_source(writer *w, struct srcinfo *s, ts_err *err)
{
	sqlite3_stmt *st = w->upd_source;
	int64_t id = s->row_id;

	if (strcmp(s->kind, "archive") == 0 && !s->archive_end &&
	    !w->deferred) {
		return TS_OK; /* stays "ingesting" until its closing row */
	}
	if (w->deferred) {
		st = w->ins_source_done;
		w->deferred = 0;
		sqlite3_bind_int64(st, 1, id);
		bind_new_source(w, st, 2, s, w->deferred_parent, s->size,
		                s->kind);
		index_bind_text(st, 12, s->sha256);
		sqlite3_bind_int64(st, 13, s->path_key);
		bind_outcome(w, st, 14, s);
	} else if (s->archive_end) {
		st = w->upd_archive;
		id = archive_row(w, s->parent_seq);
		sqlite3_bind_int64(st, 1, s->size);
		index_bind_text(st, 2, s->sha256);
		sqlite3_bind_text(st, 3, s->status, -1, SQLITE_STATIC);
		index_bind_text(st, 4, s->error);
		sqlite3_bind_int64(st, 5, id);
		index_bind_text(st, 6, s->format);
		index_bind_text(st, 7, s->compression);
		if (w->n_arch > 0) {
			hset_free(&w->arch[--w->n_arch].taken);
		}
	} else {
		s->size >= 0 ? sqlite3_bind_int64(st, 1, s->size)
		             : sqlite3_bind_null(st, 1);
		index_bind_text(st, 2, s->sha256);
		sqlite3_bind_text(st, 3, s->kind, -1, SQLITE_STATIC);
		bind_outcome(w, st, 4, s);
		sqlite3_bind_int64(st, 15, id);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return sqlfail(w, err, "source");
	}
	sqlite3_reset(st);
	if (s->archive_end && s->unverified &&
	    mark_unverified(w, s, err) != TS_OK) {
		return TS_FATAL;
	}
	if (s->archive_end && same_bytes_again(w, id, err) != TS_OK) {
		return TS_FATAL;
	}
	w->st.sources += !s->archive_end;
	w->st.filtered += s->n_filtered;
	if (strcmp(s->status, "skipped") == 0) {
		w->st.sources_skipped += !s->archive_end;
	} else if (strcmp(s->status, "ok") != 0 && !s->cut) {
		w->st.sources_failed++;
	}
	w->st.streams_cut += s->cut && s->stream && s->parent_seq == 0;
	return TS_OK;
}

/* --- events ------------------------------------------------------------ */

static void
bind_id(sqlite3_stmt *st, int i, const struct batch *b, uint32_t off,
        uint16_t len, uint8_t blob)
{
	if (off == BATCH_NONE) {
		sqlite3_bind_null(st, i);
	} else if (blob) {
		sqlite3_bind_blob(st, i, b->arena.buf + off, 16, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, i, b->arena.buf + off, len,
		                  SQLITE_STATIC);
	}
}

/* A changed copy of an event into `rejected`, with its bytes: eventID
 * `eid` again, other than the stored copy as `how` says. */
static int
reject_copy(writer *w, int64_t source_id, int64_t record_no, int64_t offset,
            const char *eid, const char *how, const strbuf *raw, ts_err *err)
{
	char why[500];

	snprintf(why, sizeof(why), "duplicate eventID %.300s %s", eid, how);
	sqlite3_bind_int64(w->ins_rej, 1, source_id);
	sqlite3_bind_int64(w->ins_rej, 2, record_no);
	sqlite3_bind_int64(w->ins_rej, 3, offset);
	sqlite3_bind_text(w->ins_rej, 4, why, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(w->ins_rej, 5, raw->buf, (int)raw->len,
	                  SQLITE_STATIC);
	if (sqlite3_step(w->ins_rej) != SQLITE_DONE) {
		sqlite3_reset(w->ins_rej);
		return sqlfail(w, err, "rejected");
	}
	sqlite3_reset(w->ins_rej);
	w->st.conflicts++;
	return TS_OK;
}

/* Row r of batch b, unmarked, appended to out; its block is
 * decompressed in w->scratch. */
static void
unmark_row(const struct batch *b, const struct row *r, const char *scratch,
           strbuf *out)
{
	strbuf eid, rid;

	/* whole: a requestID of 300 bytes or more was cut here, and the
	 * rejected copy's bytes with it */
	strbuf_init(&eid);
	strbuf_init(&rid);
	rawrec_id_text(b->arena.buf, r->eid, r->eid_len, r->eid_blob, &eid);
	rawrec_id_text(b->arena.buf, r->rid, r->rid_len, r->rid_blob, &rid);
	rawrec_unmark(scratch + r->block_off, r->raw_len,
	              r->eid == BATCH_NONE ? NULL : strbuf_str(&eid),
	              r->rid == BATCH_NONE ? NULL : strbuf_str(&rid),
	              r->time_ms, out);
	strbuf_free(&eid);
	strbuf_free(&rid);
}

/* The stored copy's bytes (event `first`, at `first_off` of block
 * `first_block`) into out: 1, or 0 when they cannot be had.  Its block
 * is the one being stored when an earlier row of the same block is the
 * first copy (a file holding a record twice). */
static int
first_copy(writer *w, const struct batch *b, const struct row *r, int64_t first,
           int64_t first_block, int64_t first_off, strbuf *out)
{
	ts_err ignored;

	if (first_block == w->next_block) {
		for (uint32_t i = 0; i < b->n_rows; i++) {
			if (b->rows[i].block == r->block &&
			    (int64_t)b->rows[i].block_off == first_off) {
				unmark_row(b, &b->rows[i], w->scratch.buf, out);
				return 1;
			}
		}
		return 0;
	}
	if (w->rr == NULL) {
		w->rr = rawrec_new(w->db);
	}
	ts_err_clear(&ignored);
	return rawrec_get(w->rr, first, out, &ignored) == TS_OK;
}

/* The new record's own bytes, unmarked, for the rejected table, and
 * whether they differ from the stored copy's only in whitespace (the
 * same file pretty-printed).  With `unclean` (the stored copy's source
 * was not read cleanly: a failed gzip check, say), only when its bytes
 * differ from the stored copy's; the reason says so where only the
 * bytes tell them apart. */
static int
conflict(writer *w, const struct batch *b, const struct row *r,
         int64_t first_source, int64_t first, int64_t first_block,
         int64_t first_off, int unclean, ts_err *err)
{
	const struct block *k = &b->blocks[r->block];
	char how[120];
	strbuf raw, stored, eid;
	int rc;

	strbuf_init(&raw);
	strbuf_init(&stored);
	strbuf_init(&eid);
	rawrec_id_text(b->arena.buf, r->eid, r->eid_len, r->eid_blob, &eid);
	snprintf(how, sizeof(how),
	         "with other bytes than the copy from source %lld",
	         (long long)first_source);
	if (zblock_decompress(k->codec, k->data.buf, k->data.len, k->ulen,
	                      k->dict, &w->scratch, err) == TS_OK) {
		unmark_row(b, r, w->scratch.buf, &raw);
		if (first_copy(w, b, r, first, first_block, first_off,
		               &stored) &&
		    unclean && raw.len == stored.len &&
		    memcmp(raw.buf, stored.buf, raw.len) == 0) {
			rc = TS_OK; /* the same bytes: a duplicate */
			goto out;
		}
		if (stored.len > 0 &&
		    rawrec_same_but_space(raw.buf, raw.len, stored.buf,
		                          stored.len)) {
			snprintf(
			        how, sizeof(how),
			        "differing from the copy from source %lld only "
			        "in whitespace between JSON tokens",
			        (long long)first_source);
			w->st.conflicts_space++;
		} else if (unclean && stored.len > 0 && raw.len == stored.len) {
			snprintf(how, sizeof(how),
			         "with other bytes than the copy from source "
			         "%lld, which was not read cleanly (see its "
			         "error)",
			         (long long)first_source);
		} else if (stored.len > 0) {
			snprintf(how, sizeof(how),
			         "with other bytes than the copy from source "
			         "%lld (%zu bytes against %zu)",
			         (long long)first_source, raw.len, stored.len);
		}
	}
	rc = reject_copy(w, b->src->row_id, (int64_t)r->record_no,
	                 (int64_t)r->raw_offset, strbuf_str(&eid), how, &raw,
	                 err);
out:
	strbuf_free(&raw);
	strbuf_free(&stored);
	strbuf_free(&eid);
	return rc;
}

/* A duplicate: count it, and keep it if its content differs. */
static int
duplicate(writer *w, const struct batch *b, const struct row *r, ts_err *err)
{
	sqlite3_stmt *st = w->sel_dup;
	int64_t len = -1, first = 0, record_no = 0, id = 0, block = 0, off = 0;
	int unclean = 0;

	bind_id(st, 1, b, r->eid, r->eid_len, r->eid_blob);
	sqlite3_bind_int64(st, 2, r->time_ms);
	if (sqlite3_step(st) == SQLITE_ROW) {
		len = sqlite3_column_int64(st, 0);
		first = sqlite3_column_int64(st, 1);
		record_no = sqlite3_column_int64(st, 2);
		id = sqlite3_column_int64(st, 3);
		block = sqlite3_column_int64(st, 4);
		off = sqlite3_column_int64(st, 5);
		unclean = sqlite3_column_int(st, 6) == 1;
	}
	sqlite3_reset(st);
	if (first == b->src->row_id && record_no == (int64_t)r->record_no) {
		/* Read again (it had records filtered out before): this
		 * record, stored by the earlier read, is the source's own,
		 * neither new nor a duplicate: open_source() took the
		 * row's count on.  Another copy of it in the same source is
		 * a duplicate. */
		return TS_OK;
	}
	w->src_dups++;
	w->st.duplicates++;
	/* Copies are told apart by length, cheaply; one of the same length
	 * as a copy whose source failed its check (its gzip CRC, say) is
	 * compared byte for byte, so that a clean copy of other bytes is
	 * kept: the stored one may be the damaged one. */
	if (len >= 0 && (len != (int64_t)r->raw_len || unclean)) {
		return conflict(w, b, r, first, id, block, off, unclean, err);
	}
	return TS_OK;
}

/* eventIDs are random, so each row appended to an index whose event_eid
 * outgrows the page cache dirties a page of it no other row of the
 * transaction shares: the page is read, spilled to the log, checkpointed
 * into the file.  On the 10M-event bench index, appending 200k events
 * made 859k page writes (strace -c), 7 GB to store 90 MB.  Past a
 * share of the rows already there, dropping the index and sorting it
 * again in writer_finish() costs less (1M appended events: 35.5 s
 * instead of 48.6; 1/32 is where the two cost about the same there); a
 * run killed in between leaves it to the next run's finish, as a first
 * load does. */
static int
defer_eid(writer *w, ts_err *err)
{
	char sql[120];
	long long secure;

	if (w->eid_deferred || w->rows_before == 0 ||
	    atomic_load(&w->st.events) * EID_DEFER_RATIO <
	            (uint64_t)w->rows_before) {
		return TS_OK;
	}
	w->eid_deferred = 1;
	/* Debian's SQLite zeroes freed pages (SQLITE_SECURE_DELETE): 3.9 s
	 * instead of 0.4 to drop the 10M index's, with nothing to hide --
	 * every key is still in `event`. */
	secure = index_count(w->db, "PRAGMA secure_delete");
	snprintf(sql, sizeof(sql),
	         "PRAGMA secure_delete = 0; DROP INDEX IF EXISTS event_eid; "
	         "PRAGMA secure_delete = %lld",
	         secure);
	return index_exec(w->db, sql, err);
}

static int
insert_row(writer *w, const struct batch *b, const struct row *r,
           int64_t block_id, int *inserted, ts_err *err)
{
	sqlite3_stmt *st = w->ins_event;

	sqlite3_bind_int64(st, 1, r->time_ms);
	for (int c = 0; c < N_RECORD_COLS; c++) {
		uint32_t k = r->str[c];

		if (k == BATCH_NONE) {
			sqlite3_bind_int(st, 2 + c, 0); /* str's row 0 */
			continue;
		}
		if (w->gid[k] == 0) {
			const struct bstr *e = &b->strs[k];

			w->gid[k] = intern(w, b->arena.buf + e->off, e->len,
			                   e->hash, err);
			if (w->gid[k] < 0) {
				return TS_FATAL;
			}
		}
		sqlite3_bind_int64(st, 2 + c, w->gid[k]);
	}
	if (r->read_only < 0) {
		sqlite3_bind_null(st, 18);
	} else {
		sqlite3_bind_int(st, 18, r->read_only);
	}
	bind_id(st, 19, b, r->eid, r->eid_len, r->eid_blob);
	bind_id(st, 20, b, r->rid, r->rid_len, r->rid_blob);
	sqlite3_bind_int64(st, 21, b->src->row_id);
	sqlite3_bind_int64(st, 22, (int64_t)r->record_no);
	sqlite3_bind_int64(st, 23, (int64_t)r->raw_offset);
	sqlite3_bind_int64(st, 24, block_id);
	sqlite3_bind_int64(st, 25, r->block_off);
	sqlite3_bind_int64(st, 26, r->raw_len);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return sqlfail(w, err, "event");
	}
	sqlite3_reset(st);
	*inserted = sqlite3_changes(w->db) > 0;
	return TS_OK;
}

/* Store dictionary d, or check that the row with its id holds the same
 * bytes: the id is a hash of part of it, and two runs into the same
 * index at once could each train one. */
static int
store_dict(writer *w, const zdict *d, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t len;
	const void *bytes = zdict_bytes(d, &len);
	int same;

	sqlite3_bind_int64(w->ins_dict, 1, zdict_id(d));
	sqlite3_bind_blob(w->ins_dict, 2, bytes, (int)len, SQLITE_STATIC);
	if (sqlite3_step(w->ins_dict) != SQLITE_DONE) {
		sqlite3_reset(w->ins_dict);
		return sqlfail(w, err, "zdict");
	}
	sqlite3_reset(w->ins_dict);
	if (sqlite3_changes(w->db) == 0) {
		if (sqlite3_prepare_v2(w->db,
		                       "SELECT data FROM zdict WHERE id = ?",
		                       -1, &st, NULL) != SQLITE_OK) {
			return sqlfail(w, err, "zdict");
		}
		sqlite3_bind_int64(st, 1, zdict_id(d));
		same = sqlite3_step(st) == SQLITE_ROW &&
		       (size_t)sqlite3_column_bytes(st, 0) == len &&
		       memcmp(sqlite3_column_blob(st, 0), bytes, len) == 0;
		sqlite3_finalize(st);
		if (!same) {
			return ts_fail(
			        err, TS_FATAL,
			        "index: zstd dictionary %u is stored "
			        "already with other bytes (another ingest "
			        "into this index at the same time?)",
			        zdict_id(d));
		}
	}
	return TS_OK;
}

/* The dictionary d (NULL: none) goes in with the first block or digest
 * compressed with it, in the same transaction. */
static int
dict_in(writer *w, const zdict *d, ts_err *err)
{
	if (d == NULL || d == w->dict || d == w->dict_stored[0] ||
	    d == w->dict_stored[1]) {
		return TS_OK;
	}
	if (store_dict(w, d, err) != TS_OK) {
		return TS_FATAL;
	}
	w->dict_stored[1] = w->dict_stored[0];
	w->dict_stored[0] = d;
	return TS_OK;
}

static int
put_block(writer *w, const struct block *k, ts_err *err)
{
	sqlite3_stmt *st = w->ins_block;

	if (dict_in(w, k->dict, err) != TS_OK) {
		return TS_FATAL;
	}
	if (w->zt && ztrainer_wanted(w->zt) > 0 &&
	    zblock_decompress(k->codec, k->data.buf, k->data.len, k->ulen,
	                      k->dict, &w->scratch, err) == TS_OK) {
		ztrainer_sample(w->zt, w->scratch.buf, w->scratch.len);
	}
	sqlite3_bind_int64(st, 1, w->next_block);
	sqlite3_bind_int(st, 2, k->codec);
	sqlite3_bind_int64(st, 3, (int64_t)k->ulen);
	sqlite3_bind_blob(st, 4, k->data.buf, (int)k->data.len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return sqlfail(w, err, "raw_block");
	}
	sqlite3_reset(st);
	w->next_block++;
	return TS_OK;
}

static int
put_events(writer *w, const struct batch *b, ts_err *err)
{
	size_t i = 0;

	/* global str ids of the batch's strings, found on first use */
	if (b->n_strs > w->cap_gid) {
		w->cap_gid = b->n_strs;
		w->gid = xrealloc(w->gid, w->cap_gid * sizeof(int64_t));
	}
	if (b->n_strs > 0) {
		memset(w->gid, 0, b->n_strs * sizeof(int64_t));
	}

	for (uint32_t k = 0; k < b->n_blocks; k++) {
		int any = 0, inserted = 0;

		for (; i < b->n_rows && b->rows[i].block == k; i++) {
			if (insert_row(w, b, &b->rows[i], w->next_block,
			               &inserted, err) != TS_OK) {
				return TS_FATAL;
			}
			if (inserted) {
				any = 1;
				w->src_indexed++;
				atomic_fetch_add(&w->st.events, 1);
			} else if (duplicate(w, b, &b->rows[i], err) != TS_OK) {
				return TS_FATAL;
			}
		}
		if (any && put_block(w, &b->blocks[k], err) != TS_OK) {
			return TS_FATAL;
		}
	}
	w->rows_since_commit += b->n_rows;
	return defer_eid(w, err);
}

static int
put_rejected(writer *w, const struct batch *b, ts_err *err)
{
	sqlite3_stmt *st = w->ins_rej;

	for (size_t i = 0; i < b->n_rej; i++) {
		const struct rejected *r = &b->rej[i];

		sqlite3_bind_int64(st, 1, b->src->row_id);
		sqlite3_bind_int64(st, 2, (int64_t)r->record_no);
		sqlite3_bind_int64(st, 3, (int64_t)r->offset);
		sqlite3_bind_text(st, 4, r->reason, -1, SQLITE_STATIC);
		if (r->raw) {
			sqlite3_bind_blob(st, 5, r->raw, (int)r->raw_len,
			                  SQLITE_STATIC);
		} else {
			sqlite3_bind_null(st, 5);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return sqlfail(w, err, "rejected");
		}
		sqlite3_reset(st);
		w->st.rejected++;
	}
	return TS_OK;
}

/* Keep the first rejected records of a source, by record number, to
 * echo at its end.  They do not arrive in that order: a source's first
 * items that are not CloudTrail wait until it shows CloudTrail, behind
 * later ones. */
static void
note_rejected(writer *w, const struct batch *b)
{
	for (size_t i = 0; i < b->n_rej; i++) {
		uint64_t no = b->rej[i].record_no;
		int at = w->n_printed;

		if (at == PRINT_REJECTS) {
			if (no > w->printed_no[at - 1]) {
				continue;
			}
			at--; /* the last one drops out */
		} else {
			w->n_printed++;
		}
		for (; at > 0 && w->printed_no[at - 1] > no; at--) {
			w->printed_no[at] = w->printed_no[at - 1];
			memcpy(w->printed[at], w->printed[at - 1],
			       sizeof(w->printed[0]));
		}
		w->printed_no[at] = no;
		snprintf(
		        w->printed[at], sizeof(w->printed[0]),
		        "record %llu (offset %llu): %s", (unsigned long long)no,
		        (unsigned long long)b->rej[i].offset, b->rej[i].reason);
	}
}

static int
put_docs(writer *w, const struct batch *b, ts_err *err)
{
	const struct srcinfo *s = b->src;
	int64_t at = w->o->captured_at != S3KEY_UNKNOWN ? w->o->captured_at
	                                                : s->mtime_ms;

	for (size_t i = 0; i < b->n_docs; i++) {
		const struct doc *d = &b->docs[i];
		sqlite3_stmt *st;

		switch (d->table) {
		case DOC_DIGEST:
			st = w->ins_digest;
			sqlite3_bind_text(st, 2, d->json, (int)d->len,
			                  SQLITE_STATIC);
			index_bind_text(st, 3, s->key.region);
			index_bind_ms(st, 4, d->start_ms);
			index_bind_ms(st, 5, d->end_ms);
			index_bind_text(st, 7, d->account);
			index_bind_text(st, 8, d->s3_object);
			d->n_log_files >= 0
			        ? sqlite3_bind_int64(st, 9, d->n_log_files)
			        : sqlite3_bind_null(st, 9);
			/* stored compressed, read as found */
			if (dict_in(w, d->zdict, err) != TS_OK) {
				return TS_FATAL;
			}
			d->zcodec ? sqlite3_bind_blob(st, 6, d->z.buf,
			                              (int)d->z.len,
			                              SQLITE_STATIC)
			          : sqlite3_bind_null(st, 6);
			break;
		case DOC_INSIGHT:
			st = w->ins_insight;
			sqlite3_bind_int64(st, 2, (int64_t)d->record_no);
			sqlite3_bind_text(st, 3, d->json, (int)d->len,
			                  SQLITE_STATIC);
			index_bind_ms(
			        st, 4,
			        rawrec_json_time(d->json, d->len, "eventTime"));
			break;
		default:
			st = w->ins_snapshot;
			sqlite3_bind_text(st, 2, d->type, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, at < 0 ? 0 : at);
			sqlite3_bind_text(st, 4, d->json, (int)d->len,
			                  SQLITE_STATIC);
			break;
		}
		sqlite3_bind_int64(st, 1, s->row_id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return sqlfail(w, err, "document");
		}
		sqlite3_reset(st);
	}
	w->src_docs += b->n_docs;
	return TS_OK;
}

int
writer_put(writer *w, struct batch *b, ts_err *err)
{
	int rc = TS_OK;

	if (begin(w, err) != TS_OK) {
		rc = TS_FATAL;
		goto out;
	}
	if (b->first && b->src->passed) {
		pass_over(w, b);
		goto out;
	}
	if (b->first) {
		w->n_printed = 0;
		if ((rc = open_source(w, b, err)) != TS_OK) {
			goto out;
		}
	} else if (b->src->archive_end) {
		w->discard = 0;
	}
	if (w->discard) {
		goto out;
	}
	if ((rc = put_events(w, b, err)) != TS_OK ||
	    (rc = put_rejected(w, b, err)) != TS_OK ||
	    (rc = put_docs(w, b, err)) != TS_OK) {
		goto out;
	}
	note_rejected(w, b);
	if (!b->final) {
		goto out;
	}
	if ((rc = close_source(w, b->src, err)) != TS_OK) {
		goto out;
	}
	/* a read the user stopped is said once, by the command */
	if (strcmp(b->src->status, "ok") != 0 &&
	    strcmp(b->src->status, "skipped") != 0 && !b->src->cut) {
		report(w, b->src);
	}
	if (w->rows_since_commit >= w->commit_rows ||
	    tstime_mono_ms() - w->last_commit_ms >= WRITER_COMMIT_MS) {
		rc = commit(w, err);
	}
out:
	if (rc != TS_OK) {
		disk_full(w, err);
	}
	w->between = b->final;
	if (b->final && w->zt) {
		ztrainer_passed(w->zt, b->src->seq);
	}
	batch_free(b);
	return rc;
}

int
writer_idle(writer *w, ts_err *err)
{
	int rc;

	if (!w->in_txn || !w->between ||
	    tstime_mono_ms() - w->last_commit_ms < WRITER_COMMIT_MS) {
		return TS_OK;
	}
	if ((rc = commit(w, err)) != TS_OK) {
		disk_full(w, err);
	}
	return rc;
}

/* --- one eventID at two times ------------------------------------------ */

/* The statements that move a conflicting copy, prepared once per sweep:
 * prepared for each copy (the view is a 17-table join to plan), 30k
 * copies took 8.5 s. */
struct mover {
	sqlite3_stmt *sel; /* the copy's provenance and eventID */
	sqlite3_stmt *upd; /* its source and the archives holding it */
	sqlite3_stmt *del; /* the copy's row */
};

static int
mover_prepare(writer *w, struct mover *m, ts_err *err)
{
	memset(m, 0, sizeof(*m));
	if (sqlite3_prepare_v2(w->db,
	                       "SELECT e.source_id, e.record_no, e.raw_offset, "
	                       "e.event_id, "
	                       "(SELECT source_id FROM event WHERE id = ?2) "
	                       "FROM events e WHERE e.id = ?1",
	                       -1, &m->sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db,
	                       "WITH RECURSIVE up(id) AS (SELECT ?1 UNION ALL "
	                       "SELECT s.parent_id FROM source s JOIN up ON "
	                       "s.id = up.id WHERE s.parent_id IS NOT NULL) "
	                       "UPDATE source SET n_indexed = n_indexed - 1, "
	                       "n_duplicates = n_duplicates + 1 WHERE id IN up",
	                       -1, &m->upd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db, "DELETE FROM event WHERE id = ?1", -1,
	                       &m->del, NULL) != SQLITE_OK) {
		return sqlfail(w, err, "conflicts");
	}
	return TS_OK;
}

static void
mover_free(struct mover *m)
{
	sqlite3_finalize(m->sel);
	sqlite3_finalize(m->upd);
	sqlite3_finalize(m->del);
}

/* Run the prepared statement st with ?1 = v to its end. */
static int
step_with(writer *w, sqlite3_stmt *st, int64_t v, ts_err *err)
{
	int rc;

	sqlite3_bind_int64(st, 1, v);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TS_OK : sqlfail(w, err, "conflicts");
}

/* Move event `id` to `rejected`: its first copy is event `first`. */
static int
move_conflict(writer *w, struct mover *m, rawrec *f, int64_t id, int64_t first,
              strbuf *raw, ts_err *err)
{
	sqlite3_stmt *st = m->sel;
	char how[100];
	int64_t source_id;
	int rc = TS_FATAL;

	if (rawrec_get(f, id, raw, err) != TS_OK) {
		return TS_FATAL;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, first);
	if (sqlite3_step(st) != SQLITE_ROW) {
		ts_fail(err, TS_FATAL, "index: event %lld vanished",
		        (long long)id);
		goto out;
	}
	snprintf(how, sizeof(how),
	         "at another eventTime than the copy from source %lld",
	         (long long)sqlite3_column_int64(st, 4));
	source_id = sqlite3_column_int64(st, 0);
	if (reject_copy(w, source_id, sqlite3_column_int64(st, 1),
	                sqlite3_column_int64(st, 2),
	                (const char *)sqlite3_column_text(st, 3), how, raw,
	                err) != TS_OK) {
		goto out;
	}
	/* the source and the archives holding it: one event fewer, one
	 * duplicate more */
	if (step_with(w, m->upd, source_id, err) != TS_OK ||
	    step_with(w, m->del, id, err) != TS_OK) {
		goto out;
	}
	atomic_fetch_sub(&w->st.events, 1);
	w->st.duplicates++; /* reject_copy() counted the conflict */
	rc = TS_OK;
out:
	sqlite3_reset(st);
	return rc;
}

/* Walk event_eid in order (eid, then id) and note each event from
 * `below` on that follows an equal eventID: one pass, no sort; a GROUP
 * BY took 0.4 s on 1M events, this 0.1 s. */
static int
scan_eids(writer *w, int64_t below, sqlite3_stmt *add, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	unsigned char prev[300]; /* eventIDs are at most 256 bytes */
	int prev_len = -1, prev_type = 0, rc;
	int64_t first = 0;

	if (sqlite3_prepare_v2(w->db,
	                       "SELECT eid, id FROM event ORDER BY eid, id", -1,
	                       &st, NULL) != SQLITE_OK) {
		return sqlfail(w, err, "conflicts");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* a 16-byte UUID blob and a text eventID never match */
		int type = sqlite3_column_type(st, 0);
		const void *e = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		int64_t id = sqlite3_column_int64(st, 1);

		if (type == prev_type && n == prev_len &&
		    memcmp(e, prev, (size_t)n) == 0) {
			if (id >= below) {
				sqlite3_bind_int64(add, 1, id);
				sqlite3_bind_int64(add, 2, first);
				rc = sqlite3_step(add);
				sqlite3_reset(add);
				if (rc != SQLITE_DONE) {
					break;
				}
			}
			continue;
		}
		prev_type = type;
		prev_len = n <= (int)sizeof(prev) ? n : -1;
		if (prev_len >= 0) {
			memcpy(prev, e, (size_t)n);
		}
		first = id;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TS_OK : sqlfail(w, err, "conflicts");
}

/* Events from meta's eid_checked_below on whose eventID an earlier event
 * holds: the marker trails a killed run, so the next run checks its rows
 * too.  A bulk load is checked in one pass over event_eid; a few new
 * rows by looking each up. */
static int
sweep_conflicts(writer *w, ts_err *err)
{
	int64_t below = index_count(
	        w->db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM "
	               "meta WHERE key = 'eid_checked_below'), 1)");
	int64_t top = index_count(w->db,
	                          "SELECT coalesce(max(id), 0) + 1 FROM event");
	sqlite3_stmt *st = NULL, *add = NULL;
	struct mover m = {NULL, NULL, NULL};
	rawrec *f = NULL;
	strbuf raw;
	char sql[400];
	int rc = TS_FATAL;

	if (below >= top) {
		return TS_OK;
	}
	strbuf_init(&raw);
	if (begin(w, err) != TS_OK ||
	    index_exec(w->db,
	               "CREATE TEMP TABLE IF NOT EXISTS moving(id INTEGER "
	               "PRIMARY KEY, first INTEGER); DELETE FROM temp.moving;",
	               err) != TS_OK) {
		goto out;
	}
	if ((top - below) * 8 >= top) {
		if (sqlite3_prepare_v2(w->db,
		                       "INSERT INTO temp.moving VALUES(?, ?)",
		                       -1, &add, NULL) != SQLITE_OK) {
			sqlfail(w, err, "conflicts");
			goto out;
		}
		if (scan_eids(w, below, add, err) != TS_OK) {
			goto out;
		}
	} else {
		snprintf(
		        sql, sizeof(sql),
		        "INSERT INTO temp.moving SELECT id, first FROM (SELECT "
		        "e.id, (SELECT min(x.id) FROM event x WHERE x.eid = "
		        "e.eid) AS first FROM event e WHERE e.id >= %lld) "
		        "WHERE first < id",
		        (long long)below);
		if (index_exec(w->db, sql, err) != TS_OK) {
			goto out;
		}
	}
	if (sqlite3_prepare_v2(w->db,
	                       "SELECT id, first FROM temp.moving ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlfail(w, err, "conflicts");
		goto out;
	}
	f = rawrec_new(w->db);
	if (mover_prepare(w, &m, err) != TS_OK) {
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (move_conflict(w, &m, f, sqlite3_column_int64(st, 0),
		                  sqlite3_column_int64(st, 1), &raw,
		                  err) != TS_OK) {
			goto out;
		}
	}
	/* Past the rows left, not `top`: a moved row was the highest, and
	 * SQLite gives its id to the next row inserted, which the marker
	 * must not pass over. */
	snprintf(sql, sizeof(sql),
	         "INSERT OR REPLACE INTO meta VALUES('eid_checked_below', "
	         "(SELECT coalesce(max(id), 0) + 1 FROM event)); "
	         "DELETE FROM temp.moving;");
	if (index_exec(w->db, sql, err) == TS_OK && commit(w, err) == TS_OK) {
		rc = TS_OK;
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(add);
	mover_free(&m);
	rawrec_free(f);
	strbuf_free(&raw);
	return rc;
}

void
writer_progress(writer *w, int (*fn)(void *), void *arg)
{
	sqlite3_progress_handler(w->db, fn ? 1000 : 0, fn, arg);
}

int
writer_finish(writer *w, ts_err *err)
{
	if (w->finished) {
		return TS_OK;
	}
	w->finished = 1;
	if (commit(w, err) != TS_OK ||
	    index_build_secondary(w->db, w->o->jobs - 1, err) != TS_OK ||
	    sweep_conflicts(w, err) != TS_OK ||
	    index_analyze(w->db, err) != TS_OK) {
		return disk_full(w, err);
	}
	return TS_OK;
}

int
writer_close(writer *w, const char *status, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = TS_OK;

	if (w == NULL) {
		return TS_OK;
	}
	if (w->db && strcmp(status, "failed") != 0 &&
	    writer_finish(w, err) != TS_OK) {
		rc = TS_FATAL;
	}
	if (w->db && w->in_txn) {
		index_exec(w->db, "ROLLBACK", NULL);
	}
	if (w->db && w->run_id &&
	    sqlite3_prepare_v2(w->db,
	                       "UPDATE run SET finished=?, status=? WHERE id=?",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, tstime_now_ms());
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, w->run_id);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	sqlite3_stmt *all[] = {
	        w->ins_event,      w->ins_block,    w->ins_dict,
	        w->ins_rej,        w->ins_source,   w->upd_source,
	        w->upd_archive,    w->find_source,  w->find_member,
	        w->find_earlier,   w->find_row,     w->reuse_source,
	        w->sel_str,        w->ins_str,      w->sel_dup,
	        w->ins_digest,     w->ins_snapshot, w->ins_insight,
	        w->ins_source_done};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		sqlite3_finalize(all[i]);
	}
	rawrec_free(w->rr);
	if (w->owns_db) {
		if (index_close(w->db, err) != TS_OK) {
			rc = TS_FATAL;
		}
		index_unlock(w->lock); /* only now: see index_lock() */
	}
	free(w->slots);
	free(w->gid);
	for (int i = 0; i < w->n_arch; i++) {
		hset_free(&w->arch[i].taken);
	}
	free(w->arch);
	strbuf_free(&w->iarena);
	strbuf_free(&w->scratch);
	zdict_free(w->dict);
	free(w);
	return rc;
}

const zdict *
writer_dict(const writer *w)
{
	return w->dict;
}

int
writer_use_trainer(writer *w, ztrainer *t, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = TS_OK;
	ts_err why;

	ts_err_clear(&why);
	w->zt = t;
	if (t == NULL || ztrainer_wanted(t) == 0) {
		return TS_OK;
	}
	if (sqlite3_prepare_v2(w->db,
	                       "SELECT codec, ulen, data FROM raw_block "
	                       "ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		return sqlfail(w, err, "raw_block");
	}
	while (ztrainer_wanted(t) > 0 && sqlite3_step(st) == SQLITE_ROW) {
		if (zblock_decompress(sqlite3_column_int(st, 0),
		                      sqlite3_column_blob(st, 2),
		                      (size_t)sqlite3_column_bytes(st, 2),
		                      (size_t)sqlite3_column_int64(st, 1), NULL,
		                      &w->scratch, &why) != TS_OK) {
			/* its own message: err->msg is where this one is
			 * written */
			rc = ts_fail(err, TS_FATAL,
			             "index damaged: raw block: %s", why.msg);
			break;
		}
		ztrainer_sample(t, w->scratch.buf, w->scratch.len);
	}
	sqlite3_finalize(st);
	if (rc == TS_OK) {
		ztrainer_passed(t, 0); /* enough already: train now */
	}
	return rc;
}

const struct writer_stats *
writer_stats(const writer *w)
{
	return &w->st;
}

/* check.c -- verify an index against the records it holds (see check.h):
 * the stages, and the blocks alongside the events.
 *
 * One pass over `event` in id order and `raw_block` in id order side by
 * side.  The writer gives both their ids as it stores them (max + 1),
 * each block right after its events, so in event id order block_id
 * never goes down, and merging the two streams decompresses each block
 * once.  A block that no event names (its events were moved to
 * `rejected` as changed copies, or were duplicates) is decompressed
 * and checked all the same.  Each event row goes with its block's bytes
 * to checkrec.c, and its source_id to checkacct.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkInt.h"
#include "index.h"
#include "zblock.h"

/* The event rows, their columns in the order of checkInt.h's EV_. */
static const char event_sql[] =
        "SELECT id, time_ms, event_source, event_name, aws_region, account, "
        "principal_type, principal_arn, principal_account, principal_id, "
        "session_issuer, session_name, access_key_id, user_agent, "
        "source_ip, error_code, error_message, event_type, read_only, eid, "
        "request_id, source_id, block_id, block_off, raw_len FROM event "
        "ORDER BY id";

/* A raw block, decompressed or not. */
struct block {
	int64_t id;        /* raw_block.id; valid while `have` */
	int have;          /* a block is loaded */
	int ok;            /* bytes holds it uncompressed */
	char why[400];     /* else why not */
	strbuf bytes;      /* uncompressed */
	uint64_t n_events; /* events read from it (the stream's block) */
	strbuf first;      /* the first of them, named */
};

#define N_DICTS 4 /* zstd dictionaries kept (an index has one or two) */

struct scan {
	struct checker *c;
	sqlite3_stmt *blk;      /* the blocks in id order */
	sqlite3_stmt *one;      /* one block by id */
	struct block cur;       /* the blocks' stream is here */
	struct block side;      /* a block behind it, fetched alone */
	int blk_done;           /* the stream has ended */
	zdict *dicts[N_DICTS];  /* as blocks name them */
	struct check_event e;   /* the event read (e.ev: event_sql) */
	struct checkrec *rec;   /* its record against it (checkrec.c) */
	struct checkacct *acct; /* accounting (checkacct.c) */
	int64_t miss_block;     /* a run of events naming this block, which
	                         * does not exist */
	uint64_t miss_n;        /* ... how many */
	strbuf miss_first;      /* ... the first of them, named */
};

/* --- lines ------------------------------------------------------------- */

void
check_problem(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&c->line);
	va_start(ap, fmt);
	strbuf_vaddf(&c->line, fmt, ap);
	va_end(ap);
	c->st->problems++;
	if (c->o->problem != NULL) {
		c->o->problem(c->o->arg, strbuf_str(&c->line));
	}
}

void
check_value(strbuf *sb, const char *p, size_t len)
{
	size_t n = len;

	if (n > CHECK_VALUE_MAX) {
		n = CHECK_VALUE_MAX;
		/* not inside a UTF-8 sequence */
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80) {
			n--;
		}
	}
	strbuf_addc(sb, '\'');
	strbuf_add_visible_exact(sb, p, n);
	strbuf_addc(sb, '\'');
	if (n < len) {
		strbuf_adds(sb, "...");
	}
}

void
check_progress(struct checker *c, const char *stage)
{
	c->st->stage = stage;
	if (c->o->progress != NULL) {
		c->o->progress(c->o->arg, c->st);
	}
}

/* --- blocks ------------------------------------------------------------ */

/* The dictionary `id` (0: none) into *d, from those kept or the index;
 * 0, or -1 with why set when the index lacks it or it cannot be read. */
static int
find_dict(struct scan *s, unsigned id, const zdict **d, char *why, size_t n)
{
	ts_err err;

	ts_err_clear(&err);
	if (index_dict_kept(s->c->db, s->dicts, N_DICTS, id, d, &err) !=
	    TS_OK) {
		snprintf(why, n, "%.300s", err.msg);
		return -1;
	}
	if (id != 0 && *d == NULL) {
		snprintf(why, n,
		         "it needs zstd dictionary %u, which the index "
		         "lacks",
		         id);
		return -1;
	}
	return 0;
}

/* Load the block of st's row (id, codec, ulen, data) into b and
 * decompress it: b->ok, or b->why. */
static void
load(struct scan *s, struct block *b, sqlite3_stmt *st)
{
	const void *data = sqlite3_column_blob(st, 3);
	size_t len = (size_t)sqlite3_column_bytes(st, 3);
	int codec = sqlite3_column_int(st, 1);
	const zdict *d;
	ts_err err;

	b->id = sqlite3_column_int64(st, 0);
	b->have = 1;
	b->ok = 0;
	b->n_events = 0;
	strbuf_reset(&b->bytes);
	if (sqlite3_column_type(st, 1) != SQLITE_INTEGER ||
	    sqlite3_column_type(st, 2) != SQLITE_INTEGER ||
	    sqlite3_column_int64(st, 2) < 0) {
		snprintf(b->why, sizeof(b->why),
		         "its codec or ulen is not an integer");
		return;
	}
	if (find_dict(s, zblock_dict_id(codec, data, len), &d, b->why,
	              sizeof(b->why)) < 0) {
		return;
	}
	ts_err_clear(&err);
	if (zblock_decompress(codec, data, len,
	                      (size_t)sqlite3_column_int64(st, 2), d, &b->bytes,
	                      &err) != TS_OK) {
		/* "raw block: ..." */
		snprintf(b->why, sizeof(b->why), "%.300s",
		         strncmp(err.msg, "raw block: ", 11) == 0 ? err.msg + 11
		                                                  : err.msg);
		strbuf_free(&b->bytes);
		return;
	}
	b->ok = 1;
}

/* The stream's block is left: if it could not be read, say so, with
 * the events that have their record in it. */
static void
leave(struct scan *s)
{
	struct block *b = &s->cur;

	if (b->have && !b->ok) {
		if (b->n_events > 0) {
			check_problem(s->c,
			              "raw block %lld cannot be read: %s; the "
			              "records of %llu event%s are in it, the "
			              "first %s",
			              (long long)b->id, b->why,
			              (unsigned long long)b->n_events,
			              b->n_events == 1 ? "" : "s",
			              strbuf_str(&b->first));
		} else {
			check_problem(s->c,
			              "raw block %lld cannot be read: %s (no "
			              "event has its record in it)",
			              (long long)b->id, b->why);
		}
	}
	b->have = 0;
}

/* Step the stream of blocks to its next one; 0 at its end. */
static int
next_block(struct scan *s)
{
	int rc;

	leave(s);
	if (s->blk_done) {
		return 0;
	}
	if ((rc = sqlite3_step(s->blk)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE && s->c->st->blocks == 0) {
			check_problem(s->c, "raw_block cannot be read: %s",
			              sqlite3_errmsg(s->c->db));
		} else if (rc != SQLITE_DONE) {
			check_problem(s->c,
			              "raw_block cannot be read after block "
			              "%lld: %s",
			              (long long)s->cur.id,
			              sqlite3_errmsg(s->c->db));
		}
		s->blk_done = 1;
		return 0;
	}
	load(s, &s->cur, s->blk);
	s->c->st->blocks++;
	return 1;
}

/* Block `id`: the stream's, stepped on to it, or one behind the
 * stream fetched alone; NULL when there is none. */
static struct block *
find_block(struct scan *s, int64_t id)
{
	int rc;

	while (!s->blk_done && (!s->cur.have || s->cur.id < id)) {
		next_block(s);
	}
	if (s->cur.have && s->cur.id == id) {
		return &s->cur;
	}
	if (s->side.have && s->side.id == id) {
		return &s->side;
	}
	sqlite3_bind_int64(s->one, 1, id);
	if ((rc = sqlite3_step(s->one)) == SQLITE_ROW) {
		load(s, &s->side, s->one);
		s->c->st->redecoded++;
	} else if (rc != SQLITE_DONE) {
		/* not "does not exist": a damaged table may hold it */
		s->side.id = id;
		s->side.have = 1;
		s->side.ok = 0;
		snprintf(s->side.why, sizeof(s->side.why), "%.300s",
		         sqlite3_errmsg(s->c->db));
	}
	sqlite3_reset(s->one);
	return rc == SQLITE_DONE ? NULL : &s->side;
}

void
check_source_name(strbuf *sb, sqlite3_stmt *st, int64_t id, int col)
{
	const char *path = (const char *)sqlite3_column_text(st, col);
	const char *member = (const char *)sqlite3_column_text(st, col + 1);

	strbuf_addf(sb, "source %lld (", (long long)id);
	check_value(sb, path ? path : "", path ? strlen(path) : 0);
	if (member != NULL) {
		strbuf_adds(sb, ": ");
		check_value(sb, member, strlen(member));
	}
	strbuf_addc(sb, ')');
}

void
check_event_label(strbuf *sb, const char *eid, size_t len, int64_t id)
{
	strbuf_adds(sb, "event ");
	strbuf_add_visible_exact(sb, eid, len);
	strbuf_addf(sb, " (id %lld)", (long long)id);
}

/* Naming every event as it was read cost a twentieth of the time. */
const char *
check_event_name(struct check_event *e)
{
	if (!e->named) {
		strbuf_reset(&e->name);
		check_event_label(&e->name, e->has_eid ? e->eid.buf : "",
		                  e->has_eid ? e->eid.len : 0, e->id);
		e->named = 1;
	}
	return strbuf_str(&e->name);
}

/* A run of events naming a missing block ends. */
static void
flush_missing(struct scan *s)
{
	if (s->miss_n == 0) {
		return;
	}
	check_problem(s->c,
	              "raw block %lld does not exist; %llu event%s name%s it, "
	              "the first %s",
	              (long long)s->miss_block, (unsigned long long)s->miss_n,
	              s->miss_n == 1 ? "" : "s", s->miss_n == 1 ? "s" : "",
	              strbuf_str(&s->miss_first));
	s->miss_n = 0;
}

static void
missing(struct scan *s, int64_t block)
{
	if (s->miss_n > 0 && s->miss_block != block) {
		flush_missing(s);
	}
	if (s->miss_n++ == 0) {
		s->miss_block = block;
		strbuf_reset(&s->miss_first);
		strbuf_adds(&s->miss_first, check_event_name(&s->e));
	}
}

/* The event row at s->e.ev. */
static void
one_event(struct scan *s)
{
	struct check_event *e = &s->e;
	int64_t id = e->id = sqlite3_column_int64(e->ev, EV_ID), block;
	struct block *b;

	s->c->st->events++;
	s->c->st->event_at = id;
	e->has_eid = rawrec_id_column(e->ev, EV_EID, &e->eid);
	e->named = 0;
	checkacct_event(s->acct, e->ev, EV_SOURCE, e->eid.buf ? e->eid.buf : "",
	                e->has_eid ? e->eid.len : 0, id);
	if (sqlite3_column_type(e->ev, EV_BLOCK) != SQLITE_INTEGER) {
		flush_missing(s);
		check_problem(s->c, "%s: its block_id is not an integer",
		              check_event_name(e));
		return;
	}
	block = sqlite3_column_int64(e->ev, EV_BLOCK);
	if ((b = find_block(s, block)) == NULL) {
		missing(s, block);
		return;
	}
	flush_missing(s);
	if (!b->ok && b == &s->cur) {
		if (b->n_events++ == 0) {
			strbuf_reset(&b->first);
			strbuf_adds(&b->first, check_event_name(e));
		}
		return;
	}
	if (!b->ok) {
		check_problem(s->c, "%s: its raw block %lld cannot be read: %s",
		              check_event_name(e), (long long)block, b->why);
		return;
	}
	checkrec_event(s->rec, e, &b->bytes, block);
}

/* --- the stages -------------------------------------------------------- */

static void
check_structure(struct checker *c)
{
	const char *pragma = c->o->full ? "integrity_check" : "quick_check";
	sqlite3_stmt *st = NULL;
	char sql[64];
	int rc;

	check_progress(c, pragma);
	snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		check_problem(c, "sqlite: %s: %s", pragma,
		              sqlite3_errmsg(c->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t != NULL && strcmp(t, "ok") != 0) {
			strbuf v;

			strbuf_init(&v);
			strbuf_add_visible(&v, t, strlen(t));
			check_problem(c, "sqlite: %s", strbuf_str(&v));
			strbuf_free(&v);
		}
	}
	if (rc != SQLITE_DONE) {
		check_problem(c, "sqlite: %s: %s", pragma,
		              sqlite3_errmsg(c->db));
	}
	sqlite3_finalize(st);
}

/* Each zdict row holds the dictionary its id names. */
static void
check_dicts(struct checker *c)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (c->version < 3 || zblock_default_codec() != ZBLOCK_ZSTD) {
		return; /* no zdict table; a build that cannot read them */
	}
	if (sqlite3_prepare_v2(c->db, "SELECT id, data FROM zdict ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		check_problem(c, "zdict cannot be read: %s",
		              sqlite3_errmsg(c->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		ts_err err;
		zdict *d;

		ts_err_clear(&err);
		d = zdict_new(sqlite3_column_blob(st, 1),
		              (size_t)sqlite3_column_bytes(st, 1), 0, &err);
		if (d == NULL) {
			check_problem(c, "zstd dictionary %lld: %s",
			              (long long)id, err.msg);
		} else if ((int64_t)zdict_id(d) != id) {
			check_problem(c,
			              "zstd dictionary %lld: its bytes are "
			              "dictionary %u",
			              (long long)id, zdict_id(d));
		}
		zdict_free(d);
	}
	if (rc != SQLITE_DONE) {
		check_problem(c, "zdict cannot be read: %s",
		              sqlite3_errmsg(c->db));
	}
	sqlite3_finalize(st);
}

/* str row 0 stands for every absent value (schema.sql): checked once
 * here, and taken as absent in every event. */
static void
check_str0(struct checker *c)
{
	sqlite3_stmt *st = NULL;
	strbuf v;

	if (c->version < 4) {
		return; /* an absent value was NULL then */
	}
	if (sqlite3_prepare_v2(c->db, "SELECT s FROM str WHERE id = 0", -1, &st,
	                       NULL) != SQLITE_OK) {
		check_problem(c, "str cannot be read: %s",
		              sqlite3_errmsg(c->db));
		return;
	}
	strbuf_init(&v);
	if (sqlite3_step(st) != SQLITE_ROW) {
		check_problem(c, "str row 0, which stands for an absent value, "
		                 "is missing (the events view leaves out every "
		                 "event without an eventSource, eventName, "
		                 "recipientAccountId or userIdentity.arn)");
	} else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		check_value(&v, sqlite3_column_blob(st, 0),
		            (size_t)sqlite3_column_bytes(st, 0));
		check_problem(c,
		              "str row 0, which stands for an absent value, "
		              "holds %s (every absent value reads so in the "
		              "events view)",
		              strbuf_str(&v));
	}
	strbuf_free(&v);
	sqlite3_finalize(st);
}

static void
scan_free(struct scan *s)
{
	sqlite3_finalize(s->e.ev);
	sqlite3_finalize(s->blk);
	sqlite3_finalize(s->one);
	checkrec_free(s->rec);
	for (int i = 0; i < N_DICTS; i++) {
		zdict_free(s->dicts[i]);
	}
	strbuf_free(&s->cur.bytes);
	strbuf_free(&s->cur.first);
	strbuf_free(&s->side.bytes);
	strbuf_free(&s->side.first);
	strbuf_free(&s->e.eid);
	strbuf_free(&s->e.name);
	strbuf_free(&s->miss_first);
}

/* The blocks and the events, side by side, and the accounting. */
static int
check_events(struct checker *c, ts_err *err)
{
	struct scan s;
	int rc = TS_OK, step;

	memset(&s, 0, sizeof(s));
	s.c = c;
	if (sqlite3_prepare_v2(c->db, event_sql, -1, &s.e.ev, NULL) !=
	            SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
	                       "SELECT id, codec, ulen, data FROM raw_block "
	                       "ORDER BY id",
	                       -1, &s.blk, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
	                       "SELECT id, codec, ulen, data FROM raw_block "
	                       "WHERE id = ?",
	                       -1, &s.one, NULL) != SQLITE_OK) {
		rc = ts_fail(err, TS_FATAL, "cannot read the index: %s",
		             sqlite3_errmsg(c->db));
		goto out;
	}
	s.rec = checkrec_new(c);
	s.acct = checkacct_new(c);
	check_progress(c, "events");
	while ((step = sqlite3_step(s.e.ev)) == SQLITE_ROW) {
		one_event(&s);
		if ((c->st->events & 4095) == 0) {
			check_progress(c, "events");
		}
	}
	if (step != SQLITE_DONE && c->st->events == 0) {
		check_problem(c, "event cannot be read: %s",
		              sqlite3_errmsg(c->db));
	} else if (step != SQLITE_DONE) {
		check_problem(c, "event cannot be read after id %lld: %s",
		              (long long)c->st->event_at,
		              sqlite3_errmsg(c->db));
	}
	flush_missing(&s);
	while (next_block(&s)) {
		/* the blocks after the last event's */
	}
	check_progress(c, "sources");
	checkacct_finish(s.acct);
out:
	scan_free(&s);
	return rc;
}

/* A build without libzstd cannot check an index of zstd blocks: that is
 * no problem of the index. */
static int
can_read_blocks(struct checker *c, ts_err *err)
{
	if (zblock_default_codec() == ZBLOCK_ZSTD ||
	    index_count(c->db, "SELECT EXISTS (SELECT 1 FROM raw_block WHERE "
	                       "codec = 2)") == 0) {
		return TS_OK;
	}
	return ts_fail(err, TS_FATAL,
	               "the index holds zstd blocks, and this trailsift was "
	               "built without libzstd (install libzstd-dev and "
	               "rebuild)");
}

int
check_index(sqlite3 *db, const struct check_opts *o, struct check_stats *st,
            ts_err *err)
{
	struct checker c;
	int rc;

	memset(st, 0, sizeof(*st));
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.o = o;
	c.st = st;
	c.version = (int)index_count(db, "PRAGMA user_version");
	st->event_max = index_count(db, "SELECT max(id) FROM event");
	if ((rc = can_read_blocks(&c, err)) != TS_OK) {
		goto out;
	}
	check_structure(&c);
	check_dicts(&c);
	check_str0(&c);
	if ((rc = check_events(&c, err)) != TS_OK) {
		goto out;
	}
	check_progress(&c, "documents");
	checkdoc_run(&c);
	if (o->sources) {
		check_progress(&c, "files");
		checksrc_run(&c);
	}
out:
	strbuf_free(&c.line);
	return rc;
}

/* rawrec.c -- stored raw records back to their original bytes (see
 * rawrec.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "rawrec.h"
#include "zblock.h"
#include "../ingest/json_tok.h"
#include "../ingest/record.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

/* Decompressed blocks kept, least recently used first out.  Rules read
 * events in time order, and an archive's regions and accounts each
 * have their own run of blocks (21 in the bench archive): with one block
 * kept, every step to another region decompressed 256 KiB again.  Kept
 * while they hold RAWREC_CACHE_BYTES together at most (rawrec.h). */
#define RAWREC_CACHE 32

/* zstd dictionaries kept (an index normally has one). */
#define RAWREC_DICTS 4

struct cached_block {
	int64_t id;    /* block id, 0 for an empty slot */
	uint64_t used; /* `clock` when last used */
	strbuf bytes;  /* uncompressed */
};

struct rawrec {
	sqlite3 *db;       /* the index; not owned */
	sqlite3_stmt *ev;  /* event fields */
	sqlite3_stmt *blk; /* block bytes */
	uint64_t clock;    /* counts block lookups */
	struct cached_block cache[RAWREC_CACHE];
	zdict *dicts[RAWREC_DICTS]; /* loaded as blocks name them */
	strbuf eid, rid;            /* the event's IDs as text */
};

/* Does any of the eight bytes of x lie below 4 (a marker, or NUL)? */
#define ANY_BELOW_4(x)                                                         \
	((((x)-0x0404040404040404u) & ~(x)&0x8080808080808080u) != 0)

void
rawrec_unmark(const char *p, size_t len, const char *eid, const char *rid,
              int64_t time_ms, strbuf *out)
{
	char tbuf[TSTIME_MAX];
	size_t at = 0, i = 0;

	for (;;) {
		const char *v;
		uint64_t x;

		/* eight bytes at a time past those that are no marker:
		 * `check` unmarks every record of an index, and a byte at
		 * a time took a fifth of its time */
		while (i + 8 <= len) {
			memcpy(&x, p + i, 8);
			if (ANY_BELOW_4(x)) {
				break;
			}
			i += 8;
		}
		if (i >= len) {
			break;
		}
		if ((unsigned char)p[i] > 3 || p[i] == 0) {
			i++;
			continue;
		}
		v = p[i] == 1   ? eid
		    : p[i] == 2 ? rid
		                : tstime_format(time_ms, tbuf);
		strbuf_add(out, p + at, i - at);
		strbuf_adds(out, v ? v : "");
		at = ++i;
	}
	strbuf_add(out, p + at, len - at);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
rawrec_same_but_space(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;
	int in_str = 0, esc = 0;

	for (;; i++, j++) {
		if (!in_str) {
			while (i < na && is_space(a[i])) {
				i++;
			}
			while (j < nb && is_space(b[j])) {
				j++;
			}
		}
		if (i == na || j == nb) {
			return i == na && j == nb;
		}
		if (a[i] != b[j]) {
			return 0;
		}
		if (esc) {
			esc = 0;
		} else if (in_str && a[i] == '\\') {
			esc = 1;
		} else if (a[i] == '"') {
			in_str = !in_str;
		}
	}
}

void
rawrec_id_text(const char *base, uint32_t off, size_t len, int blob,
               strbuf *out)
{
	strbuf_reset(out);
	if (blob && len == 16) {
		char u[37];

		record_uuid_format((const uint8_t *)base + off, u);
		strbuf_adds(out, u);
		return;
	}
	strbuf_add(out, base + off, len);
}

int64_t
rawrec_json_time(const char *json, size_t len, const char *key)
{
	json_tok_state t;
	json_tok k, v;
	int64_t ms;
	strbuf s;

	json_tok_init(&t, json, len);
	if (json_tok_next(&t, &k) != JT_OBJ_BEGIN) {
		return INT64_MIN;
	}
	while (json_tok_next(&t, &k) == JT_KEY) {
		if (json_tok_next(&t, &v) == JT_ERROR) {
			return INT64_MIN;
		}
		if (json_tok_eq(&k, key) && v.type == JT_STRING) {
			strbuf_init(&s);
			json_tok_unescape(v.p, v.len, &s);
			if (tstime_parse(strbuf_str(&s), s.len, &ms) != 0) {
				ms = INT64_MIN;
			}
			strbuf_free(&s);
			return ms;
		}
		if (json_tok_skip(&t, &v, NULL) == JT_ERROR) {
			return INT64_MIN;
		}
	}
	return INT64_MIN;
}

rawrec *
rawrec_new(sqlite3 *db)
{
	rawrec *f = xcalloc(1, sizeof(*f));

	f->db = db;
	strbuf_init(&f->eid);
	strbuf_init(&f->rid);
	sqlite3_prepare_v2(db,
	                   "SELECT eid, request_id, time_ms, block_id, "
	                   "block_off, raw_len FROM event WHERE id=?",
	                   -1, &f->ev, NULL);
	sqlite3_prepare_v2(db,
	                   "SELECT codec, ulen, data FROM raw_block WHERE id=?",
	                   -1, &f->blk, NULL);
	return f;
}

void
rawrec_free(rawrec *f)
{
	if (f == NULL) {
		return;
	}
	sqlite3_finalize(f->ev);
	sqlite3_finalize(f->blk);
	for (int i = 0; i < RAWREC_CACHE; i++) {
		strbuf_free(&f->cache[i].bytes);
	}
	for (int i = 0; i < RAWREC_DICTS; i++) {
		zdict_free(f->dicts[i]);
	}
	strbuf_free(&f->eid);
	strbuf_free(&f->rid);
	free(f);
}

size_t
rawrec_cache_bytes(const rawrec *f)
{
	size_t n = 0;

	for (int i = 0; i < RAWREC_CACHE; i++) {
		n += f->cache[i].bytes.cap;
	}
	return n;
}

/* Free the least recently used blocks but `keep` while the cache holds
 * more than RAWREC_CACHE_BYTES: a block may be as large as
 * ZBLOCK_MAX_ULEN, and 32 of those are not memory to keep. */
static void
trim(rawrec *f, const struct cached_block *keep)
{
	while (rawrec_cache_bytes(f) > RAWREC_CACHE_BYTES) {
		struct cached_block *old = NULL;

		for (int i = 0; i < RAWREC_CACHE; i++) {
			struct cached_block *c = &f->cache[i];

			if (c != keep && c->bytes.cap > 0 &&
			    (old == NULL || c->used < old->used)) {
				old = c;
			}
		}
		if (old == NULL) {
			return;
		}
		strbuf_free(&old->bytes);
		old->id = 0;
		old->used = 0;
	}
}

/* Block `id`, uncompressed, from the cache or the index. */
static int
load_block(rawrec *f, int64_t id, const strbuf **out, ts_err *err)
{
	struct cached_block *c = &f->cache[0];
	const zdict *d;
	const void *data;
	size_t len;
	unsigned dict;
	int codec, rc;
	ts_err why;

	f->clock++;
	for (int i = 0; i < RAWREC_CACHE; i++) {
		if (f->cache[i].id == id) {
			f->cache[i].used = f->clock;
			*out = &f->cache[i].bytes;
			return TS_OK;
		}
		if (f->cache[i].used < c->used) {
			c = &f->cache[i];
		}
	}
	c->id = 0;
	c->used = f->clock;
	sqlite3_bind_int64(f->blk, 1, id);
	if ((rc = sqlite3_step(f->blk)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			ts_fail(err, TS_FATAL,
			        "index damaged: raw block %lld is missing",
			        (long long)id);
		} else {
			ts_fail(err, TS_FATAL,
			        "index damaged: raw block %lld: %s",
			        (long long)id, sqlite3_errmsg(f->db));
		}
		sqlite3_reset(f->blk);
		return TS_FATAL;
	}
	codec = sqlite3_column_int(f->blk, 0);
	data = sqlite3_column_blob(f->blk, 2);
	len = (size_t)sqlite3_column_bytes(f->blk, 2);
	dict = zblock_dict_id(codec, data, len);
	if ((rc = index_dict_kept(f->db, f->dicts, RAWREC_DICTS, dict, &d,
	                          err)) == TS_OK &&
	    dict != 0 && d == NULL) {
		rc = ts_fail(err, TS_FATAL,
		             "index damaged: zstd dictionary %u is missing",
		             dict);
	}
	if (rc != TS_OK) {
		sqlite3_reset(f->blk);
		return rc;
	}
	ts_err_clear(&why);
	rc = zblock_decompress(codec, data, len,
	                       (size_t)sqlite3_column_int64(f->blk, 1), d,
	                       &c->bytes, &why);
	sqlite3_reset(f->blk);
	if (rc != TS_OK) {
		strbuf_free(&c->bytes);
		/* its own message: err->msg is where this one is written */
		return ts_fail(err, TS_FATAL, "index damaged: block %lld: %s",
		               (long long)id, why.msg);
	}
	c->id = id;
	*out = &c->bytes;
	trim(f, c);
	return TS_OK;
}

int
rawrec_id_column(sqlite3_stmt *st, int col, strbuf *out)
{
	int type = sqlite3_column_type(st, col);
	const char *p = sqlite3_column_blob(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);

	strbuf_reset(out);
	if (type == SQLITE_NULL) {
		return 0;
	}
	rawrec_id_text(p ? p : "", 0, n, type == SQLITE_BLOB, out);
	return 1;
}

/* The first of the event row's numbers (time_ms, block_id, block_off,
 * raw_len, columns 2 to 5 of f->ev) that is not an integer, or NULL.
 * Text there read as 0: an empty record, shown as if stored so. */
static const char *
not_integer(sqlite3_stmt *ev)
{
	static const char *const name[] = {"time_ms", "block_id", "block_off",
	                                   "raw_len"};

	for (int i = 2; i <= 5; i++) {
		if (sqlite3_column_type(ev, i) != SQLITE_INTEGER) {
			return name[i - 2];
		}
	}
	return NULL;
}

int
rawrec_get(rawrec *f, int64_t id, strbuf *out, ts_err *err)
{
	const char *pe, *pr, *bad;
	const strbuf *b = NULL;
	int64_t block, time_ms, off, len;
	int rc;

	strbuf_reset(out);
	sqlite3_bind_int64(f->ev, 1, id);
	if ((rc = sqlite3_step(f->ev)) != SQLITE_ROW) {
		/* no row is no event; an error (a corrupt page) is damage,
		 * which must not read as "no event" (record() was NULL) */
		rc = rc == SQLITE_DONE
		             ? ts_fail(err, TS_FAIL,
		                       "no event with row id %lld",
		                       (long long)id)
		             : ts_fail(err, TS_FATAL, "index damaged: %s",
		                       sqlite3_errmsg(f->db));
		sqlite3_reset(f->ev);
		return rc;
	}
	if ((bad = not_integer(f->ev)) != NULL) {
		sqlite3_reset(f->ev);
		return ts_fail(err, TS_FATAL,
		               "index damaged: event %lld: its %s is not an "
		               "integer",
		               (long long)id, bad);
	}
	/* whole: a requestID of 300 bytes or more came out cut at 299 in
	 * the record put back, as a fixed buffer held it */
	pe = rawrec_id_column(f->ev, 0, &f->eid) ? strbuf_str(&f->eid) : NULL;
	pr = rawrec_id_column(f->ev, 1, &f->rid) ? strbuf_str(&f->rid) : NULL;
	time_ms = sqlite3_column_int64(f->ev, 2);
	block = sqlite3_column_int64(f->ev, 3);
	off = sqlite3_column_int64(f->ev, 4);
	len = sqlite3_column_int64(f->ev, 5);
	sqlite3_reset(f->ev);
	if (len == 0) {
		/* every record stored is a JSON object, "{}" at least */
		return ts_fail(err, TS_FATAL,
		               "index damaged: event %lld: its record is empty",
		               (long long)id);
	}
	if ((rc = load_block(f, block, &b, err)) != TS_OK) {
		return rc;
	}
	/* no sum: off + len overflowed for a crafted off near INT64_MAX */
	if (off < 0 || len < 0 || off > (int64_t)b->len ||
	    len > (int64_t)b->len - off) {
		return ts_fail(err, TS_FATAL,
		               "index damaged: event %lld lies outside its "
		               "block",
		               (long long)id);
	}
	rawrec_unmark(b->buf + off, (size_t)len, pe, pr, time_ms, out);
	return TS_OK;
}

/* The SQL function record(ID): one per connection, freed with it. */
struct record_fn {
	rawrec *f;
	strbuf raw;
};

static void
record_fn_free(void *p)
{
	struct record_fn *r = p;

	rawrec_free(r->f);
	strbuf_free(&r->raw);
	free(r);
}

static void
record_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct record_fn *r = sqlite3_user_data(cx);
	ts_err err;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		return; /* NULL, as SQL functions do */
	}
	if (sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER) {
		sqlite3_result_error(cx,
		                     "record() takes an event's id (the id "
		                     "column of events), not its event_id",
		                     -1);
		return;
	}
	ts_err_clear(&err);
	switch (rawrec_get(r->f, sqlite3_value_int64(argv[0]), &r->raw, &err)) {
	case TS_OK:
		sqlite3_result_text64(cx, r->raw.buf ? r->raw.buf : "",
		                      r->raw.len, SQLITE_TRANSIENT,
		                      SQLITE_UTF8);
		break;
	case TS_FAIL:
		break; /* no such event: NULL */
	default:
		sqlite3_result_error(cx, err.msg, -1);
	}
}

/* document(json): a stored document (digest.json and the like) as
 * found -- the text itself, or a compressed one (a zstd frame, see
 * batch_add_doc) decompressed, with the dictionary its header names:
 * the built-in one, or another from the index's zdict table. */
static void
document_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct record_fn *r = sqlite3_user_data(cx);
	const void *in;
	size_t len, ulen;
	unsigned id;
	const zdict *d = NULL;
	char msg[300];
	strbuf out;
	ts_err err;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_value(cx, argv[0]); /* text, NULL: as it is */
		return;
	}
	in = sqlite3_value_blob(argv[0]);
	len = (size_t)sqlite3_value_bytes(argv[0]);
	if ((ulen = zblock_frame_ulen(in, len)) == 0) {
		sqlite3_result_error(
		        cx,
		        "document(): not a compressed document (or "
		        "this trailsift was built without zstd)",
		        -1);
		return;
	}
	strbuf_init(&out);
	ts_err_clear(&err);
	/* the built-in one without asking the index; others as record()
	 * finds the blocks' (NULL when the index lacks it: said below) */
	if ((id = zblock_dict_id(ZBLOCK_ZSTD, in, len)) == ZDICT_DOCUMENTS) {
		d = zdict_documents();
	} else {
		index_dict_kept(r->f->db, r->f->dicts, RAWREC_DICTS, id, &d,
		                &err);
	}
	if (err.code == TS_OK && zblock_decompress(ZBLOCK_ZSTD, in, len, ulen,
	                                           d, &out, &err) == TS_OK) {
		/* the buffer is SQLite's now: no copy */
		sqlite3_result_text64(cx, out.buf, out.len, free, SQLITE_UTF8);
		return;
	}
	snprintf(msg, sizeof(msg), "document(): %.250s", err.msg);
	sqlite3_result_error(cx, msg, -1);
	strbuf_free(&out);
}

void
rawrec_sql_unregister(sqlite3 *db)
{
	/* document() first: it shares record()'s data, which deleting
	 * record() frees (record_fn_free()) */
	sqlite3_create_function_v2(db, "document", 1, SQLITE_UTF8, NULL, NULL,
	                           NULL, NULL, NULL);
	sqlite3_create_function_v2(db, "record", 1, SQLITE_UTF8, NULL, NULL,
	                           NULL, NULL, NULL);
}

int
rawrec_sql_register(sqlite3 *db, ts_err *err)
{
	struct record_fn *r = xcalloc(1, sizeof(*r));

	r->f = rawrec_new(db);
	strbuf_init(&r->raw);
	/* xDestroy runs on failure too */
	if (sqlite3_create_function_v2(
	            db, "record", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, r,
	            record_fn, NULL, NULL, record_fn_free) != SQLITE_OK ||
	    sqlite3_create_function_v2(
	            db, "document", 1,
	            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, r,
	            document_fn, NULL, NULL, NULL) != SQLITE_OK) {
		return ts_fail(err, TS_FATAL, "index: %s", sqlite3_errmsg(db));
	}
	return TS_OK;
}

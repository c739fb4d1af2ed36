/* checkrec.c -- one event row against the record it holds (check.h, 3.).
 *
 * The stored bytes, with the markers put back as `show` does
 * (rawrec_unmark()), are parsed by the ingest's own record_parse(),
 * record_columns() and record_id_encode(), and every indexed column of
 * the row is compared with what they make of the record.  The row's
 * string columns are str ids: they are read through an id -> text cache
 * of `str`, bounded and emptied when full, as the writer's intern table
 * is.  Each marker must stand where the record's value is, for a value
 * the ingest would have left out of the stored bytes; the value itself
 * is the row's, and cannot be compared. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkInt.h"
#include "rawrec.h"
#include "../ingest/record.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

/* The str.id columns of `event`, in record_col order. */
static const char *const col_name[N_RECORD_COLS] = {
        "event_source",   "event_name",    "aws_region",        "account",
        "principal_type", "principal_arn", "principal_account", "principal_id",
        "session_issuer", "session_name",  "access_key_id",     "user_agent",
        "source_ip",      "error_code",    "error_message",     "event_type",
};

/* The markers of a stored record (rawrec.h), by their byte. */
static const char *const marker_name[4] = {NULL, "eventID", "requestID",
                                           "eventTime"};

/* An id -> text cache of `str`.  Slots and arena are allocated once;
 * when either is full the cache is emptied (a year of logs has a few
 * hundred thousand strings, most of them a session's own). */
#define STR_SLOTS (1u << 18)    /* power of two */
#define STR_MAX (STR_SLOTS / 2) /* entries before emptying */
#define STR_ARENA (16u << 20)   /* text bytes before emptying */

enum str_kind {
	STR_EMPTY, /* a free slot */
	STR_TEXT,  /* the row's s */
	STR_NULL,  /* a row whose s is NULL */
	STR_NONE,  /* no such row */
	STR_ERROR, /* the row cannot be read (its message in `why`) */
};

struct sslot {
	int64_t id;         /* str.id */
	uint32_t off, len;  /* its text in the arena */
	enum str_kind kind; /* what the row is */
};

struct strcache {
	sqlite3_stmt *sel;   /* SELECT s FROM str WHERE id = ? */
	struct sslot *slots; /* open addressing on id */
	uint32_t n;          /* slots used */
	strbuf arena;        /* texts */
	char why[300];       /* the last STR_ERROR's message */
};

struct checkrec {
	struct checker *c;     /* the check */
	struct check_event *e; /* the event being compared */
	struct strcache sc;    /* str rows */
	strbuf rid;            /* its request_id as text */
	strbuf rec;            /* its record, markers put back */
	strbuf arena;          /* record_columns() output */
	strbuf tmp, tmp2;      /* scratch */
};

/* --- str --------------------------------------------------------------- */

static void
strcache_empty(struct strcache *sc)
{
	memset(sc->slots, 0, STR_SLOTS * sizeof(struct sslot));
	sc->n = 0;
	strbuf_reset(&sc->arena);
}

/* The row `id` of str: its kind, and for STR_TEXT its text in *p, *len
 * (valid until the next call). */
static enum str_kind
str_get(struct checkrec *cr, int64_t id, const char **p, size_t *len)
{
	struct strcache *sc = &cr->sc;
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15u;
	uint32_t i = (uint32_t)(h >> 40) & (STR_SLOTS - 1);
	struct sslot *sl;
	const char *t;
	size_t n = 0;
	int rc;

	for (;; i = (i + 1) & (STR_SLOTS - 1)) {
		sl = &sc->slots[i];
		if (sl->kind == STR_EMPTY) {
			break;
		}
		if (sl->id == id) {
			*p = sc->arena.buf + sl->off;
			*len = sl->len;
			return sl->kind;
		}
	}
	sqlite3_bind_int64(sc->sel, 1, id);
	rc = sqlite3_step(sc->sel);
	t = rc == SQLITE_ROW ? (const char *)sqlite3_column_blob(sc->sel, 0)
	                     : NULL;
	n = t ? (size_t)sqlite3_column_bytes(sc->sel, 0) : 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(sc->why, sizeof(sc->why), "%s",
		         sqlite3_errmsg(cr->c->db));
		sqlite3_reset(sc->sel);
		return STR_ERROR; /* not kept: it says nothing of the row */
	}
	if (sc->n >= STR_MAX || sc->arena.len + n > STR_ARENA) {
		strcache_empty(sc);
		for (i = (uint32_t)(h >> 40) & (STR_SLOTS - 1);
		     sc->slots[i].kind != STR_EMPTY;
		     i = (i + 1) & (STR_SLOTS - 1)) {
		}
		sl = &sc->slots[i];
	}
	sl->id = id;
	sl->off = (uint32_t)sc->arena.len;
	sl->len = (uint32_t)n;
	sl->kind = rc == SQLITE_DONE                                ? STR_NONE
	           : sqlite3_column_type(sc->sel, 0) == SQLITE_NULL ? STR_NULL
	                                                            : STR_TEXT;
	strbuf_add(&sc->arena, t ? t : "", n);
	sc->n++;
	sqlite3_reset(sc->sel);
	*p = sc->arena.buf + sl->off;
	*len = n;
	return sl->kind;
}

/* --- one event --------------------------------------------------------- */

static int
is_int(sqlite3_stmt *ev, int col)
{
	return sqlite3_column_type(ev, col) == SQLITE_INTEGER;
}

/* A time for a line: "MS (ISO 8601)". */
static void
time_value(strbuf *sb, int64_t ms)
{
	char buf[TSTIME_MAX];

	strbuf_addf(sb, "%lld (%s)", (long long)ms, tstime_format(ms, buf));
}

/* One string column: the row's str id against the record's value. */
static void
compare_str(struct checkrec *cr, int c, const char *rec, int has)
{
	sqlite3_stmt *ev = cr->e->ev;
	int type = sqlite3_column_type(ev, EV_STR + c);
	int64_t id = sqlite3_column_int64(ev, EV_STR + c);
	const char *v = NULL;
	size_t n = 0, rn = has ? strlen(rec) : 0;

	if (type == SQLITE_NULL && cr->c->version < 4) {
		id = 0; /* versions before 4 stored an absent value so */
	} else if (type != SQLITE_INTEGER) {
		check_problem(cr->c, "%s: %s is not a str row id",
		              check_event_name(cr->e), col_name[c]);
		return;
	}
	if (id != 0) {
		switch (str_get(cr, id, &v, &n)) {
		case STR_TEXT:
			break;
		case STR_NONE:
			check_problem(
			        cr->c,
			        "%s: %s names str row %lld, which does not "
			        "exist (the events view %s)",
			        check_event_name(cr->e), col_name[c],
			        (long long)id,
			        c == COL_EVENT_SOURCE || c == COL_EVENT_NAME ||
			                        c == COL_ACCOUNT ||
			                        c == COL_PRINCIPAL_ARN
			                ? "leaves the event out"
			                : "shows no value");
			return;
		case STR_NULL:
			check_problem(cr->c,
			              "%s: %s names str row %lld, whose s is "
			              "NULL (only row 0 may be)",
			              check_event_name(cr->e), col_name[c],
			              (long long)id);
			return;
		default:
			check_problem(cr->c,
			              "%s: %s: str row %lld cannot be "
			              "read: %s",
			              check_event_name(cr->e), col_name[c],
			              (long long)id, cr->sc.why);
			return;
		}
	}
	if (v == NULL ? !has : has && n == rn && memcmp(v, rec, n) == 0) {
		return;
	}
	strbuf_reset(&cr->tmp);
	strbuf_reset(&cr->tmp2);
	v ? check_value(&cr->tmp, v, n) : strbuf_adds(&cr->tmp, "(none)");
	has ? check_value(&cr->tmp2, rec, rn)
	    : strbuf_adds(&cr->tmp2, "(none)");
	check_problem(cr->c, "%s: %s is %s in the index, the record says %s",
	              check_event_name(cr->e), col_name[c],
	              strbuf_str(&cr->tmp), strbuf_str(&cr->tmp2));
}

/* An ID value for a line: as text, or x'HEX' for a blob that is not
 * a UUID; "(none)" when absent (blob < 0). */
static void
id_value(strbuf *sb, const char *p, size_t n, int blob)
{
	if (blob < 0) {
		strbuf_adds(sb, "(none)");
	} else if (blob == 1 && n == 16) {
		char u[37];

		record_uuid_format((const uint8_t *)p, u);
		check_value(sb, u, 36);
	} else if (blob == 1) {
		strbuf_adds(sb, "x'");
		for (size_t i = 0; i < n && i < CHECK_VALUE_MAX / 2; i++) {
			strbuf_addf(sb, "%02x", (unsigned char)p[i]);
		}
		strbuf_adds(sb, n > CHECK_VALUE_MAX / 2 ? "'..." : "'");
	} else {
		check_value(sb, p, n);
	}
}

/* eid or request_id (column col) against what the ingest stores for the
 * record's span: the same bytes, and as a blob or text alike. */
static void
compare_id(struct checkrec *cr, const char *what, int col,
           const struct record_span *sp)
{
	sqlite3_stmt *ev = cr->e->ev;
	int type = sqlite3_column_type(ev, col);
	const char *v = sqlite3_column_blob(ev, col);
	size_t n = (size_t)sqlite3_column_bytes(ev, col);
	int blob = type == SQLITE_NULL   ? -1
	           : type == SQLITE_BLOB ? 1
	           : type == SQLITE_TEXT ? 0
	                                 : 2; /* a number: never stored */
	int rblob = -1;

	strbuf_reset(&cr->tmp);
	if (sp->p != NULL) {
		record_id_encode(sp, &cr->tmp, &rblob);
	}
	if (blob == rblob && (blob < 0 || (n == cr->tmp.len &&
	                                   memcmp(v, cr->tmp.buf, n) == 0))) {
		return;
	}
	strbuf_reset(&cr->tmp2);
	id_value(&cr->tmp2, v, n, blob == 2 ? 0 : blob);
	strbuf_adds(&cr->tmp2, " in the index, the record says ");
	id_value(&cr->tmp2, cr->tmp.buf, cr->tmp.len, rblob);
	if (blob >= 0 && rblob >= 0 && blob != rblob) {
		strbuf_adds(&cr->tmp2,
		            blob == 2    ? " (stored as a number)"
		            : rblob == 1 ? " (stored as text, where the ingest "
		                           "stores a lowercase UUID as its 16 "
		                           "bytes)"
		                         : " (stored as a blob, where the "
		                           "ingest stores this ID as text)");
	}
	check_problem(cr->c, "%s: %s is %s", check_event_name(cr->e), what,
	              strbuf_str(&cr->tmp2));
}

/* The markers of stored record p[0..len): where each is (at[k]) and
 * how often (n[k]), k being the marker's byte. */
static void
find_markers(const char *p, size_t len, size_t at[4], int n[4])
{
	const char *q = p, *end = p + len;

	memset(n, 0, 4 * sizeof(int));
	/* a record has each at most once: memchr for each is faster
	 * than a test of every byte */
	for (int k = 1; k <= 3; k++) {
		for (q = p; (q = memchr(q, k, (size_t)(end - q))) != NULL;
		     q++) {
			if (n[k]++ == 0) {
				at[k] = (size_t)(q - p);
			}
		}
	}
}

/* Each marker of the stored record must stand where record r (the
 * record with the values put back) has its value, and for a value the
 * ingest would have left in place: an unescaped ID, a time in whole
 * seconds.  vlen[k]: the length of the value put back for marker k. */
static void
check_markers(struct checkrec *cr, const struct record *r, const size_t at[4],
              const int n[4], const size_t vlen[4], int64_t time_ms)
{
	const struct record_span *sp[4] = {NULL, &r->event_id, &r->request_id,
	                                   &r->event_time};

	for (int k = 1; k <= 3; k++) {
		if (n[k] > 1) {
			check_problem(cr->c,
			              "%s: its stored record holds the %s "
			              "marker %d times",
			              check_event_name(cr->e), marker_name[k],
			              n[k]);
			return;
		}
	}
	for (int k = 1; k <= 3; k++) {
		size_t out = at[k];

		if (n[k] == 0) {
			continue;
		}
		for (int j = 1; j <= 3; j++) {
			if (n[j] && at[j] < at[k]) {
				out += vlen[j] - 1;
			}
		}
		if (sp[k]->p == NULL ||
		    (size_t)(sp[k]->p - cr->rec.buf) != out ||
		    sp[k]->len != vlen[k] || sp[k]->escaped) {
			check_problem(
			        cr->c,
			        "%s: the %s marker of its stored record is "
			        "not the record's %s",
			        check_event_name(cr->e), marker_name[k],
			        marker_name[k]);
		} else if (k == 3 && !r->time_is_canonical) {
			strbuf_reset(&cr->tmp);
			time_value(&cr->tmp, time_ms);
			check_problem(
			        cr->c,
			        "%s: time_ms is %s in the index, the "
			        "record says a whole second (its eventTime "
			        "is stored as a marker, which only a time "
			        "in whole seconds gets)",
			        check_event_name(cr->e), strbuf_str(&cr->tmp));
		}
	}
}

/* The columns of event row ev against record r. */
static void
compare_columns(struct checkrec *cr, const struct record *r, int64_t time_ms,
                const long off[N_RECORD_COLS])
{
	sqlite3_stmt *ev = cr->e->ev;
	int ro;

	for (int c = 0; c < N_RECORD_COLS; c++) {
		compare_str(cr, c, off[c] >= 0 ? cr->arena.buf + off[c] : NULL,
		            off[c] >= 0);
	}
	if (r->time_ms != time_ms) {
		strbuf_reset(&cr->tmp);
		strbuf_reset(&cr->tmp2);
		time_value(&cr->tmp, time_ms);
		time_value(&cr->tmp2, r->time_ms);
		check_problem(cr->c,
		              "%s: time_ms is %s in the index, the record says "
		              "%s",
		              check_event_name(cr->e), strbuf_str(&cr->tmp),
		              strbuf_str(&cr->tmp2));
	}
	if (sqlite3_column_type(ev, EV_READ_ONLY) != SQLITE_NULL &&
	    !is_int(ev, EV_READ_ONLY)) {
		check_problem(cr->c, "%s: read_only is not an integer",
		              check_event_name(cr->e));
	} else if ((ro = sqlite3_column_type(ev, EV_READ_ONLY) == SQLITE_NULL
	                         ? -1
	                         : sqlite3_column_int(ev, EV_READ_ONLY)) !=
	           r->read_only) {
		char a[24], b[24];

		snprintf(a, sizeof(a), ro < 0 ? "(none)" : "%d", ro);
		snprintf(b, sizeof(b), r->read_only < 0 ? "(none)" : "%d",
		         r->read_only);
		check_problem(cr->c,
		              "%s: read_only is %s in the index, the record "
		              "says %s",
		              check_event_name(cr->e), a, b);
	}
	compare_id(cr, "eid", EV_EID, &r->event_id);
	compare_id(cr, "request_id", EV_RID, &r->request_id);
}

/* What a record that is no event is, for a line. */
static const char *
not_event(const struct record *r)
{
	switch (r->kind) {
	case REC_LOOKUP:
		return "a lookup-events entry";
	case REC_ENVELOPE:
		return "an EventBridge envelope";
	case REC_DIGEST:
		return "a digest document";
	case REC_INSIGHT:
		return "an Insights record";
	default:
		return r->why;
	}
}

void
checkrec_event(struct checkrec *cr, struct check_event *e, const strbuf *b,
               int64_t block)
{
	sqlite3_stmt *ev = e->ev;
	int64_t off, len, time_ms;
	struct record r;
	long cols[N_RECORD_COLS];
	size_t at[4] = {0, 0, 0, 0}, vlen[4];
	int n[4], has_eid, has_rid;
	char tbuf[TSTIME_MAX];
	const char *p;

	cr->e = e;
	if (!is_int(ev, EV_OFF) || !is_int(ev, EV_LEN) ||
	    !is_int(ev, EV_TIME)) {
		check_problem(cr->c,
		              "%s: its time_ms, block_off or raw_len is not an "
		              "integer",
		              check_event_name(cr->e));
		return;
	}
	off = sqlite3_column_int64(ev, EV_OFF);
	len = sqlite3_column_int64(ev, EV_LEN);
	time_ms = sqlite3_column_int64(ev, EV_TIME);
	if (len <= 0) {
		/* every record stored is a JSON object, "{}" at least */
		check_problem(cr->c, "%s: its record is empty (raw_len %lld)",
		              check_event_name(cr->e), (long long)len);
		return;
	}
	/* no sum: off + len overflows for a crafted off */
	if (off < 0 || off > (int64_t)b->len || len > (int64_t)b->len - off) {
		check_problem(cr->c,
		              "%s: its record (%lld bytes at offset %lld) lies "
		              "outside raw block %lld (%zu bytes)",
		              check_event_name(cr->e), (long long)len,
		              (long long)off, (long long)block, b->len);
		return;
	}
	p = b->buf + off;
	has_eid = cr->e->has_eid;
	has_rid = rawrec_id_column(ev, EV_RID, &cr->rid);
	find_markers(p, (size_t)len, at, n);
	vlen[1] = has_eid ? strlen(cr->e->eid.buf) : 0;
	vlen[2] = has_rid ? strlen(cr->rid.buf) : 0;
	vlen[3] = strlen(tstime_format(time_ms, tbuf));
	strbuf_reset(&cr->rec);
	rawrec_unmark(p, (size_t)len, has_eid ? cr->e->eid.buf : NULL,
	              has_rid ? cr->rid.buf : NULL, time_ms, &cr->rec);
	record_parse(cr->rec.buf, cr->rec.len, &r);
	if (r.kind != REC_EVENT) {
		check_problem(cr->c,
		              "%s: its record is not a CloudTrail event: %s",
		              check_event_name(cr->e), not_event(&r));
		return;
	}
	check_markers(cr, &r, at, n, vlen, time_ms);
	if (record_columns(&r, &cr->arena, cols) < 0) {
		check_problem(
		        cr->c,
		        "%s: its record has an invalid string escape in a "
		        "column",
		        check_event_name(cr->e));
		return;
	}
	cr->c->st->events_checked++;
	compare_columns(cr, &r, time_ms, cols);
}

struct checkrec *
checkrec_new(struct checker *c)
{
	struct checkrec *cr = xcalloc(1, sizeof(*cr));

	cr->c = c;
	/* a failure shows as STR_ERROR at the first use */
	sqlite3_prepare_v2(c->db, "SELECT s FROM str WHERE id = ?", -1,
	                   &cr->sc.sel, NULL);
	cr->sc.slots = xcalloc(STR_SLOTS, sizeof(struct sslot));
	strbuf_reserve_exact(&cr->sc.arena, STR_ARENA); /* never moved */
	return cr;
}

void
checkrec_free(struct checkrec *cr)
{
	if (cr == NULL) {
		return;
	}
	sqlite3_finalize(cr->sc.sel);
	free(cr->sc.slots);
	strbuf_free(&cr->sc.arena);
	strbuf_free(&cr->rid);
	strbuf_free(&cr->rec);
	strbuf_free(&cr->arena);
	strbuf_free(&cr->tmp);
	strbuf_free(&cr->tmp2);
	free(cr);
}

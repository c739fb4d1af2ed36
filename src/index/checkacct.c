/* checkacct.c -- the accounting between `event` and `source` that the
 * writer keeps (check.h, 4.), checked as the events stream past.
 *
 * What the writer guarantees, and where (writer.c):
 *   - Every event names the source row of the file or bundle member it
 *     was read from (insert_row() binds b->src->row_id, the row that
 *     open_source() found, reused or numbered for it, and that
 *     close_source() writes in the same transaction), never a bundle's
 *     own row.  No row that events name is ever deleted: the one DELETE
 *     FROM source (same_bytes_again()) takes a bundle row just made,
 *     with no member under it.
 *   - A row's n_indexed is the number of events that name it.
 *     put_events() counts each event it inserts (src_indexed), and
 *     close_source() stores the count with the row, in the same
 *     transaction; a row reused by a later read starts from its
 *     n_indexed (open_source(), "!fin && same"), and an event of the
 *     earlier read met again is neither new nor a duplicate
 *     (duplicate()); move_conflict() deletes a changed copy's event and
 *     takes it off n_indexed of its source, in one transaction.  So
 *     the events of all rows but bundles' add up to count(event).
 *   - A member's parent_id names a row: the bundle's, which stays.
 * What it does not guarantee, and is therefore not checked:
 *   - a bundle row's n_indexed against its members' (upd_archive sums
 *     them as the bundle ends, but a member row read again under a
 *     changed bundle's new row moves there with reuse_source, and the
 *     old bundle row keeps its sum; a bundle cut off keeps 0);
 *   - n_records against n_indexed + n_duplicates + ... (a lookup-events
 *     item or an envelope holds a record of its own, foreign items are
 *     counted apart, and a read again counts anew);
 *   - a raw block per event (blocks hold duplicates' bytes too, and a
 *     changed copy moved to `rejected` leaves its block).
 *
 * Events come in id order, and a source's events are mostly one run of
 * them (a source read again adds a run later), so counting runs needs
 * no table of every source: when a run ends its count is added to what
 * earlier runs of the source counted, and only a source whose count so
 * far differs from its n_indexed is kept (`pending`); one whose count
 * agreed is known to have counted n_indexed (`seen`, a bitmap of
 * source ids).  Memory: a bit per source, and the sources that
 * disagree. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checkInt.h"
#include "index.h"
#include "../util/xmalloc.h"

/* int64 -> int64, open addressing with linear probing. */
struct idmap {
	int64_t *key;  /* keys */
	int64_t *val;  /* values */
	uint8_t *used; /* slot taken */
	size_t cap;    /* slots: 0 or a power of two */
	size_t n;      /* slots taken */
};

struct checkacct {
	struct checker *c;    /* the check */
	sqlite3_stmt *sel;    /* a source row's n_indexed and kind */
	uint8_t *bits;        /* seen, for ids 0 .. n_bits - 1 */
	int64_t n_bits;       /* ids the bitmap covers */
	struct idmap far;     /* seen, for the others (edited ids) */
	struct idmap pending; /* source id -> events counted so far, where
	                       * that differs from its n_indexed */
	int64_t src;          /* the run's source id */
	uint64_t n;           /* its events so far; 0: no run */
	strbuf first;         /* its first event, named */
	strbuf name;          /* scratch: a source named */
};

/* --- idmap ------------------------------------------------------------- */

static size_t
home(const struct idmap *m, int64_t k)
{
	return (size_t)(((uint64_t)k * 0x9e3779b97f4a7c15u) >> 20) &
	       (m->cap - 1);
}

static int64_t *
idmap_find(struct idmap *m, int64_t k)
{
	if (m->cap == 0) {
		return NULL;
	}
	for (size_t i = home(m, k); m->used[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->key[i] == k) {
			return &m->val[i];
		}
	}
	return NULL;
}

static void
idmap_put(struct idmap *m, int64_t k, int64_t v)
{
	int64_t *p = idmap_find(m, k);
	size_t i;

	if (p != NULL) {
		*p = v;
		return;
	}
	if ((m->n + 1) * 2 > m->cap) {
		struct idmap big = {NULL, NULL, NULL, m->cap ? m->cap * 2 : 64,
		                    0};

		big.key = xmalloc(big.cap * sizeof(int64_t));
		big.val = xmalloc(big.cap * sizeof(int64_t));
		big.used = xcalloc(big.cap, 1);
		for (size_t j = 0; j < m->cap; j++) {
			if (m->used[j]) {
				idmap_put(&big, m->key[j], m->val[j]);
			}
		}
		free(m->key);
		free(m->val);
		free(m->used);
		*m = big;
	}
	for (i = home(m, k); m->used[i]; i = (i + 1) & (m->cap - 1)) {
	}
	m->used[i] = 1;
	m->key[i] = k;
	m->val[i] = v;
	m->n++;
}

/* Remove k, moving back the entries after it that its slot made wait
 * (linear probing's deletion: no tombstones). */
static void
idmap_del(struct idmap *m, int64_t k)
{
	int64_t *p = idmap_find(m, k);
	size_t i, j, mask = m->cap - 1;

	if (p == NULL) {
		return;
	}
	i = (size_t)(p - m->val);
	m->used[i] = 0;
	m->n--;
	for (j = (i + 1) & mask; m->used[j]; j = (j + 1) & mask) {
		size_t h = home(m, m->key[j]);

		/* j's entry stays if its home lies cyclically in (i, j] */
		if (i <= j ? (h > i && h <= j) : (h > i || h <= j)) {
			continue;
		}
		m->key[i] = m->key[j];
		m->val[i] = m->val[j];
		m->used[i] = 1;
		m->used[j] = 0;
		i = j;
	}
}

static void
idmap_free(struct idmap *m)
{
	free(m->key);
	free(m->val);
	free(m->used);
}

/* --- seen -------------------------------------------------------------- */

/* Mark source id seen; 1 if it was already. */
static int
seen_add(struct checkacct *a, int64_t id)
{
	if (id >= 0 && id < a->n_bits) {
		uint8_t bit = (uint8_t)(1u << (id & 7));
		int was = (a->bits[id >> 3] & bit) != 0;

		a->bits[id >> 3] |= bit;
		return was;
	}
	if (idmap_find(&a->far, id) != NULL) {
		return 1;
	}
	idmap_put(&a->far, id, 1);
	return 0;
}

static int
seen_has(struct checkacct *a, int64_t id)
{
	if (id >= 0 && id < a->n_bits) {
		return (a->bits[id >> 3] >> (id & 7)) & 1;
	}
	return idmap_find(&a->far, id) != NULL;
}

/* --- runs -------------------------------------------------------------- */

struct checkacct *
checkacct_new(struct checker *c)
{
	struct checkacct *a = xcalloc(1, sizeof(*a));
	int64_t max = index_count(c->db, "SELECT max(id) FROM source");
	int64_t rows = index_count(c->db, "SELECT count(*) FROM source");
	/* ids as the writer gives them are 1 .. rows, about; an edited
	 * id far beyond goes to `far` rather than into a huge bitmap */
	int64_t cap = rows * 8 + (1 << 20);

	a->c = c;
	a->n_bits = max < 0 ? 0 : max + 1 > cap ? cap : max + 1;
	a->bits = xcalloc((size_t)(a->n_bits / 8 + 1), 1);
	sqlite3_prepare_v2(c->db,
	                   "SELECT n_indexed, kind FROM source WHERE id = ?",
	                   -1, &a->sel, NULL);
	return a;
}

/* check_source_name() into a->name. */
static const char *
source_name(struct checkacct *a, sqlite3_stmt *st, int64_t id, int col)
{
	strbuf_reset(&a->name);
	check_source_name(&a->name, st, id, col);
	return strbuf_str(&a->name);
}

/* The run of events of source a->src ends. */
static void
end_run(struct checkacct *a)
{
	int64_t n_indexed, prior = 0, *p;
	const char *kind;
	int rc;

	if (a->n == 0) {
		return;
	}
	sqlite3_bind_int64(a->sel, 1, a->src);
	if ((rc = sqlite3_step(a->sel)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			check_problem(
			        a->c,
			        "source %lld does not exist; %llu event%s "
			        "name%s it, the first %s",
			        (long long)a->src, (unsigned long long)a->n,
			        a->n == 1 ? "" : "s", a->n == 1 ? "s" : "",
			        strbuf_str(&a->first));
		} else {
			check_problem(a->c, "source %lld cannot be read: %s",
			              (long long)a->src,
			              sqlite3_errmsg(a->c->db));
		}
		sqlite3_reset(a->sel);
		a->n = 0;
		return;
	}
	n_indexed = sqlite3_column_int64(a->sel, 0);
	kind = (const char *)sqlite3_column_text(a->sel, 1);
	if (kind != NULL && strcmp(kind, "archive") == 0) {
		check_problem(
		        a->c,
		        "source %lld is a bundle's own row, which no event "
		        "comes from; %llu event%s name%s it, the first %s",
		        (long long)a->src, (unsigned long long)a->n,
		        a->n == 1 ? "" : "s", a->n == 1 ? "s" : "",
		        strbuf_str(&a->first));
	} else {
		if (seen_add(a, a->src)) {
			p = idmap_find(&a->pending, a->src);
			prior = p ? *p : n_indexed;
		}
		if (prior + (int64_t)a->n == n_indexed) {
			idmap_del(&a->pending, a->src);
		} else {
			idmap_put(&a->pending, a->src, prior + (int64_t)a->n);
		}
	}
	sqlite3_reset(a->sel);
	a->n = 0;
}

void
checkacct_event(struct checkacct *a, sqlite3_stmt *ev, int col, const char *eid,
                size_t len, int64_t id)
{
	int64_t src = sqlite3_column_int64(ev, col);

	if (sqlite3_column_type(ev, col) != SQLITE_INTEGER) {
		end_run(a);
		strbuf_reset(&a->name);
		check_event_label(&a->name, eid, len, id);
		check_problem(a->c, "%s: its source_id is not an integer",
		              strbuf_str(&a->name));
		return;
	}
	if (a->n > 0 && src == a->src) {
		a->n++;
		return;
	}
	end_run(a);
	a->src = src;
	a->n = 1;
	strbuf_reset(&a->first);
	check_event_label(&a->first, eid, len, id);
}

/* Every source row: its n_indexed against the events counted, and its
 * parent. */
static void
check_rows(struct checkacct *a)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	            a->c->db,
	            "SELECT s.id, s.n_indexed, s.kind, s.parent_id, "
	            "s.parent_id IS NULL OR EXISTS (SELECT 1 FROM source p "
	            "WHERE p.id = s.parent_id), s.path, s.member FROM source s "
	            "ORDER BY s.id",
	            -1, &st, NULL) != SQLITE_OK) {
		check_problem(a->c, "source cannot be read: %s",
		              sqlite3_errmsg(a->c->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int64_t n_indexed = sqlite3_column_int64(st, 1);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		int64_t count = 0, *p;

		if ((++a->c->st->sources & 4095) == 0) {
			check_progress(a->c, "sources");
		}
		if (kind == NULL || strcmp(kind, "archive") != 0) {
			if (seen_has(a, id)) {
				p = idmap_find(&a->pending, id);
				count = p ? *p : n_indexed;
			}
			if (count != n_indexed ||
			    sqlite3_column_type(st, 1) != SQLITE_INTEGER) {
				check_problem(a->c,
				              "%s: n_indexed is %lld, and %lld "
				              "event%s name%s it",
				              source_name(a, st, id, 5),
				              (long long)n_indexed,
				              (long long)count,
				              count == 1 ? "" : "s",
				              count == 1 ? "s" : "");
			}
		}
		if (!sqlite3_column_int(st, 4)) {
			check_problem(
			        a->c,
			        "%s: its parent_id %lld names no source row",
			        source_name(a, st, id, 5),
			        (long long)sqlite3_column_int64(st, 3));
		}
	}
	if (rc != SQLITE_DONE) {
		check_problem(a->c, "source cannot be read: %s",
		              sqlite3_errmsg(a->c->db));
	}
	sqlite3_finalize(st);
}

void
checkacct_finish(struct checkacct *a)
{
	if (a == NULL) {
		return;
	}
	end_run(a);
	check_rows(a);
	sqlite3_finalize(a->sel);
	free(a->bits);
	idmap_free(&a->far);
	idmap_free(&a->pending);
	strbuf_free(&a->first);
	strbuf_free(&a->name);
	free(a);
}

/* checkdoc.c -- the documents kept whole (check.h, 5.): each digest,
 * Insights record and snapshot item against the columns of its row, and
 * each source's n_documents against the rows that name it.
 *
 * What the writer stores (writer.c, put_docs()):
 *   - digest: the document as found, or a zstd frame of it that
 *     document() reads back; start_time, end_time, account, s3_object
 *     and n_log_files as batch_digest_fields() reads them on a worker,
 *     and where it finds no value of the usual type, what json_extract()
 *     makes of the document; region the source row's (its S3 key's).
 *   - insight: event_id json_extract(json, '$.eventID'), time_ms
 *     rawrec_json_time(json, "eventTime").
 *   - snapshot: the item as found.  Its type and captured_ms come from
 *     the container and the options of the run, not from the item: they
 *     are not checked.
 *   - Every row names the source row it was read from, never a bundle's
 *     own, and that row's n_documents counts them: open_source() deletes
 *     what an earlier read of a reused row left before it counts anew.
 * The rows are read in rowid order, one at a time: memory stays flat. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkInt.h"
#include "index.h"
#include "../ingest/batch.h"

struct docs {
	struct checker *c;
	sqlite3_stmt *doc;  /* document(?1) */
	sqlite3_stmt *json; /* is ?1 JSON, and what json_extract() finds */
	strbuf name;        /* the row being checked, named */
	strbuf have, want;  /* values, quoted */
};

/* "TABLE row R of source S (PATH[: MEMBER])" into d->name, the
 * source's columns at col (id, path, member, kind). */
static const char *
row_name(struct docs *d, const char *table, sqlite3_stmt *st, int col)
{
	strbuf_reset(&d->name);
	strbuf_addf(&d->name, "%s row %lld of ", table,
	            (long long)sqlite3_column_int64(st, 0));
	check_source_name(&d->name, st, sqlite3_column_int64(st, 1), col + 1);
	return strbuf_str(&d->name);
}

/* Whether the row at st names a source row that is not a bundle's: the
 * source's id found (NULL: none), path, member and kind at col. */
static int
has_source(struct docs *d, const char *table, sqlite3_stmt *st, int col)
{
	const char *kind = (const char *)sqlite3_column_text(st, col + 3);

	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		strbuf_reset(&d->name);
		strbuf_addf(&d->name, "%s row %lld", table,
		            (long long)sqlite3_column_int64(st, 0));
		check_problem(d->c,
		              "%s: its source_id %lld names no source "
		              "row",
		              strbuf_str(&d->name),
		              (long long)sqlite3_column_int64(st, 1));
		return 0;
	}
	if (kind != NULL && strcmp(kind, "archive") == 0) {
		check_problem(d->c,
		              "%s: names a bundle's own row, not a "
		              "member's",
		              row_name(d, table, st, col));
		return 0;
	}
	return 1;
}

/* v quoted into sb: "(none)" for NULL, a number as it is. */
static void
quote(strbuf *sb, sqlite3_value *v)
{
	strbuf_reset(sb);
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		strbuf_adds(sb, "(none)");
		break;
	case SQLITE_INTEGER:
		strbuf_addf(sb, "%lld", (long long)sqlite3_value_int64(v));
		break;
	default:
		check_value(sb, (const char *)sqlite3_value_text(v),
		            (size_t)sqlite3_value_bytes(v));
	}
}

/* Column `col` holds `have`, and `who` says `want`: a problem
 * when they differ (compared as numbers when both are integers, else
 * as text, as the columns' affinity stored them). */
static void
same(struct docs *d, const char *col, sqlite3_value *have, sqlite3_value *want,
     const char *who)
{
	int th = sqlite3_value_type(have), tw = sqlite3_value_type(want);
	const unsigned char *a, *b;

	if (th == SQLITE_NULL || tw == SQLITE_NULL) {
		if (th == tw) {
			return;
		}
	} else if (th == SQLITE_INTEGER && tw == SQLITE_INTEGER) {
		if (sqlite3_value_int64(have) == sqlite3_value_int64(want)) {
			return;
		}
	} else {
		a = sqlite3_value_text(have);
		b = sqlite3_value_text(want);
		if (a != NULL && b != NULL &&
		    sqlite3_value_bytes(have) == sqlite3_value_bytes(want) &&
		    memcmp(a, b, (size_t)sqlite3_value_bytes(have)) == 0) {
			return;
		}
	}
	quote(&d->have, have);
	quote(&d->want, want);
	check_problem(d->c, "%s: %s is %s in the index, %s says %s",
	              strbuf_str(&d->name), col, strbuf_str(&d->have), who,
	              strbuf_str(&d->want));
}

/* The document of the row at st (column col) as found, in d->doc's row
 * (column 0), or NULL after a problem. */
static const char *
document(struct docs *d, sqlite3_stmt *st, int col, size_t *len)
{
	const char *p;

	sqlite3_reset(d->doc);
	sqlite3_bind_value(d->doc, 1, sqlite3_column_value(st, col));
	if (sqlite3_step(d->doc) != SQLITE_ROW) {
		check_problem(d->c, "%s: its document cannot be read: %s",
		              strbuf_str(&d->name), sqlite3_errmsg(d->c->db));
		return NULL;
	}
	p = (const char *)sqlite3_column_text(d->doc, 0);
	*len = (size_t)sqlite3_column_bytes(d->doc, 0);
	if (p == NULL) {
		check_problem(d->c, "%s: its document is NULL",
		              strbuf_str(&d->name));
	}
	return p;
}

/* d->json on p[0..len), after the other parameters are bound: 0 after
 * a problem (not JSON). */
static int
is_json(struct docs *d, const char *p, size_t len)
{
	sqlite3_bind_text(d->json, 1, p, (int)len, SQLITE_STATIC);
	if (sqlite3_step(d->json) != SQLITE_ROW) {
		check_problem(d->c, "%s: cannot be read: %s",
		              strbuf_str(&d->name), sqlite3_errmsg(d->c->db));
		return 0;
	}
	if (sqlite3_column_int(d->json, 0) != 1) {
		check_problem(d->c, "%s: its document is not JSON",
		              strbuf_str(&d->name));
		return 0;
	}
	return 1;
}

/* The digest columns from d->json's row (columns 1...) and the row at
 * st (the source's columns at 9). */
static void
one_digest(struct docs *d, sqlite3_stmt *st)
{
	static const char *const cols[] = {"start_time", "end_time", "account",
	                                   "s3_object", "n_log_files"};
	struct doc g;
	size_t len;
	const char *p;

	if (!has_source(d, "digest", st, 9)) {
		return;
	}
	row_name(d, "digest", st, 9);
	same(d, "region", sqlite3_column_value(st, 2),
	     sqlite3_column_value(st, 13), "the source row (its S3 key)");
	if ((p = document(d, st, 8, &len)) == NULL) {
		return;
	}
	memset(&g, 0, sizeof(g));
	g.json = (char *)p;
	g.len = len;
	batch_digest_fields(&g);
	sqlite3_reset(d->json);
	index_bind_ms(d->json, 2, g.start_ms);
	index_bind_ms(d->json, 3, g.end_ms);
	index_bind_text(d->json, 4, g.account);
	index_bind_text(d->json, 5, g.s3_object);
	g.n_log_files >= 0 ? sqlite3_bind_int64(d->json, 6, g.n_log_files)
	                   : sqlite3_bind_null(d->json, 6);
	if (is_json(d, p, len)) {
		for (int i = 0; i < 5; i++) {
			same(d, cols[i], sqlite3_column_value(st, 3 + i),
			     sqlite3_column_value(d->json, 1 + i),
			     "the document");
		}
	}
	free(g.account);
	free(g.s3_object);
}

static void
one_insight(struct docs *d, sqlite3_stmt *st)
{
	const char *p = (const char *)sqlite3_column_text(st, 4);
	size_t len = (size_t)sqlite3_column_bytes(st, 4);

	if (!has_source(d, "insight", st, 5)) {
		return;
	}
	row_name(d, "insight", st, 5);
	if (p == NULL) {
		check_problem(d->c, "%s: its record is NULL",
		              strbuf_str(&d->name));
		return;
	}
	sqlite3_reset(d->json);
	index_bind_ms(d->json, 2, rawrec_json_time(p, len, "eventTime"));
	if (is_json(d, p, len)) {
		same(d, "event_id", sqlite3_column_value(st, 2),
		     sqlite3_column_value(d->json, 1), "the record");
		same(d, "time_ms", sqlite3_column_value(st, 3),
		     sqlite3_column_value(d->json, 2), "the record");
	}
}

static void
one_snapshot(struct docs *d, sqlite3_stmt *st)
{
	if (!has_source(d, "snapshot", st, 3)) {
		return;
	}
	row_name(d, "snapshot", st, 3);
	if (sqlite3_column_int(st, 2) != 1) {
		check_problem(d->c, "%s: its item is not JSON",
		              strbuf_str(&d->name));
	}
}

/* Each source's n_documents against the rows that name it. */
static void
counts(struct docs *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	            d->c->db,
	            "WITH n(id, n) AS (SELECT source_id, count(*) FROM (SELECT "
	            "source_id FROM digest UNION ALL SELECT source_id FROM "
	            "insight UNION ALL SELECT source_id FROM snapshot) GROUP "
	            "BY 1) SELECT s.id, s.n_documents, s.path, s.member, "
	            "coalesce(n.n, 0) FROM source s LEFT JOIN n ON n.id = s.id "
	            "WHERE s.kind <> 'archive' AND s.n_documents IS NOT "
	            "coalesce(n.n, 0) ORDER BY s.id",
	            -1, &st, NULL) != SQLITE_OK) {
		check_problem(d->c, "documents cannot be counted: %s",
		              sqlite3_errmsg(d->c->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 4);

		strbuf_reset(&d->name);
		check_source_name(&d->name, st, sqlite3_column_int64(st, 0), 2);
		quote(&d->have, sqlite3_column_value(st, 1));
		check_problem(d->c,
		              "%s: n_documents is %s, but %lld digest, "
		              "insight or snapshot row%s name%s it",
		              strbuf_str(&d->name), strbuf_str(&d->have),
		              (long long)n, n == 1 ? "" : "s",
		              n == 1 ? "s" : "");
	}
	if (rc != SQLITE_DONE) {
		check_problem(d->c, "documents cannot be counted: %s",
		              sqlite3_errmsg(d->c->db));
	}
	sqlite3_finalize(st);
}

/* The rows of one table: `sql` selects them (rowid, source_id first),
 * `json` is d->json's statement for them (NULL: none), `one` checks a
 * row. */
static void
table(struct docs *d, const char *name, const char *sql, const char *json,
      void (*one)(struct docs *, sqlite3_stmt *))
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(d->c->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    (json != NULL && sqlite3_prepare_v2(d->c->db, json, -1, &d->json,
	                                        NULL) != SQLITE_OK)) {
		check_problem(d->c, "%s cannot be read: %s", name,
		              sqlite3_errmsg(d->c->db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		one(d, st);
		d->c->st->documents++;
	}
	if (rc != SQLITE_DONE) {
		check_problem(d->c, "%s cannot be read: %s", name,
		              sqlite3_errmsg(d->c->db));
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(d->json);
	d->json = NULL;
}

#define SOURCE_COLS "s.id, s.path, s.member, s.kind"
#define SOURCE_JOIN " LEFT JOIN source s ON s.id = x.source_id ORDER BY x.rowid"

void
checkdoc_run(struct checker *c)
{
	struct docs d;
	int registered = 0;
	ts_err err;

	memset(&d, 0, sizeof(d));
	d.c = c;
	strbuf_init(&d.name);
	strbuf_init(&d.have);
	strbuf_init(&d.want);
	ts_err_clear(&err);
	if (rawrec_sql_register(c->db, &err) != TS_OK) {
		check_problem(c, "documents cannot be read: %s", err.msg);
		goto out;
	}
	registered = 1;
	if (sqlite3_prepare_v2(c->db, "SELECT document(?1)", -1, &d.doc,
	                       NULL) != SQLITE_OK) {
		check_problem(c, "documents cannot be read: %s",
		              sqlite3_errmsg(c->db));
		goto out;
	}
	table(&d, "digest",
	      "SELECT x.rowid, x.source_id, x.region, x.start_time, "
	      "x.end_time, x.account, x.s3_object, x.n_log_files, "
	      "x.json, " SOURCE_COLS ", s.region FROM digest x" SOURCE_JOIN,
	      /* the writer's SQL (ins_digest) where the worker found none */
	      "SELECT json_valid(?1), ?2, ?3, CASE WHEN json_valid(?1) THEN "
	      "coalesce(?4, json_extract(?1, '$.awsAccountId')) END, CASE "
	      "WHEN json_valid(?1) THEN coalesce(?5, json_extract(?1, "
	      "'$.digestS3Object')) END, CASE WHEN json_valid(?1) THEN "
	      "coalesce(?6, json_array_length(?1, '$.logFiles')) END",
	      one_digest);
	table(&d, "insight",
	      "SELECT x.rowid, x.source_id, x.event_id, x.time_ms, "
	      "x.json, " SOURCE_COLS " FROM insight x" SOURCE_JOIN,
	      "SELECT json_valid(?1), CASE WHEN json_valid(?1) THEN "
	      "json_extract(?1, '$.eventID') END, ?2",
	      one_insight);
	table(&d, "snapshot",
	      "SELECT x.rowid, x.source_id, json_valid(x.json), " SOURCE_COLS
	      " FROM snapshot x" SOURCE_JOIN,
	      NULL, one_snapshot);
	counts(&d);
out:
	sqlite3_finalize(d.doc);
	if (registered) {
		rawrec_sql_unregister(c->db);
	}
	strbuf_free(&d.name);
	strbuf_free(&d.have);
	strbuf_free(&d.want);
}

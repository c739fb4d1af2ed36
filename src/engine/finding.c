/* finding.c -- the finding list, its output rows and its storage (see
 * finding.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "../index/index.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

/* Copy s (NULL: NULL) to *p, moving *p past it. */
static char *
put(char **p, const char *s)
{
	char *d = *p;
	size_t n;

	if (s == NULL) {
		return NULL;
	}
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*p += n;
	return d;
}

/* The strings of a finding share one block, which its rule_id starts:
 * a report holds a finding per row, hundreds of thousands of them, and
 * seven allocations each cost about a hundred bytes a finding in
 * malloc's headers and rounding alone. */
void
finding_add(struct finding_list *fl, const struct finding *f)
{
	const char *evidence = f->evidence ? f->evidence : "[]";
	struct finding *c;
	size_t n;
	char *p;

	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? 2 * fl->cap : 64;
		fl->v = xrealloc(fl->v, fl->cap * sizeof(*fl->v));
	}
	n = strlen(f->rule_id) + 1 + strlen(f->severity) + 1 +
	    (f->subject ? strlen(f->subject) + 1 : 0) + strlen(f->message) + 1 +
	    strlen(evidence) + 1 + (f->data ? strlen(f->data) + 1 : 0);
	p = xmalloc(n);
	c = &fl->v[fl->n++];
	c->rule_id = put(&p, f->rule_id);
	c->severity = put(&p, f->severity);
	c->time_ms = f->time_ms;
	c->subject = put(&p, f->subject);
	c->message = put(&p, f->message);
	c->evidence = put(&p, evidence);
	c->data = put(&p, f->data);
}

void
finding_list_move(struct finding_list *dst, struct finding_list *src)
{
	if (dst->n == 0) {
		free(dst->v);
		*dst = *src;
		memset(src, 0, sizeof(*src));
		return;
	}
	if (dst->n + src->n > dst->cap) {
		dst->cap = dst->n + src->n;
		dst->v = xrealloc(dst->v, dst->cap * sizeof(*dst->v));
	}
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	src->n = 0;
}

void
finding_list_clear(struct finding_list *fl)
{
	for (size_t i = 0; i < fl->n; i++) {
		free(fl->v[i].rule_id); /* and every other string */
	}
	free(fl->v);
	memset(fl, 0, sizeof(*fl));
}

void
finding_out_begin(out *o)
{
	static const char *const names[] = {"rule_id", "severity", "time",
	                                    "subject", "message",  "evidence",
	                                    "data"};

	out_begin(o, 7, names);
}

void
finding_out_row(out *o, const struct finding *f)
{
	char t[TSTIME_MAX];

	out_text(o, f->rule_id, (size_t)-1);
	out_text(o, f->severity, (size_t)-1);
	if (f->time_ms == FINDING_NO_TIME) {
		out_null(o);
	} else {
		out_text(o, tstime_format(f->time_ms, t), (size_t)-1);
	}
	out_text(o, f->subject, (size_t)-1);
	out_text(o, f->message, (size_t)-1);
	out_json(o, f->evidence, (size_t)-1);
	if (f->data) {
		out_json(o, f->data, (size_t)-1);
	} else {
		out_null(o);
	}
	out_row(o);
}

static int
sqlfail(sqlite3 *db, ts_err *err, const char *what)
{
	return ts_fail(err, TS_FATAL, "storing findings: %s: %s", what,
	               sqlite3_errmsg(db));
}

int
finding_run_begin(sqlite3 *db, const char *command, int64_t *run_id,
                  ts_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = TS_OK;

	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO run(kind, started, command, "
	                       "version) VALUES('rules', ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		return sqlfail(db, err, "run");
	}
	sqlite3_bind_int64(st, 1, tstime_now_ms());
	sqlite3_bind_text(st, 2, command, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, PACKAGE_VERSION, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlfail(db, err, "run");
	}
	sqlite3_finalize(st);
	*run_id = sqlite3_last_insert_rowid(db);
	return rc;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s) {
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, i);
	}
}

static int
insert_all(sqlite3 *db, int64_t run_id, const char *rule_id,
           const struct finding_list *fl, ts_err *err)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = TS_OK;

	if (sqlite3_prepare_v2(db, "DELETE FROM finding WHERE rule_id = ?", -1,
	                       &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO finding(run_id, rule_id, "
	                       "severity, time_ms, subject, message, "
	                       "evidence, data) VALUES(?,?,?,?,?,?,?,?)",
	                       -1, &ins, NULL) != SQLITE_OK) {
		rc = sqlfail(db, err, "prepare");
		goto out;
	}
	sqlite3_bind_text(del, 1, rule_id, -1, SQLITE_STATIC);
	if (sqlite3_step(del) != SQLITE_DONE) {
		rc = sqlfail(db, err, "delete");
		goto out;
	}
	for (size_t i = 0; i < fl->n; i++) {
		const struct finding *f = &fl->v[i];

		sqlite3_bind_int64(ins, 1, run_id);
		bind_text(ins, 2, f->rule_id);
		bind_text(ins, 3, f->severity);
		if (f->time_ms == FINDING_NO_TIME) {
			sqlite3_bind_null(ins, 4);
		} else {
			sqlite3_bind_int64(ins, 4, f->time_ms);
		}
		bind_text(ins, 5, f->subject);
		bind_text(ins, 6, f->message);
		bind_text(ins, 7, f->evidence);
		bind_text(ins, 8, f->data);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = sqlfail(db, err, "insert");
			goto out;
		}
		sqlite3_reset(ins);
	}
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

int
finding_store(sqlite3 *db, int64_t run_id, const char *rule_id,
              const struct finding_list *fl, ts_err *err)
{
	if (index_exec(db, "BEGIN IMMEDIATE", err) != TS_OK) {
		return TS_FATAL;
	}
	if (insert_all(db, run_id, rule_id, fl, err) != TS_OK) {
		index_exec(db, "ROLLBACK", NULL);
		return TS_FATAL;
	}
	return index_exec(db, "COMMIT", err);
}

int
finding_run_end(sqlite3 *db, int64_t run_id, const char *status, ts_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = TS_OK;

	if (sqlite3_prepare_v2(db,
	                       "UPDATE run SET finished = ?, status = ? "
	                       "WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		return sqlfail(db, err, "run");
	}
	sqlite3_bind_int64(st, 1, tstime_now_ms());
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, run_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlfail(db, err, "run");
	}
	sqlite3_finalize(st);
	return rc;
}

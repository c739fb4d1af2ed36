/* finding.h -- findings: kept in a list while a rule runs, then stored
 * in the index and printed.
 *
 * ctx:finding() (ctx_lua.c) appends to the list of the rule being run.
 * `rules run` prints each completed rule's list through out.h and
 * stores it through a write connection of its own, opened with
 * index_open(INDEX_WRITE) -- never the read-only connection the rules
 * query.  Storing replaces the rule's earlier findings, in one
 * transaction, so the `findings` view holds the latest complete result
 * of every rule ever run, each row tagged with the run that produced it
 * (finding.run_id -> run.id, kind 'rules').  `rules test` prints the
 * same rows as JSON and compares them with the fixtures.
 * The list owns copies of every string, in one block per finding that
 * its rule_id starts. */
#ifndef TS_FINDING_H
#define TS_FINDING_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../report/out.h"
#include "../util/err.h"

/* time_ms of a finding without a time. */
#define FINDING_NO_TIME INT64_MIN

struct finding {
	char *rule_id;   /* the rule */
	char *severity;  /* info | low | medium | high */
	int64_t time_ms; /* ms since the epoch, or FINDING_NO_TIME */
	char *subject;   /* what it is about, or NULL */
	char *message;   /* one line for a person */
	char *evidence;  /* JSON array of event ids */
	char *data;      /* JSON object, or NULL */
};

struct finding_list {
	struct finding *v; /* findings in the order they were made */
	size_t n;          /* entries used */
	size_t cap;        /* entries allocated */
};

/* Append a copy of f. */
void finding_add(struct finding_list *fl, const struct finding *f);
/* Append src's findings to dst without copying them: src is left
 * empty (and reusable), dst owns them. */
void finding_list_move(struct finding_list *dst, struct finding_list *src);
/* Free every finding; the list is then empty and reusable. */
void finding_list_clear(struct finding_list *fl);

/* The output columns: rule_id, severity, time, subject, message,
 * evidence, data. */
void finding_out_begin(out *o);
void finding_out_row(out *o, const struct finding *f);

/* Start a `rules` run: a row in `run` (kind 'rules').  TS_OK with
 * *run_id set, or TS_FATAL. */
int finding_run_begin(sqlite3 *db, const char *command, int64_t *run_id,
                      ts_err *err);
/* Replace the findings of rule_id by fl, tagged run_id, in one
 * transaction.  TS_OK or TS_FATAL. */
int finding_store(sqlite3 *db, int64_t run_id, const char *rule_id,
                  const struct finding_list *fl, ts_err *err);
/* Close the run row with its status (ok, partial). */
int finding_run_end(sqlite3 *db, int64_t run_id, const char *status,
                    ts_err *err);

#endif

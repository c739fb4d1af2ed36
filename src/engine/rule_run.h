/* rule_run.h -- run one loaded rule over an index.
 *
 * rule_run() prepares
 *	SELECT * FROM events WHERE (<where>) ORDER BY time_ms, event_id
 * on the connection given (which the caller opened read-only, or made
 * query_only), so SQLite filters and Lua sees only matching rows, in time
 * order with ties broken by event id (read in that order through the
 * time index, or found through another and sorted: rule_where_sorts()); calls
 *each(e, ctx) once per row and finish(ctx) once at the end, each call under a
 *fresh instruction budget; and appends what ctx:finding() records to the
 *caller's list. The connection gets the read-only authorizer and the SQL budget
 *of sqlguard.h for as long as the rule runs.
 *
 * The where query's SQL budget is --max-sql-steps plus
 * RULE_RUN_STEPS_PER_EVENT steps for every event in the index: a plain
 * filtered scan never reaches it, a where with a runaway subquery does.
 *
 * struct rule_run is the state of the run in progress, shared with
 * event_lua.c (the `e` objects) and ctx_lua.c (the ctx methods), which
 * reach it through sandbox_of(L)->run. */
#ifndef TS_RULE_RUN_H
#define TS_RULE_RUN_H

#include <sqlite3.h>
#include <stdint.h>

#include "finding.h"
#include "rule.h"
#include "../index/rawrec.h"
#include "../util/strbuf.h"

#define RULE_RUN_STEPS_PER_EVENT 1000

/* Most rows a where may find for the where query to sort them; beyond,
 * it reads the events in time order (a sort of more would spill to
 * temporary files in proportion). */
#define RULE_RUN_SORT_MAX 200000

struct rule_run {
	struct rule *rule;             /* the rule being run */
	sandbox *sb;                   /* its sandbox */
	sqlite3 *db;                   /* the index (read-only for the rule) */
	sqlite3_stmt *rows;            /* the where query, on the current row */
	int in_each;                   /* inside each(): rows is on an event */
	int64_t row_id;                /* current event's row id (events.id) */
	int64_t time_ms;               /* its time, for ctx:finding's default */
	int col_id;                    /* column of `id` in rows */
	int col_time;                  /* column of `time_ms` */
	int col_event_id;              /* column of `event_id` */
	rawrec *raw;                   /* original records, for e.record */
	strbuf rec;                    /* the current record's bytes */
	struct finding_list *findings; /* where ctx:finding appends */
	size_t findings_bytes;         /* the bytes its findings hold */
	strbuf evidence;               /* ctx:finding's evidence JSON */
	strbuf data;                   /* ctx:finding's data JSON */
	int in_query;                  /* a ctx:query statement is stepping */
	sqlite3_int64 heap_room;       /* SQLite's memory cap above its use
	                                * at the start, in bytes; 0: none */
	uint64_t query_spent;          /* its SQL steps so far */
	uint64_t scan_spent;           /* the where query's SQL steps so far */
	uint64_t scan_limit;           /* and its budget */
};

/* Should the where query sort what `where` finds in [since_ms,
 * until_ms] rather than read the events in time order?  Yes when SQLite
 * finds them through an index (the plan's loop over the events is a
 * SEARCH) and they are at most max: reading every event in time order,
 * each looked up from the time index, costs more than finding a few and
 * sorting them.  Only the speed differs: the order is the same. */
int rule_where_sorts(sqlite3 *db, const char *where, int64_t since_ms,
                     int64_t until_ms, long max);

/* Run r over db.  TS_OK; TS_FAIL when the rule failed (its where does
 * not prepare, a run-time error, a budget): the reason, with file:line
 * (rule_where_at() for the where query) and a traceback when Lua code
 * failed, is appended to msg and the findings it made so far
 * are left in fl; TS_FATAL when reading the index failed. */
int rule_run(struct rule *r, sqlite3 *db, struct finding_list *fl, strbuf *msg);

#endif

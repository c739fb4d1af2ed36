/* rule_run.c -- the where query, each() per row, finish() (see
 * rule_run.h).
 *
 * Nothing that can raise a Lua error runs outside sandbox_call(): the
 * per-run set-up (ctx, column map, registry references) is a protected
 * C function, and each row's `e` is made inside the protected call that
 * runs each(), so even the memory cap cannot hit unprotected code. */
#include "config.h"

#include <lauxlib.h>
#include <string.h>

#include "ctx_lua.h"
#include "event_lua.h"
#include "rule_run.h"
#include "sqlguard.h"
#include "../index/index.h"

/* References to the rule's functions and ctx, valid for one run. */
struct refs {
	struct rule_run *run; /* the run */
	int each;             /* each(), or LUA_REFNIL */
	int finish;           /* finish(), or LUA_REFNIL */
	int ctx;              /* the ctx table */
};

static int
progress(void *arg)
{
	struct rule_run *run = arg;

	if (sandbox_stopped()) {
		return 1;
	}
	if (run->in_query) {
		run->query_spent += SQLGUARD_PROGRESS_OPS;
		return run->query_spent > run->sb->lim.max_sql_steps;
	}
	run->scan_spent += SQLGUARD_PROGRESS_OPS;
	return run->scan_spent > run->scan_limit;
}

static int
column(sqlite3_stmt *st, const char *name)
{
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		if (strcmp(sqlite3_column_name(st, i), name) == 0) {
			return i;
		}
	}
	return 0;
}

int
rule_where_sorts(sqlite3 *db, const char *where, int64_t since_ms,
                 int64_t until_ms, long max)
{
	sqlite3_stmt *st = NULL;
	strbuf sql;
	int seeks = 0, scans = 0;
	long n = max + 1;

	strbuf_init(&sql);
	strbuf_addf(&sql,
	            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE (\n%s\n) "
	            "AND +time_ms BETWEEN ?1 AND ?2",
	            where);
	if (sqlite3_prepare_v2(db, sql.buf, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d =
			        (const char *)sqlite3_column_text(st, 3);

			/* the view's own loop over event, not a subquery's */
			if (sqlite3_column_int(st, 1) != 0 || d == NULL) {
				continue;
			}
			seeks |= strncmp(d, "SEARCH e ", 9) == 0;
			scans |= strncmp(d, "SCAN e", 6) == 0 &&
			         (d[6] == '\0' || d[6] == ' ');
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (seeks && !scans) {
		strbuf_reset(&sql);
		strbuf_addf(
		        &sql,
		        "SELECT count(*) FROM (SELECT 1 FROM events WHERE "
		        "(\n%s\n) AND +time_ms BETWEEN ?1 AND ?2 LIMIT %ld)",
		        where, max + 1);
		if (sqlite3_prepare_v2(db, sql.buf, -1, &st, NULL) ==
		    SQLITE_OK) {
			sqlite3_bind_int64(st, 1, since_ms);
			sqlite3_bind_int64(st, 2, until_ms);
			if (sqlite3_step(st) == SQLITE_ROW) {
				n = (long)sqlite3_column_int64(st, 0);
			}
		}
		sqlite3_finalize(st);
	}
	strbuf_free(&sql);
	return n <= max;
}

static int
prepare(struct rule_run *run, strbuf *msg)
{
	struct rule *r = run->rule;
	const char *tail = NULL;
	strbuf sql;
	int rc = TS_OK;

	/* The window (:trailsift_since, :trailsift_until: parameters 1 and
	 * 2) as "+time_ms", which no index serves: the rule's own where
	 * chooses the index, and an identity rule's (event_source,
	 * event_name) lookup stays a lookup however wide the window.
	 * Without a where, the time index serves the window. */
	strbuf_init(&sql);
	strbuf_adds(&sql, "SELECT * FROM events WHERE ");
	if (r->where) {
		/* Newlines: a -- comment at the end of where stays there.
		 * Before the window's parameters, so that a parameter of
		 * its own (?1 too) is one more, and refused below, rather
		 * than bound to the window. */
		strbuf_addf(&sql, "(\n%s\n) AND +", r->where);
	}
	strbuf_adds(&sql, "time_ms BETWEEN :trailsift_since AND "
	                  ":trailsift_until ORDER BY ");
	/* In time order the events come through the time index, each row
	 * looked up: a where that an index serves finds its few rows
	 * faster and sorts them (event_name alone on 1M events: 0.02 s
	 * instead of 0.58). */
	if (r->where && rule_where_sorts(run->db, r->where, r->since_ms,
	                                 r->until_ms, RULE_RUN_SORT_MAX)) {
		strbuf_addc(&sql, '+');
	}
	strbuf_adds(&sql, "time_ms, event_id");
	if (sqlite3_prepare_v2(run->db, sql.buf, -1, &run->rows, &tail) !=
	    SQLITE_OK) {
		rule_where_at(r, msg);
		strbuf_addf(msg, ": where: %s", sqlite3_errmsg(run->db));
		rc = TS_FAIL;
	} else if ((tail && !sqlguard_only_trailer(tail)) ||
	           !sqlite3_stmt_readonly(run->rows)) {
		rule_where_at(r, msg);
		strbuf_adds(msg, ": where: not a single read-only expression");
		rc = TS_FAIL;
	} else if (sqlite3_bind_parameter_count(run->rows) != 2 ||
	           sqlite3_bind_parameter_index(run->rows,
	                                        ":trailsift_since") != 1 ||
	           sqlite3_bind_parameter_index(run->rows,
	                                        ":trailsift_until") != 2) {
		rule_where_at(r, msg);
		strbuf_adds(
		        msg,
		        ": where: parameters are not allowed (where is "
		        "fixed SQL; read ctx.args in each or use ctx:query)");
		rc = TS_FAIL;
	} else {
		sqlite3_bind_int64(run->rows, 1, r->since_ms);
		sqlite3_bind_int64(run->rows, 2, r->until_ms);
		run->col_id = column(run->rows, "id");
		run->col_time = column(run->rows, "time_ms");
		run->col_event_id = column(run->rows, "event_id");
	}
	strbuf_free(&sql);
	return rc;
}

static int
ref_field(lua_State *L, int t, const char *name)
{
	t = lua_absindex(L, t);
	lua_pushstring(L, name);
	lua_rawget(L, t);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Protected: the column map, ctx, and references.  (refs) -> () */
static int
begin(lua_State *L)
{
	struct refs *refs = lua_touserdata(L, 1);
	struct rule *r = refs->run->rule;

	if (refs->run->rows) {
		event_lua_begin(L, refs->run);
	}
	ctx_lua_push(L, r);
	refs->ctx = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->spec_ref);
	refs->each = ref_field(L, -1, "each");
	refs->finish = ref_field(L, -1, "finish");
	return 0;
}

/* Protected: (each, ctx) -> each(e, ctx) for the current row. */
static int
call_each(lua_State *L)
{
	event_lua_push(L);
	lua_insert(L, 2);
	lua_call(L, 2, 0);
	return 0;
}

static int
each_rows(struct rule_run *run, const struct refs *refs, strbuf *msg)
{
	sandbox *sb = run->sb;
	lua_State *L = sb->L;
	int step, rc = TS_OK;

	while (rc == TS_OK) {
		run->in_query = 0;
		if ((step = sqlite3_step(run->rows)) != SQLITE_ROW) {
			break;
		}
		run->row_id = sqlite3_column_int64(run->rows, run->col_id);
		run->time_ms = sqlite3_column_int64(run->rows, run->col_time);
		run->in_each = 1;
		if (!lua_checkstack(L, 6)) {
			strbuf_adds(msg, "out of Lua stack");
			return TS_FAIL;
		}
		lua_pushcfunction(L, call_each);
		lua_rawgeti(L, LUA_REGISTRYINDEX, refs->each);
		lua_rawgeti(L, LUA_REGISTRYINDEX, refs->ctx);
		rc = sandbox_call(sb, 2, 0, msg);
		run->in_each = 0;
		sb->gen++;
	}
	if (rc != TS_OK || step == SQLITE_DONE) {
		return rc;
	}
	if (step == SQLITE_NOMEM && run->heap_room > 0) {
		rule_where_at(run->rule, msg);
		strbuf_addf(msg,
		            ": the where query reached the SQLite memory limit "
		            "of %lld MiB (see --max-memory)",
		            (long long)(run->heap_room >> 20));
		return TS_FAIL;
	}
	if (step == SQLITE_INTERRUPT) {
		rule_where_at(run->rule, msg);
		strbuf_addf(msg,
		            ": the where query exceeded its SQL budget "
		            "(%llu steps; see --max-sql-steps)",
		            (unsigned long long)run->scan_limit);
		return TS_FAIL;
	}
	if ((step & 0xff) == SQLITE_ERROR) {
		/* the query itself failed (json('not json')): this rule's
		 * fault, not the index's; the others still run */
		rule_where_at(run->rule, msg);
		strbuf_addf(msg, ": the where query failed: %s",
		            sqlite3_errmsg(run->db));
		return TS_FAIL;
	}
	strbuf_addf(msg, "reading the index: %s", sqlite3_errmsg(run->db));
	return TS_FATAL;
}

int
rule_run(struct rule *r, sqlite3 *db, struct finding_list *fl, strbuf *msg)
{
	struct rule_run run;
	struct refs refs = {&run, LUA_REFNIL, LUA_REFNIL, LUA_REFNIL};
	sandbox *sb = r->sb;
	lua_State *L = sb->L;
	sqlite3_int64 cap, heap_prev = 0;
	int rc = TS_OK;

	memset(&run, 0, sizeof(run));
	run.rule = r;
	run.sb = sb;
	run.db = db;
	run.findings = fl;
	run.scan_limit =
	        sb->lim.max_sql_steps +
	        RULE_RUN_STEPS_PER_EVENT *
	                (uint64_t)index_count(db, "SELECT coalesce(max(id), 0) "
	                                          "FROM event");
	/* the budget is in place for prepare()'s look at the where */
	sqlguard_install(db, progress, &run);
	if ((cap = sqlguard_heap_limit(sb->lim.max_memory, &heap_prev)) > 0) {
		run.heap_room = cap - sqlite3_memory_used();
	}
	if (r->has_each && (rc = prepare(&run, msg)) != TS_OK) {
		goto out;
	}
	run.scan_spent = 0;
	run.raw = rawrec_new(db);
	sb->run = &run;
	lua_pushcfunction(L, begin);
	lua_pushlightuserdata(L, &refs);
	if ((rc = sandbox_call(sb, 1, 0, msg)) != TS_OK) {
		goto out;
	}
	if (r->has_each && (rc = each_rows(&run, &refs, msg)) != TS_OK) {
		goto out;
	}
	if (r->has_finish) {
		/* What each() left behind goes before finish() builds its
		 * rows: the generational collector would carry it until a
		 * major collection, at up to twice the state. */
		lua_gc(L, LUA_GCCOLLECT);
		run.time_ms = FINDING_NO_TIME;
		lua_rawgeti(L, LUA_REGISTRYINDEX, refs.finish);
		lua_rawgeti(L, LUA_REGISTRYINDEX, refs.ctx);
		rc = sandbox_call(sb, 1, 0, msg);
	}
out:
	sb->run = NULL;
	sb->gen++;
	sqlite3_finalize(run.rows);
	rawrec_free(run.raw);
	strbuf_free(&run.rec);
	strbuf_free(&run.evidence);
	strbuf_free(&run.data);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	sqlguard_heap_restore(heap_prev);
	return rc;
}

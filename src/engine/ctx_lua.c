/* ctx_lua.c -- ctx and its methods (see ctx_lua.h).
 *
 * ctx:finding checks its table against a field list, as rule{} does,
 * and builds the evidence and data JSON in buffers the run owns, so a
 * memory error in the middle leaves nothing for C to free; the copy into
 * the finding list happens last, when nothing can fail any more.
 * ctx:query keeps its statement in a userdata with a __gc finalizer for
 * the same reason. */
#include "config.h"

#include <string.h>

#include "api_lua.h"
#include "ctx_lua.h"
#include "event_lua.h"
#include "json_lua.h"
#include "rule_run.h"
#include "sandbox.h"
#include "sqlguard.h"
#include "../ingest/record.h"
#include "../util/tstime.h"

#define CTX_META "trailsift.ctx"
#define STMT_META "trailsift.stmt"

static const char *const finding_fields[] = {
        "subject", "message", "severity", "time", "evidence", "data", NULL,
};

/* The run behind a ctx method call; arg 1 must be the ctx.  [-0, +0, e] */
static struct rule_run *
check_ctx(lua_State *L, const char *method)
{
	sandbox *sb = sandbox_of(L);
	int is_ctx = 0;

	if (lua_istable(L, 1) && lua_getmetatable(L, 1)) {
		luaL_getmetatable(L, CTX_META);
		is_ctx = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
	}
	if (!is_ctx) {
		sandbox_error(L, 1, "call it as ctx:%s(...), with a colon",
		              method);
	}
	if (sb->run == NULL) {
		sandbox_error(L, 1,
		              "ctx:%s is available only while the rule runs "
		              "(in each and finish)",
		              method);
	}
	return sb->run;
}

/* The table's field `name` pushed.  [-0, +1, -] */
static int
field(lua_State *L, const char *name)
{
	lua_pushstring(L, name);
	return lua_rawget(L, 2);
}

static void
check_keys(lua_State *L)
{
	lua_pushnil(L);
	while (lua_next(L, 2) != 0) {
		int known = 0;

		lua_pop(L, 1);
		for (int i = 0;
		     lua_type(L, -1) == LUA_TSTRING && finding_fields[i]; i++) {
			known |= strcmp(lua_tostring(L, -1),
			                finding_fields[i]) == 0;
		}
		if (!known) {
			sandbox_error(
			        L, 1,
			        "ctx:finding: unknown field '%s' (fields: "
			        "subject, message, severity, time, "
			        "evidence, data)",
			        lua_type(L, -1) == LUA_TSTRING
			                ? lua_tostring(L, -1)
			                : luaL_typename(L, -1));
		}
	}
}

/* The string at the top of the stack, with each NUL byte replaced by
 * U+FFFD (as ts.json_encode replaces a byte that is not UTF-8): a
 * finding's text is stored and printed as C text, which would end at
 * the first NUL -- a user name "admin\0..." in a record would show as
 * "admin".  [-1, +1, m] */
static const char *
no_nul(lua_State *L)
{
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	luaL_Buffer b;

	if (memchr(s, '\0', len) == NULL) {
		return s;
	}
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\0') {
			luaL_addchar(&b, s[i]);
		} else {
			luaL_addstring(&b, "\xef\xbf\xbd");
		}
	}
	luaL_pushresult(&b);
	lua_replace(L, -2);
	return lua_tostring(L, -1);
}

/* Optional text field: string or number; NULL when nil. */
static const char *
text_field(lua_State *L, const char *name, int required)
{
	int t = field(L, name);

	if (t == LUA_TNIL && !required) {
		return NULL;
	}
	if (t != LUA_TSTRING && t != LUA_TNUMBER) {
		sandbox_error(L, 1, "ctx:finding: %s must be a string%s", name,
		              required ? " (it is required)" : "");
	}
	return no_nul(L);
}

static int64_t
time_field(lua_State *L, struct rule_run *run)
{
	int64_t ms;
	int rc;
	size_t len;
	const char *s;

	switch (field(L, "time")) {
	case LUA_TNIL:
		return run->in_each ? run->time_ms : FINDING_NO_TIME;
	case LUA_TBOOLEAN:
		if (!lua_toboolean(L, -1)) {
			return FINDING_NO_TIME;
		}
		break;
	case LUA_TNUMBER:
		if (!lua_isinteger(L, -1)) {
			break;
		}
		/* Out of the years 0001 to 9999 a time prints as no ISO
		 * 8601 text reads back (and INT64_MIN is "no time"). */
		ms = lua_tointeger(L, -1);
		if (ms < TSTIME_MIN_MS || ms > TSTIME_MAX_MS) {
			return sandbox_error(L, 1,
			                     "ctx:finding: time %lld is out of "
			                     "the years 0001 to 9999",
			                     (long long)ms);
		}
		return ms;
	case LUA_TSTRING:
		s = lua_tolstring(L, -1, &len);
		rc = tstime_parse(s, len, &ms);
		if (rc == -1) {
			sandbox_error(L, 1,
			              "ctx:finding: time '%s' is not a time",
			              s);
		}
		/* "9999-12-31T23:59:59-01:00" is in the year 10000 UTC. */
		if (rc == -2) {
			return sandbox_error(L, 1,
			                     "ctx:finding: time '%s' is out of "
			                     "the years 0001 to 9999 (UTC)",
			                     s);
		}
		return ms;
	}
	return sandbox_error(L, 1,
	                     "ctx:finding: time must be milliseconds (an "
	                     "integer), an ISO 8601 string or false");
}

/* Adds one event id to the evidence JSON.  The text is built outside
 * the Lua heap, and a list may name one long string many times, so the
 * ids are held to an eventID's length and the text to what the findings
 * may still hold under --max-memory, checked as it grows. */
static void
add_evidence(lua_State *L, struct rule_run *run, int idx, int first)
{
	const char *id;
	size_t len, cap = run->sb->lim.max_memory - run->findings_bytes;

	if (!event_lua_id(L, idx, &id, &len)) {
		if (lua_type(L, idx) != LUA_TSTRING) {
			sandbox_error(L, 1,
			              "ctx:finding: evidence holds events (e) "
			              "or event id strings, not a %s",
			              luaL_typename(L, idx));
		}
		id = lua_tolstring(L, idx, &len);
		if (len == 0 || len > RECORD_EVENT_ID_MAX) {
			sandbox_error(L, 1,
			              "ctx:finding: evidence: an event id is 1 "
			              "to %d bytes, not %zu",
			              RECORD_EVENT_ID_MAX, len);
		}
	}
	/* Escaped, a byte is at most six ("\u0001"). */
	if (run->evidence.len + 1 + 2 + 6 * len + 1 > cap) {
		strbuf_free(&run->evidence);
		sandbox_trip(run->sb, 1,
		             "ctx:finding: evidence: JSON output over %zu "
		             "bytes, more than the findings may still hold "
		             "under the memory limit of %zu MiB (see "
		             "--max-memory)",
		             cap, run->sb->lim.max_memory >> 20);
	}
	if (!first) {
		strbuf_addc(&run->evidence, ',');
	}
	out_json_string(&run->evidence, id, len);
}

/* A table key as a message shows it: 'name', a number, or its type.
 * Pushes one or two strings; for error messages only.  [-0, +2, m] */
static const char *
key_text(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TSTRING) {
		return lua_pushfstring(L, "'%s'", lua_tostring(L, idx));
	}
	if (lua_type(L, idx) == LUA_TNUMBER) {
		return lua_pushfstring(L, "%s", luaL_tolstring(L, idx, NULL));
	}
	return lua_pushfstring(L, "of type %s", luaL_typename(L, idx));
}

static void
evidence_field(lua_State *L, struct rule_run *run)
{
	int t = field(L, "evidence");

	strbuf_reset(&run->evidence);
	strbuf_addc(&run->evidence, '[');
	if (t == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);

		/* A keyed table (evidence = { [e.event_id] = true }) would
		 * lose every entry the loop below does not reach: only a
		 * list, keys 1..n and no others, is evidence. */
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			lua_pop(L, 1);
			if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
			    lua_tointeger(L, -1) > n) {
				sandbox_error(L, 1,
				              "ctx:finding: evidence must be a "
				              "list (keys 1..n) of events and "
				              "event ids, not a table with the "
				              "key %s",
				              key_text(L, -1));
			}
		}
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			add_evidence(L, run, lua_gettop(L), i == 1);
			lua_pop(L, 1);
		}
	} else if (t != LUA_TNIL) {
		add_evidence(L, run, lua_gettop(L), 1);
	}
	strbuf_addc(&run->evidence, ']');
	lua_pop(L, 1);
}

static int
data_field(lua_State *L, struct rule_run *run)
{
	char why[160];
	struct json_lua_budget b = {0, 0, 0, 0};
	int t = field(L, "data"), rc;

	strbuf_reset(&run->data);
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (t != LUA_TTABLE) {
		sandbox_error(L, 1, "ctx:finding: data must be a table");
	}
	/* The findings' cap, while the text is built rather than after:
	 * a table holding one 64 MiB string 64 times is 4 GiB of JSON,
	 * outside the Lua heap.  The work goes on the instruction budget
	 * (a DAG, x = {x, x} forty times over, is small but has 2^40
	 * leaves). */
	b.max_bytes = run->sb->lim.max_memory - run->findings_bytes;
	b.work = sandbox_budget_left(run->sb);
	rc = json_lua_encode(L, -1, &run->data, &b, why, sizeof(why));
	sandbox_charge(run->sb, b.spent);
	if (rc < 0 && b.over == JSON_LUA_OVER_BYTES) {
		strbuf_free(&run->data);
		sandbox_trip(run->sb, 1,
		             "ctx:finding: data: JSON output over %zu bytes, "
		             "more than the findings may still hold under the "
		             "memory limit of %zu MiB (see --max-memory)",
		             b.max_bytes, run->sb->lim.max_memory >> 20);
	}
	if (rc < 0) {
		sandbox_error(L, 1, "ctx:finding: data: %s", why);
	}
	lua_pop(L, 1);
	return 1;
}

/* ctx:finding{ subject, message, severity, time, evidence, data } */
static int
l_finding(lua_State *L)
{
	struct rule_run *run = check_ctx(L, "finding");
	struct finding f;
	int has_data;
	size_t bytes;

	if (!lua_istable(L, 2)) {
		return sandbox_error(L, 1,
		                     "ctx:finding expects a table: "
		                     "ctx:finding{ message = ..., ... }");
	}
	lua_settop(L, 2);
	check_keys(L);
	memset(&f, 0, sizeof(f));
	f.rule_id = run->rule->id;
	f.message = (char *)text_field(L, "message", 1);
	f.subject = (char *)text_field(L, "subject", 0);
	f.severity = run->rule->severity;
	if (field(L, "severity") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING ||
		    !rule_severity_ok(lua_tostring(L, -1))) {
			return sandbox_error(L, 1,
			                     "ctx:finding: severity must be "
			                     "info, low, medium or high");
		}
		f.severity = (char *)lua_tostring(L, -1);
	}
	f.time_ms = time_field(L, run);
	evidence_field(L, run);
	has_data = data_field(L, run);
	f.evidence = run->evidence.buf;
	f.data = has_data ? run->data.buf : NULL;
	/* The list lives outside the Lua heap: without a cap of its own a
	 * rule could grow the process without bound, a megabyte a call,
	 * within its instruction budget.  Its bytes count against
	 * --max-memory, on their own. */
	bytes = sizeof(f) + strlen(f.message) + 1 +
	        (f.subject ? strlen(f.subject) + 1 : 0) + run->evidence.len +
	        1 + (f.data ? run->data.len + 1 : 0);
	if (bytes > run->sb->lim.max_memory - run->findings_bytes) {
		sandbox_trip(run->sb, 1,
		             "ctx:finding: the findings exceed the memory "
		             "limit of %zu MiB (see --max-memory)",
		             run->sb->lim.max_memory >> 20);
	}
	run->findings_bytes += bytes;
	finding_add(run->findings, &f);
	return 0;
}

static int
l_stmt_gc(lua_State *L)
{
	sqlite3_stmt **st = luaL_checkudata(L, 1, STMT_META);

	sqlite3_finalize(*st);
	*st = NULL;
	return 0;
}

static void
bind_value(lua_State *L, sqlite3_stmt *st, int arg, int param)
{
	size_t len;
	const char *s;

	switch (lua_type(L, arg)) {
	case LUA_TNIL:
		sqlite3_bind_null(st, param);
		break;
	case LUA_TBOOLEAN:
		sqlite3_bind_int(st, param, lua_toboolean(L, arg));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, arg)) {
			sqlite3_bind_int64(st, param, lua_tointeger(L, arg));
		} else {
			sqlite3_bind_double(st, param, lua_tonumber(L, arg));
		}
		break;
	case LUA_TSTRING:
		s = lua_tolstring(L, arg, &len);
		sqlite3_bind_text64(st, param, s, len, SQLITE_TRANSIENT,
		                    SQLITE_UTF8);
		break;
	default:
		if (json_lua_is_null(L, arg)) {
			sqlite3_bind_null(st, param);
			break;
		}
		sandbox_error(L, 1,
		              "ctx:query: value %d is a %s; bind strings, "
		              "numbers, booleans or nil",
		              param, luaL_typename(L, arg));
	}
}

/* Push the statement's column names, made unique as `trailsift query`
 * makes them ("id", "id:1"): a row keyed by name kept only the last of
 * two columns called the same (a join of events and sources has two
 * "id").  [-0, +1, m] */
static void
push_names(lua_State *L, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);

	lua_createtable(L, n, 0);
	lua_createtable(L, 0, n); /* names taken */
	for (int i = 0; i < n; i++) {
		const char *base = sqlite3_column_name(st, i);

		lua_pushstring(L, base ? base : "");
		for (int k = 1;; k++) {
			lua_pushvalue(L, -1);
			if (lua_rawget(L, -3) == LUA_TNIL) {
				lua_pop(L, 1);
				break;
			}
			lua_pop(L, 2);
			lua_pushfstring(L, "%s:%d", base ? base : "", k);
		}
		lua_pushvalue(L, -1);
		lua_pushboolean(L, 1);
		lua_rawset(L, -4);
		lua_rawseti(L, -3, i + 1);
	}
	lua_pop(L, 1);
}

/* A row as a table keyed by the names at index `names`. */
static void
push_row(lua_State *L, sqlite3_stmt *st, int names)
{
	int n = sqlite3_column_count(st);

	lua_createtable(L, 0, n);
	for (int i = 0; i < n; i++) {
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL:
			continue;
		case SQLITE_INTEGER:
			lua_pushinteger(L, sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			lua_pushnumber(L, sqlite3_column_double(st, i));
			break;
		default:
			lua_pushlstring(
			        L, (const char *)sqlite3_column_blob(st, i),
			        (size_t)sqlite3_column_bytes(st, i));
		}
		lua_rawgeti(L, names, i + 1);
		lua_insert(L, -2);
		lua_rawset(L, -3);
	}
}

/* What to add to a prepare error of ctx:query.  Only the authorizer's
 * bare "not authorized" (SQLITE_AUTH: a write, PRAGMA, ATTACH or
 * transaction) needs saying why; a refused function is named by
 * SQLite's message, and any other error -- a misspelt table -- has
 * nothing to do with reading. */
static const char *
refusal_note(sqlite3 *db, int rc)
{
	static const char fn[] = "not authorized to use function";

	if (rc != SQLITE_AUTH ||
	    strncmp(sqlite3_errmsg(db), fn, sizeof(fn) - 1) == 0) {
		return "";
	}
	return " (only reading statements are allowed)";
}

/* SQLite failed for memory: past the cap rule_run() set, or out of
 * memory altogether.  Either way the rule cannot go on. */
static void
heap_trip(struct rule_run *run)
{
	if (run->heap_room > 0) {
		sandbox_trip(run->sb, 1,
		             "ctx:query: SQLite memory limit of %lld MiB "
		             "reached (see --max-memory)",
		             (long long)(run->heap_room >> 20));
	}
	sandbox_trip(run->sb, 1, "ctx:query: SQLite is out of memory");
}

/* ctx:query(sql, ...) -> { row, ... } */
static int
l_query(lua_State *L)
{
	struct rule_run *run = check_ctx(L, "query");
	const char *sql = luaL_checkstring(L, 2);
	int n_values = lua_gettop(L) - 2, n_rows = 0, rc;
	sqlite3_stmt **st;
	const char *tail = NULL;

	st = lua_newuserdatauv(L, sizeof(*st), 0);
	*st = NULL;
	if (luaL_newmetatable(L, STMT_META)) {
		lua_pushcfunction(L, l_stmt_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	if ((rc = sqlite3_prepare_v2(run->db, sql, -1, st, &tail)) ==
	    SQLITE_NOMEM) {
		heap_trip(run);
	}
	if (rc != SQLITE_OK) {
		return sandbox_error(L, 1, "ctx:query: %s%s",
		                     sqlite3_errmsg(run->db),
		                     refusal_note(run->db, rc));
	}
	if (*st == NULL) {
		return sandbox_error(L, 1, "ctx:query: no SQL statement");
	}
	if (tail && !sqlguard_only_trailer(tail)) {
		return sandbox_error(L, 1,
		                     "ctx:query: one statement only "
		                     "(extra text: \"%.40s\")",
		                     tail);
	}
	if (!sqlite3_stmt_readonly(*st)) {
		return sandbox_error(L, 1,
		                     "ctx:query: only read-only "
		                     "statements are allowed");
	}
	if (n_values > sqlite3_bind_parameter_count(*st)) {
		return sandbox_error(
		        L, 1, "ctx:query: %d values for %d parameters",
		        n_values, sqlite3_bind_parameter_count(*st));
	}
	for (int i = 1; i <= n_values; i++) {
		bind_value(L, *st, i + 2, i);
	}
	push_names(L, *st);
	lua_newtable(L);
	run->in_query = 1;
	run->query_spent = 0;
	while ((rc = sqlite3_step(*st)) == SQLITE_ROW) {
		push_row(L, *st, lua_absindex(L, -2));
		lua_rawseti(L, -2, ++n_rows);
	}
	run->in_query = 0;
	if (rc == SQLITE_INTERRUPT) {
		sandbox_trip(run->sb, 1,
		             "ctx:query: SQL budget of %llu steps exceeded "
		             "(see --max-sql-steps)",
		             (unsigned long long)run->sb->lim.max_sql_steps);
	}
	if (rc == SQLITE_NOMEM) {
		heap_trip(run);
	}
	if (rc != SQLITE_DONE) {
		return sandbox_error(L, 1, "ctx:query: %s",
		                     sqlite3_errmsg(run->db));
	}
	sqlite3_finalize(*st);
	*st = NULL;
	return 1;
}

/* ctx:log(fmt, ...) */
static int
l_log(lua_State *L)
{
	check_ctx(L, "log");
	api_lua_log(L, 2);
	return 0;
}

/* Stack effects count ctx itself (the colon's first argument). */
const luaL_Reg ctx_lua_methods[] = {
        {"finding", l_finding}, /* [-2,+0,e] ctx:finding{...} */
        {"query", l_query},     /* [-n,+1,e] ctx:query(sql, ...) -> rows */
        {"log", l_log},         /* [-n,+0,e] ctx:log(fmt, ...) */
        {NULL, NULL},
};

/* ctx.args: --arg values converted, else the declared defaults. */
static void
push_args(lua_State *L, struct rule *r)
{
	lua_createtable(L, 0, r->n_args);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->spec_ref);
	lua_pushliteral(L, "args");
	lua_rawget(L, -2);
	for (int i = 0; i < r->n_args; i++) {
		const struct rule_arg *a = &r->args[i];

		if (a->value == NULL) {
			lua_pushstring(L, a->name);
			lua_rawget(L, -2);
			if (lua_istable(L, -1)) {
				lua_pushliteral(L, "default");
				lua_rawget(L, -2);
				lua_remove(L, -2);
			}
		} else if (a->type == RULE_ARG_NUMBER) {
			lua_stringtonumber(L, a->value);
		} else if (a->type == RULE_ARG_BOOLEAN) {
			lua_pushboolean(L, rule_bool_word(a->value) == 1);
		} else {
			lua_pushstring(L, a->value);
		}
		lua_setfield(L, -4, a->name);
	}
	lua_pop(L, 2);
}

void
ctx_lua_push(lua_State *L, struct rule *r)
{
	lua_createtable(L, 0, 3);
	lua_newtable(L);
	lua_setfield(L, -2, "state");
	push_args(L, r);
	lua_setfield(L, -2, "args");
	if (r->since_ms != INT64_MIN) {
		lua_pushinteger(L, r->since_ms);
		lua_setfield(L, -2, "since");
	}
	if (r->until_ms != INT64_MAX) {
		lua_pushinteger(L, r->until_ms);
		lua_setfield(L, -2, "until");
	}
	lua_createtable(L, 0, 3);
	lua_pushstring(L, r->id);
	lua_setfield(L, -2, "id");
	lua_pushstring(L, r->title);
	lua_setfield(L, -2, "title");
	lua_pushstring(L, r->severity);
	lua_setfield(L, -2, "severity");
	lua_setfield(L, -2, "rule");
	if (luaL_newmetatable(L, CTX_META)) {
		lua_newtable(L);
		luaL_setfuncs(L, ctx_lua_methods, 0);
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "ctx");
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
}

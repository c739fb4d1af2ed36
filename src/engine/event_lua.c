/* event_lua.c -- the `e` userdata (see event_lua.h).
 *
 * An `e` holds only the generation it was made in.  sandbox.gen moves
 * on after every each() call and at the end of a run, so an `e` kept
 * past its call finds a different generation and refuses to answer
 * rather than read whatever row the query is on now. */
#include "config.h"

#include <string.h>

#include "event_lua.h"
#include "json_lua.h"
#include "rule_run.h"
#include "sandbox.h"

#define EVENT_META "trailsift.event"
#define COLUMNS_KEY "trailsift.columns" /* column name -> index */
#define RECORD_COLUMN (-1)              /* map value of "record" */

struct event {
	uint64_t gen; /* sandbox generation it belongs to */
};

/* The run, when e is still valid; else raises.  [-0, +0, e] */
static struct rule_run *
valid_run(lua_State *L, int idx)
{
	struct event *ev = luaL_checkudata(L, idx, EVENT_META);
	sandbox *sb = sandbox_of(L);

	if (sb->run == NULL || !sb->run->in_each || ev->gen != sb->gen) {
		sandbox_error(L, 1,
		              "this event is no longer valid: e may be used "
		              "only during the each() call that received it "
		              "(keep e.event_id or other fields instead)");
	}
	return sb->run;
}

static void
push_column(lua_State *L, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		lua_pushinteger(L, sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		lua_pushnumber(L, sqlite3_column_double(st, i));
		break;
	case SQLITE_NULL:
		lua_pushnil(L);
		break;
	default:
		/* text and blobs alike, as bytes */
		lua_pushlstring(L, (const char *)sqlite3_column_blob(st, i),
		                (size_t)sqlite3_column_bytes(st, i));
	}
}

/* e.record: decode once, keep in the user value. */
static int
push_record(lua_State *L, struct rule_run *run)
{
	sandbox *sb = sandbox_of(L);
	char why[200];
	ts_err err;

	if (lua_getiuservalue(L, 1, 1) != LUA_TNIL) {
		return 1;
	}
	lua_pop(L, 1);
	ts_err_clear(&err);
	if (rawrec_get(run->raw, run->row_id, &run->rec, &err) != TS_OK) {
		return sandbox_error(L, 1, "e.record: %s", err.msg);
	}
	if (json_lua_decode(L, strbuf_str(&run->rec), run->rec.len,
	                    &sb->scratch, why, sizeof(why)) < 0) {
		return sandbox_error(L, 1, "e.record: not JSON: %s", why);
	}
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, 1, 1);
	return 1;
}

static int
l_index(lua_State *L)
{
	struct rule_run *run = valid_run(L, 1);
	const char *key = lua_tostring(L, 2);
	lua_Integer col;

	if (lua_type(L, 2) != LUA_TSTRING) {
		return sandbox_error(L, 1, "events have only named fields");
	}
	lua_getfield(L, LUA_REGISTRYINDEX, COLUMNS_KEY);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNUMBER) {
		return sandbox_error(L, 1,
		                     "e.%s: no such field (the fields of e "
		                     "are the columns of the events view, "
		                     "and record)",
		                     key);
	}
	col = lua_tointeger(L, -1);
	lua_pop(L, 2);
	if (col == RECORD_COLUMN) {
		return push_record(L, run);
	}
	push_column(L, run->rows, (int)col);
	return 1;
}

static int
l_newindex(lua_State *L)
{
	return sandbox_error(L, 1,
	                     "events are read-only (keep your own values "
	                     "in ctx.state)");
}

static int
l_tostring(lua_State *L)
{
	struct event *ev = luaL_checkudata(L, 1, EVENT_META);
	sandbox *sb = sandbox_of(L);

	if (sb->run == NULL || !sb->run->in_each || ev->gen != sb->gen) {
		lua_pushliteral(L, "event (no longer valid)");
	} else {
		lua_pushfstring(L, "event %s",
		                (const char *)sqlite3_column_text(
		                        sb->run->rows, sb->run->col_event_id));
	}
	return 1;
}

/* The iterator of pairs(e): after column `key` (nil: before the
 * first), the next column that is not NULL, in the view's order, and its
 * value; nothing after the last.  record is left out: decoding it is
 * what a rule asks for by name. */
static int
l_next(lua_State *L)
{
	struct rule_run *run = valid_run(L, 1);
	int n = sqlite3_column_count(run->rows);
	int i = 0;

	if (!lua_isnil(L, 2)) {
		lua_getfield(L, LUA_REGISTRYINDEX, COLUMNS_KEY);
		lua_pushvalue(L, 2);
		if (lua_rawget(L, -2) != LUA_TNUMBER ||
		    lua_tointeger(L, -1) < 0) {
			return sandbox_error(L, 1,
			                     "pairs(e): no such field to go on "
			                     "from");
		}
		i = (int)lua_tointeger(L, -1) + 1;
		lua_pop(L, 2);
	}
	for (; i < n; i++) {
		if (sqlite3_column_type(run->rows, i) != SQLITE_NULL) {
			lua_pushstring(L, sqlite3_column_name(run->rows, i));
			push_column(L, run->rows, i);
			return 2;
		}
	}
	return 0;
}

static int
l_pairs(lua_State *L)
{
	valid_run(L, 1);
	lua_pushcfunction(L, l_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

const luaL_Reg event_lua_meta[] = {
        {"__index", l_index},       /* [-2,+1,e] e.column, e.record */
        {"__newindex", l_newindex}, /* [-3,+0,v] always an error */
        {"__tostring", l_tostring}, /* [-1,+1,m] "event <event_id>" */
        {"__pairs", l_pairs},       /* [-1,+3,e] the columns not NULL */
        {NULL, NULL},
};

void
event_lua_begin(lua_State *L, struct rule_run *run)
{
	int n = sqlite3_column_count(run->rows);

	if (luaL_newmetatable(L, EVENT_META)) {
		luaL_setfuncs(L, event_lua_meta, 0);
		lua_pushliteral(L, "event");
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);
	lua_createtable(L, 0, n + 1);
	for (int i = 0; i < n; i++) {
		lua_pushinteger(L, i);
		lua_setfield(L, -2, sqlite3_column_name(run->rows, i));
	}
	lua_pushinteger(L, RECORD_COLUMN);
	lua_setfield(L, -2, "record");
	lua_setfield(L, LUA_REGISTRYINDEX, COLUMNS_KEY);
}

void
event_lua_push(lua_State *L)
{
	struct event *ev = lua_newuserdatauv(L, sizeof(*ev), 1);

	ev->gen = sandbox_of(L)->gen;
	luaL_setmetatable(L, EVENT_META);
}

int
event_lua_id(lua_State *L, int idx, const char **id, size_t *len)
{
	struct rule_run *run;

	if (luaL_testudata(L, idx, EVENT_META) == NULL) {
		return 0;
	}
	run = valid_run(L, idx);
	*id = (const char *)sqlite3_column_text(run->rows, run->col_event_id);
	*len = (size_t)sqlite3_column_bytes(run->rows, run->col_event_id);
	return 1;
}

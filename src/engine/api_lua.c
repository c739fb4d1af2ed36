/* api_lua.c -- the `ts` library (see api_lua.h). */
#include "config.h"

#include <string.h>

#include "api_lua.h"
#include "json_lua.h"
#include "sandbox.h"
#include "../util/strbuf.h"
#include "../util/tstime.h"

/* Registry key of string.format as the libraries opened it, so a rule
 * that replaces the global `string` does not change ts.log. */
#define FORMAT_KEY "trailsift.format"

/* ts.time_parse(s [, as_end]) -> ms, or nil when s is not a time
 * tstime_parse() accepts; with as_end true, the last millisecond of what
 * s names (tstime_span()), as --until and --as-of take it. */
static int
l_time_parse(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	int64_t ms;

	if (tstime_parse(s, len, &ms) != 0) {
		lua_pushnil(L);
	} else {
		if (lua_toboolean(L, 2)) {
			ms += tstime_span(s, len);
		}
		lua_pushinteger(L, ms);
	}
	return 1;
}

static int
l_time_format(lua_State *L)
{
	char buf[TSTIME_MAX];
	int ok = 0;
	lua_Integer ms = lua_tointegerx(L, 1, &ok);

	/* lua_tointegerx takes a float only when it has no fraction: 1.5
	 * was truncated before */
	luaL_checknumber(L, 1);
	if (!ok) {
		return luaL_argerror(L, 1, "milliseconds must be an integer");
	}
	if (ms < TSTIME_MIN_MS || ms > TSTIME_MAX_MS) {
		return luaL_argerror(L, 1, "out of the years 0001 to 9999");
	}
	lua_pushstring(L, tstime_format(ms, buf));
	return 1;
}

/* A scratch buffer larger than this is freed after use: it lives
 * outside the Lua heap, and a rule's one large encoding should not
 * stay with the process for the rest of the run. */
#define SCRATCH_KEEP (1u << 20)

/* ts.json_encode(v): the text becomes a Lua string, so it may not be
 * longer than the memory the rule has left (less a string's header);
 * encoding stops as soon as it is, rather than after building gigabytes
 * outside the Lua heap.  The work is charged to the instruction
 * budget. */
static int
l_json_encode(lua_State *L)
{
	sandbox *sb = sandbox_of(L);
	struct json_lua_budget b = {0, sandbox_budget_left(sb), 0, 0};
	char err[160];
	int rc;

	luaL_checkany(L, 1);
	if (sb->mem_used + 64 < sb->mem_max) {
		b.max_bytes = sb->mem_max - sb->mem_used - 64;
	}
	strbuf_reset(&sb->scratch);
	rc = json_lua_encode(L, 1, &sb->scratch, &b, err, sizeof(err));
	if (rc < 0 && sb->scratch.cap > SCRATCH_KEEP) {
		strbuf_free(&sb->scratch);
	}
	sandbox_charge(sb, b.spent);
	if (rc < 0 && b.over == JSON_LUA_OVER_BYTES) {
		sandbox_trip(sb, 1,
		             "ts.json_encode: JSON output over %zu bytes, "
		             "more than the memory left under the limit of "
		             "%zu MiB (see --max-memory)",
		             b.max_bytes, sb->lim.max_memory >> 20);
	}
	if (rc < 0) {
		return luaL_error(L, "ts.json_encode: %s", err);
	}
	lua_pushlstring(L, strbuf_str(&sb->scratch), sb->scratch.len);
	if (sb->scratch.cap > SCRATCH_KEEP) {
		strbuf_free(&sb->scratch);
	}
	return 1;
}

static int
l_json_decode(lua_State *L)
{
	sandbox *sb = sandbox_of(L);
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	char err[160];

	if (json_lua_decode(L, s, len, &sb->scratch, err, sizeof(err)) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err);
		return 2;
	}
	return 1;
}

void
api_lua_log(lua_State *L, int first)
{
	int n = lua_gettop(L), rc;
	size_t len;
	const char *s;

	lua_getfield(L, LUA_REGISTRYINDEX, FORMAT_KEY);
	for (int i = first; i <= n; i++) {
		lua_pushvalue(L, i);
	}
	/* string.format called from C raises its own errors ("bad
	 * argument #2 to '?'", "invalid conversion") with no position:
	 * they are raised again with the rule's file:line, and the name
	 * of the function the rule called.  Other errors (memory, one a
	 * rule's __tostring raised, which has its own position, a budget
	 * tripped) pass as they are. */
	if ((rc = lua_pcall(L, n - first + 1, 1, 0)) != LUA_OK) {
		const char *m = lua_tostring(L, -1), *q;

		if (rc == LUA_ERRRUN && m != NULL &&
		    (strncmp(m, "bad argument #", 14) == 0 ||
		     strncmp(m, "invalid ", 8) == 0)) {
			luaL_where(L, 1);
			if ((q = strstr(m, " to '?'")) != NULL) {
				lua_pushlstring(L, m, (size_t)(q - m));
				lua_pushstring(L, " to 'log'");
				lua_pushstring(L, q + 7);
				lua_concat(L, 4);
			} else {
				lua_pushvalue(L, -2);
				lua_concat(L, 2);
			}
		}
		lua_error(L);
	}
	s = lua_tolstring(L, -1, &len);
	sandbox_log(sandbox_of(L), s, len);
	lua_pop(L, 1);
}

/* ts.array([t]) -> t, or a new table, marked to encode as a JSON array
 * even when empty.  The mark is a metatable: a table with one of its
 * own is refused rather than silently stripped of it. */
static int
l_array(lua_State *L)
{
	if (lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_newtable(L);
	} else {
		luaL_checktype(L, 1, LUA_TTABLE);
		lua_settop(L, 1);
		if (lua_getmetatable(L, 1)) {
			lua_pop(L, 1);
			if (!json_lua_is_array(L, 1)) {
				return luaL_argerror(
				        L, 1,
				        "the table has a metatable "
				        "of its own");
			}
		}
	}
	json_lua_mark_array(L, 1);
	return 1;
}

/* ts.fail(msg): the rule fails with msg as its whole message: no
 * position, no traceback, no rule file (an error in the input, not in
 * the rule). */
static int
l_fail(lua_State *L)
{
	size_t len;
	const char *msg = luaL_checklstring(L, 1, &len);
	strbuf line;

	/* one line, whatever the input put in it (a CSV header) */
	strbuf_init(&line);
	strbuf_add_visible(&line, msg, len);
	lua_pushlstring(L, line.buf ? line.buf : "", line.len);
	strbuf_free(&line);
	return sandbox_raise_plain(L, 1);
}

/* ts.log(fmt, ...): string.format, then one line on stderr. */
static int
l_log(lua_State *L)
{
	api_lua_log(L, 1);
	return 0;
}

/* One line per function: name, C function, NSE-style stack effect
 * [-pops, +pushes, errors], the call as a rule writes it. */
const luaL_Reg api_lua_ts[] = {
        {"time_parse", l_time_parse}, /* [-2,+1,e] (s [, as_end]) -> ms | nil */
        {"time_format", l_time_format}, /* [-1,+1,e] (ms) -> text */
        {"json_encode", l_json_encode}, /* [-1,+1,e] (v) -> text */
        {"json_decode", l_json_decode}, /* [-1,+1|2,m] (s) -> v | nil, e */
        {"array", l_array},             /* [-0|1,+1,e] ([t]) -> t */
        {"log", l_log},                 /* [-n,+0,e] (fmt, ...) */
        {"fail", l_fail},               /* [-1,+0,v] (msg) */
        {NULL, NULL},
};

static int
l_null_tostring(lua_State *L)
{
	lua_pushliteral(L, "null");
	return 1;
}

void
api_lua_open(lua_State *L)
{
	lua_getglobal(L, "string");
	lua_getfield(L, -1, "format");
	lua_setfield(L, LUA_REGISTRYINDEX, FORMAT_KEY);
	lua_pop(L, 1);
	luaL_newlib(L, api_lua_ts);
	/* ts.null: an empty userdata, equal only to itself. */
	lua_newuserdatauv(L, 0, 0);
	lua_createtable(L, 0, 3);
	lua_pushcfunction(L, l_null_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "ts.null");
	lua_setfield(L, -2, "__name");
	lua_pushliteral(L, "ts.null");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, JSON_LUA_NULL_KEY);
	lua_setfield(L, -2, "null");
	/* ts.array's metatable, out of the rules' reach as ts.null's is:
	 * getmetatable() gives "ts.array".  A rule that could change it
	 * could give it a __gc, which every table marked afterwards
	 * would run, with hooks off: outside the instruction budget. */
	lua_createtable(L, 0, 2);
	lua_pushliteral(L, "ts.array");
	lua_setfield(L, -2, "__name");
	lua_pushliteral(L, "ts.array");
	lua_setfield(L, -2, "__metatable");
	lua_setfield(L, LUA_REGISTRYINDEX, JSON_LUA_ARRAY_KEY);
	lua_pushliteral(L, PACKAGE_VERSION);
	lua_setfield(L, -2, "version");
	lua_setglobal(L, "ts");
}

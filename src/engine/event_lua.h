/* event_lua.h -- `e`, the event each() receives.
 *
 * A small userdata per row.  Reading a field reads the current row of
 * the where query: every column of the `events` view is a plain field
 * (e.event_name, e.time_ms, e.event_id, ... with SQL NULL as nil), and
 * e.record is the whole CloudTrail record as Lua tables, decoded from
 * rawrec_get() + json_lua_decode() the first time it is touched and
 * cached in the userdata.  An unknown field is an error (a misspelt
 * column would otherwise read as nil), and so is touching an `e` after
 * the each() call that received it returned: the row has moved on.
 * Rules keep e.event_id (or other fields) instead; ctx:finding's
 * evidence = { e } reads the event id while e is valid. */
#ifndef TS_EVENT_LUA_H
#define TS_EVENT_LUA_H

#include <lauxlib.h>
#include <lua.h>
#include <stddef.h>

struct rule_run;

/* Prepare the state for run->rows: the column map and the metatable.
 * [-0, +0, m] */
void event_lua_begin(lua_State *L, struct rule_run *run);

/* Push a new `e` for the current row.  [-0, +1, m] */
void event_lua_push(lua_State *L);

/* If the value at idx is an `e`: 1 with its event id (valid until the
 * row changes); an error if it has expired.  0 if it is not an `e`.
 * [-0, +0, e] */
int event_lua_id(lua_State *L, int idx, const char **id, size_t *len);

/* The metamethods of `e` (documented in trailsift-rules(7)). */
extern const luaL_Reg event_lua_meta[];

#endif

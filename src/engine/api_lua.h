/* api_lua.h -- the `ts` library every rule sees as a global.
 *
 * Thin wrappers over the C code trailsift already has: tstime.c for
 * times, json_lua.c for JSON, plus ts.log and two values, ts.null (the
 * JSON null sentinel) and ts.version.  The Lua modules in lua/ts/ build
 * on these.  Each name in api_lua_ts is documented in trailsift-rules(7)
 * (a unit test checks). */
#ifndef TS_API_LUA_H
#define TS_API_LUA_H

#include <lauxlib.h>
#include <lua.h>

/* Create the global `ts` and the ts.null sentinel.  [-0, +0, m] */
void api_lua_open(lua_State *L);

/* string.format(args from index first on), written by sandbox_log():
 * ts.log and ctx:log.  [-0, +0, e] */
void api_lua_log(lua_State *L, int first);

extern const luaL_Reg api_lua_ts[];

#endif

/* ctx_lua.h -- `ctx`, the second argument of each() and the only one of
 * finish().
 *
 * One ctx per run of a rule: a table holding ctx.state (the rule's
 * scratch table, kept from call to call), ctx.args (the declared
 * arguments: --arg values converted to their type, else the defaults)
 * and ctx.rule ({id, title, severity}), whose metatable supplies the
 * methods in ctx_lua_methods: ctx:finding{...}, ctx:query(sql, ...) and
 * ctx:log(fmt, ...).  The methods act on the run in progress (rule_run.h)
 * and raise their errors at the rule's line. */
#ifndef TS_CTX_LUA_H
#define TS_CTX_LUA_H

#include <lauxlib.h>
#include <lua.h>

struct rule;

/* Push a new ctx for r.  [-0, +1, m] */
void ctx_lua_push(lua_State *L, struct rule *r);

/* The ctx methods (documented in trailsift-rules(7)). */
extern const luaL_Reg ctx_lua_methods[];

#endif

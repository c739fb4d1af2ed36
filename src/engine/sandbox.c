/* sandbox.c -- a Lua state a rule can only compute in (see sandbox.h).
 *
 * What a rule gets, and why:
 *   base      minus dofile and loadfile (they read files); load() only
 *             compiles text (binary chunks can crash the VM);
 *             collectgarbage() cannot stop or retune the collector;
 *             setmetatable() refuses __gc (finalizers run unhooked);
 *             xpcall() skips the rule's message handler once a budget
 *             has tripped (it would run unhooked);
 *             print() writes to stderr, never into the findings on
 *             stdout; require() is trailsift's own (no package library:
 *             package.loadlib and the C searchers load native code)
 *   string    minus string.dump (no binary chunks anywhere); string.rep
 *             returns an empty result at once; the strings' metatable
 *             is protected (getmetatable("") is "string")
 *   table     table.move charges its elements to the budget
 *   math, utf8
 *   ts        the trailsift library (api_lua.c)
 *   rule      the constructor defined by prelude.lua
 * No io, os, debug, coroutine or package.  The memory cap is a counting
 * allocator; the instruction budget a count hook. */
#include "config.h"

#include <lauxlib.h>
#include <lualib.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_lua.h"
#include "sandbox.h"
#include "sqlguard.h"
#include "../util/xmalloc.h"

static const unsigned char prelude_lua[] = {
#include "engine/prelude.inc"
        0};

/* Room given to a tripped state so it can unwind and build its error
 * message and traceback. */
#define TRIP_HEADROOM (4u << 20)

/* Registry key of the table of loaded modules. */
#define LOADED_KEY "trailsift.loaded"

void
sandbox_limits_default(struct sandbox_limits *lim)
{
	lim->max_instructions = SANDBOX_MAX_INSTRUCTIONS;
	lim->max_memory = (size_t)SANDBOX_MAX_MEMORY_MIB << 20;
	lim->max_sql_steps = SANDBOX_MAX_SQL_STEPS;
}

int
sandbox_limit_parse(struct sandbox_limits *lim, int c, const char *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v || *end || n == 0 || *v == '-') {
		return -1;
	}
	if (c == SANDBOX_OPT_INSN) {
		lim->max_instructions = n;
	} else if (c == SANDBOX_OPT_MEM && n <= (SIZE_MAX >> 21)) {
		lim->max_memory = (size_t)n << 20;
	} else if (c == SANDBOX_OPT_SQL) {
		lim->max_sql_steps = n;
	} else {
		return -1;
	}
	return 0;
}

const char *
sandbox_limit_name(int c)
{
	return c == SANDBOX_OPT_INSN  ? "max-instructions"
	       : c == SANDBOX_OPT_MEM ? "max-memory"
	                              : "max-sql-steps";
}

sandbox *
sandbox_of(lua_State *L)
{
	return *(sandbox **)lua_getextraspace(L);
}

static void hook(lua_State *L, lua_Debug *ar);

/* Blocks of at most POOL_MAX bytes (strings, table nodes, closures:
 * most of what a replay of identity changes allocates) come from the
 * state's pool: a free list per 16-byte class, refilled from 64 KiB
 * slabs that go with the state.  malloc's header and its free-list
 * work cost more than the objects themselves: on a report of 200,000
 * membership changes glibc malloc and free took a quarter of the time.
 * Lua gives the size of every block it frees, so none is stored. */
#define POOL_MAX (SANDBOX_POOL_CLASSES * 16)
#define POOL_SLAB (64u << 10)

static size_t
pool_class(size_t n)
{
	return (n - 1) / 16;
}

static void *
pool_get(struct sandbox_pool *pool, size_t n)
{
	size_t c = pool_class(n), size = (c + 1) * 16;
	void *p = pool->free[c];

	if (p != NULL) {
		pool->free[c] = *(void **)p;
		return p;
	}
	if ((size_t)(pool->end - pool->next) < size) {
		char *slab = malloc(POOL_SLAB);

		if (slab == NULL) {
			return NULL;
		}
		/* the first 16 bytes link the slabs */
		*(void **)slab = pool->slabs;
		pool->slabs = slab;
		pool->next = slab + 16;
		pool->end = slab + POOL_SLAB;
	}
	p = pool->next;
	pool->next += size;
	return p;
}

static void
pool_put(struct sandbox_pool *pool, void *p, size_t n)
{
	size_t c = pool_class(n);

	*(void **)p = pool->free[c];
	pool->free[c] = p;
}

static void
pool_free_all(struct sandbox_pool *pool)
{
	while (pool->slabs != NULL) {
		void *next = *(void **)pool->slabs;

		free(pool->slabs);
		pool->slabs = next;
	}
	memset(pool, 0, sizeof(*pool));
}

/* Resize a block between the pool and malloc, or within either. */
static void *
resize(struct sandbox_pool *pool, void *ptr, size_t old, size_t nsize)
{
	void *p;

	if (old > POOL_MAX && nsize > POOL_MAX) {
		return realloc(ptr, nsize);
	}
	if (old > 0 && old <= POOL_MAX && nsize <= POOL_MAX &&
	    pool_class(old) == pool_class(nsize)) {
		return ptr;
	}
	p = nsize <= POOL_MAX ? pool_get(pool, nsize) : malloc(nsize);
	if (p == NULL) {
		return NULL;
	}
	if (ptr != NULL) {
		memcpy(p, ptr, old < nsize ? old : nsize);
		if (old <= POOL_MAX) {
			pool_put(pool, ptr, old);
		} else {
			free(ptr);
		}
	}
	return p;
}

/* Where the memory limit tripped, kept in trip_at: Lua's out-of-memory
 * error (string.rep, table.concat asking for more than is left) skips
 * the message handler and unwinds the stack, so the position must be
 * taken now.  lua_getstack and lua_getinfo("Sl") allocate nothing
 * (short_src is a buffer in lua_Debug).  But from Lua 5.4.5 the stack
 * is reallocated with its pointers turned into offsets, which
 * lua_getinfo would follow: a block that may be the stack is left
 * alone (a stack never has more than LUAI_MAXSTACK slots, of at most 32
 * bytes), and the message then has no position. */
static void
note_trip_position(sandbox *sb, size_t nsize)
{
	lua_Debug d;

#if LUA_VERSION_RELEASE_NUM >= 50405
	if (nsize <= ((size_t)LUAI_MAXSTACK + 1000) * 32) {
		return;
	}
#else
	(void)nsize;
#endif
	for (int level = 0; lua_getstack(sb->L, level, &d); level++) {
		if (lua_getinfo(sb->L, "Sl", &d) && d.currentline > 0) {
			snprintf(sb->trip_at, sizeof(sb->trip_at), "%s:%d: %s",
			         d.short_src, d.currentline, sb->trip_msg);
			return;
		}
	}
}

/* The allocator: the pool above and malloc, counted against the cap.
 * Lua requires that shrinking never fails, so only growth is refused;
 * a block that cannot move to a smaller class stays where it is, and is
 * then freed into the class Lua says it has, which it fills. */
static void *
alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	sandbox *sb = ud;
	size_t old = ptr ? osize : 0;
	void *p;

	if (nsize == 0) {
		if (ptr != NULL && old <= POOL_MAX) {
			pool_put(&sb->pool, ptr, old);
		} else {
			free(ptr);
		}
		sb->mem_used -= old;
		return NULL;
	}
	if (nsize > old && sb->mem_used + (nsize - old) > sb->mem_max) {
		if (sb->L != NULL && !sb->tripped) {
			sandbox_trip(sb, 0,
			             "memory limit of %zu MiB exceeded (see "
			             "--max-memory)",
			             sb->lim.max_memory >> 20);
			note_trip_position(sb, nsize);
		}
		return NULL;
	}
	if ((p = resize(&sb->pool, ptr, old, nsize)) == NULL) {
		return nsize <= old ? ptr : NULL;
	}
	sb->mem_used = sb->mem_used - old + nsize;
	return p;
}

/* Raise the trip message at the position of stack level `level`. */
static int
raise_trip(lua_State *L, int level)
{
	sandbox *sb = sandbox_of(L);
	lua_Debug d;

	if (lua_getstack(L, level, &d) && lua_getinfo(L, "Sl", &d) &&
	    d.currentline > 0) {
		lua_pushfstring(L, "%s:%d: %s", d.short_src, d.currentline,
		                sb->trip_msg);
	} else {
		lua_pushstring(L, sb->trip_msg);
	}
	if (sb->trip_at[0] == '\0') {
		snprintf(sb->trip_at, sizeof(sb->trip_at), "%s",
		         lua_tostring(L, -1));
	}
	return lua_error(L);
}

static void
trip_instructions(sandbox *sb, int raise)
{
	sandbox_trip(sb, raise,
	             "instruction budget of %llu exceeded (see "
	             "--max-instructions)",
	             (unsigned long long)sb->lim.max_instructions);
}

/* Set from a signal handler (sandbox_stop). */
static volatile sig_atomic_t stopping;

void
sandbox_stop(void)
{
	stopping = 1;
}

int
sandbox_stopped(void)
{
	return stopping != 0;
}

static void
hook(lua_State *L, lua_Debug *ar)
{
	sandbox *sb = sandbox_of(L);

	if (stopping && !sb->tripped) {
		sandbox_trip(sb, 0, "interrupted");
	}
	if (!sb->tripped) {
		sb->spent += sb->hook_step;
		if (sb->spent < sb->lim.max_instructions) {
			return;
		}
		trip_instructions(sb, 0);
	}
	raise_trip(L, 0);
}

uint64_t
sandbox_budget_left(const sandbox *sb)
{
	return sb->spent < sb->lim.max_instructions
	               ? sb->lim.max_instructions - sb->spent
	               : 0;
}

void
sandbox_charge(sandbox *sb, uint64_t n)
{
	if (sb->tripped || n >= sandbox_budget_left(sb)) {
		trip_instructions(sb, 1);
	}
	sb->spent += n;
}

void
sandbox_trip(sandbox *sb, int raise, const char *fmt, ...)
{
	va_list ap;

	if (!sb->tripped) {
		va_start(ap, fmt);
		vsnprintf(sb->trip_msg, sizeof(sb->trip_msg), fmt, ap);
		va_end(ap);
		sb->tripped = 1;
		sb->mem_max += TRIP_HEADROOM;
		/* From now on every instruction raises the error again. */
		lua_sethook(sb->L, hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
	}
	if (raise) {
		raise_trip(sb->L, 1);
	}
}

int
sandbox_raise_plain(lua_State *L, int user)
{
	sandbox *sb = sandbox_of(L);

	/* Anchored, the string keeps its address for msgh() to know it. */
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "trailsift.plain_error");
	sb->plain_msg = lua_tostring(L, -1);
	sb->plain_user = user;
	return lua_error(L);
}

int
sandbox_error_plain(lua_State *L, const char *msg)
{
	lua_pushstring(L, msg);
	return sandbox_raise_plain(L, 0);
}

int
sandbox_error(lua_State *L, int level, const char *fmt, ...)
{
	va_list ap;

	char buf[1024];

	/* vsnprintf, not lua_pushvfstring: the full printf language. */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	luaL_where(L, level);
	lua_pushstring(L, buf);
	lua_concat(L, 2);
	return lua_error(L);
}

/* "LABEL: text" on stderr, text already made visible. */
static void
log_line(const sandbox *sb, const char *text, size_t len)
{
	fflush(stdout);
	fprintf(stderr, "%s: %.*s\n", sb->label, (int)len, text);
}

void
sandbox_log(sandbox *sb, const char *text, size_t len)
{
	strbuf line;

	/* One line whatever the text holds: a newline or a terminal
	 * escape in a log message is shown, as ts_warnx() shows it, and
	 * cannot forge the lines that follow. */
	strbuf_init(&line);
	strbuf_add_visible(&line, text, len);
	log_line(sb, strbuf_str(&line), line.len);
	strbuf_free(&line);
}

/* msg, or msg after the file:line of the innermost Lua function on the
 * stack when msg starts with the file of none (error({...}), error("x",
 * 0)), so that every failure names a line of the rule.  Pushes what it
 * returns when that is new. */
static const char *
with_position(lua_State *L, const char *msg)
{
	lua_Debug ar;
	int first = -1;
	char where[LUA_IDSIZE + 32];

	/* The top levels only: lua_getstack walks down from the top, so
	 * every level of a deep recursion would make this quadratic, and a
	 * position in a message comes from near the top (error's level). */
	for (int level = 1; level <= 32 && lua_getstack(L, level, &ar);
	     level++) {
		size_t n;

		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) {
			continue;
		}
		n = strlen(ar.short_src);
		if (strncmp(msg, ar.short_src, n) == 0 && msg[n] == ':') {
			return msg;
		}
		if (first < 0) {
			first = level;
			snprintf(where, sizeof(where), "%s:%d: ", ar.short_src,
			         ar.currentline);
		}
	}
	if (first < 0) {
		return msg;
	}
	return lua_pushfstring(L, "%s%s", where, msg);
}

/* Message handler: the error with a traceback (except for errors that
 * say all there is to say, such as rule{}'s). */
static int
msgh(lua_State *L)
{
	sandbox *sb = sandbox_of(L);
	const char *msg = lua_tostring(L, 1);

	if (msg != NULL && msg == sb->plain_msg) {
		sb->user_error = sb->plain_user;
		return 1;
	}

	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") &&
		    lua_type(L, -1) == LUA_TSTRING) {
			msg = lua_tostring(L, -1);
		} else {
			msg = lua_pushfstring(L, "(error object is a %s value)",
			                      luaL_typename(L, 1));
		}
	}
	msg = with_position(L, msg);
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int
sandbox_call_load(sandbox *sb, int nargs, int nresults, strbuf *msg)
{
	uint64_t set = sb->lim.max_instructions;
	int rc;

	if (sb->lim.max_instructions < SANDBOX_MAX_INSTRUCTIONS) {
		sb->lim.max_instructions = SANDBOX_MAX_INSTRUCTIONS;
	}
	rc = sandbox_call(sb, nargs, nresults, msg);
	sb->lim.max_instructions = set;
	return rc;
}

int
sandbox_call(sandbox *sb, int nargs, int nresults, strbuf *msg)
{
	lua_State *L = sb->L;
	int base = lua_gettop(L) - nargs, rc;
	const char *e;

	lua_pushcfunction(L, msgh);
	lua_insert(L, base);
	sb->plain_msg = NULL;
	sb->user_error = 0;
	if (!sb->tripped) {
		sb->spent = 0;
		sb->hook_step = sb->lim.max_instructions < 10000
		                        ? (unsigned)sb->lim.max_instructions
		                        : 10000;
		if (sb->hook_step == 0) {
			sb->hook_step = 1;
		}
		lua_sethook(L, hook, LUA_MASKCOUNT, (int)sb->hook_step);
	}
	rc = lua_pcall(L, nargs, nresults, base);
	lua_remove(L, base);
	if (rc == LUA_OK && sb->tripped) {
		/* A budget tripped inside a pcall in tail position (`return
		 * pcall(f)`): no instruction of the call ran after it, so
		 * the hook had no chance to raise again.  The call fails
		 * all the same. */
		lua_pop(L, nresults == LUA_MULTRET ? lua_gettop(L) - base + 1
		                                   : nresults);
		strbuf_adds(msg, sb->trip_at[0] ? sb->trip_at : sb->trip_msg);
		return TS_FAIL;
	}
	if (rc == LUA_OK) {
		return TS_OK;
	}
	e = lua_tostring(L, -1);
	if (sb->tripped && (e == NULL || strstr(e, sb->trip_msg) == NULL)) {
		/* Lua's out-of-memory error, not the trip raised again. */
		strbuf_adds(msg, sb->trip_at[0] ? sb->trip_at : sb->trip_msg);
	} else if (e == NULL) {
		strbuf_adds(msg, "(error object is not a string)");
	} else {
		strbuf_adds(msg, e);
	}
	lua_pop(L, 1);
	return TS_FAIL;
}

/* --- the base-library replacements ----------------------------------- */

/* A module name is dotted words of letters, digits and '_': nothing
 * that could name a path outside the module directories. */
static int
valid_module_name(const char *s, size_t len)
{
	int word = 0;

	if (len == 0 || len > 200) {
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.') {
			if (word == 0) {
				return 0;
			}
			word = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || c == '_') {
			word++;
		} else {
			return 0;
		}
	}
	return word > 0;
}

/* A sentinel in the loaded table while a module's chunk runs. */
static char loading;

static int
l_require(lua_State *L)
{
	sandbox *sb = sandbox_of(L);
	size_t len;
	const char *name = luaL_checklstring(L, 1, &len);
	strbuf text, chunk;
	int found, rc;

	lua_settop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, LOADED_KEY); /* 2 */
	lua_getfield(L, 2, name);
	if (lua_touserdata(L, -1) == &loading) {
		return luaL_error(L, "module '%s' requires itself (a loop)",
		                  name);
	}
	if (!lua_isnil(L, -1)) {
		return 1;
	}
	lua_pop(L, 1);
	if (!valid_module_name(name, len)) {
		return luaL_error(L,
		                  "invalid module name '%s' (modules are "
		                  "dotted names such as \"ts.time\", found in "
		                  "lua/ directories)",
		                  name);
	}
	strbuf_init(&text);
	strbuf_init(&chunk);
	found = catalog_module(sb->cat, name, &text, &chunk);
	rc = found > 0 ? luaL_loadbufferx(L, text.buf ? text.buf : "", text.len,
	                                  chunk.buf, "t")
	               : LUA_OK;
	if (found < 0) {
		luaL_where(L, 1);
		lua_pushstring(L, chunk.buf);
		lua_concat(L, 2);
	} else if (!found) {
		luaL_where(L, 1);
		lua_pushfstring(L, "module '%s' not found (searched %s)", name,
		                chunk.buf);
		lua_concat(L, 2);
	}
	strbuf_free(&text);
	strbuf_free(&chunk);
	if (found <= 0 || rc != LUA_OK) {
		return lua_error(L);
	}
	lua_pushlightuserdata(L, &loading);
	lua_setfield(L, 2, name);
	lua_pushvalue(L, 1);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		/* Forget the failed attempt, then pass the error on. */
		lua_pushnil(L);
		lua_setfield(L, 2, name);
		return lua_error(L);
	}
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	return 1;
}

static int
l_print(lua_State *L)
{
	int n = lua_gettop(L);
	strbuf line;
	size_t len;
	const char *s;

	/* Every argument as text first: __tostring may raise, and nothing
	 * after it may, so the C buffer cannot leak.  The tabs between
	 * arguments stay tabs (the man page promises tab-separated); what
	 * is in an argument is made visible. */
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, i, NULL);
	}
	strbuf_init(&line);
	for (int i = 1; i <= n; i++) {
		if (i > 1) {
			strbuf_addc(&line, '\t');
		}
		s = lua_tolstring(L, n + i, &len);
		strbuf_add_visible(&line, s, len);
	}
	log_line(sandbox_of(L), strbuf_str(&line), line.len);
	strbuf_free(&line);
	return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]) with mode always "t". */
static int
l_load(lua_State *L)
{
	int n = lua_gettop(L);

	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	if (n >= 2) {
		lua_pushvalue(L, 2);
	} else {
		lua_pushnil(L);
	}
	lua_pushliteral(L, "t");
	if (n >= 4) {
		lua_pushvalue(L, 4);
	}
	lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
	return lua_gettop(L) - n;
}

/* Call the original library function in upvalue `up` with the
 * arguments on the stack: what the wrappers here end with. */
static int
call_original(lua_State *L, int up, int nresults)
{
	lua_pushvalue(L, lua_upvalueindex(up));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, nresults);
	return nresults == LUA_MULTRET ? lua_gettop(L) : nresults;
}

static int
l_collectgarbage(lua_State *L)
{
	static const char *const allowed[] = {"collect", "count", "step",
	                                      "isrunning", NULL};
	const char *opt = luaL_optstring(L, 1, "collect");

	for (int i = 0; allowed[i]; i++) {
		if (strcmp(opt, allowed[i]) == 0) {
			return call_original(L, 2, LUA_MULTRET);
		}
	}
	return luaL_error(L,
	                  "collectgarbage(\"%s\") is not allowed in rules "
	                  "(only collect, count, step, isrunning)",
	                  opt);
}

/* setmetatable(t, mt), refusing a metatable with a __gc field: Lua
 * runs finalizers with hooks off (GCTM in lgc.c), so a rule's __gc
 * would run outside the instruction budget, and one that loops hangs
 * trailsift (at the latest when the state is closed).  __gc is read
 * raw, and only a metatable holding it when it is set marks the table
 * for finalization, so adding __gc later does nothing. */
static int
l_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL) {
			return luaL_error(L, "setmetatable: __gc metamethods "
			                     "are not allowed in rules "
			                     "(finalizers run outside the "
			                     "instruction budget)");
		}
		lua_pop(L, 1);
	}
	return call_original(L, 3, 1);
}

/* math.randomseed([x [, y]]): Lua's, but without an argument it seeds
 * with 0, the seed every rule starts from, rather than from the clock
 * and an address -- which it also returned, handing a rule the time
 * and a pointer, and its output would differ from run to run.
 * Upvalue 1: the original. */
static int
l_randomseed(lua_State *L)
{
	if (lua_gettop(L) == 0) {
		lua_pushinteger(L, 0);
	}
	return call_original(L, 1, LUA_MULTRET);
}

/* The message handler xpcall() is given in place of the rule's
 * (upvalue 1).  Once a budget has tripped, the error is raised from
 * inside the count hook, and Lua calls the message handler before it
 * unwinds, with hooks off (allowhook is 0 in a hook): the rule's
 * handler would run outside the instruction budget, and one that loops
 * would hang trailsift.  So a tripped sandbox passes the message on
 * unchanged; until then the rule's handler runs, hooked as any call. */
static int
xpcall_msgh(lua_State *L)
{
	if (sandbox_of(L)->tripped) {
		lua_settop(L, 1);
		return 1;
	}
	return call_original(L, 1, 1);
}

/* xpcall(f, msgh, ...): Lua's, with msgh behind xpcall_msgh.
 * Upvalue 4: the original. */
static int
l_xpcall(lua_State *L)
{
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, xpcall_msgh, 1);
	lua_replace(L, 2);
	return call_original(L, 4, LUA_MULTRET);
}

/* string.rep(s, n [, sep]): Lua's loops n times even when the result
 * is empty, in C, outside the count hook: string.rep("", 1 << 60) hung
 * trailsift.  An empty result is returned at once; any other is at
 * most the memory limit long, so its loop is short, but one call is
 * work for every byte it writes: ("x"):rep(1e8) in a loop ran minutes
 * under a budget of a million instructions.  So the bytes are charged
 * first, one instruction per REP_BYTES_PER_INSN.  Upvalue 1: the
 * original. */
#define REP_BYTES_PER_INSN 64

static int
l_str_rep(lua_State *L)
{
	size_t len, lsep;
	lua_Integer n;
	uint64_t bytes;

	luaL_checklstring(L, 1, &len);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || len + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	/* past what memory allows Lua refuses it anyway: charge that much */
	bytes = (uint64_t)n > UINT64_MAX / (len + lsep)
	                ? UINT64_MAX
	                : (uint64_t)n * (len + lsep);
	sandbox_charge(sandbox_of(L), bytes / REP_BYTES_PER_INSN);
	return call_original(L, 1, 1);
}

/* table.move(a1, f, e, t [, a2]): Lua's is a C loop of e - f + 1 gets
 * and sets, outside the count hook: table.move({}, 1, 1 << 50, 1) ran
 * for days.  The elements are charged to the instruction budget first,
 * one each, and a move it cannot pay for fails the rule at once.
 * Upvalue 1: the original. */
static int
l_table_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);

	luaL_checkinteger(L, 4);
	if (e >= f) {
		sandbox_charge(sandbox_of(L),
		               (uint64_t)((lua_Unsigned)e - (lua_Unsigned)f) +
		                       1);
	}
	return call_original(L, 1, 1);
}

/* table.insert, table.remove, table.concat and table.sort are C loops
 * over a range that # gives, and a __len that says 2^63 made them run
 * for ever outside the count hook (review 5).  Each is charged the
 * elements its range spans first, as table.move is.  Upvalue 1: the
 * original; upvalue 2: which one (0 insert, 1 remove, 2 concat, 3
 * sort). */
static int
l_table_range(lua_State *L)
{
	int which = (int)lua_tointeger(L, lua_upvalueindex(2));
	lua_Integer n, f = 1, e;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	e = n;
	if (which == 0) { /* insert(t, pos, v) shifts pos..n up */
		f = lua_gettop(L) >= 3 ? luaL_checkinteger(L, 2) : n;
	} else if (which == 1) { /* remove(t, pos) shifts pos..n down */
		f = luaL_optinteger(L, 2, n);
	} else if (which == 2) { /* concat(t, sep, i, j) */
		f = luaL_optinteger(L, 3, 1);
		e = luaL_optinteger(L, 4, n);
	}
	if (e >= f) {
		uint64_t span =
		        (uint64_t)((lua_Unsigned)e - (lua_Unsigned)f) + 1;
		uint64_t cost = span;

		/* a sort compares some n log n pairs */
		for (uint64_t m = span;
		     which == 3 && m > 1 && cost < UINT64_MAX / 2; m >>= 1) {
			cost += span;
		}
		sandbox_charge(sandbox_of(L), cost);
	}
	return call_original(L, 1, LUA_MULTRET);
}

/* The line of the caller (level 1) when it is the file being loaded,
 * whose chunk is named "@" and the sandbox's label; else 0. */
static int
caller_line(lua_State *L, const sandbox *sb)
{
	lua_Debug ar;

	if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "Sl", &ar) ||
	    ar.source[0] != '@' || strcmp(ar.source + 1, sb->label) != 0) {
		return 0;
	}
	return ar.currentline > 0 ? ar.currentline : 0;
}

/* rule{...}: prelude.lua's check, with the caller's file:line put in
 * front of its message (level 1 is the rule file even when, as usual,
 * rule is called in a `return` -- a tail call).  The check also keeps
 * the line, for rule.c. */
static int
l_rule(lua_State *L)
{
	sandbox *sb = sandbox_of(L);

	lua_settop(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, sb->private_ref);
	lua_getfield(L, -1, "check");
	lua_pushvalue(L, 1);
	lua_pushinteger(L, caller_line(L, sb));
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		luaL_where(L, 1);
		lua_insert(L, -2);
		lua_concat(L, 2);
		return sandbox_raise_plain(L, 0);
	}
	return 1;
}

/* The private where checker handed to prelude.lua. */
static int
l_check_where(lua_State *L)
{
	char err[200];

	if (sqlguard_expr_check(luaL_checkstring(L, 1), err, sizeof(err)) < 0) {
		lua_pushstring(L, err);
		return 1;
	}
	return 0;
}

/* Upvalues: 1 the original load, 2 the original collectgarbage, 3 the
 * original setmetatable, 4 the original xpcall. */
const luaL_Reg sandbox_base[] = {
        {"require", l_require}, /* [-1,+1,e] (name) -> module */
        {"print", l_print},     /* [-n,+0,m] (...) to stderr */
        {"load", l_load},       /* [-n,+1|2,m] (chunk, ...) text only */
        {"collectgarbage", l_collectgarbage}, /* [-n,+1,e] (opt) */
        {"setmetatable", l_setmetatable},     /* [-2,+1,e] (t, mt) no __gc */
        {"xpcall", l_xpcall}, /* [-n,+n,-] (f, msgh, ...) budgeted msgh */
        {"rule", l_rule},     /* [-1,+1,v] {...} -> the rule */
        {NULL, NULL},
};

static void
open_lib(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_requiref(L, name, open, 1);
	lua_pop(L, 1);
}

/* Runs protected: any memory error during set-up is reported, not a
 * panic.  Leaves the prelude's private table on the stack. */
static int
setup(lua_State *L)
{
	open_lib(L, LUA_GNAME, luaopen_base);
	open_lib(L, LUA_STRLIBNAME, luaopen_string);
	open_lib(L, LUA_TABLIBNAME, luaopen_table);
	open_lib(L, LUA_MATHLIBNAME, luaopen_math);
	open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);
	/* The _LOADED table luaL_requiref fills would let a rule reach the
	 * libraries by name; require() uses its own table. */
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);

	lua_pushglobaltable(L);
	lua_pushnil(L);
	lua_setfield(L, -2, "dofile");
	lua_pushnil(L);
	lua_setfield(L, -2, "loadfile");
	lua_getfield(L, -1, "load");
	lua_getfield(L, -2, "collectgarbage");
	lua_getfield(L, -3, "setmetatable");
	lua_getfield(L, -4, "xpcall");
	luaL_setfuncs(L, sandbox_base, 4);
	/* The strings' metatable is shared by every string in the state;
	 * getmetatable("") gives "string", so a rule cannot swap its
	 * __index and change what s:match() means to the code around. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushliteral(L, "string");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
	lua_getfield(L, -1, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_getfield(L, -1, "rep");
	lua_pushcclosure(L, l_str_rep, 1);
	lua_setfield(L, -2, "rep");
	lua_pop(L, 1);
	lua_getfield(L, -1, "table");
	lua_getfield(L, -1, "move");
	lua_pushcclosure(L, l_table_move, 1);
	lua_setfield(L, -2, "move");
	{
		static const char *const ranged[] = {"insert", "remove",
		                                     "concat", "sort"};

		for (int i = 0; i < 4; i++) {
			lua_getfield(L, -1, ranged[i]);
			lua_pushinteger(L, i);
			lua_pushcclosure(L, l_table_range, 2);
			lua_setfield(L, -2, ranged[i]);
		}
	}
	lua_pop(L, 1);
	/* Rules that draw random numbers draw the same ones every run. */
	lua_getfield(L, -1, "math");
	lua_getfield(L, -1, "randomseed");
	lua_pushvalue(L, -1);
	lua_pushinteger(L, 0);
	lua_call(L, 1, 0);
	lua_pushcclosure(L, l_randomseed, 1);
	lua_setfield(L, -2, "randomseed");
	lua_pop(L, 1);

	api_lua_open(L);

	if (luaL_loadbufferx(L, (const char *)prelude_lua,
	                     sizeof(prelude_lua) - 1, "=prelude",
	                     "t") != LUA_OK) {
		return lua_error(L);
	}
	lua_pushcfunction(L, l_check_where);
	lua_call(L, 1, 1);
	return 1;
}

sandbox *
sandbox_new(const struct sandbox_limits *lim, const catalog *cat,
            const char *label, strbuf *msg)
{
	sandbox *sb = xcalloc(1, sizeof(*sb));
	lua_State *L;

	sb->lim = *lim;
	sb->mem_max = lim->max_memory;
	sb->cat = cat;
	sb->label = xstrdup(label);
	sb->private_ref = LUA_NOREF;
	if ((L = lua_newstate(alloc, sb)) == NULL) {
		strbuf_addf(msg, "cannot create a Lua state within %zu MiB",
		            lim->max_memory >> 20);
		sandbox_free(sb);
		return NULL;
	}
	*(sandbox **)lua_getextraspace(L) = sb;
	sb->L = L;
	/* Generational: a replay keeps a large state for the whole run
	 * and makes short-lived tables per event and per row; the
	 * incremental collector lets those grow to twice the state
	 * before a cycle (report memberships, 200,000 changes: 540 MB
	 * at the end of finish, 370 MB generational).  But a replay's
	 * state grows, so its major collections free little; Lua then
	 * counts them as bad and waits, like the incremental collector,
	 * until memory reaches `pause` percent of what survived (200 by
	 * default): the state doubled in finish().  A pause of 150 cut
	 * the peak RSS of report stale (150,000 changes) from 461 to
	 * 313 MB and memberships from 374 to 320 MB, at the same CPU
	 * time; 120 saved nothing more.  LUA_GCINC sets the pause that
	 * LUA_GCGEN then keeps. */
	lua_gc(L, LUA_GCINC, SANDBOX_GC_PAUSE, 0, 0);
	lua_gc(L, LUA_GCGEN, 0, 0);
	lua_pushcfunction(L, setup);
	if (sandbox_call_load(sb, 0, 1, msg) != TS_OK) {
		sandbox_free(sb);
		return NULL;
	}
	sb->private_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return sb;
}

void
sandbox_set_label(sandbox *sb, const char *label)
{
	free(sb->label);
	sb->label = xstrdup(label);
}

void
sandbox_free(sandbox *sb)
{
	if (sb == NULL) {
		return;
	}
	if (sb->L) {
		lua_close(sb->L);
	}
	pool_free_all(&sb->pool);
	strbuf_free(&sb->scratch);
	free(sb->label);
	free(sb);
}

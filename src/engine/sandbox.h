/* sandbox.h -- one Lua 5.4 state per rule, built so that a rule can only
 * compute.
 *
 * sandbox_new() creates a state with a counting allocator (the memory
 * cap), opens base, string, table, math and utf8 only, removes dofile,
 * loadfile and string.dump, restricts load() to text chunks and
 * collectgarbage() to harmless options, sends print() to stderr, installs
 * trailsift's own require() (modules come only from the catalog: the
 * embedded lua/ directory and the lua/ directory of each --rules DIR),
 * opens the `ts` library (api_lua.c) and runs the embedded prelude.lua,
 * which defines rule().
 *
 * Every call into rule code goes through sandbox_call(): it installs a
 * message handler that adds a traceback and gives the call a fresh
 * instruction budget, enforced by a count hook.  When the budget, the
 * memory cap or an SQL budget is exceeded the sandbox "trips": the hook
 * is re-armed to fire on every instruction and raises the same error
 * each time, so a pcall in the rule cannot swallow it (Redis does the
 * same); a call that returns normally after tripping (`return pcall(f)`
 * runs no instruction of its own afterwards) fails too.  A tripped
 * sandbox stays dead.
 *
 * The sandbox owns its lua_State; struct sandbox is public so that the
 * engine's other files (rule_run.c, event_lua.c, ctx_lua.c) can reach
 * the run in progress through sandbox_of(L). */
#ifndef TS_SANDBOX_H
#define TS_SANDBOX_H

#include <lauxlib.h>
#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "../util/strbuf.h"

/* Defaults of the command-line limits (documented in trailsift-rules(7)). */
#define SANDBOX_MAX_INSTRUCTIONS 1000000000ULL /* per call */
#define SANDBOX_MAX_MEMORY_MIB 1024            /* per rule */
#define SANDBOX_MAX_SQL_STEPS 1000000000ULL    /* per ctx:query */

/* The collector's pause, in percent (see sandbox_new in sandbox.c). */
#define SANDBOX_GC_PAUSE 150

struct sandbox_limits {
	uint64_t max_instructions; /* Lua VM instructions per call */
	size_t max_memory;         /* bytes of Lua heap per state */
	uint64_t max_sql_steps;    /* SQLite VM steps per ctx:query */
};

/* Fill lim with the defaults above. */
void sandbox_limits_default(struct sandbox_limits *lim);

/* The LIMITS options of the commands that run rules (rules, report):
 * their getopt values, above any a command uses, and long options. */
enum {
	SANDBOX_OPT_INSN = 0x4000, /* --max-instructions N */
	SANDBOX_OPT_MEM,           /* --max-memory MIB */
	SANDBOX_OPT_SQL,           /* --max-sql-steps N */
};
/* clang-format off */
#define SANDBOX_LIMIT_OPTIONS                                             \
	{"max-instructions", required_argument, NULL, SANDBOX_OPT_INSN},  \
	{"max-memory", required_argument, NULL, SANDBOX_OPT_MEM},         \
	{"max-sql-steps", required_argument, NULL, SANDBOX_OPT_SQL}
/* clang-format on */

/* Set the limit of option c (a SANDBOX_OPT_ value; --max-memory in MiB)
 * from its text v: 0, or -1 when v is no positive decimal count (or more
 * MiB than a size_t holds in bytes). */
int sandbox_limit_parse(struct sandbox_limits *lim, int c, const char *v);
/* The option's name without its dashes ("max-memory"). */
const char *sandbox_limit_name(int c);

struct rule_run;

/* Small blocks of a state (see alloc() in sandbox.c): free lists by
 * size class, carved from slabs freed with the state. */
#define SANDBOX_POOL_CLASSES 4 /* 16, 32, 48, 64 bytes */

struct sandbox_pool {
	void *free[SANDBOX_POOL_CLASSES]; /* free blocks, linked */
	char *next, *end;                 /* unused room in the newest slab */
	void *slabs;                      /* every slab, linked */
};

typedef struct sandbox {
	lua_State *L;              /* the state; owned */
	struct sandbox_pool pool;  /* its small blocks */
	struct sandbox_limits lim; /* limits in force */
	size_t mem_used;           /* bytes allocated by Lua now */
	size_t mem_max;            /* cap (raised a little once tripped) */
	uint64_t spent;            /* instructions of the current call */
	unsigned hook_step;        /* instructions between hook calls */
	int tripped;               /* a budget was exceeded: state is dead */
	char trip_msg[200];        /* why (without position) */
	char trip_at[300];         /* the first raise of it, with file:line */
	const catalog *cat;        /* where require() finds modules */
	char *label;               /* rule id (or file) for log lines */
	struct rule_run *run;      /* the run in progress, else NULL */
	uint64_t gen;              /* event generation (event_lua.c) */
	strbuf scratch;            /* JSON text, not reentrant */
	int private_ref;           /* registry: prelude's private table */
	const char *plain_msg;     /* the error raised by
	                            * sandbox_raise_plain(): it needs no
	                            * traceback (anchored in the registry) */
	int plain_user;            /* ... and came from ts.fail() */
	int user_error;            /* the last call's error came from
	                            * ts.fail(): an error in the input,
	                            * not in the rule */
} sandbox;

/* A new sandbox; label names it in log lines and messages until the
 * rule's id is known (sandbox_set_label).  On failure (the prelude did
 * not run: only when max_memory is absurdly small) returns NULL with
 * the reason in msg. */
sandbox *sandbox_new(const struct sandbox_limits *lim, const catalog *cat,
                     const char *label, strbuf *msg);
void sandbox_free(sandbox *sb); /* NULL is a no-op */
void sandbox_set_label(sandbox *sb, const char *label);

/* The sandbox of a state created by sandbox_new. */
sandbox *sandbox_of(lua_State *L);

/* Call the function below the nargs arguments on top of the stack, as
 * lua_pcall does, with a traceback handler and a fresh instruction
 * budget.  TS_OK with nresults pushed, or TS_FAIL with nothing pushed and
 * the error (position, message, traceback) appended to msg. */
int sandbox_call(sandbox *sb, int nargs, int nresults, strbuf *msg);

/* sandbox_call for loading: the state's set-up, a rule file's top level
 * (with the modules it requires) and the check of its rule table.  The
 * budget is at least the default one: every rule file is loaded to learn
 * its id and tags, selected or not, and a --max-instructions meant for
 * each and finish must not fail the loading of rules not even run. */
int sandbox_call_load(sandbox *sb, int nargs, int nresults, strbuf *msg);

/* Exceed a budget: make the state raise "file:line: <why>" at every
 * instruction from now on.  Does not return when the hook can raise at
 * once (called from C code running under Lua, raise=1); with raise=0 it
 * only arms the hook (safe from an allocator or SQLite callback). */
void sandbox_trip(sandbox *sb, int raise, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Instructions left to the current call. */
uint64_t sandbox_budget_left(const sandbox *sb);

/* Charge n instructions to the current call, for work a C function
 * does on the rule's behalf outside the count hook's sight (a
 * table.move, a JSON encoding): trips the instruction budget, raising,
 * when what is left cannot pay them (or the sandbox has tripped). */
void sandbox_charge(sandbox *sb, uint64_t n);

/* Raise a Lua error whose position is `level` functions up (1 = the Lua
 * code calling the C function that calls this), like luaL_error. */
int sandbox_error(lua_State *L, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Raise msg as it is, without position or traceback.  [-0, +0, v] */
int sandbox_error_plain(lua_State *L, const char *msg);

/* Raise the string on top of the stack as it is, as sandbox_error_plain()
 * does; `user`: it is about the rule's input (ts.fail()), so the rule's
 * file is not named either.  Only this error value is plain: one a
 * pcall caught leaves a later error of the same call its traceback.
 * [-1, +0, v] */
int sandbox_raise_plain(lua_State *L, int user);

/* Write "LABEL: text" as one line on stderr (ctx:log, ts.log, print). */
void sandbox_log(sandbox *sb, const char *text, size_t len);

/* Functions replacing or added to the base library (documented in
 * trailsift-rules(7) under SANDBOX). */
extern const luaL_Reg sandbox_base[];

/* From a signal handler (SIGINT, SIGTERM): the rule running fails with
 * "interrupted" at its next hook, and sandbox_stopped() says so from
 * then on, for the SQL progress handlers and the loop over rules.  A
 * rule inside one long library call stops when it returns. */
void sandbox_stop(void);
int sandbox_stopped(void);

#endif

/* sqlguard.h -- keep the SQL that rules write read-only and bounded.
 *
 * Rules reach SQLite two ways: the `where` expression of rule{} and
 * ctx:query().  Both run on a connection that sqlguard_install() has
 * given an authorizer allowing only reading (SELECT, reading columns,
 * functions, recursive CTEs: no writes, PRAGMA, ATTACH or transactions;
 * no fts3_tokenizer() or load_extension(), which reach native code)
 * a progress handler that calls back every SQLGUARD_PROGRESS_OPS
 * virtual-machine steps, and values capped at SQLGUARD_MAX_LENGTH bytes.  On
 * top of that the engine checks that a statement is sqlite3_stmt_readonly() and
 * has no trailing SQL, and that a `where` is a single expression
 * (sqlguard_expr_check), so it cannot close the parenthesis it is wrapped in.
 * Used by rule_run.c, ctx_lua.c and sandbox.c (for rule()'s load-time check).
 */
#ifndef TS_SQLGUARD_H
#define TS_SQLGUARD_H

#include <sqlite3.h>
#include <stddef.h>

/* Steps between two calls of the progress callback. */
#define SQLGUARD_PROGRESS_OPS 1000

/* Largest string or blob a rule's SQL may make (SQLITE_LIMIT_LENGTH). */
#define SQLGUARD_MAX_LENGTH (64 << 20)

/* 0 if sql is one SQL expression as far as a lexer can tell: not empty,
 * parentheses balanced (never closing more than it opened), no ';', all
 * strings, quoted names and comments terminated.  Otherwise -1 with the
 * reason in err. */
int sqlguard_expr_check(const char *sql, char *err, size_t cap);

/* s past whitespace and SQL comments. */
const char *sqlguard_skip_blank(const char *s);

/* True if only whitespace, semicolons and SQL comments remain. */
int sqlguard_only_trailer(const char *tail);

/* The least SQLite may use while a rule runs, above what it held when
 * the rule started, whatever --max-memory says (see sqlguard.c). */
#define SQLGUARD_HEAP_FLOOR ((sqlite3_int64)64 << 20)

/* Cap SQLite's heap, for the whole process (SQLite has no other kind of
 * heap limit), at what it uses now plus the larger of max_bytes and
 * SQLGUARD_HEAP_FLOOR, and return the cap set, in bytes (0 if none
 * could be: a build without memory statistics).  *prev gets the limit
 * to put back with sqlguard_heap_restore() when the rule has run.
 * Past the cap SQLite fails the statement with SQLITE_NOMEM. */
sqlite3_int64 sqlguard_heap_limit(size_t max_bytes, sqlite3_int64 *prev);
void sqlguard_heap_restore(sqlite3_int64 prev);

/* Install the read-only authorizer and the progress handler (fn(arg)
 * returns non-zero to interrupt the statement) on db, and turn off the
 * connection's FTS3 tokenizer registration and extension loading. */
void sqlguard_install(sqlite3 *db, int (*fn)(void *), void *arg);

/* Why the query authorizer refused a statement (empty: it did not). */
struct sqlguard_refusal {
	char why[160];
};

/* For `trailsift query`: an authorizer that lets reading and reporting
 * pragmas through, and refuses, saying why in r, ATTACH and DETACH,
 * the functions rules may not call, pragmas given a value, transactions
 * and savepoints; FTS3 tokenizer registration and extension loading
 * off.  r must outlive the connection. */
void sqlguard_install_query(sqlite3 *db, struct sqlguard_refusal *r);

#endif

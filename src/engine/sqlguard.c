/* sqlguard.c -- read-only, bounded rule SQL (see sqlguard.h). */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sqlguard.h"

/* Skip a quoted run starting at s (the opening quote); returns the byte
 * after the closing quote, or NULL when unterminated.  A doubled closing
 * quote is part of the run, as SQL writes it. */
static const char *
skip_quoted(const char *s, char close)
{
	for (s++; *s; s++) {
		if (*s == close) {
			if (close != ']' && s[1] == close) {
				s++;
				continue;
			}
			return s + 1;
		}
	}
	return NULL;
}

int
sqlguard_expr_check(const char *sql, char *err, size_t cap)
{
	const char *s = sql;
	int depth = 0, any = 0;

	while (*s) {
		const char *e;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
			continue;
		}
		if (s[0] == '/' && s[1] == '*') {
			if ((e = strstr(s + 2, "*/")) == NULL) {
				snprintf(err, cap, "unterminated /* comment");
				return -1;
			}
			s = e + 2;
			continue;
		}
		any = 1;
		switch (*s) {
		case '\'':
		case '"':
		case '`':
		case '[':
			if ((e = skip_quoted(s, *s == '[' ? ']' : *s)) ==
			    NULL) {
				snprintf(err, cap, "unterminated %s",
				         *s == '\'' ? "string" : "quoted name");
				return -1;
			}
			s = e;
			continue;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth < 0) {
				snprintf(err, cap,
				         "unbalanced ')': a where is one SQL "
				         "expression");
				return -1;
			}
			break;
		case ';':
			snprintf(err, cap,
			         "';' is not allowed: a where is one SQL "
			         "expression, not statements");
			return -1;
		}
		s++;
	}
	if (!any) {
		snprintf(err, cap, "empty expression");
		return -1;
	}
	if (depth != 0) {
		snprintf(err, cap, "unbalanced '('");
		return -1;
	}
	return 0;
}

const char *
sqlguard_skip_blank(const char *s)
{
	for (;;) {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			/* unterminated, it runs to the end, as SQLite reads it
			 */
			s = e ? e + 2 : s + strlen(s);
		} else {
			return s;
		}
	}
}

int
sqlguard_only_trailer(const char *s)
{
	while (*(s = sqlguard_skip_blank(s)) == ';') {
		s++;
	}
	return *s == '\0';
}

/* SQL functions no rule may call, although reading is all they seem to
 * do.  fts3_tokenizer() hands out the address of a native tokenizer
 * module and, given a blob, registers one at any address: an address
 * leak and half of a known code-execution primitive.  load_extension()
 * loads native code.  readfile(), writefile() and edit() are the
 * sqlite3 shell's file functions, in case an SQLite build carries
 * them.  Everything else SQLite provides computes on values. */
static const char *const denied_functions[] = {
        "fts3_tokenizer", /* native addresses, out and in */
        "load_extension", /* native code */
        "readfile",       /* the shell's file access */
        "writefile",      /* likewise */
        "edit",           /* likewise, and runs an editor */
        NULL,
};

/* The entry of denied_functions naming function `name`, or NULL. */
static const char *
denied_function(const char *name)
{
	for (int i = 0; name != NULL && denied_functions[i]; i++) {
		if (strcasecmp(name, denied_functions[i]) == 0) {
			return denied_functions[i];
		}
	}
	return NULL;
}

/* The two-argument fts3_tokenizer() and extension loading off for the
 * connection itself, under the authorizers (some builds, Debian's
 * among them, turn the former on). */
static void
no_native(sqlite3 *db)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
}

/* Allow reading and the functions not denied above.  Everything else --
 * writes, PRAGMA, ATTACH, DETACH, transactions, schema changes -- is
 * refused at prepare time.  For SQLITE_FUNCTION, b is the function's
 * name. */
static int
authorize(void *arg, int action, const char *a, const char *b, const char *c,
          const char *d)
{
	switch (action) {
	case SQLITE_FUNCTION:
		return denied_function(b) ? SQLITE_DENY : SQLITE_OK;
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_UPDATE:
		/* A table-valued function (json_each, json_tree) declares
		 * its columns as it is prepared, and that parse asks to
		 * update the columns of sqlite_master: refused, both failed
		 * with "vtable constructor failed".  A statement that would
		 * really update sqlite_master is refused still, by SQLite
		 * itself ("table sqlite_master may not be modified": a rule
		 * cannot turn writable_schema on), and it is no read-only
		 * statement, which ctx:query and where require. */
		return a != NULL && strcmp(a, "sqlite_master") == 0
		               ? SQLITE_OK
		               : SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

/* Pragmas that take an argument and still only report: a table's
 * columns, an index's, a check of at most N problems. */
static const char *const reporting_pragmas[] = {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_info",
        "index_xinfo",
        "index_list",
        "foreign_key_list",
        "foreign_key_check",
        "integrity_check",
        "quick_check",
        NULL,
};

static int
is_reporting_pragma(const char *name)
{
	for (int i = 0; reporting_pragmas[i]; i++) {
		if (strcasecmp(name, reporting_pragmas[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* `trailsift query`: reading, with pragmas that report, and nothing
 * that reaches beyond the one file (ATTACH), native addresses or code
 * (the functions rules may not call either), or the connection's own
 * settings (a pragma given a value, a transaction): the connection is
 * read-only, so those wrote nothing, but the man page says they are
 * refused.  Why, into the caller's buffer. */
static int
authorize_query(void *arg, int action, const char *a, const char *b,
                const char *c, const char *d)
{
	struct sqlguard_refusal *r = arg;
	const char *fn;

	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		snprintf(r->why, sizeof(r->why),
		         "ATTACH and DETACH are not accepted: a query reads "
		         "the one index given with -d");
		return SQLITE_DENY;
	case SQLITE_FUNCTION:
		if ((fn = denied_function(b)) == NULL) {
			return SQLITE_OK;
		}
		snprintf(r->why, sizeof(r->why),
		         "the function %s() is not available: it reaches "
		         "native addresses, code or files",
		         fn);
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (b != NULL && !is_reporting_pragma(a)) {
			snprintf(r->why, sizeof(r->why),
			         "PRAGMA %.40s = %.40s sets something: only "
			         "pragmas that report are accepted",
			         a, b);
			return SQLITE_DENY;
		}
		return SQLITE_OK;
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
		snprintf(r->why, sizeof(r->why),
		         "transactions and savepoints are not accepted: a "
		         "query is one read-only statement");
		return SQLITE_DENY;
	default:
		return SQLITE_OK;
	}
}

void
sqlguard_install_query(sqlite3 *db, struct sqlguard_refusal *r)
{
	r->why[0] = '\0';
	no_native(db);
	sqlite3_set_authorizer(db, authorize_query, r);
}

void
sqlguard_install(sqlite3 *db, int (*fn)(void *), void *arg)
{
	no_native(db);
	sqlite3_set_authorizer(db, authorize, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	/* zeroblob(1e9), randomblob(1e9) and the like: one value
	 * may not take more memory than this (SQLite allows 1 GB).  The
	 * index holds nothing near it: records are at most 8 MiB. */
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, SQLGUARD_MAX_LENGTH);
	sqlite3_progress_handler(db, SQLGUARD_PROGRESS_OPS, fn, arg);
}

/* A rule's ctx:query("SELECT randomblob(60000000), ... x 30") held 1.8
 * GB in SQLite, counted against no limit, with --max-memory 100.  The
 * cap is relative to what SQLite holds when the rule starts (the page
 * caches of the connections, the writer's findings cache), so that
 * earlier work never counts against a rule.  The floor keeps ordinary
 * statements clear of it: sorts and GROUP BY spill to temporary files
 * (temp_store = FILE, the default of the rule connections), so what a
 * rule's SQL holds in memory is the page caches, some MiB.  Measured
 * with sqlite3_memory_highwater() per rule: every report and rule on
 * the three samples peaks under 3.1 MiB; on a 1M-event bench index
 * under 5.3 MiB, and a GROUP BY and a DISTINCT ... ORDER BY over all
 * its events under 4.6 MiB; a 400 MB ORDER BY spills and stays far
 * below 64 MiB.  A floor of 64 MiB is ten times the peaks. */
sqlite3_int64
sqlguard_heap_limit(size_t max_bytes, sqlite3_int64 *prev)
{
	sqlite3_int64 room = (sqlite3_int64)max_bytes, cap;

	if (max_bytes > (size_t)(INT64_MAX / 4) || room < SQLGUARD_HEAP_FLOOR) {
		room = max_bytes > (size_t)(INT64_MAX / 4)
		               ? INT64_MAX / 4
		               : SQLGUARD_HEAP_FLOOR;
	}
	cap = sqlite3_memory_used() + room;
	*prev = sqlite3_hard_heap_limit64(-1);
	if (*prev > 0 && *prev < cap) {
		return *prev;
	}
	sqlite3_hard_heap_limit64(cap);
	return sqlite3_hard_heap_limit64(-1) == cap ? cap : 0;
}

void
sqlguard_heap_restore(sqlite3_int64 prev)
{
	sqlite3_hard_heap_limit64(prev);
}

/* rule.h -- a rule file loaded into its own sandbox, and what C
 * needs to know about it.
 *
 * rule_load() creates the sandbox, compiles the file as text, runs it
 * under the instruction budget, checks that it returned a rule{} (the
 * field checks themselves are prelude.lua's) and copies the metadata
 * into a struct rule: that is what selection, `rules list`, `rules help`
 * and --arg checking read.  The rule's table stays in the sandbox
 * (spec_ref) for rule_run.c.  A struct rule owns its sandbox and every
 * string in it; rule_free() releases all. */
#ifndef TS_RULE_H
#define TS_RULE_H

#include <stdint.h>

#include "catalog.h"
#include "sandbox.h"

enum rule_arg_type { RULE_ARG_STRING, RULE_ARG_NUMBER, RULE_ARG_BOOLEAN };

struct rule_arg {
	char *name;              /* as declared in args */
	enum rule_arg_type type; /* declared type */
	char *def;               /* default shown as Lua text, or NULL */
	char *doc;               /* doc string, or NULL */
	char *value;             /* --arg value (checked), or NULL */
};

struct rule {
	char *id;                   /* rule id */
	char *title;                /* one line */
	char *severity;             /* info | low | medium | high */
	char *description;          /* or NULL */
	char *where;                /* SQL expression, or NULL: all events */
	char **tags;                /* tags, in the rule's order */
	int n_tags;                 /* entries in tags */
	char **refs;                /* references, or none */
	int n_refs;                 /* entries in refs */
	struct rule_arg *args;      /* declared arguments, sorted by name */
	int n_args;                 /* entries in args */
	int has_each;               /* each() is defined */
	int has_finish;             /* finish() is defined */
	int line;                   /* file's line of rule{}, or 0 */
	int where_line;             /* line of `where =`, else of rule{} */
	const struct rule_src *src; /* the file (owned by the catalog) */
	sandbox *sb;                /* its state */
	int spec_ref;               /* registry ref of the rule's table */
	int64_t since_ms;           /* the run's window: each() sees events */
	int64_t until_ms;           /* with since_ms <= time_ms <= until_ms;
	                             * INT64_MIN, INT64_MAX: no bound */
};

/* Load src.  TS_OK with *out set, or TS_FAIL with the reason (with
 * file:line, and a traceback for run-time errors) appended to msg. */
int rule_load(const catalog *cat, const struct rule_src *src,
              const struct sandbox_limits *lim, struct rule **out, strbuf *msg);

void rule_free(struct rule *r); /* NULL is a no-op */
/* Close r's sandbox, once r has run and will not run again: what its
 * state holds (a replay of every change) is returned before its
 * findings are printed and stored.  The metadata stays. */
void rule_close_state(struct rule *r);

/* Append to msg where r declares its where, for messages about it or
 * about the query it makes: "FILE:LINE" with the line of the `where =`
 * field (or, when the text does not show it or there is no where, of
 * the rule{} call), or "FILE" when neither is known. */
void rule_where_at(const struct rule *r, strbuf *msg);

/* The declared argument `name`, or NULL. */
struct rule_arg *rule_find_arg(struct rule *r, const char *name);

/* Check value against the argument's type and keep it (a later value
 * replaces an earlier one).  0, or -1 with the reason in err. */
int rule_set_arg(struct rule *r, struct rule_arg *a, const char *value,
                 char *err, size_t cap);

/* The words --arg accepts for a boolean: 1 for true, yes, on, 1; 0 for
 * false, no, off, 0; -1 for anything else. */
int rule_bool_word(const char *s);

/* Is the rule tagged `tag`? */
int rule_has_tag(const struct rule *r, const char *tag);

/* Whether s is a severity: info, low, medium or high (a rule's, and a
 * finding's that overrides it). */
int rule_severity_ok(const char *s);

/* The bytes of a rule id, which begins with none of ".-" (prelude.lua's
 * check_name says the same in Lua). */
#define RULE_ID_CHARS                                                          \
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

const char *rule_arg_type_name(enum rule_arg_type t);

#endif

/* ruleset.h -- every rule of a catalog, loaded, with selection and
 * --arg handling: what `rules list`, `rules help` and `rules run` start
 * from.
 *
 * ruleset_load() loads each rule file into its own sandbox.  A file that
 * fails to load is reported on stderr (file:line and why) and counted;
 * the others are kept.  When two files define the same id, the one from
 * the later origin wins (a --rules DIR over the built-in rules, a later
 * DIR over an earlier one), so an author can override a built-in rule by
 * copying it; two files of the same origin with the same id are an
 * error for the second.  Rules are kept sorted by id: that is the order
 * in which `rules run` runs them and prints their findings. */
#ifndef TS_RULESET_H
#define TS_RULESET_H

#include <signal.h>
#include <stdint.h>

#include "catalog.h"
#include "finding.h"
#include "rule.h"
#include "sandbox.h"

/* A rule file that did not load.  Its id is what the file's text says
 * (an id = "..." field) or, when the text does not say, what its path
 * suggests (DIR/NAME.lua: DIR.NAME, as the rules shipped are named): a
 * guess, so that naming the rule points at the failure rather than
 * reading as a typo. */
struct ruleset_failure {
	const struct rule_src *src; /* owned by the catalog */
	char *id;                   /* the guessed id (owned) */
};

struct ruleset {
	struct rule **v; /* rules sorted by id (owned; NULL once freed) */
	int n;           /* entries in v */
	int n_failed;    /* rule files that did not load */
	struct ruleset_failure *failed; /* those of them with an id of
	                                 * their own (not duplicates) */
	int n_failures;                 /* entries in failed */
};

void ruleset_load(struct ruleset *rs, const catalog *cat,
                  const struct sandbox_limits *lim);
void ruleset_free(struct ruleset *rs);

/* The rule with this id, or NULL. */
struct rule *ruleset_find(const struct ruleset *rs, const char *id);

/* The rule file that did not load whose (guessed) id matches the id or
 * shell pattern name, or NULL. */
const struct ruleset_failure *ruleset_find_failed(const struct ruleset *rs,
                                                  const char *name);

/* Set selected[i] for each rule matching any of exprs[0..n) (see
 * select.h); with n == 0, the rules tagged "default", or every rule when
 * none is.  0, or -1 with the reason in err: a syntax error, or a name
 * that matches no rule id or tag.  A name that matches only a rule file
 * that did not load is no typo: it selects nothing and is accepted (the
 * failure is reported, and counted in n_failed). */
int ruleset_select(const struct ruleset *rs, char *const *exprs, int n,
                   char *selected, char *err, size_t cap);

/* Apply "ID.NAME=VALUE".  0, or -1 with the reason in err.  An
 * argument of a rule whose file did not load is ignored (0). */
int ruleset_arg(const struct ruleset *rs, const char *spec, char *err,
                size_t cap);

/* Called with each rule's findings once it has run and they are
 * stored (its Lua state is closed by then).  It may take them
 * (finding_list_move); what it leaves is freed after the call. */
typedef void ruleset_emit_fn(void *arg, const struct rule *r,
                             struct finding_list *fl);

/* The index connections of a run: read-only for the rules, and a
 * writer for their findings unless they are not stored. */
struct ruleset_session {
	sqlite3 *db;    /* read-only, for the rules */
	sqlite3 *wdb;   /* findings, or NULL */
	int64_t run_id; /* the `run` row of the findings */
	int lock;       /* index_lock_shared() descriptor, or -1 */
	struct sigaction old_int, old_term, old_pipe; /* put back at the end */
};

/* Open the index at db_path for a run; with store, also for writing
 * findings, under a `run` row recording `command`.  TS_EXIT_OK, or
 * TS_EXIT_FATAL with the reason printed. */
int ruleset_begin(struct ruleset_session *s, const char *db_path, int store,
                  const char *command);

/* Run the selected rules, in id order, each over the window [since_ms,
 * until_ms] (INT64_MIN, INT64_MAX: no bound).  A rule that fails is
 * reported (ruleset_report) and the others still run.  Each rule's
 * findings replace its earlier ones in the index when stored, and emit
 * (may be NULL) sees them.  Every rule run is freed.  Returns an exit
 * status: TS_EXIT_OK, TS_EXIT_PARTIAL when a rule failed to load or run,
 * TS_EXIT_FATAL when the index could not be read or written. */
int ruleset_run(struct ruleset *rs, const char *selected,
                struct ruleset_session *s, int64_t since_ms, int64_t until_ms,
                ruleset_emit_fn *emit, void *arg);

/* Close the run row with the outcome rc and the connections; returns
 * rc, or TS_EXIT_FATAL when closing the run failed. */
int ruleset_end(struct ruleset_session *s, int rc);

/* Print a rule's failure on stderr: "trailsift: rules: [ID: ]MSG", with
 * the file named when the message does not start with it, and MSG as
 * ruleset_visible() shows it. */
void ruleset_report(const char *path, const char *id, const char *msg);

/* Append msg, a rule's failure, to sb as it may reach a terminal: the
 * error on one line with its control characters shown (\n, \x1b), as
 * ts.fail's and ctx:log's are, so that a rule's error() cannot forge
 * lines or send escape sequences; the Lua traceback after it (from its
 * last "\nstack traceback:\n") keeps its lines and tabs. */
void ruleset_visible(strbuf *sb, const char *msg);

#endif

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

#include "catalog.h"
#include "rule.h"
#include "sandbox.h"

struct ruleset {
	struct rule **v; /* rules sorted by id (owned; NULL once freed) */
	int n;           /* entries in v */
	int n_failed;    /* rule files that did not load */
};

void ruleset_load(struct ruleset *rs, const catalog *cat,
                  const struct sandbox_limits *lim);
void ruleset_free(struct ruleset *rs);

/* The rule with this id, or NULL. */
struct rule *ruleset_find(const struct ruleset *rs, const char *id);

/* Set selected[i] for each rule matching any of exprs[0..n) (see
 * select.h); with n == 0, the rules tagged "default", or every rule when
 * none is.  0, or -1 with the reason in err: a syntax error, or a name
 * that matches no rule id or tag. */
int ruleset_select(const struct ruleset *rs, char *const *exprs, int n,
                   char *selected, char *err, size_t cap);

/* Apply "ID.NAME=VALUE".  0, or -1 with the reason in err. */
int ruleset_arg(const struct ruleset *rs, const char *spec, char *err,
                size_t cap);

/* Print a rule's failure on stderr: "trailsift: rules: [ID: ]MSG", with
 * the file named when the message does not start with it. */
void ruleset_report(const char *path, const char *id, const char *msg);

#endif

/* select.h -- selection expressions: which rules `rules run` runs.
 *
 * NSE's --script expressions, over rule ids and tags:
 *	expr   = term { "or" term }
 *	term   = factor { "and" factor }
 *	factor = "not" factor | "(" expr ")" | NAME
 * NAME (letters, digits, '.', '-', '_', and the wildcards '*' '?')
 * matches a rule whose id matches it as a shell pattern (fnmatch) or
 * that has a tag equal to it; "all" matches every rule.  Keywords are
 * case-sensitive.  Used by cmd_rules.c (--select and the ID operands)
 * and ruleset.c. */
#ifndef TS_SELECT_H
#define TS_SELECT_H

#include <stddef.h>

typedef struct select_expr select_expr;

/* Parse text.  NULL on a syntax error, with the reason in err. */
select_expr *select_parse(const char *text, char *err, size_t cap);
void select_free(select_expr *x); /* NULL is a no-op */

/* Does a rule with this id and tags match? */
int select_match(const select_expr *x, const char *id, char *const *tags,
                 int n_tags);

/* Does the single NAME match such a rule (for "matches no rule"
 * checks)? */
int select_name_matches(const char *name, const char *id, char *const *tags,
                        int n_tags);

/* The NAMEs of x, in order of appearance. */
int select_n_names(const select_expr *x);
const char *select_name(const select_expr *x, int i);

#endif

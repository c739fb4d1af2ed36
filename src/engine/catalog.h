/* catalog.h -- where rules, their fixtures and Lua modules come from.
 *
 * Two origins: the files embedded in the binary at build time (rules/,
 * their .test/ fixtures and lua/, listed in Makefile.am and turned into
 * embedded.inc by tools/embed-files.sh), so an installed trailsift works
 * from any directory; and each --rules DIR, walked recursively in name
 * order for *.lua files (skipping DIR/lua/, which holds modules, and
 * every *.test/ directory, which holds fixtures).  Rules are listed
 * built-in first, then per directory in the order given; a later rule
 * with the same id replaces an earlier one (ruleset.c decides that).
 *
 * Modules: require "a.b" finds lua/a/b.lua in each --rules DIR, the last
 * given first, then among the embedded files.  A rule's fixtures are
 * the files beside it in <rule>.test/.  The catalog owns every string it
 * hands out; they live until catalog_free(). */
#ifndef TS_CATALOG_H
#define TS_CATALOG_H

#include <stddef.h>

#include "../util/err.h"
#include "../util/strbuf.h"

/* One embedded file (embedded.inc). */
struct catalog_embedded {
	const char *name;          /* path in the source tree */
	const unsigned char *data; /* its bytes, NUL-terminated */
	size_t len;                /* bytes, without the NUL */
};

/* One rule file. */
struct rule_src {
	char *path; /* as shown and used as the chunk name: "rules/x/y.lua"
	             * for built-in rules, "DIR/y.lua" for the others */
	char *base; /* path without ".lua"; fixtures are in base.test/ */
	int origin; /* 0 built-in, 1.. the --rules DIR (in order), -1 a
	             * file named on the command line */
};

typedef struct catalog catalog;

/* The built-in files plus every rule under dirs[0..n_dirs).  TS_OK, or
 * TS_FAIL when a directory cannot be read (err says which; *out is
 * still a usable catalog of the rest). */
int catalog_new(char *const *dirs, int n_dirs, catalog **out, ts_err *err);
void catalog_free(catalog *c); /* NULL is a no-op */

/* Add a rule file named on the command line (`rules test PATH`).
 * Returns its entry. */
const struct rule_src *catalog_add_file(catalog *c, const char *path);

int catalog_n_rules(const catalog *c);
const struct rule_src *catalog_rule(const catalog *c, int i);

/* Read a rule's text (rel NULL) or its fixture base.test/rel into out.
 * Returns 1 when found, 0 when there is no such file, -1 on a read
 * error (message in err). */
int catalog_read(const catalog *c, const struct rule_src *src, const char *rel,
                 strbuf *out, ts_err *err);

/* Is the rule's fixture base.test/rel a file on disk (so --update can
 * rewrite it)?  Then its path; else NULL (built-in rules). */
const char *catalog_fixture_path(const struct rule_src *src, const char *rel,
                                 strbuf *buf);

/* Find module `name` (dotted, already validated) for require.  Returns
 * 1 with its text in text and its chunk name ("@lua/ts/ua.lua") in
 * chunk, 0 when it exists nowhere, with the places searched in chunk,
 * or -1 when its file is a link (or lies in a linked directory) that
 * leads outside its lua/ directory, with the refusal in chunk. */
int catalog_module(const catalog *c, const char *name, strbuf *text,
                   strbuf *chunk);

/* Every module name the catalog can load, sorted, each once (for
 * `rules test --lib`).  Returns the count; *names is owned by c. */
int catalog_modules(catalog *c, const char *const **names);

/* The embedded files (a NULL-terminated table). */
extern const struct catalog_embedded catalog_embedded[];

#endif

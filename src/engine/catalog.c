/* catalog.c -- built-in and on-disk rules, fixtures and modules (see
 * catalog.h).  Directories are walked with walk_run(), so the order is
 * the same on every run and symbolic-link loops are reported. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "../ingest/walk.h"
#include "../util/xmalloc.h"

#include "engine/embedded.inc"

struct catalog {
	char **dirs;             /* --rules DIRs, in order */
	int n_dirs;              /* entries in dirs */
	struct rule_src **rules; /* every rule file, in catalog order */
	int n_rules;             /* entries used */
	int cap;                 /* entries allocated */
	char **modules;          /* module names (catalog_modules) */
	int n_modules;           /* entries in modules */
};

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static const struct rule_src *
add_rule(catalog *c, const char *path, int origin)
{
	struct rule_src *r = xcalloc(1, sizeof(*r));

	if (c->n_rules == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->rules = xrealloc(c->rules, c->cap * sizeof(*c->rules));
	}
	r->path = xstrdup(path);
	r->base = xstrndup(path,
	                   strlen(path) - (ends_with(path, ".lua") ? 4 : 0));
	r->origin = origin;
	c->rules[c->n_rules++] = r;
	return r;
}

/* Read a whole file; 1 read, 0 missing, -1 error. */
static int
read_file(const char *path, strbuf *out, ts_err *err)
{
	char buf[16384];
	FILE *fp;
	size_t n;

	strbuf_reset(out);
	if ((fp = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR) {
			return 0;
		}
		ts_fail(err, TS_FAIL, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		strbuf_add(out, buf, n);
	}
	if (ferror(fp)) {
		ts_fail(err, TS_FAIL, "%s: read error", path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	strbuf_add(out, "", 0);
	return 1;
}

static const struct catalog_embedded *
embedded(const char *name)
{
	for (const struct catalog_embedded *e = catalog_embedded; e->name;
	     e++) {
		if (strcmp(e->name, name) == 0) {
			return e;
		}
	}
	return NULL;
}

/* Does a path below a --rules DIR hold a rule?  Modules (lua/), fixture
 * directories (*.test/) and hidden names are not rules. */
static int
is_rule_path(const char *rel)
{
	const char *p = rel;

	if (strncmp(rel, "lua/", 4) == 0 || !ends_with(rel, ".lua")) {
		return 0;
	}
	for (;;) {
		const char *slash = strchr(p, '/');

		if (*p == '.') {
			return 0;
		}
		if (slash == NULL) {
			return 1;
		}
		if (slash - p >= 5 && strncmp(slash - 5, ".test", 5) == 0) {
			return 0;
		}
		p = slash + 1;
	}
}

struct walk_ctx {
	catalog *c;    /* catalog being filled */
	size_t skip;   /* length of "DIR/" */
	int origin;    /* --rules index, 1-based */
	ts_err *err;   /* first unreadable path */
	char ***names; /* catalog_modules: names collected */
	int *n_names;  /* ... and their count */
};

/* Does a path below a --rules DIR lie where no rule is looked for: a
 * hidden name, a fixture directory (*.test), the modules (lua/)? */
static int
outside_rules(const char *rel)
{
	if (strcmp(rel, "lua") == 0 || strncmp(rel, "lua/", 4) == 0) {
		return 1;
	}
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");

		if (*p == '.' ||
		    (n >= 5 && strncmp(p + n - 5, ".test", 5) == 0)) {
			return 1;
		}
		p += n + (p[n] == '/');
	}
	return 0;
}

/* An entry the walk could not read fails the catalog (a usage error)
 * only when it may hold rules: an unreadable directory, or something
 * named *.lua.  A broken link, fifo or socket of another name, a loop
 * back into the tree, and anything where no rule is looked for (an
 * editor's lock link ".#rule.lua", fixtures) are passed over, as the
 * files there are. */
static int
walk_rule(void *arg, const struct walk_entry *e)
{
	struct walk_ctx *w = arg;
	const char *rel = strlen(e->path) > w->skip ? e->path + w->skip : "";

	if (e->type == WALK_FILE) {
		if (*rel && is_rule_path(rel)) {
			add_rule(w->c, e->path, w->origin);
		}
		return 0;
	}
	if (*rel && (outside_rules(rel) ||
	             (!ends_with(rel, ".lua") &&
	              (e->type == WALK_SPECIAL || S_ISLNK(e->st.st_mode) ||
	               (e->error &&
	                strncmp(e->error, "symbolic link loop", 18) == 0))))) {
		return 0;
	}
	ts_fail(w->err, TS_FAIL, "%s: %s", e->path,
	        e->error ? e->error : "not a regular file");
	return 0;
}

/* "DIR" without trailing slashes, plus the "/" the walk puts after it. */
static char *
dir_prefix(const char *dir, size_t *skip)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/') {
		n--;
	}
	*skip = n + (dir[n - 1] != '/');
	return xstrndup(dir, n);
}

/* A module under DIR/lua/ is found before the built-in one of its name
 * (catalog_module()): say so, once per run, as a rule pack from someone
 * else could change every built-in rule's findings through one. */
static void
note_shadowed_modules(const char *dir)
{
	for (const struct catalog_embedded *e = catalog_embedded; e->name;
	     e++) {
		struct stat st;
		char *path, *name;

		if (strncmp(e->name, "lua/", 4) != 0 ||
		    !ends_with(e->name, ".lua")) {
			continue;
		}
		path = xasprintf("%s/%s", dir, e->name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			/* "lua/ts/time.lua": ts.time */
			name = xasprintf("%.*s", (int)strlen(e->name) - 8,
			                 e->name + 4);
			for (char *p = name; *p; p++) {
				*p = *p == '/' ? '.' : *p;
			}
			fflush(stdout);
			fprintf(stderr,
			        "trailsift: rules: %s: replaces the built-in "
			        "module %s\n",
			        path, name);
			free(name);
		}
		free(path);
	}
}

int
catalog_new(char *const *dirs, int n_dirs, catalog **out, ts_err *err)
{
	catalog *c = xcalloc(1, sizeof(*c));
	struct stat st;
	int rc = TS_OK;

	for (const struct catalog_embedded *e = catalog_embedded; e->name;
	     e++) {
		if (strncmp(e->name, "rules/", 6) == 0 &&
		    is_rule_path(e->name + 6)) {
			add_rule(c, e->name, 0);
		}
	}
	c->dirs = xcalloc((size_t)n_dirs + 1, sizeof(char *));
	for (int i = 0; i < n_dirs; i++) {
		struct walk_ctx w = {c, 0, i + 1, err, NULL, NULL};
		char *d = dir_prefix(dirs[i], &w.skip);
		ts_err e1;

		ts_err_clear(&e1);
		w.err = &e1;
		c->dirs[c->n_dirs++] = d;
		/* a file was walked as itself and held no rule below it: a
		 * `rules test --rules r.lua` passed without testing r.lua */
		if (stat(d, &st) == 0 && !S_ISDIR(st.st_mode)) {
			rc = ts_fail(err, TS_FAIL,
			             "--rules %s: not a directory (--rules "
			             "names a folder of rules%s)",
			             dirs[i],
			             ends_with(d, ".lua")
			                     ? "; give its folder, or name the "
			                       "file itself to rules test"
			                     : "");
			continue;
		}
		walk_run(&d, 1, walk_rule, &w);
		if (e1.code != TS_OK) {
			rc = ts_fail(err, TS_FAIL, "--rules %s", e1.msg);
		}
		note_shadowed_modules(d);
	}
	*out = c;
	return rc;
}

void
catalog_free(catalog *c)
{
	if (c == NULL) {
		return;
	}
	for (int i = 0; i < c->n_dirs; i++) {
		free(c->dirs[i]);
	}
	for (int i = 0; i < c->n_rules; i++) {
		free(c->rules[i]->path);
		free(c->rules[i]->base);
		free(c->rules[i]);
	}
	for (int i = 0; i < c->n_modules; i++) {
		free(c->modules[i]);
	}
	free(c->modules);
	free(c->dirs);
	free(c->rules);
	free(c);
}

const struct rule_src *
catalog_add_file(catalog *c, const char *path)
{
	return add_rule(c, path, -1);
}

int
catalog_n_rules(const catalog *c)
{
	return c->n_rules;
}

const struct rule_src *
catalog_rule(const catalog *c, int i)
{
	return c->rules[i];
}

int
catalog_read(const catalog *c, const struct rule_src *src, const char *rel,
             strbuf *out, ts_err *err)
{
	strbuf name;
	int rc;

	strbuf_init(&name);
	if (rel == NULL) {
		strbuf_adds(&name, src->path);
	} else {
		strbuf_addf(&name, "%s.test/%s", src->base, rel);
	}
	if (src->origin == 0) {
		const struct catalog_embedded *e = embedded(name.buf);

		strbuf_reset(out);
		if (e) {
			strbuf_add(out, e->data, e->len);
		}
		strbuf_add(out, "", 0);
		rc = e != NULL;
	} else {
		rc = read_file(name.buf, out, err);
	}
	strbuf_free(&name);
	return rc;
}

const char *
catalog_fixture_path(const struct rule_src *src, const char *rel, strbuf *buf)
{
	if (src->origin == 0) {
		return NULL;
	}
	strbuf_reset(buf);
	strbuf_addf(buf, "%s.test/%s", src->base, rel);
	return buf->buf;
}

/* Does the module file `path` (in dir/lua/) exist but resolve, through
 * a symbolic link, outside dir/lua/?  Then 1 with the refusal in msg.
 * The man page promises that no path leads outside the module
 * directories: `ln -s /home/me/.aws/credentials RULES/lua/leak.lua`
 * in a shared rule directory would otherwise hand a file to require
 * (its text in the error of a failed load, or its whole contents to a
 * module that wraps it). */
static int
outside_lua(const char *dir, const char *path, const char *name, strbuf *msg)
{
	char *real, *top;
	strbuf lua;
	size_t n;
	int out;

	if ((real = realpath(path, NULL)) == NULL) {
		return 0; /* missing: searched on */
	}
	strbuf_init(&lua);
	strbuf_addf(&lua, "%s/lua", dir);
	top = realpath(lua.buf, NULL);
	n = top ? strlen(top) : 0;
	out = top == NULL || strncmp(real, top, n) != 0 || real[n] != '/';
	if (out) {
		strbuf_reset(msg);
		strbuf_addf(msg,
		            "module '%s': %s leads to %s, outside %s (links "
		            "out of a lua/ directory are not followed)",
		            name, path, real, lua.buf);
	}
	free(real);
	free(top);
	strbuf_free(&lua);
	return out;
}

int
catalog_module(const catalog *c, const char *name, strbuf *text, strbuf *chunk)
{
	const struct catalog_embedded *e;
	strbuf rel, path;
	int found = 0;

	strbuf_init(&rel);
	strbuf_init(&path);
	strbuf_adds(&rel, "lua/");
	for (const char *p = name; *p; p++) {
		strbuf_addc(&rel, *p == '.' ? '/' : *p);
	}
	strbuf_adds(&rel, ".lua");
	for (int i = c->n_dirs - 1; i >= 0 && !found; i--) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", c->dirs[i], rel.buf);
		if (outside_lua(c->dirs[i], path.buf, name, chunk)) {
			found = -1;
			break;
		}
		if (read_file(path.buf, text, NULL) == 1) {
			strbuf_reset(chunk);
			strbuf_addf(chunk, "@%s", path.buf);
			found = 1;
		}
	}
	if (found == 0 && (e = embedded(rel.buf)) != NULL) {
		strbuf_reset(text);
		strbuf_add(text, e->data, e->len);
		strbuf_reset(chunk);
		strbuf_addf(chunk, "@%s", rel.buf);
		found = 1;
	}
	if (found == 0) {
		strbuf_reset(chunk);
		for (int i = c->n_dirs - 1; i >= 0; i--) {
			strbuf_addf(chunk, "%s/%s, ", c->dirs[i], rel.buf);
		}
		strbuf_addf(chunk, "built-in %s", rel.buf);
	}
	strbuf_free(&rel);
	strbuf_free(&path);
	return found;
}

/* "lua/a/b.lua" -> "a.b" */
static void
add_module(catalog *c, const char *rel)
{
	size_t n = strlen(rel) - 4 - 4;
	char *name = xstrndup(rel + 4, n);

	for (char *p = name; *p; p++) {
		if (*p == '/') {
			*p = '.';
		}
	}
	for (int i = 0; i < c->n_modules; i++) {
		if (strcmp(c->modules[i], name) == 0) {
			free(name);
			return;
		}
	}
	c->modules = xrealloc(c->modules,
	                      ((size_t)c->n_modules + 1) * sizeof(char *));
	c->modules[c->n_modules++] = name;
}

static int
walk_module(void *arg, const struct walk_entry *e)
{
	struct walk_ctx *w = arg;
	const char *rel = e->path + w->skip;

	if (e->type == WALK_FILE && ends_with(rel, ".lua") &&
	    strchr(rel, '.') == rel + strlen(rel) - 4) {
		strbuf r;

		strbuf_init(&r);
		strbuf_addf(&r, "lua/%s", rel);
		add_module(w->c, r.buf);
		strbuf_free(&r);
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
catalog_modules(catalog *c, const char *const **names)
{
	if (c->modules == NULL) {
		for (int i = c->n_dirs - 1; i >= 0; i--) {
			char *d = xasprintf("%s/lua", c->dirs[i]);
			struct walk_ctx w = {c,    strlen(d) + 1, 0,
			                     NULL, NULL,          NULL};
			struct stat st;

			if (stat(d, &st) == 0 && S_ISDIR(st.st_mode)) {
				walk_run(&d, 1, walk_module, &w);
			}
			free(d);
		}
		for (const struct catalog_embedded *e = catalog_embedded;
		     e->name; e++) {
			if (strncmp(e->name, "lua/", 4) == 0 &&
			    ends_with(e->name, ".lua")) {
				add_module(c, e->name);
			}
		}
		if (c->n_modules > 0) {
			qsort(c->modules, (size_t)c->n_modules, sizeof(char *),
			      cmp_str);
		}
	}
	*names = (const char *const *)c->modules;
	return c->n_modules;
}

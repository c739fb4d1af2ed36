/* rule_test.c -- rules against fixtures, modules against their inline
 * tests (see rule_test.h). */
#include "config.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finding.h"
#include "rule.h"
#include "rule_run.h"
#include "rule_test.h"
#include "ruleset.h"
#include "udiff.h"
#include "../index/index.h"
#include "../index/rawrec.h"
#include "../ingest/pipeline.h"
#include "../util/xmalloc.h"

/* The lines of s[0..len), without their newlines, nor a CR before one
 * (a final newline does not start another line).  An expected.jsonl
 * checked out with CRLF line ends (git's autocrlf) would otherwise
 * differ from the findings on every line, invisibly; a finding's JSON
 * line never ends in a CR (it is escaped), as for the args file. */
static char **
split_lines(const char *s, size_t len, size_t *n)
{
	char **v = NULL;
	size_t at = 0;

	*n = 0;
	while (at < len) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t cut = end;

		if (nl && cut > at && s[cut - 1] == '\r') {
			cut--;
		}
		v = xrealloc(v, (*n + 1) * sizeof(char *));
		v[(*n)++] = xstrndup(s + at, cut - at);
		at = end + 1;
	}
	return v;
}

static void
free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i]);
	}
	free(v);
}

/* Built-in fixtures exist only in the binary: ingest reads files, so
 * they go through a private temporary directory. */
static char *
temp_copy(const strbuf *text, char **dir)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	FILE *fp;

	*dir = xasprintf("%s/trailsift-test-XXXXXX",
	                 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(*dir) == NULL) {
		free(*dir);
		*dir = NULL;
		return NULL;
	}
	path = xasprintf("%s/events.jsonl", *dir);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(text->buf ? text->buf : "", 1, text->len, fp) != text->len ||
	    fclose(fp) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

static int
ingest_events(sqlite3 *db, const struct rule_src *src, const strbuf *events,
              strbuf *msg)
{
	struct writer_stats ws;
	strbuf shown, fix;
	char *path, *dir = NULL;
	sqlite3_stmt *st = NULL;
	ts_err err;
	int rc = TS_FAIL;

	strbuf_init(&shown);
	strbuf_init(&fix);
	{
		const char *slash = strrchr(src->base, '/');

		strbuf_addf(&shown, "%s.test/events.jsonl",
		            slash ? slash + 1 : src->base);
	}
	path = src->origin != 0 ? xstrdup(catalog_fixture_path(
	                                  src, "events.jsonl", &fix))
	                        : temp_copy(events, &dir);
	if (path == NULL) {
		strbuf_addf(msg, "cannot copy %s to a temporary file",
		            shown.buf);
		goto out;
	}
	ts_err_clear(&err);
	memset(&ws, 0, sizeof(ws));
	if (pipeline_ingest_into(db, &path, 1, &ws, &err) != TS_OK) {
		strbuf_addf(msg, "%s: %s", shown.buf, err.msg);
		goto out;
	}
	if (ws.rejected || ws.sources_failed) {
		unsigned long long n = ws.rejected ? ws.rejected : 1;

		strbuf_addf(msg, "%s: %llu record%s could not be indexed",
		            shown.buf, n, n == 1 ? "" : "s");
		goto out;
	}
	/* An empty file, {"Records":[]} or records ingest skips as not
	 * CloudTrail leave the index empty, and a rule then passes with
	 * no findings while testing nothing. */
	if (index_count(db, "SELECT count(*) FROM event") <= 0) {
		strbuf_addf(msg, "%s holds no CloudTrail event", shown.buf);
		goto out;
	}
	/* Output must not depend on where the fixture was read from: the
	 * source is "<rule>.test/events.jsonl", without directories. */
	if (sqlite3_prepare_v2(db,
	                       "UPDATE source SET path = ?1, "
	                       "path_key = path_key(?1)",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, shown.buf, -1, SQLITE_STATIC);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	rc = TS_OK;
out:
	if (dir) {
		unlink(path);
		rmdir(dir);
	}
	free(dir);
	free(path);
	strbuf_free(&shown);
	strbuf_free(&fix);
	return rc;
}

static int
apply_args(struct rule *r, const strbuf *args, strbuf *msg)
{
	size_t n;
	char **lines = split_lines(strbuf_str(args), args->len, &n);
	size_t idlen = strlen(r->id);
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		char *l = lines[i], *eq, err[300];
		struct rule_arg *a;
		size_t len = strlen(l);

		/* A file saved with CRLF line ends: the \r is no part of the
		 * value (a boolean "yes\r" would be refused). */
		if (len > 0 && l[len - 1] == '\r') {
			l[len - 1] = '\0';
		}
		/* Only a whole line is a comment: a value may hold '#'. */
		while (*l == ' ' || *l == '\t') {
			l++;
		}
		if (*l == '\0' || *l == '#') {
			continue;
		}
		if (strncmp(l, r->id, idlen) != 0 || l[idlen] != '.' ||
		    (eq = strchr(l + idlen + 1, '=')) == NULL) {
			strbuf_addf(msg,
			            "%s.test/args:%zu: expected %s.NAME=VALUE",
			            r->src->base, i + 1, r->id);
			rc = -1;
			break;
		}
		*eq = '\0';
		if ((a = rule_find_arg(r, l + idlen + 1)) == NULL) {
			strbuf_addf(msg, "%s.test/args:%zu: no argument '%s'",
			            r->src->base, i + 1, l + idlen + 1);
			rc = -1;
		} else if (rule_set_arg(r, a, eq + 1, err, sizeof(err)) < 0) {
			strbuf_addf(msg, "%s.test/args:%zu: %s", r->src->base,
			            i + 1, err);
			rc = -1;
		}
	}
	free_lines(lines, n);
	return rc;
}

/* The findings as `rules run -f json` prints them. */
static void
render(const struct finding_list *fl, strbuf *out_text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	out *o = out_new(OUT_JSON, mf);

	finding_out_begin(o);
	for (size_t i = 0; i < fl->n; i++) {
		finding_out_row(o, &fl->v[i]);
	}
	out_end(o);
	out_free(o);
	fclose(mf);
	strbuf_add(out_text, buf, len);
	free(buf);
}

static int
write_expected(const struct rule_src *src, const strbuf *found, strbuf *msg)
{
	strbuf p, tmp;
	FILE *fp;
	int rc = 0;

	strbuf_init(&p);
	strbuf_init(&tmp);
	if (catalog_fixture_path(src, "expected.jsonl", &p) == NULL) {
		strbuf_adds(msg, "built-in rules cannot be updated: run "
		                 "the copy in your --rules directory");
		rc = -1;
		goto out;
	}
	/* Written beside it, then renamed over it: a write that fails
	 * (a full disk) leaves the reviewed expected.jsonl as it was,
	 * not truncated. */
	strbuf_addf(&tmp, "%s.tmp", p.buf);
	remove(tmp.buf);
	if ((fp = fopen(tmp.buf, "wb")) == NULL) {
		strbuf_addf(msg, "cannot write %s: %s", p.buf, strerror(errno));
		rc = -1;
	} else {
		/* Closed whatever fwrite did; the first error is the one
		 * told. */
		int e = 0;

		if (fwrite(strbuf_str(found), 1, found->len, fp) !=
		    found->len) {
			e = errno ? errno : EIO;
		}
		if (fclose(fp) != 0 && e == 0) {
			e = errno;
		}
		if (e == 0 && rename(tmp.buf, p.buf) != 0) {
			e = errno;
		}
		if (e != 0) {
			strbuf_addf(msg, "cannot write %s: %s", p.buf,
			            strerror(e));
			remove(tmp.buf);
			rc = -1;
		}
	}
out:
	strbuf_free(&tmp);
	strbuf_free(&p);
	return rc;
}

/* Compare, print, count.  Returns 1 when the findings match. */
static int
compare(const struct rule *r, const strbuf *expected, const strbuf *found,
        size_t n_found, FILE *fp)
{
	size_t na, nb;
	char **a = split_lines(strbuf_str(expected), expected->len, &na);
	char **b = split_lines(strbuf_str(found), found->len, &nb);
	int same = na == nb;
	strbuf name;

	for (size_t i = 0; same && i < na; i++) {
		same = strcmp(a[i], b[i]) == 0;
	}
	if (same) {
		fprintf(fp, "PASS %s (%zu finding%s)\n", r->id, n_found,
		        n_found == 1 ? "" : "s");
	} else {
		strbuf_init(&name);
		strbuf_addf(&name, "%s.test/expected.jsonl", r->src->base);
		fprintf(fp, "FAIL %s: the findings differ from %s\n", r->id,
		        name.buf);
		udiff_print(fp, name.buf, a, na, "findings", b, nb);
		strbuf_free(&name);
	}
	free_lines(a, na);
	free_lines(b, nb);
	return same;
}

static void
fail(FILE *fp, const char *who, const strbuf *msg, struct rule_test_stats *st)
{
	strbuf m;

	strbuf_init(&m);
	ruleset_visible(&m, strbuf_str(msg));
	fprintf(fp, "FAIL %s: %s\n", who, strbuf_str(&m));
	strbuf_free(&m);
	st->failed++;
}

void
rule_test_run(const catalog *cat, const struct rule_src *src,
              const struct sandbox_limits *lim, int named, int update, FILE *fp,
              struct rule_test_stats *st)
{
	strbuf events, expected, args, msg, found;
	struct finding_list fl = {NULL, 0, 0};
	struct rule *r = NULL;
	sqlite3 *db = NULL;
	int has_events, has_expected, has_args;
	ts_err err;

	strbuf_init(&events);
	strbuf_init(&expected);
	strbuf_init(&args);
	strbuf_init(&msg);
	strbuf_init(&found);
	ts_err_clear(&err);
	if (rule_load(cat, src, lim, &r, &msg) != TS_OK) {
		fail(fp, src->path, &msg, st);
		goto out;
	}
	has_events = catalog_read(cat, src, "events.jsonl", &events, &err);
	has_expected =
	        catalog_read(cat, src, "expected.jsonl", &expected, &err);
	has_args = catalog_read(cat, src, "args", &args, &err);
	if (has_events < 0 || has_expected < 0 || has_args < 0) {
		strbuf_adds(&msg, err.msg);
		fail(fp, r->id, &msg, st);
		goto out;
	}
	if (!has_events && !has_expected) {
		if (named) {
			strbuf_addf(&msg, "no fixtures in %s.test/", src->base);
			fail(fp, r->id, &msg, st);
		} else {
			fprintf(fp, "SKIP %s (no fixtures)\n", r->id);
			st->skipped++;
		}
		goto out;
	}
	/* Without events the rule runs on an empty index and tests
	 * nothing, as with an events.jsonl that yields no event. */
	if (!has_events) {
		strbuf_addf(&msg,
		            "no %s.test/events.jsonl (the events the rule "
		            "is tested on)",
		            src->base);
		fail(fp, r->id, &msg, st);
		goto out;
	}
	if (!has_expected && !update) {
		strbuf_addf(&msg,
		            "no %s.test/expected.jsonl (--update writes it)",
		            src->base);
		fail(fp, r->id, &msg, st);
		goto out;
	}
	if ((has_args && apply_args(r, &args, &msg) < 0) ||
	    index_open(":memory:", INDEX_WRITE, &db, &err) != TS_OK ||
	    rawrec_sql_register(db, &err) != TS_OK ||
	    ingest_events(db, src, &events, &msg) != TS_OK ||
	    index_exec(db, "PRAGMA query_only = 1", &err) != TS_OK) {
		if (msg.len == 0) {
			strbuf_adds(&msg, err.msg);
		}
		fail(fp, r->id, &msg, st);
		goto out;
	}
	if (rule_run(r, db, &fl, &msg) != TS_OK) {
		fail(fp, r->id, &msg, st);
		goto out;
	}
	render(&fl, &found);
	if (update) {
		if (write_expected(src, &found, &msg) < 0) {
			fail(fp, r->id, &msg, st);
		} else {
			fprintf(fp, "UPDATED %s (%zu finding%s)\n", r->id, fl.n,
			        fl.n == 1 ? "" : "s");
			st->passed++;
		}
	} else if (compare(r, &expected, &found, fl.n, fp)) {
		st->passed++;
	} else {
		st->failed++;
	}
out:
	/* The rule's statements are finalized with its state, before the
	 * connection closes. */
	rule_free(r);
	if (db != NULL) {
		rawrec_sql_unregister(db);
	}
	index_close(db, NULL);
	finding_list_clear(&fl);
	strbuf_free(&events);
	strbuf_free(&expected);
	strbuf_free(&args);
	strbuf_free(&msg);
	strbuf_free(&found);
}

char *
rule_test_sample(const catalog *cat, const struct rule_src *src)
{
	strbuf text;
	char *line = NULL;

	strbuf_init(&text);
	if (catalog_read(cat, src, "expected.jsonl", &text, NULL) == 1 &&
	    text.len > 0) {
		line = xstrndup(text.buf, strcspn(text.buf, "\n"));
	}
	strbuf_free(&text);
	return line;
}

/* Protected: require the module named by upvalue 1; then, with no
 * upvalue 2, return the names of its tests (nil when it has none), else
 * run its test number upvalue 2 and return its error (nil: passed). */
static int
run_lib(lua_State *L)
{
	lua_getglobal(L, "require");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_call(L, 1, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, sandbox_of(L)->private_ref);
	if (lua_isnil(L, lua_upvalueindex(2))) {
		lua_getfield(L, -1, "lib_names");
		lua_pushvalue(L, -3);
		lua_call(L, 1, 1);
	} else {
		lua_getfield(L, -1, "lib_run");
		lua_pushvalue(L, -3);
		lua_pushvalue(L, lua_upvalueindex(2));
		lua_call(L, 2, 1);
	}
	return 1;
}

/* Call run_lib for module `name` (test i, or the names when i is 0) in
 * *sb, made anew when there is none or its budget tripped: a test that
 * loops or eats memory fails alone, and the module's other tests still
 * run.  TS_OK with the result on the stack of (*sb)->L, else msg says
 * why. */
static int
lib_call(catalog *cat, const struct sandbox_limits *lim, const char *name,
         lua_Integer i, sandbox **sb, strbuf *msg)
{
	if (*sb != NULL && (*sb)->tripped) {
		sandbox_free(*sb);
		*sb = NULL;
	}
	if (*sb == NULL && (*sb = sandbox_new(lim, cat, name, msg)) == NULL) {
		return TS_FAIL;
	}
	lua_pushstring((*sb)->L, name);
	if (i > 0) {
		lua_pushinteger((*sb)->L, i);
	} else {
		lua_pushnil((*sb)->L);
	}
	lua_pushcclosure((*sb)->L, run_lib, 2);
	return sandbox_call(*sb, 0, 1, msg);
}

/* Run the tests of module `name`, a line each. */
static void
lib_module(catalog *cat, const struct sandbox_limits *lim, const char *name,
           FILE *fp, struct rule_test_stats *st)
{
	sandbox *sb = NULL;
	char **tests = NULL;
	lua_Integer n = 0;
	strbuf msg;

	strbuf_init(&msg);
	if (lib_call(cat, lim, name, 0, &sb, &msg) != TS_OK) {
		fail(fp, name, &msg, st);
		goto out;
	}
	if (!lua_istable(sb->L, -1)) {
		fprintf(fp, "SKIP %s (no _test table)\n", name);
		st->skipped++;
		goto out;
	}
	n = (lua_Integer)lua_rawlen(sb->L, -1);
	tests = xcalloc((size_t)n + 1, sizeof(*tests));
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(sb->L, -1, i);
		tests[i - 1] = xstrdup(lua_tostring(sb->L, -1));
		lua_pop(sb->L, 1);
	}
	lua_pop(sb->L, 1);
	for (lua_Integer i = 1; i <= n; i++) {
		strbuf_reset(&msg);
		if (lib_call(cat, lim, name, i, &sb, &msg) == TS_OK) {
			if (lua_isnil(sb->L, -1)) {
				fprintf(fp, "PASS %s: %s\n", name,
				        tests[i - 1]);
				st->passed++;
			} else {
				strbuf_adds(&msg, lua_tostring(sb->L, -1));
			}
			lua_pop(sb->L, 1);
		} else if (sb != NULL && sb->tripped && sb->trip_at[0]) {
			/* The test's pcall caught the first raise, which
			 * the next instruction (in the prelude) repeated:
			 * the first names the test's own line. */
			strbuf_reset(&msg);
			strbuf_adds(&msg, sb->trip_at);
		}
		if (msg.len > 0) {
			strbuf line;

			strbuf_init(&line);
			strbuf_addf(&line, "%s: %s", name, tests[i - 1]);
			fail(fp, line.buf, &msg, st);
			strbuf_free(&line);
		}
	}
out:
	for (lua_Integer i = 0; tests && i < n; i++) {
		free(tests[i]);
	}
	free(tests);
	sandbox_free(sb);
	strbuf_free(&msg);
}

void
rule_test_lib(catalog *cat, const struct sandbox_limits *lim, FILE *fp,
              struct rule_test_stats *st)
{
	const char *const *names;
	int n = catalog_modules(cat, &names);

	for (int i = 0; i < n; i++) {
		lib_module(cat, lim, names[i], fp, st);
	}
}

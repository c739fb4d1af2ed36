/* ruleset.c -- loading, selecting and configuring rules (see
 * ruleset.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"
#include "rule_run.h"
#include "select.h"
#include "../index/index.h"
#include "../index/rawrec.h"
#include "../util/xmalloc.h"

void
ruleset_visible(strbuf *sb, const char *msg)
{
	static const char mark[] = "\nstack traceback:\n";
	const char *tb = NULL;
	size_t head;

	for (const char *p = strstr(msg, mark); p; p = strstr(p + 1, mark)) {
		tb = p;
	}
	head = tb ? (size_t)(tb - msg) : strlen(msg);
	strbuf_add_visible(sb, msg, head);
	if (tb == NULL) {
		return;
	}
	/* Every line of a traceback starts with a tab.  A newline that
	 * does not came from the rule (a chunk name given to load(), a
	 * field name) and is shown, so no line of it can pass for one of
	 * trailsift's. */
	strbuf_adds(sb, mark);
	for (const char *p = tb + sizeof(mark) - 1; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n' ? p[1] == '\t'
		              : c == '\t' || (c >= 0x20 && c != 0x7f)) {
			strbuf_addc(sb, (char)c);
		} else {
			strbuf_add_visible(sb, p, 1);
		}
	}
}

void
ruleset_report(const char *path, const char *id, const char *msg)
{
	strbuf m;

	strbuf_init(&m);
	if (id) {
		strbuf_addf(&m, "%s: ", id);
	}
	if (path && strncmp(msg, path, strlen(path)) != 0) {
		size_t n = strlen(path), k;
		const char *colon = strchr(msg, ':');

		strbuf_add_visible(&m, path, n);
		/* Lua names a long path by ".../" and its last bytes: the
		 * message gets the whole path in their place */
		if (strncmp(msg, "...", 3) == 0 && colon &&
		    (k = (size_t)(colon - msg) - 3) <= n &&
		    memcmp(path + n - k, msg + 3, k) == 0) {
			msg = colon;
		} else {
			strbuf_adds(&m, ": ");
		}
	}
	ruleset_visible(&m, msg);
	fflush(stdout);
	fprintf(stderr, "trailsift: rules: %s\n", strbuf_str(&m));
	strbuf_free(&m);
}

static int
cmp_rule(const void *a, const void *b)
{
	return strcmp((*(struct rule *const *)a)->id,
	              (*(struct rule *const *)b)->id);
}

/* Keep r unless an earlier rule has its id: then the later origin wins,
 * and the same origin twice is an error. */
static void
add(struct ruleset *rs, struct rule *r)
{
	for (int i = 0; i < rs->n; i++) {
		struct rule *o = rs->v[i];

		if (strcmp(o->id, r->id) != 0) {
			continue;
		}
		if (o->src->origin == r->src->origin) {
			strbuf m;

			/* FILE:LINE of each rule{}, when known. */
			strbuf_init(&m);
			strbuf_adds(&m, r->src->path);
			if (r->line > 0) {
				strbuf_addf(&m, ":%d", r->line);
			}
			strbuf_addf(&m, ": duplicate rule id '%s' (also in %s",
			            r->id, o->src->path);
			if (o->line > 0) {
				strbuf_addf(&m, ":%d", o->line);
			}
			strbuf_adds(&m, ")");
			ruleset_report(NULL, NULL, m.buf);
			strbuf_free(&m);
			rs->n_failed++;
			rule_free(r);
		} else {
			/* A rule pack from someone else must not change a
			 * rule's findings unseen (a file named on the
			 * command line replaces one on purpose). */
			if (r->src->origin > 0) {
				strbuf m;

				strbuf_init(&m);
				strbuf_addf(&m, "rule '%s' replaces %s%s%s",
				            r->id,
				            o->src->origin == 0
				                    ? "the built-in rule ("
				                    : "the one in ",
				            o->src->path,
				            o->src->origin == 0 ? ")" : "");
				ruleset_report(r->src->path, NULL, m.buf);
				strbuf_free(&m);
			}
			rule_free(o);
			rs->v[i] = r;
		}
		return;
	}
	rs->v = xrealloc(rs->v, ((size_t)rs->n + 1) * sizeof(*rs->v));
	rs->v[rs->n++] = r;
}

/* The id a rule file's text gives: the first string assigned to a
 * field named id (id = "x" or id = 'x'), or NULL. */
static char *
id_of_text(const char *t)
{
	for (const char *p = strstr(t, "id"); p; p = strstr(p + 1, "id")) {
		const char *q = p + 2, *end;
		char quote;

		if (p > t && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
		              p[-1] == '.')) {
			continue;
		}
		q += strspn(q, " \t");
		if (*q != '=' || q[1] == '=') {
			continue;
		}
		q += 1 + strspn(q + 1, " \t");
		if (*q != '"' && *q != '\'') {
			continue;
		}
		quote = *q++;
		end = q + strspn(q, RULE_ID_CHARS);
		if (*end == quote && end > q) {
			return xstrndup(q, (size_t)(end - q));
		}
	}
	return NULL;
}

/* The id of a rule file that did not load: its text's, else DIR.NAME
 * from its path DIR/NAME.lua (NAME alone at the top). */
static char *
guess_id(const catalog *cat, const struct rule_src *src)
{
	const char *name, *dir;
	strbuf text;
	ts_err err;
	char *id = NULL;

	strbuf_init(&text);
	ts_err_clear(&err);
	if (catalog_read(cat, src, NULL, &text, &err) == 1) {
		id = id_of_text(strbuf_str(&text));
	}
	strbuf_free(&text);
	if (id != NULL) {
		return id;
	}
	name = strrchr(src->base, '/');
	if (name == NULL) {
		return xstrdup(src->base);
	}
	for (dir = name; dir > src->base && dir[-1] != '/'; dir--) {
	}
	id = xasprintf("%.*s.%s", (int)(name - dir), dir, name + 1);
	return id;
}

/* A rule file that did not load would have replaced the rule of its id
 * from an earlier origin (a report rule overridden from --rules DIR):
 * that one does not run in its stead, printing what reads as the
 * author's output. */
static void
drop_overridden(struct ruleset *rs)
{
	for (int k = 0; k < rs->n_failures; k++) {
		const struct ruleset_failure *f = &rs->failed[k];

		for (int i = 0; f->id != NULL && i < rs->n; i++) {
			if (strcmp(rs->v[i]->id, f->id) != 0 ||
			    rs->v[i]->src->origin >= f->src->origin) {
				continue;
			}
			fprintf(stderr,
			        "trailsift: rules: %s: %s did not load, so the "
			        "rule it replaces (%s) does not run either\n",
			        f->id, f->src->path, rs->v[i]->src->path);
			rule_free(rs->v[i]);
			rs->v[i] = rs->v[--rs->n];
			break;
		}
	}
}

void
ruleset_load(struct ruleset *rs, const catalog *cat,
             const struct sandbox_limits *lim)
{
	strbuf msg;

	memset(rs, 0, sizeof(*rs));
	strbuf_init(&msg);
	for (int i = 0; i < catalog_n_rules(cat); i++) {
		const struct rule_src *src = catalog_rule(cat, i);
		struct rule *r;

		strbuf_reset(&msg);
		if (rule_load(cat, src, lim, &r, &msg) != TS_OK) {
			ruleset_report(src->path, NULL, strbuf_str(&msg));
			rs->n_failed++;
			rs->failed = xrealloc(rs->failed,
			                      ((size_t)rs->n_failures + 1) *
			                              sizeof(*rs->failed));
			rs->failed[rs->n_failures].src = src;
			rs->failed[rs->n_failures++].id = guess_id(cat, src);
			continue;
		}
		add(rs, r);
	}
	strbuf_free(&msg);
	drop_overridden(rs);
	if (rs->n > 1) {
		qsort(rs->v, (size_t)rs->n, sizeof(*rs->v), cmp_rule);
	}
}

void
ruleset_free(struct ruleset *rs)
{
	for (int i = 0; i < rs->n; i++) {
		rule_free(rs->v[i]);
	}
	free(rs->v);
	for (int i = 0; i < rs->n_failures; i++) {
		free(rs->failed[i].id);
	}
	free(rs->failed);
	memset(rs, 0, sizeof(*rs));
}

struct rule *
ruleset_find(const struct ruleset *rs, const char *id)
{
	for (int i = 0; i < rs->n; i++) {
		if (rs->v[i] && strcmp(rs->v[i]->id, id) == 0) {
			return rs->v[i];
		}
	}
	return NULL;
}

const struct ruleset_failure *
ruleset_find_failed(const struct ruleset *rs, const char *name)
{
	for (int i = 0; i < rs->n_failures; i++) {
		if (select_name_matches(name, rs->failed[i].id, NULL, 0)) {
			return &rs->failed[i];
		}
	}
	return NULL;
}

/* A name that matches no rule is most likely a typo: refuse it, unless
 * it names a rule whose file did not load (reported already). */
static int
check_names(const struct ruleset *rs, const select_expr *x, char *err,
            size_t cap)
{
	for (int k = 0; k < select_n_names(x); k++) {
		const char *name = select_name(x, k);
		int any = 0;

		for (int i = 0; i < rs->n && !any; i++) {
			any = select_name_matches(name, rs->v[i]->id,
			                          rs->v[i]->tags,
			                          rs->v[i]->n_tags);
		}
		if (!any && ruleset_find_failed(rs, name) == NULL) {
			size_t at = (size_t)snprintf(
			        err, cap, "no rule id or tag matches '%s'",
			        name);

			if (rs->n_failed > 0 && at < cap) {
				snprintf(err + at, cap - at,
				         " (%d rule file%s did not load: see "
				         "above)",
				         rs->n_failed,
				         rs->n_failed == 1 ? "" : "s");
			}
			return -1;
		}
	}
	return 0;
}

/* A rule `trailsift report` runs (tagged report.NAME): its findings are
 * a report's rows, not alerts. */
static int
report_rule(const struct rule *r)
{
	for (int i = 0; i < r->n_tags; i++) {
		if (strncmp(r->tags[i], "report.", 7) == 0) {
			return 1;
		}
	}
	return 0;
}

int
ruleset_select(const struct ruleset *rs, char *const *exprs, int n,
               char *selected, char *err, size_t cap)
{
	int any_default = 0;

	memset(selected, 0, (size_t)rs->n);
	if (n == 0) {
		for (int i = 0; i < rs->n; i++) {
			any_default |= rule_has_tag(rs->v[i], "default");
		}
		for (int i = 0; i < rs->n; i++) {
			selected[i] =
			        any_default ? rule_has_tag(rs->v[i], "default")
			                    : !report_rule(rs->v[i]);
		}
		return 0;
	}
	for (int k = 0; k < n; k++) {
		char why[200];
		select_expr *x = select_parse(exprs[k], why, sizeof(why));

		if (x == NULL) {
			snprintf(err, cap, "'%s': %s", exprs[k], why);
			return -1;
		}
		if (check_names(rs, x, err, cap) < 0) {
			select_free(x);
			return -1;
		}
		for (int i = 0; i < rs->n; i++) {
			selected[i] |=
			        select_match(x, rs->v[i]->id, rs->v[i]->tags,
			                     rs->v[i]->n_tags);
		}
		select_free(x);
	}
	return 0;
}

static void
arg_names(const struct rule *r, char *buf, size_t cap)
{
	size_t at = 0;

	buf[0] = '\0';
	for (int i = 0; i < r->n_args && at < cap; i++) {
		at += (size_t)snprintf(buf + at, cap - at, "%s%s",
		                       i ? ", " : "", r->args[i].name);
	}
}

int
ruleset_arg(const struct ruleset *rs, const char *spec, char *err, size_t cap)
{
	const char *eq = strchr(spec, '='), *dot;
	struct rule *r;
	struct rule_arg *a;
	char *id, names[200];
	int rc = -1;

	dot = eq ? memchr(spec, '.', (size_t)(eq - spec)) : NULL;
	/* The name follows the last dot before '=': ids have dots. */
	for (const char *p = dot; p && p < eq; p++) {
		if (*p == '.') {
			dot = p;
		}
	}
	if (eq == NULL || dot == NULL || dot == spec || dot + 1 == eq) {
		snprintf(err, cap, "--arg '%s': expected RULE-ID.NAME=VALUE",
		         spec);
		return -1;
	}
	id = xstrndup(spec, (size_t)(dot - spec));
	if ((r = ruleset_find(rs, id)) == NULL) {
		if (ruleset_find_failed(rs, id) != NULL) {
			rc = 0; /* it will not run: its failure is reported */
		} else {
			snprintf(err, cap, "--arg '%s': no rule '%s'", spec,
			         id);
		}
		goto out;
	}
	{
		char *name = xstrndup(dot + 1, (size_t)(eq - dot - 1));

		a = rule_find_arg(r, name);
		if (a == NULL) {
			arg_names(r, names, sizeof(names));
			snprintf(err, cap,
			         "--arg '%s': rule %s has no argument '%s' "
			         "(%s%s)",
			         spec, id, name,
			         r->n_args ? "it has: " : "it takes none",
			         names);
		}
		free(name);
	}
	if (a != NULL) {
		rc = rule_set_arg(r, a, eq + 1, err, cap);
	}
out:
	free(id);
	return rc;
}

/* SIGINT, SIGTERM: the rule running stops (sandbox_stop), the others
 * do not start, and the run is recorded as interrupted; a second one
 * ends the process at once. */
static void
on_signal(int sig)
{
	sandbox_stop();
	signal(sig, SIG_DFL);
}

static void
catch_signals(struct ruleset_session *s)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &s->old_int);
	sigaction(SIGTERM, &sa, &s->old_term);
	/* `rules run | head`: the reader gone, the run goes on storing
	 * and ends with its status; main() reports standard output */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &s->old_pipe);
}

static void
restore_signals(struct ruleset_session *s)
{
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
	sigaction(SIGPIPE, &s->old_pipe, NULL);
}

int
ruleset_begin(struct ruleset_session *s, const char *db_path, int store,
              const char *command)
{
	ts_err e;

	memset(s, 0, sizeof(*s));
	s->lock = -1;
	ts_err_clear(&e);
	if (store && index_lock_shared(db_path, &s->lock, &e) != TS_OK) {
		ts_warnx("%s", e.msg);
		return TS_EXIT_FATAL;
	}
	if (index_open(db_path, INDEX_READ, &s->db, &e) != TS_OK ||
	    rawrec_sql_register(s->db, &e) != TS_OK) {
		ts_warnx("%s", e.msg);
		if (s->db != NULL) {
			rawrec_sql_unregister(s->db);
		}
		index_close(s->db, NULL);
		s->db = NULL;
		index_unlock(s->lock);
		s->lock = -1;
		return TS_EXIT_FATAL;
	}
	if (store &&
	    (index_open(db_path, INDEX_WRITE, &s->wdb, &e) != TS_OK ||
	     finding_run_begin(s->wdb, command, &s->run_id, &e) != TS_OK)) {
		ts_warnx("%s (--no-store runs the rules without storing "
		         "findings)",
		         e.msg);
		rawrec_sql_unregister(s->db);
		index_close(s->db, NULL);
		index_close(s->wdb, NULL);
		index_unlock(s->lock);
		memset(s, 0, sizeof(*s));
		s->lock = -1;
		return TS_EXIT_FATAL;
	}
	catch_signals(s);
	return TS_EXIT_OK;
}

int
ruleset_run(struct ruleset *rs, const char *selected, struct ruleset_session *s,
            int64_t since_ms, int64_t until_ms, ruleset_emit_fn *emit,
            void *arg)
{
	struct finding_list fl = {NULL, 0, 0};
	int failed = rs->n_failed > 0, fatal = 0, user_error;
	strbuf msg;
	ts_err err;

	strbuf_init(&msg);
	for (int i = 0; i < rs->n && !fatal; i++) {
		struct rule *r = rs->v[i];
		int rc;

		if (!selected[i] || sandbox_stopped()) {
			continue; /* freed with the set */
		}
		strbuf_reset(&msg);
		r->since_ms = since_ms;
		r->until_ms = until_ms;
		rc = rule_run(r, s->db, &fl, &msg);
		user_error = r->sb != NULL && r->sb->user_error;
		/* Its statements go with its state, before db closes; and
		 * the state's memory before the findings are handed on. */
		rule_close_state(r);
		if (rc != TS_OK) {
			ruleset_report(user_error ? NULL : r->src->path, r->id,
			               strbuf_str(&msg));
			failed = 1;
			fatal = rc == TS_FATAL;
		} else {
			ts_err_clear(&err);
			if (s->wdb && finding_store(s->wdb, s->run_id, r->id,
			                            &fl, &err) != TS_OK) {
				ts_warnx("%s", err.msg);
				fatal = 1;
			}
			/* After storing: emit may take the findings. */
			if (emit) {
				emit(arg, r, &fl);
			}
		}
		finding_list_clear(&fl);
		rule_free(r);
		rs->v[i] = NULL;
	}
	strbuf_free(&msg);
	if (sandbox_stopped()) {
		ts_warnx("rules: interrupted: the findings of the rules that "
		         "completed are %s; run the command again for all",
		         s->wdb ? "stored" : "printed");
		return TS_EXIT_FATAL;
	}
	return fatal ? TS_EXIT_FATAL : failed ? TS_EXIT_PARTIAL : TS_EXIT_OK;
}

int
ruleset_end(struct ruleset_session *s, int rc)
{
	ts_err e;

	ts_err_clear(&e);
	if (s->wdb && finding_run_end(s->wdb, s->run_id,
	                              sandbox_stopped()       ? "interrupted"
	                              : rc == TS_EXIT_OK      ? "ok"
	                              : rc == TS_EXIT_PARTIAL ? "partial"
	                                                      : "failed",
	                              &e) != TS_OK) {
		ts_warnx("%s", e.msg);
		rc = TS_EXIT_FATAL;
	}
	/* The reader first: the writer's close turns WAL off, which needs
	 * the file to itself.  record()'s statements are finalized
	 * first, or the close would fail. */
	rawrec_sql_unregister(s->db);
	index_close(s->db, NULL);
	if (index_close(s->wdb, &e) != TS_OK) {
		ts_warnx("%s", e.msg);
		rc = TS_EXIT_FATAL;
	}
	index_unlock(s->lock); /* after the close: see index_lock() */
	restore_signals(s);
	memset(s, 0, sizeof(*s));
	s->lock = -1;
	return rc;
}

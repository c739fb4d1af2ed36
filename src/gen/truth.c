/* truth.c -- the ground-truth files (see truth.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen/jw.h"
#include "gen/rec.h"
#include "gen/side.h"
#include "gen/spool.h"
#include "gen/stale.h"
#include "gen/summary.h"
#include "gen/truth.h"
#include "util/xmalloc.h"

int
truth_save(const char *path, const strbuf *sb, ts_err *err)
{
	return spool_write_file(path, sb->buf ? sb->buf : "", sb->len, err);
}

static void
ktime(jw *w, const char *k, int64_t t)
{
	char buf[21];

	if (t < 0) {
		jw_knull(w, k);
	} else {
		jw_kstr(w, k, rec_iso(t, buf));
	}
}

static const char *
actor_name(const world *w, int actor)
{
	return actor >= 0 && w->actors[actor].kind != AK_SCIM
	               ? w->actors[actor].name
	               : NULL;
}

static void
counts(const struct dl_result *res, strbuf *sb)
{
	for (int i = 0; i < res->n_counts; i++) {
		strbuf_addf(sb, "%s\t%s\t%ld\n", res->counts[i].source,
		            res->counts[i].name, res->counts[i].n);
	}
}

static void
changes(const world *w, strbuf *sb, strbuf *traps)
{
	for (size_t i = 0; i < w->n_acts; i++) {
		const struct action *a = &w->acts[i];
		const struct action_kind *k = &world_kinds[a->kind];
		jw j;

		if (k->trap) {
			jw_init(&j, traps, 0);
			jw_obj(&j);
			jw_kstr(&j, "event_id", a->event_id);
			jw_kstr(&j, "account", w->accts[a->acct].id);
			jw_kstr(&j, "event_source", k->source);
			jw_kstr(&j, "event_name", world_event_name(a));
			jw_end_obj(&j);
			strbuf_addc(traps, '\n');
		}
		if (!k->change) {
			continue;
		}
		jw_init(&j, sb, 0);
		jw_obj(&j);
		jw_kstr(&j, "event_id", a->event_id);
		ktime(&j, "time", a->t);
		jw_kstr(&j, "account", w->accts[a->acct].id);
		jw_kstr(&j, "event_source", k->source);
		jw_kstr(&j, "event_name", world_event_name(a));
		jw_kstr(&j, "channel",
		        world_channel_names[world_channel(w, a->actor,
		                                          a->client)]);
		jw_kstr_or_null(&j, "actor", actor_name(w, a->actor));
		jw_kbool(&j, "failed", a->err != ER_NONE);
		jw_end_obj(&j);
		strbuf_addc(sb, '\n');
	}
}

/* A membership or assignment end; membership ends also say whether
 * their event alone names group and member (with_visible). */
static void
endpoint(const world *w, jw *j, const char *k, const struct endpoint *e,
         int with_visible)
{
	char buf[21];

	if (e->t < 0) {
		jw_knull(j, k);
		return;
	}
	jw_kobj(j, k);
	jw_kstr(j, "time", rec_iso(e->t, buf));
	jw_kstr_or_null(j, "by", actor_name(w, e->actor));
	jw_kstr(j, "channel", world_channel_names[e->channel]);
	jw_kstr(j, "event_id", e->event_id);
	if (with_visible) {
		jw_kbool(j, "visible", e->visible);
	}
	jw_end_obj(j);
}

static void
group_obj(const world *w, jw *j, int g)
{
	const struct group *gr = &w->groups[g];

	jw_obj(j);
	jw_kstr(j, "id", gr->id);
	if (gr->iam_acct < 0) {
		jw_kstr(j, "kind", "identitycenter");
		jw_kstr(j, "store", w->store_id);
	} else {
		jw_kstr(j, "kind", "iam");
		jw_kstr(j, "account", w->accts[gr->iam_acct].id);
	}
	jw_kstr(j, "name", gr->name);
	jw_end_obj(j);
}

static const world *sort_world;

static int
cmp_mem(const void *pa, const void *pb)
{
	const struct interval *a = pa, *b = pb;
	const world *w = sort_world;
	int c = strcmp(w->groups[a->g].id, w->groups[b->g].id);

	if (c == 0) {
		c = strcmp(w->users[a->u].id, w->users[b->u].id);
	}
	if (c == 0 && a->added.t != b->added.t) {
		c = a->added.t < b->added.t ? -1 : 1;
	}
	return c;
}

static int
visible(const struct interval *m)
{
	if (m->added.t < 0 && m->removed.t < 0) {
		return 0;
	}
	return (m->added.t < 0 || m->added.visible) &&
	       (m->removed.t < 0 || m->removed.visible);
}

static void
memberships(const world *w, strbuf *sb)
{
	/* one spare byte: no zero-size allocation for a world without
	 * memberships; only the intervals are copied */
	struct interval *v = xmalloc((size_t)w->n_mem * sizeof(*v) + 1);

	if (w->n_mem > 0) {
		memcpy(v, w->mem, (size_t)w->n_mem * sizeof(*v));
	}
	sort_world = w;
	qsort(v, (size_t)w->n_mem, sizeof(*v), cmp_mem);
	for (int i = 0; i < w->n_mem; i++) {
		const struct interval *m = &v[i];
		jw j;

		jw_init(&j, sb, 0);
		jw_obj(&j);
		jw_key(&j, "group");
		group_obj(w, &j, m->g);
		jw_kobj(&j, "member");
		jw_kstr(&j, "id", w->users[m->u].id);
		jw_kstr(&j, "name", w->users[m->u].user_name);
		jw_end_obj(&j);
		endpoint(w, &j, "added", &m->added, 1);
		endpoint(w, &j, "removed", &m->removed, 1);
		jw_kbool(&j, "open", m->open);
		jw_kbool(&j, "visible_in_logs", visible(m));
		jw_kbool(&j, "in_snapshot", side_lists_membership(w, m));
		jw_end_obj(&j);
		strbuf_addc(sb, '\n');
	}
	free(v);
}

static void
pset_obj(const world *w, jw *j, int ps)
{
	jw_obj(j);
	jw_kstr(j, "arn", w->psets[ps].arn);
	jw_kstr(j, "name", w->psets[ps].name);
	jw_end_obj(j);
}

static void
principal_obj(const world *w, jw *j, int ptype, int p)
{
	jw_obj(j);
	jw_kstr(j, "type", ptype == 0 ? "USER" : "GROUP");
	jw_kstr(j, "id", ptype == 0 ? w->users[p].id : w->groups[p].id);
	jw_kstr(j, "name",
	        ptype == 0 ? w->users[p].user_name : w->groups[p].name);
	jw_end_obj(j);
}

static void
assignments(const world *w, strbuf *sb)
{
	for (int i = 0; i < w->n_asg; i++) {
		const struct assign *s = &w->asg[i];
		jw j;

		jw_init(&j, sb, 0);
		jw_obj(&j);
		jw_kstr(&j, "account", w->accts[s->acct].id);
		jw_key(&j, "permission_set");
		pset_obj(w, &j, s->ps);
		jw_key(&j, "principal");
		principal_obj(w, &j, s->ptype, s->principal);
		endpoint(w, &j, "created", &s->created, 0);
		endpoint(w, &j, "deleted", &s->deleted, 0);
		jw_kbool(&j, "open", s->open);
		jw_end_obj(&j);
		strbuf_addc(sb, '\n');
	}
}

static void
identities(const world *w, strbuf *sb)
{
	for (int i = 0; i < w->n_users; i++) {
		const struct user *u = &w->users[i];
		char buf[21];
		jw j;

		if (u->upstream_only) {
			continue;
		}
		jw_init(&j, sb, 0);
		jw_obj(&j);
		jw_kstr(&j, "id", u->id);
		jw_kstr(&j, "user_name", u->user_name);
		jw_kstr_or_null(&j, "email", u->email);
		jw_kstr(&j, "store",
		        u->iam_acct < 0 ? w->store_id
		                        : w->accts[u->iam_acct].id);
		ktime(&j, "created", u->t_created);
		if (u->t_disabled < 0) {
			jw_knull(&j, "disabled");
		} else {
			jw_kobj(&j, "disabled");
			jw_kstr(&j, "time", rec_iso(u->t_disabled, buf));
			jw_kstr(&j, "how", u->how_disabled);
			jw_end_obj(&j);
		}
		if (u->t_deleted < 0) {
			jw_knull(&j, "deleted");
		} else {
			jw_kobj(&j, "deleted");
			jw_kstr(&j, "time", rec_iso(u->t_deleted, buf));
			jw_end_obj(&j);
		}
		if (u->up_disabled < 0) {
			jw_knull(&j, "upstream_disabled");
		} else {
			jw_kobj(&j, "upstream_disabled");
			jw_kstr(&j, "time", rec_iso(u->up_disabled, buf));
			jw_kstr(&j, "source", u->up_source);
			jw_end_obj(&j);
		}
		jw_end_obj(&j);
		strbuf_addc(sb, '\n');
	}
}

static int
save(const char *dir, const char *name, const strbuf *sb, ts_err *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	int rc = truth_save(path, sb, err);

	free(path);
	return rc;
}

int
truth_write(const world *w, const struct dl_result *res, const char *dir,
            ts_err *err)
{
	static const char *const names[] = {
	        "counts.tsv",        "changes.jsonl",     "traps.jsonl",
	        "memberships.jsonl", "assignments.jsonl", "identities.jsonl",
	        "stale.jsonl",       "summary.json"};
	strbuf sb[8];
	int rc = TS_OK;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		return ts_fail(err, TS_FATAL, "%s: %s", dir, strerror(errno));
	}
	for (int i = 0; i < 8; i++) {
		strbuf_init(&sb[i]);
	}
	counts(res, &sb[0]);
	changes(w, &sb[1], &sb[2]);
	memberships(w, &sb[3]);
	assignments(w, &sb[4]);
	identities(w, &sb[5]);
	stale_write(w, res->last, &sb[6]);
	summary_write(w, res, &sb[7]);
	for (int i = 0; i < 8 && rc == TS_OK; i++) {
		rc = save(dir, names[i], &sb[i], err);
	}
	for (int i = 0; i < 8; i++) {
		strbuf_free(&sb[i]);
	}
	return rc;
}

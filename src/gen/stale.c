/* stale.c -- expected stale-access findings (see stale.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/jw.h"
#include "gen/rec.h"
#include "gen/stale.h"
#include "util/xmalloc.h"

struct disabled {
	int64_t t;    /* since when */
	char how[64]; /* how we know */
};

/* One finding: identity u holds group membership g (asg -1), or
 * assignment asg directly (g -1) or through its membership of g. */
struct row {
	int u;             /* user index */
	int g;             /* group index, -1 */
	int asg;           /* index in w->asg, -1 */
	struct disabled d; /* the user's disable */
};

/* Is u disabled (and not deleted) at as_of?  Fills d. */
static int
is_disabled(const struct user *u, int64_t as_of, struct disabled *d)
{
	if (u->upstream_only || (u->t_deleted >= 0 && u->t_deleted <= as_of)) {
		return 0;
	}
	if (u->t_disabled >= 0 && u->t_disabled <= as_of) {
		d->t = u->t_disabled;
		snprintf(d->how, sizeof(d->how), "%s", u->how_disabled);
		return 1;
	}
	if (u->up_disabled >= 0 && u->up_disabled <= as_of) {
		d->t = u->up_disabled;
		snprintf(d->how, sizeof(d->how), "upstream:%s", u->up_source);
		return 1;
	}
	return 0;
}

static const char *
access_type(const struct row *r)
{
	return r->asg >= 0 ? "account-assignment" : "group-membership";
}

static const char *
account_of(const world *w, const struct row *r)
{
	if (r->asg >= 0) {
		return w->accts[w->asg[r->asg].acct].id;
	}
	return w->groups[r->g].iam_acct >= 0
	               ? w->accts[w->groups[r->g].iam_acct].id
	               : NULL;
}

static const char *
pset_arn(const world *w, const struct row *r)
{
	return r->asg >= 0 ? w->psets[w->asg[r->asg].ps].arn : NULL;
}

/* NULL sorts first. */
static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		return (a != NULL) - (b != NULL);
	}
	return strcmp(a, b);
}

static const world *sort_world;

/* identity id, access type, group id, account, permission set arn */
static int
cmp_row(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	const world *w = sort_world;
	int c = strcmp(w->users[a->u].id, w->users[b->u].id);

	if (c == 0) {
		c = strcmp(access_type(a), access_type(b));
	}
	if (c == 0) {
		c = cmp_str(a->g >= 0 ? w->groups[a->g].id : NULL,
		            b->g >= 0 ? w->groups[b->g].id : NULL);
	}
	if (c == 0) {
		c = cmp_str(account_of(w, a), account_of(w, b));
	}
	if (c == 0) {
		c = cmp_str(pset_arn(w, a), pset_arn(w, b));
	}
	return c;
}

static void
group_obj(const world *w, jw *j, int g)
{
	if (g < 0) {
		jw_knull(j, "group");
		return;
	}
	jw_kobj(j, "group");
	jw_kstr(j, "id", w->groups[g].id);
	jw_kstr(j, "name", w->groups[g].name);
	jw_end_obj(j);
}

static void
finding(const world *w, strbuf *sb, const struct row *r, int64_t as_of)
{
	const struct user *u = &w->users[r->u];
	int64_t days = (as_of - r->d.t) / DAY_MS;
	char buf[21];
	jw j;

	jw_init(&j, sb, 0);
	jw_obj(&j);
	jw_kobj(&j, "identity");
	jw_kstr(&j, "id", u->id);
	jw_kstr(&j, "name", u->user_name);
	jw_end_obj(&j);
	jw_kobj(&j, "disabled");
	jw_kstr(&j, "time", rec_iso(r->d.t, buf));
	jw_kstr(&j, "how", r->d.how);
	jw_end_obj(&j);
	jw_kobj(&j, "access");
	jw_kstr(&j, "type", access_type(r));
	group_obj(w, &j, r->g);
	jw_kstr_or_null(&j, "account", account_of(w, r));
	if (r->asg < 0) {
		jw_knull(&j, "permission_set");
	} else {
		const struct pset *ps = &w->psets[w->asg[r->asg].ps];

		jw_kobj(&j, "permission_set");
		jw_kstr(&j, "arn", ps->arn);
		jw_kstr(&j, "name", ps->name);
		jw_end_obj(&j);
	}
	jw_end_obj(&j);
	jw_kint(&j, "days_stale", days);
	jw_kstr(&j, "severity", days > 30 ? "high" : "medium");
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}

static void
add_row(struct row **v, int *n, int *cap, const struct row *r)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		*v = xrealloc(*v, (size_t)*cap * sizeof(**v));
	}
	(*v)[(*n)++] = *r;
}

/* The open GROUP assignments of group g, reached by r->u. */
static void
through_group(const world *w, struct row r, struct row **v, int *n, int *cap)
{
	for (int i = 0; i < w->n_asg; i++) {
		const struct assign *s = &w->asg[i];

		if (s->open && s->ptype == 1 && s->principal == r.g) {
			r.asg = i;
			add_row(v, n, cap, &r);
		}
	}
}

int
stale_write(const world *w, int64_t as_of, strbuf *sb)
{
	struct row *v = NULL, r;
	int n = 0, cap = 0;

	for (r.u = 0; r.u < w->n_users; r.u++) {
		if (!is_disabled(&w->users[r.u], as_of, &r.d)) {
			continue;
		}
		for (int i = 0; i < w->n_mem; i++) {
			if (w->mem[i].open && w->mem[i].u == r.u) {
				r.g = w->mem[i].g;
				r.asg = -1;
				add_row(&v, &n, &cap, &r);
				if (w->groups[r.g].iam_acct < 0) {
					through_group(w, r, &v, &n, &cap);
				}
			}
		}
		for (int i = 0; i < w->n_asg; i++) {
			const struct assign *s = &w->asg[i];

			if (s->open && s->ptype == 0 && s->principal == r.u) {
				r.g = -1;
				r.asg = i;
				add_row(&v, &n, &cap, &r);
			}
		}
	}
	sort_world = w;
	if (n > 0) {
		qsort(v, (size_t)n, sizeof(*v), cmp_row);
	}
	for (int i = 0; i < n; i++) {
		finding(w, sb, &v[i], as_of);
	}
	free(v);
	return n;
}

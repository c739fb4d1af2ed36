/* ops.c -- scenario verbs: append actions, keep the live view (see
 * ops.h).  The choice of event source per actor and client lives here
 * and nowhere else. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/ops.h"
#include "gen/replay.h"
#include "util/xmalloc.h"

static int
is_console(int client)
{
	return client == CL_BROWSER || client == CL_CONSOLE_INT;
}

static int
is_scim(const world *w, int actor)
{
	return w->actors[actor].kind == AK_SCIM;
}

static void
bug(const char *what, const world *w, int g, int u)
{
	fprintf(stderr, "trailsift-gen: scenario bug: %s (group %s, user %s)\n",
	        what, g >= 0 ? w->groups[g].name : "-",
	        u >= 0 ? w->users[u].user_name : "-");
	abort();
}

static struct interval *
live_find(const world *w, int g, int u)
{
	for (int i = w->n_live - 1; i >= 0; i--) {
		struct interval *m = &w->live[i];

		if (m->open && m->g == g && m->u == u) {
			return m;
		}
	}
	return NULL;
}

static void
live_add(world *w, int g, int u, const char *mid, int64_t t)
{
	struct interval *m;

	if (live_find(w, g, u)) {
		bug("adding a member twice", w, g, u);
	}
	if (w->n_live == w->cap_live) {
		w->cap_live = w->cap_live ? 2 * w->cap_live : 64;
		w->live = xrealloc(w->live, (size_t)w->cap_live * sizeof(*m));
	}
	m = &w->live[w->n_live++];
	memset(m, 0, sizeof(*m));
	m->g = g;
	m->u = u;
	snprintf(m->mid, sizeof(m->mid), "%s", mid);
	m->added.t = t;
	m->removed.t = -1;
	m->open = 1;
}

void
ops_premember(world *w, int g, int u)
{
	char mid[37];

	world_idc_id(&w->r, mid);
	live_add(w, g, u, mid, -1);
}

int
ops_is_member(const world *w, int g, int u)
{
	return live_find(w, g, u) != NULL;
}

int
ops_members(const world *w, int g, int *out, int max)
{
	int n = 0;

	for (int i = 0; i < w->n_live && n < max; i++) {
		if (w->live[i].open && w->live[i].g == g) {
			out[n++] = w->live[i].u;
		}
	}
	return n;
}

int
ops_groups_of(const world *w, int u, int *out, int max)
{
	int n = 0;

	for (int i = 0; i < w->n_live && n < max; i++) {
		if (w->live[i].open && w->live[i].u == u) {
			out[n++] = w->live[i].g;
		}
	}
	return n;
}

struct action *
ops_scim_members(world *w, int64_t t, int actor, int g, int add,
                 const int *users, int n)
{
	struct action *a =
	        world_act(w, t, add ? AC_SC_GROUP_ADD : AC_SC_GROUP_REMOVE,
	                  actor, w->actors[actor].client);
	char mid[37];

	a->g = g;
	for (int i = 0; i < n && i < 8; i++) {
		a->members[a->n_members++] = users[i];
		if (add) {
			replay_member_mid(a, i, mid);
			live_add(w, g, users[i], mid, t);
		} else if (live_find(w, g, users[i]) == NULL) {
			bug("SCIM removing a non-member", w, g, users[i]);
		} else {
			live_find(w, g, users[i])->open = 0;
		}
	}
	return a;
}

struct action *
ops_add(world *w, int64_t t, int actor, int client, int g, int u)
{
	struct action *a;
	int kind;

	if (is_scim(w, actor)) {
		return ops_scim_members(w, t, actor, g, 1, &u, 1);
	}
	kind = w->groups[g].iam_acct >= 0 ? AC_IAM_ADD
	       : is_console(client)       ? AC_SD_ADD
	                                  : AC_IS_ADD;
	a = world_act(w, t, kind, actor, client);
	a->g = g;
	a->u = u;
	if (kind == AC_IAM_ADD) {
		a->acct = w->groups[g].iam_acct;
	}
	world_idc_id(&w->r, a->aux);
	live_add(w, g, u, a->aux, t);
	return a;
}

struct action *
ops_remove(world *w, int64_t t, int actor, int client, int g, int u)
{
	struct interval *m = live_find(w, g, u);
	struct action *a;
	int kind;

	if (m == NULL) {
		bug("removing a non-member", w, g, u);
	}
	if (is_scim(w, actor)) {
		return ops_scim_members(w, t, actor, g, 0, &u, 1);
	}
	kind = w->groups[g].iam_acct >= 0 ? AC_IAM_REMOVE
	       : is_console(client)       ? AC_SD_REMOVE
	                                  : AC_IS_DEL;
	a = world_act(w, t, kind, actor, client);
	a->g = g;
	a->u = u;
	if (kind == AC_IAM_REMOVE) {
		a->acct = w->groups[g].iam_acct;
	}
	snprintf(a->aux, sizeof(a->aux), "%s", m->mid);
	m->open = 0;
	return a;
}

struct action *
ops_call(world *w, int64_t t, int kind, int actor, int client, int err)
{
	struct action *a = world_act(w, t, kind, actor, client);

	a->err = err;
	if (kind >= AC_IAM_ADD && kind <= AC_IAM_SSO_ROLE) {
		a->acct = w->actors[actor].acct;
	}
	rng_uuid(&w->r, a->aux);
	return a;
}

static struct action *
user_act(world *w, int64_t t, int kind, int actor, int client, int u)
{
	struct action *a = world_act(w, t, kind, actor, client);

	a->u = u;
	if (w->users[u].iam_acct >= 0) {
		a->acct = w->users[u].iam_acct;
	}
	return a;
}

struct action *
ops_create_user(world *w, int64_t t, int actor, int client, int u)
{
	int kind = is_scim(w, actor)           ? AC_SC_CREATE_USER
	           : w->users[u].iam_acct >= 0 ? AC_IAM_CREATE_USER
	           : is_console(client)        ? AC_SD_CREATE_USER
	                                       : AC_IS_CREATE_USER;

	w->users[u].created = t;
	w->users[u].scim = is_scim(w, actor);
	return user_act(w, t, kind, actor, client, u);
}

struct action *
ops_update_user(world *w, int64_t t, int actor, int client, int u)
{
	int kind = !is_scim(w, actor)  ? (is_console(client) ? AC_SD_UPDATE_USER
	                                                     : AC_IS_UPDATE_USER)
	           : client == CL_OKTA ? AC_SC_PUT_USER
	                               : AC_SC_PATCH_ATTR;
	struct action *a = user_act(w, t, kind, actor, client, u);

	a->sub = (int)rng_below(&w->r, 4);
	return a;
}

struct action *
ops_disable_user(world *w, int64_t t, int actor, int client, int u)
{
	int kind = !is_scim(w, actor)  ? AC_SD_DISABLE_USER
	           : client == CL_OKTA ? AC_SC_PATCH_DEACT
	                               : AC_SC_PATCH_ACTIVE;

	w->users[u].disabled_live = 1;
	return user_act(w, t, kind, actor, client, u);
}

struct action *
ops_enable_user(world *w, int64_t t, int actor, int client, int u)
{
	int kind = !is_scim(w, actor)  ? AC_SD_ENABLE_USER
	           : client == CL_OKTA ? AC_SC_PATCH_DEACT
	                               : AC_SC_PATCH_ACTIVE;
	struct action *a = user_act(w, t, kind, actor, client, u);

	a->sub = 1; /* enable */
	w->users[u].disabled_live = 0;
	return a;
}

struct action *
ops_delete_user(world *w, int64_t t, int actor, int client, int u)
{
	int gs[64];
	int n = ops_groups_of(w, u, gs, 64);
	int kind;

	if (w->users[u].iam_acct >= 0) {
		/* the IAM API refuses to delete a user still in groups */
		for (int i = 0; i < n; i++) {
			ops_remove(w, t - (n - i) * 4000, actor, client, gs[i],
			           u);
		}
		kind = AC_IAM_DELETE_USER;
	} else {
		for (int i = 0; i < n; i++) {
			live_find(w, gs[i], u)->open = 0;
		}
		kind = is_scim(w, actor)    ? AC_SC_DELETE_USER
		       : is_console(client) ? AC_SD_DELETE_USER
		                            : AC_IS_DELETE_USER;
	}
	w->users[u].deleted_live = 1;
	return user_act(w, t, kind, actor, client, u);
}

struct action *
ops_create_group(world *w, int64_t t, int actor, int client, int g)
{
	int kind = is_scim(w, actor)            ? AC_SC_CREATE_GROUP
	           : w->groups[g].iam_acct >= 0 ? AC_IAM_CREATE_GROUP
	           : is_console(client)         ? AC_SD_CREATE_GROUP
	                                        : AC_IS_CREATE_GROUP;
	struct action *a = world_act(w, t, kind, actor, client);

	a->g = g;
	if (w->groups[g].iam_acct >= 0) {
		a->acct = w->groups[g].iam_acct;
	}
	w->groups[g].created = t;
	return a;
}

void
ops_iam_disable(world *w, int64_t t, int actor, int client, int u)
{
	struct action *a;

	user_act(w, t, AC_IAM_DEL_LOGIN, actor, client, u);
	a = user_act(w, t + rng_range(&w->r, 20, 90) * 1000,
	             AC_IAM_KEY_INACTIVE, actor, client, u);
	world_aws_id(&w->r, "AKIA", a->aux);
	w->users[u].disabled_live = 1;
}

static struct assign *
alive_find(const world *w, int acct, int ps, int ptype, int principal)
{
	for (int i = 0; i < w->n_alive; i++) {
		struct assign *s = &w->alive[i];

		if (s->open && s->acct == acct && s->ps == ps &&
		    s->ptype == ptype && s->principal == principal) {
			return s;
		}
	}
	return NULL;
}

static int
ps_provisioned(const world *w, int acct, int ps)
{
	for (int i = 0; i < w->n_alive; i++) {
		if (w->alive[i].acct == acct && w->alive[i].ps == ps) {
			return 1;
		}
	}
	return 0;
}

static void
alive_add(world *w, int acct, int ps, int ptype, int principal, int64_t t)
{
	struct assign *s;

	if (alive_find(w, acct, ps, ptype, principal)) {
		bug("assigning twice", w, -1, -1);
	}
	if (w->n_alive == w->cap_alive) {
		w->cap_alive = w->cap_alive ? 2 * w->cap_alive : 32;
		w->alive =
		        xrealloc(w->alive, (size_t)w->cap_alive * sizeof(*s));
	}
	s = &w->alive[w->n_alive++];
	memset(s, 0, sizeof(*s));
	s->acct = acct;
	s->ps = ps;
	s->ptype = ptype;
	s->principal = principal;
	s->created.t = t;
	s->deleted.t = -1;
	s->open = 1;
}

void
ops_preassign(world *w, int acct, int ps, int ptype, int principal)
{
	alive_add(w, acct, ps, ptype, principal, -1);
}

int
ops_is_assigned(const world *w, int acct, int ps, int ptype, int principal)
{
	return alive_find(w, acct, ps, ptype, principal) != NULL;
}

/* The service-linked role actor of an account, made on first use. */
static int
svc_actor(world *w, int acct)
{
	for (int i = 0; i < w->n_actors; i++) {
		if (w->actors[i].kind == AK_SVC && w->actors[i].acct == acct) {
			return i;
		}
	}
	return world_actor_svc(w, acct);
}

static struct action *
assign_act(world *w, int64_t t, int kind, int actor, int client, int acct,
           int ps, int ptype, int principal)
{
	struct action *a = world_act(w, t, kind, actor, client);

	a->target = acct;
	a->ps = ps;
	a->ptype = ptype;
	if (ptype == 0) {
		a->u = principal;
	} else {
		a->g = principal;
	}
	rng_uuid(&w->r, a->aux);
	return a;
}

struct action *
ops_assign(world *w, int64_t t, int actor, int client, int acct, int ps,
           int ptype, int principal)
{
	int first = !ps_provisioned(w, acct, ps);
	struct action *a;

	alive_add(w, acct, ps, ptype, principal, t);
	if (first) {
		int svc = svc_actor(w, acct);

		a = world_act(w, t + rng_range(&w->r, 4, 40) * 1000,
		              AC_IAM_SSO_ROLE, svc, CL_SERVICE);
		a->acct = acct;
		a->ps = ps;
	}
	return assign_act(w, t, AC_SSO_CREATE_ASSIGN, actor, client, acct, ps,
	                  ptype, principal);
}

struct action *
ops_unassign(world *w, int64_t t, int actor, int client, int acct, int ps,
             int ptype, int principal)
{
	struct assign *s = alive_find(w, acct, ps, ptype, principal);

	if (s == NULL) {
		bug("deleting a missing assignment", w, -1, -1);
	}
	s->open = 0;
	return assign_act(w, t, AC_SSO_DELETE_ASSIGN, actor, client, acct, ps,
	                  ptype, principal);
}

struct action *
ops_provision(world *w, int64_t t, int actor, int client, int ps, int acct)
{
	struct action *a = world_act(w, t, AC_SSO_PROVISION, actor, client);

	a->ps = ps;
	a->target = acct;
	rng_uuid(&w->r, a->aux);
	return a;
}

struct action *
ops_read(world *w, int64_t t, int kind, int actor, int client, int sub)
{
	struct action *a = world_act(w, t, kind, actor, client);

	a->sub = sub;
	return a;
}

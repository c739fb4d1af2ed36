/* replay.c -- compute the ground truth from the sorted actions (see
 * replay.h).
 *
 * Visibility: an interval end is "visible" when its event alone names
 * both the group and the member: CreateGroupMembership, console
 * Add/RemoveMember, IAM Add/RemoveUserFromGroup, and Okta's SCIM remove
 * whose path carries the member id.  DeleteGroupMembership carries only
 * a MembershipId, so it is visible only when that id was returned by a
 * CreateGroupMembership inside the logs.  A DeleteUser or DeleteGroup
 * closes the memberships it implies; such an end is as visible as the
 * start it closes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/replay.h"
#include "util/xmalloc.h"

/* Per IAM user: when each half of "disabled" happened. */
struct iam_state {
	int64_t login_deleted; /* DeleteLoginProfile, -1 */
	int64_t key_inactive;  /* UpdateAccessKey Inactive, -1 */
};

void
replay_member_mid(const struct action *a, int i, char out[37])
{
	rng r;

	rng_derive(&r, a->seed, 0x6d6964, (uint64_t)i, 0);
	world_idc_id(&r, out);
}

static void
fail(const world *w, const struct action *a, const char *what)
{
	fprintf(stderr, "trailsift-gen: replay: %s at %s %s (%lld)\n", what,
	        world_kinds[a->kind].source, world_event_name(a),
	        (long long)a->t);
	abort();
}

static void
set_end(const world *w, struct endpoint *e, const struct action *a, int visible)
{
	e->t = a->t;
	e->actor = a->actor;
	e->channel = world_channel(w, a->actor, a->client);
	e->event_id = a->event_id;
	e->visible = visible;
}

static struct interval *
mem_new(world *w, int g, int u)
{
	struct interval *m;

	if (w->n_mem == w->cap_mem) {
		w->cap_mem = w->cap_mem ? 2 * w->cap_mem : 64;
		w->mem = xrealloc(w->mem, (size_t)w->cap_mem * sizeof(*m));
	}
	m = &w->mem[w->n_mem++];
	memset(m, 0, sizeof(*m));
	m->g = g;
	m->u = u;
	m->added.t = m->removed.t = -1;
	m->added.actor = m->removed.actor = -1;
	m->open = 1;
	return m;
}

static struct interval *
mem_open(world *w, int g, int u)
{
	for (int i = w->n_mem - 1; i >= 0; i--) {
		if (w->mem[i].open && w->mem[i].g == g && w->mem[i].u == u) {
			return &w->mem[i];
		}
	}
	return NULL;
}

static struct interval *
mem_by_mid(world *w, const char *mid)
{
	for (int i = w->n_mem - 1; i >= 0; i--) {
		if (w->mem[i].open && strcmp(w->mem[i].mid, mid) == 0) {
			return &w->mem[i];
		}
	}
	return NULL;
}

static void
add_member(world *w, const struct action *a, int g, int u, const char *mid,
           int visible)
{
	struct interval *m;

	if (mem_open(w, g, u)) {
		fail(w, a, "member added twice");
	}
	m = mem_new(w, g, u);
	snprintf(m->mid, sizeof(m->mid), "%s", mid);
	m->mid_logged = a->kind == AC_IS_ADD;
	set_end(w, &m->added, a, visible);
}

static void
close_member(world *w, const struct action *a, struct interval *m, int visible)
{
	if (m == NULL) {
		fail(w, a, "removing a non-member");
	}
	m->open = 0;
	set_end(w, &m->removed, a, visible);
}

/* A deleted user or group ends its memberships. */
static void
close_all(world *w, const struct action *a, int g, int u)
{
	for (int i = 0; i < w->n_mem; i++) {
		struct interval *m = &w->mem[i];

		if (m->open && (g < 0 || m->g == g) && (u < 0 || m->u == u)) {
			close_member(w, a, m,
			             m->added.visible || m->added.t < 0);
		}
	}
}

static void
do_membership(world *w, const struct action *a)
{
	char mid[37];
	struct interval *m;

	switch (a->kind) {
	case AC_IS_ADD:
	case AC_SD_ADD:
	case AC_IAM_ADD:
		add_member(w, a, a->g, a->u, a->aux, 1);
		break;
	case AC_SC_GROUP_ADD:
		for (int i = 0; i < a->n_members; i++) {
			replay_member_mid(a, i, mid);
			add_member(w, a, a->g, a->members[i], mid, 0);
		}
		break;
	case AC_IS_DEL:
		m = mem_by_mid(w, a->aux);
		/* visible only if the logs showed this id being created */
		close_member(w, a, m, m && m->mid_logged);
		break;
	case AC_SD_REMOVE:
	case AC_IAM_REMOVE:
		close_member(w, a, mem_open(w, a->g, a->u), 1);
		break;
	case AC_SC_GROUP_REMOVE:
		for (int i = 0; i < a->n_members; i++) {
			close_member(w, a, mem_open(w, a->g, a->members[i]),
			             a->client == CL_OKTA);
		}
		break;
	}
}

static void
disable(struct user *u, const struct action *a, const char *how)
{
	if (a->sub == 1) {
		u->t_disabled = -1;
		u->how_disabled = NULL;
	} else if (u->t_disabled < 0) {
		u->t_disabled = a->t;
		u->how_disabled = how;
	}
}

static void
do_user(world *w, const struct action *a, struct iam_state *iam)
{
	struct user *u = a->u >= 0 ? &w->users[a->u] : NULL;

	switch (a->kind) {
	case AC_IS_CREATE_USER:
	case AC_SD_CREATE_USER:
	case AC_SC_CREATE_USER:
	case AC_IAM_CREATE_USER:
		u->t_created = a->t;
		break;
	case AC_SD_DISABLE_USER:
		disable(u, a, "console:DisableUser");
		break;
	case AC_SD_ENABLE_USER:
		u->t_disabled = -1;
		u->how_disabled = NULL;
		break;
	case AC_SC_PATCH_ACTIVE:
		disable(u, a, "scim:PatchUser active");
		break;
	case AC_SC_PATCH_DEACT:
		disable(u, a, "scim:PatchUser replace (okta deactivate)");
		break;
	case AC_IS_DELETE_USER:
	case AC_SD_DELETE_USER:
	case AC_SC_DELETE_USER:
	case AC_IAM_DELETE_USER:
		u->t_deleted = a->t;
		close_all(w, a, -1, a->u);
		break;
	case AC_IAM_DEL_LOGIN:
		iam[a->u].login_deleted = a->t;
		break;
	case AC_IAM_KEY_INACTIVE:
		iam[a->u].key_inactive = a->t;
		break;
	}
	if (u && u->iam_acct >= 0 && u->t_disabled < 0 &&
	    iam[a->u].login_deleted >= 0 && iam[a->u].key_inactive >= 0) {
		u->t_disabled = a->t;
		u->how_disabled = "iam:DeleteLoginProfile+UpdateAccessKey";
	}
}

static struct assign *
asg_new(world *w, const struct assign *proto)
{
	struct assign *s;

	if (w->n_asg == w->cap_asg) {
		w->cap_asg = w->cap_asg ? 2 * w->cap_asg : 32;
		w->asg = xrealloc(w->asg, (size_t)w->cap_asg * sizeof(*s));
	}
	s = &w->asg[w->n_asg++];
	*s = *proto;
	s->created.actor = s->deleted.actor = -1;
	s->created.t = s->deleted.t = -1;
	s->open = 1;
	return s;
}

static void
do_assign(world *w, const struct action *a)
{
	struct assign key = {.acct = a->target, .ps = a->ps, .ptype = a->ptype};
	struct assign *s = NULL;

	key.principal = a->ptype == 0 ? a->u : a->g;
	for (int i = w->n_asg - 1; i >= 0; i--) {
		struct assign *c = &w->asg[i];

		if (c->open && c->acct == key.acct && c->ps == key.ps &&
		    c->ptype == key.ptype && c->principal == key.principal) {
			s = c;
			break;
		}
	}
	if (a->kind == AC_SSO_CREATE_ASSIGN) {
		if (s) {
			fail(w, a, "assignment created twice");
		}
		set_end(w, &asg_new(w, &key)->created, a, 1);
	} else {
		if (s == NULL) {
			fail(w, a, "deleting a missing assignment");
		}
		s->open = 0;
		set_end(w, &s->deleted, a, 1);
	}
}

static void
initial_state(world *w)
{
	for (int i = 0; i < w->n_users; i++) {
		w->users[i].t_disabled = w->users[i].t_deleted = -1;
		w->users[i].t_created = -1;
		w->users[i].how_disabled = NULL;
	}
	for (int i = 0; i < w->n_live; i++) {
		if (w->live[i].added.t < 0) {
			struct interval *m =
			        mem_new(w, w->live[i].g, w->live[i].u);

			snprintf(m->mid, sizeof(m->mid), "%s", w->live[i].mid);
		}
	}
	for (int i = 0; i < w->n_alive; i++) {
		if (w->alive[i].created.t < 0) {
			asg_new(w, &w->alive[i]);
		}
	}
}

static void
touch(world *w, const struct action *a)
{
	if (a->g >= 0) {
		w->groups[a->g].touched = 1;
	}
}

void
replay_run(world *w)
{
	struct iam_state *iam = xcalloc((size_t)w->n_users + 1, sizeof(*iam));

	for (int i = 0; i < w->n_users; i++) {
		iam[i].login_deleted = iam[i].key_inactive = -1;
	}
	initial_state(w);
	for (size_t i = 0; i < w->n_acts; i++) {
		const struct action *a = &w->acts[i];

		touch(w, a);
		if (a->err != ER_NONE) {
			continue;
		}
		do_membership(w, a);
		do_user(w, a, iam);
		if (a->kind == AC_SSO_CREATE_ASSIGN ||
		    a->kind == AC_SSO_DELETE_ASSIGN) {
			do_assign(w, a);
		}
		if (a->kind == AC_IS_DELETE_GROUP ||
		    a->kind == AC_SD_DELETE_GROUP ||
		    a->kind == AC_SC_DELETE_GROUP) {
			close_all(w, a, a->g, -1);
		}
	}
	free(iam);
}

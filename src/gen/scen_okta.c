/* scen_okta.c -- "okta-hub": Okta pushes users and groups to IAM
 * Identity Center over SCIM ("Okta SCIM Client 1.0.0"), in near real
 * time: each membership change is a PatchGroup replace of displayName
 * followed by the add or remove; deactivation is a PatchUser replace
 * without a path (value hidden); Okta never deletes a user.  From
 * February to mid-June 2025 "Deactivate Users" was switched off in the
 * Okta app, so people who left then are DEPROVISIONED in Okta but
 * active in AWS with all their groups.  One rename without a stable
 * externalId made Okta create a second user for the same person; the
 * old one stays, with its memberships, and no Okta account matches it. */
#include "config.h"

#include <string.h>

#include "gen/ops.h"
#include "gen/rec.h"
#include "gen/scen.h"

enum { A_IDC, A_PROD, A_STAGING, A_DATA, A_SUPPORT };
enum { G_ADMINS, G_ENG, G_ANALYSTS, G_SUPPORT, G_CONTRACTORS, N_GROUPS };

static const struct person people[] = {
        {"Nils", "Jansen", "nils.jansen"},
        {"Jane", "Doe", "jane.doe"},
        {"Aleksander", "W\xc3\xb3jcik", "aleksander.wojcik"},
        {"Beatriz", "Santos", "beatriz.santos"},
        {"Cem", "Y\xc4\xb1lmaz", "cem.yilmaz"},
        {"Dagny", "Solberg", "dagny.solberg"},
        {"Emil", "Horvat", "emil.horvat"},
        {"Fleur", "Janssens", "fleur.janssens"},
        {"Goran", "Mari\xc4\x87", "goran.maric"},
        {"Hiroshi", "Yamamoto", "hiroshi.yamamoto"},
        {"Ilse", "Vogel", "ilse.vogel"},
        {"Jakub", "Dvo\xc5\x99\xc3\xa1k", "jakub.dvorak"},
        {"Katarina", "Novak", "katarina.novak"},
        {"Lars", "Eriksen", "lars.eriksen"},
        {"Margaux", "Laurent", "margaux.laurent"},
        {"Nikos", "Papadopoulos", "nikos.papadopoulos"},
        {"Orla", "Byrne", "orla.byrne"},
        {"Pieter", "de Groot", "pieter.degroot"},
        {"Rosa", "Ferreira", "rosa.ferreira"},
        {"Stefan", "Ionescu", "stefan.ionescu"},
        {"Tuva", "Halvorsen", "tuva.halvorsen"},
        {"Uwe",
         "Schr\xc3\xb6"
         "der",
         "uwe.schroeder"},
        {"Vera", "Kuznetsova", "vera.kuznetsova"},
        {"Wiktor", "Zieli\xc5\x84ski", "wiktor.zielinski"},
};
#define N_PEOPLE ((int)(sizeof(people) / sizeof(people[0])))

static const struct person joiners[] = {
        {"Ada", "Lindgren", "ada.lindgren"},
        {"Bruno", "Cattaneo", "bruno.cattaneo"},
        {"Clara", "Oliveira", "clara.oliveira"},
        {"David", "Nagy", "david.nagy"},
};
static const struct person renamed = {"Jane", "Smith", "jane.smith"};

struct cast {
	int users[40]; /* Okta-provisioned users, active */
	int n;
	int joiner[4];
	int jane_new; /* the duplicate made by the rename */
	int g[N_GROUPS];
	int ps[4];
	int okta;         /* Okta's SCIM client */
	int admin;        /* an administrator on the CLI */
	int64_t off_from; /* "Deactivate Users" switched off */
	int64_t off_to;   /* ... and back on */
};

static void
setup(world *w, struct cast *c)
{
	static const char *const gn[N_GROUPS] = {
	        "aws-admins", "aws-engineering", "aws-analysts", "aws-support",
	        "aws-contractors"};
	static const char *const ps[] = {"AdministratorAccess",
	                                 "PowerUserAccess", "ReadOnlyAccess",
	                                 "SupportUser"};

	world_account(w, "444455556666", "identity-center", "identity",
	              "eu-central-1,us-east-1", 2);
	world_account(w, "123456789012", "member", "prod",
	              "eu-central-1,us-east-1", 6);
	world_account(w, "210987654321", "member", "staging", "eu-central-1",
	              3);
	world_account(w, "777788889999", "member", "data",
	              "eu-central-1,eu-west-1", 4);
	world_account(w, "999999999999", "member", "support-tools",
	              "eu-central-1", 1);
	scen_identity_center(w, "d-9967aa55b3", A_IDC, "eu-central-1");
	c->n = scen_people(w, people, N_PEOPLE, "example.com", c->users);
	scen_people(w, joiners, 4, "example.com", c->joiner);
	scen_people(w, &renamed, 1, "example.com", &c->jane_new);
	for (int i = 0; i < w->n_users; i++) {
		w->users[i].scim = 1;
	}
	for (int i = 0; i < N_GROUPS; i++) {
		c->g[i] = world_group_idc(w, gn[i], "Pushed from Okta");
	}
	for (int i = 0; i < 4; i++) {
		c->ps[i] = world_pset(w, ps[i]);
	}
	c->okta = world_actor_scim(w, CL_OKTA, 0);
	c->admin = world_actor_sso(w, A_IDC, "nils.jansen@example.com",
	                           c->ps[0], CL_CLI_LINUX);
}

static void
initial_state(world *w, struct cast *c)
{
	static const int home[] = {G_ENG,     G_ENG, G_ANALYSTS,
	                           G_SUPPORT, G_ENG, G_CONTRACTORS};

	for (int i = 0; i < c->n; i++) {
		ops_premember(w, c->g[home[i % 6]], c->users[i]);
		if (i % 5 == 2 && home[i % 6] != G_ANALYSTS) {
			ops_premember(w, c->g[G_ANALYSTS], c->users[i]);
		}
	}
	ops_premember(w, c->g[G_ADMINS], c->users[0]);
	ops_premember(w, c->g[G_ADMINS], c->users[9]);
	ops_premember(w, c->g[G_ADMINS], c->users[1]);
	ops_preassign(w, A_PROD, c->ps[0], 1, c->g[G_ADMINS]);
	ops_preassign(w, A_PROD, c->ps[1], 1, c->g[G_ENG]);
	ops_preassign(w, A_STAGING, c->ps[1], 1, c->g[G_ENG]);
	ops_preassign(w, A_DATA, c->ps[2], 1, c->g[G_ANALYSTS]);
	ops_preassign(w, A_SUPPORT, c->ps[3], 1, c->g[G_SUPPORT]);
	ops_preassign(w, A_STAGING, c->ps[1], 1, c->g[G_CONTRACTORS]);
}

/* Okta renames the group (same name, hidden) with every change. */
static int64_t
push_member(world *w, struct cast *c, int64_t t, int g, int u, int add)
{
	ops_call(w, t, AC_SC_GROUP_NAME, c->okta, CL_OKTA, ER_NONE)->g = g;
	t += rng_range(&w->r, 1, 2) * 1000;
	ops_scim_members(w, t, c->okta, g, add, &u, 1);
	return t + rng_range(&w->r, 1, 3) * 1000;
}

static int
active(const world *w, int u)
{
	return !w->users[u].disabled_live && !w->users[u].deleted_live &&
	       w->users[u].up_disabled < 0 && !w->users[u].orphan;
}

static void
membership_change(world *w, struct cast *c, int64_t day)
{
	int64_t t = scen_between(&w->r, day, 7, 16);
	int g = c->g[1 + rng_below(&w->r, N_GROUPS - 1)];
	int u = c->users[rng_below(&w->r, (uint32_t)c->n)];

	if (!active(w, u)) {
		return;
	}
	push_member(w, c, t, g, u, !ops_is_member(w, g, u));
}

static void
joiner(world *w, struct cast *c, int64_t day, int k)
{
	int64_t t = scen_between(&w->r, day, 7, 10);
	int u = c->joiner[k];

	ops_read(w, t, AC_SC_READ, c->okta, CL_OKTA, 0);
	ops_create_user(w, t + 1000, c->okta, CL_OKTA, u);
	t = push_member(w, c, t + 3000, c->g[k % 2 ? G_ANALYSTS : G_ENG], u, 1);
	c->users[c->n++] = u;
}

/* A leaver: deactivated in Okta; AWS hears only if the switch is on. */
static void
leaver(world *w, struct cast *c, int u, int64_t day)
{
	int64_t t = scen_between(&w->r, day, 8, 17);

	w->users[u].up_disabled = t;
	w->users[u].up_changed = t;
	w->users[u].up_source = "okta";
	if (t < c->off_from || t >= c->off_to) {
		ops_disable_user(w, t + rng_range(&w->r, 1, 20) * 1000, c->okta,
		                 CL_OKTA, u);
	}
}

/* jane.doe becomes jane.smith; without a stable externalId Okta makes
 * a new user and pushes it into the same groups. */
static void
rename(world *w, struct cast *c, int64_t day)
{
	int old = c->users[1], gs[8];
	int n = ops_groups_of(w, old, gs, 8);
	int64_t t = scen_between(&w->r, day, 9, 11);

	ops_read(w, t, AC_SC_READ, c->okta, CL_OKTA, 0);
	ops_create_user(w, t + 1000, c->okta, CL_OKTA, c->jane_new);
	t += 3000;
	for (int i = 0; i < n; i++) {
		t = push_member(w, c, t, gs[i], c->jane_new, 1);
	}
	w->users[old].orphan = 1;
	c->users[1] = c->jane_new;
}

static void
profile_update(world *w, struct cast *c, int64_t day)
{
	int64_t t = scen_between(&w->r, day, 7, 17);
	int u = c->users[rng_below(&w->r, (uint32_t)c->n)];

	if (!active(w, u)) {
		return;
	}
	ops_read(w, t, AC_SC_READ, c->okta, CL_OKTA, 1)->u = u;
	if (rng_chance(&w->r, 0.1)) {
		ops_call(w, t + 1000, AC_SC_PATCH_ATTR, c->okta, CL_OKTA,
		         ER_VALIDATION)
		        ->u = u;
	} else {
		ops_update_user(w, t + 1000, c->okta, CL_OKTA, u);
	}
}

static void
admin_day(world *w, struct cast *c, int i, int64_t day)
{
	int64_t t = scen_between(&w->r, day, 12, 16);

	if (i == 60) {
		ops_read(w, t - 90000, AC_SSO_READ, c->admin, CL_CLI_LINUX, 0);
		ops_assign(w, t, c->admin, CL_CLI_LINUX, A_DATA, c->ps[2], 1,
		           c->g[G_ENG]);
	} else if (i == 200) {
		ops_unassign(w, t, c->admin, CL_CLI_LINUX, A_STAGING, c->ps[1],
		             1, c->g[G_CONTRACTORS]);
	} else if (i == 201) {
		ops_assign(w, t, c->admin, CL_CLOUDSHELL, A_SUPPORT, c->ps[2],
		           1, c->g[G_CONTRACTORS]);
	}
}

static void
notes(world *w, const struct cast *c)
{
	char a[21], b[21];

	rec_iso(c->off_from, a);
	rec_iso(c->off_to, b);

	world_note(w, "Okta pushes over SCIM with user agent \"Okta SCIM "
	              "Client 1.0.0\"; every membership change comes with a "
	              "PatchGroup replace of displayName.");
	world_note(w,
	           "\"Deactivate Users\" was off in the Okta app from "
	           "%.10s to %.10s: leavers in that stretch are "
	           "DEPROVISIONED in side/okta-users.csv but active in AWS.",
	           a, b);
	world_note(w, "jane.doe@example.com was renamed jane.smith@example.com "
	              "in Okta; Okta created a second Identity Center user "
	              "and left the first, with its memberships.");
}

/* Returning contractor: Okta reactivates; the switch is on. */
static void
comeback(world *w, struct cast *c, int u, int64_t day)
{
	int64_t t = scen_between(&w->r, day, 8, 12);

	w->users[u].up_disabled = -1;
	w->users[u].up_changed = t - 4000;
	w->users[u].up_source = NULL;
	ops_enable_user(w, t, c->okta, CL_OKTA, u);
}

static void
one_offs(world *w, struct cast *c, int i, int64_t day)
{
	static const int joiner_days[] = {30, 120, 180, 270};
	static const int out_days[] = {50, 250, 300};
	static const int out_user[] = {12, 5, 17};
	static const int in_days[] = {110, 150, 190};
	static const int in_user[] = {7, 14, 20};

	for (int k = 0; k < 4; k++) {
		if (i == joiner_days[k]) {
			joiner(w, c, day, k);
		}
	}
	for (int k = 0; k < 3; k++) {
		if (i == out_days[k]) {
			leaver(w, c, c->users[out_user[k]], day);
		}
		if (i == in_days[k]) {
			leaver(w, c, c->users[in_user[k]], day);
		}
	}
	if (i == 75) {
		comeback(w, c, c->users[12], day);
	}
	if (i == 240) {
		rename(w, c, day);
	}
	admin_day(w, c, i, day);
}

void
scen_okta_build(world *w)
{
	static struct cast c;
	int n_days = (int)((w->end - w->start) / DAY_MS);

	memset(&c, 0, sizeof(c));
	setup(w, &c);
	initial_state(w, &c);
	c.off_from = scen_day(w, 91) + 10 * HOUR_MS;
	c.off_to = scen_day(w, 224) + 15 * HOUR_MS;
	w->upstream = "okta";
	w->scim_from = w->start;
	w->captured_at = w->end + 7 * HOUR_MS + 45 * MIN_MS;
	for (int i = 0; i < n_days; i++) {
		int64_t day = scen_day(w, i);

		one_offs(w, &c, i, day);
		if (!scen_weekday(day)) {
			continue;
		}
		if (rng_chance(&w->r, 0.3)) {
			membership_change(w, &c, day);
		}
		if (rng_chance(&w->r, 0.08)) {
			profile_update(w, &c, day);
		}
	}
	notes(w, &c);
}

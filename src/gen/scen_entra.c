/* scen_entra.c -- "entra-jml": Microsoft Entra ID provisions 17 users
 * and 3 groups into IAM Identity Center over SCIM, from a migration in
 * October 2024.  Entra's provisioning runs in cycles about 40 minutes
 * apart, and its user agent says nothing ("Go-http-client/2.0"), so the
 * IdP shows only in the timing.  A joiner, a mover (group change with
 * assignment changes alongside) and two leavers (SCIM PatchUser
 * "active", the first deleted 30 days later) are played through.
 * Before the migration, administrators made 14 USER account
 * assignments by hand in the console, to 7 people who were never in
 * Entra's provisioning scope: Entra disabled them months ago, AWS never
 * heard, and only side/entra-disabled-users.csv shows it.
 *
 * The story needs 275 days to be told whole (the default window is
 * 360).  A shorter window tells less of it, and what it tells stays
 * consistent.  The joiner, mover and leavers are scripted relative to
 * the end and are left out when that day comes before the migration is
 * done.  In a window of 140 days or fewer the migration moves to the
 * middle, so that SCIM still shows; the hand-made assignments planned
 * for the migration day or later are left out, and so is anything that
 * would fall after the end. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/ops.h"
#include "gen/scen.h"

#define CYCLE_MS (40 * MIN_MS)

enum { A_MGMT, A_PROD, A_DEV, A_SANDBOX, A_ANALYTICS, A_SHARED };
enum { G_DEV, G_DATA, G_OPS, N_GROUPS };

static const struct person scim_people[] = {
        {"Amelia", "Clarke", "amelia.clarke"},
        {"Benedikt", "M\xc3\xbcller", "benedikt.mueller"},
        {"Chiara", "Esposito", "chiara.esposito"},
        {"Dmitri", "Volkov", "dmitri.volkov"},
        {"Elif",
         "\xc3\x87"
         "elik",
         "elif.celik"},
        {"Fatima", "Zahra", "fatima.zahra"},
        {"Gustav", "Andersson", "gustav.andersson"},
        {"H\xc3\xa9l\xc3\xa8ne", "Lef\xc3\xa8vre", "helene.lefevre"},
        {"Isaac", "Mensah", "isaac.mensah"},
        {"Julia", "Nowicka", "julia.nowicka"},
        {"Kenji", "Watanabe", "kenji.watanabe"},
        {"Laura",
         "Garc\xc3\xad"
         "a",
         "laura.garcia"},
        {"Mohammed", "Al-Farsi", "mohammed.alfarsi"},
        {"Nadia", "Petrova", "nadia.petrova"},
        {"Oscar", "Lindberg", "oscar.lindberg"},
        {"Paula", "Costa", "paula.costa"},
};
static const struct person joiner = {"Quentin", "Roux", "quentin.roux"};
static const struct person legacy_people[] = {
        {"Rachel", "Stein", "rachel.stein"},
        {"Samir", "Khan", "samir.khan"},
        {"Tessa", "de Vries", "tessa.devries"},
        {"Umar", "Farouk", "umar.farouk"},
        {"Valentina", "Russo", "valentina.russo"},
        {"William", "Hughes", "william.hughes"},
        {"Xi", "Chen", "xi.chen"},
};
static const struct person outsider = {"Yara", "Nasser", "yara.nasser"};
static const struct person admin = {"Zofia", "Kami\xc5\x84ska",
                                    "zofia.kaminska"};

struct cast {
	int scim[17];     /* provisioned by Entra (16 + the joiner) */
	int legacy[7];    /* made by hand before the migration */
	int g[N_GROUPS];  /* groups Entra provisions */
	int ps[5];        /* permission sets */
	int admin;        /* the administrator (console) */
	int admin_user;   /* her Identity Center user (made by hand) */
	int entra;        /* Entra's SCIM client */
	int64_t anchor;   /* first provisioning cycle */
	int64_t migrated; /* migration day */
};

static void
accounts(world *w)
{
	world_account(w, "123456789012", "identity-center", "org-mgmt",
	              "us-east-1,eu-west-1", 2);
	world_account(w, "210987654321", "member", "prod",
	              "us-east-1,eu-west-1", 6);
	world_account(w, "111111111111", "member", "dev", "us-east-1", 3);
	world_account(w, "222222222222", "member", "sandbox", "us-east-1", 1);
	world_account(w, "444455556666", "member", "analytics", "us-east-1", 3);
	world_account(w, "777788889999", "member", "shared", "us-east-1", 2);
}

static void
identities(world *w, struct cast *c)
{
	static const char *const ps[] = {"AdministratorAccess",
	                                 "ReadOnlyAccess", "PowerUserAccess",
	                                 "DataEngineer", "ViewOnlyAccess"};

	scen_people(w, scim_people, 16, "example.org", c->scim);
	scen_people(w, &joiner, 1, "example.org", &c->scim[16]);
	scen_people(w, legacy_people, 7, "example.org", c->legacy);
	scen_people(w, &admin, 1, "example.org", &c->admin_user);
	for (int i = 0; i < 17; i++) {
		w->users[c->scim[i]].scim = 1;
	}
	c->g[G_DEV] = world_group_idc(w, "AWS-Developers", "Entra: Developers");
	c->g[G_DATA] =
	        world_group_idc(w, "AWS-DataPlatform", "Entra: Data platform");
	c->g[G_OPS] = world_group_idc(w, "AWS-Operations", "Entra: Operations");
	for (int i = 0; i < 5; i++) {
		c->ps[i] = world_pset(w, ps[i]);
	}
}

/* Disabled in Entra long ago; never provisioned, so AWS never knew. */
static void
upstream(world *w, struct cast *c)
{
	static const int days_before_end[] = {210, 190, 160, 140, 120, 95, 64};
	int o;

	for (int i = 0; i < 7; i++) {
		struct user *u = &w->users[c->legacy[i]];

		u->up_disabled = w->end - days_before_end[i] * DAY_MS +
		                 rng_range(&w->r, 8 * 3600, 17 * 3600) * 1000;
		u->up_source = "entra";
	}
	scen_people(w, &outsider, 1, "example.org", &o);
	w->users[o].upstream_only = 1;
	w->users[o].up_disabled = w->end - 45 * DAY_MS;
	w->users[o].up_source = "entra";
}

/* The first provisioning cycle starting at or after t, plus a few
 * seconds into it. */
static int64_t
cycle(world *w, const struct cast *c, int64_t t)
{
	int64_t k = (t - c->anchor + CYCLE_MS - 1) / CYCLE_MS;

	if (k < 0) {
		k = 0;
	}
	return c->anchor + k * CYCLE_MS + rng_range(&w->r, 3, 40) * 1000;
}

/* Pre-migration: the hand-made USER assignments, one a week from day 3,
 * two per legacy user.  Only the weeks before the migration day are
 * played: a window too short for all 14 (scen_entra_build() moves the
 * migration earlier) holds fewer, and none falls after the migration or
 * past the end.  Returns how many were made. */
static int
manual_era(world *w, struct cast *c)
{
	static const int accts[] = {A_PROD, A_DEV, A_ANALYTICS, A_SHARED};
	int n = 0;

	for (int i = 0; i < 14 && scen_day(w, 3 + i * 7) < c->migrated; i++) {
		int64_t day = scen_day(w, 3 + i * 7);
		int u = c->legacy[i / 2];
		int acct = accts[(i + i / 2) % 4];
		int ps = i % 2 ? c->ps[1] : c->ps[2];

		ops_assign(w, scen_between(&w->r, day, 13, 21), c->admin,
		           CL_CONSOLE_INT, acct, ps, 0, u);
		n++;
	}
	if (scen_day(w, 30) < c->migrated) {
		ops_read(w, scen_between(&w->r, scen_day(w, 30), 13, 21),
		         AC_SSO_READ, c->admin, CL_CONSOLE_INT, 0);
	}
	return n;
}

static void
scim_user(world *w, const struct cast *c, int64_t *t, int u)
{
	struct action *a = ops_read(w, *t, AC_SC_READ, c->entra, CL_ENTRA, 0);

	a->u = -1;
	*t += rng_range(&w->r, 1, 3) * 1000;
	ops_create_user(w, *t, c->entra, CL_ENTRA, u);
	*t += rng_range(&w->r, 1, 3) * 1000;
}

static void
migration(world *w, struct cast *c)
{
	int64_t t = scen_between(&w->r, c->migrated, 14, 15);
	int members[3][8], n[3] = {0, 0, 0};

	ops_call(w, t, AC_SD_CREATE_TENANT, c->admin, CL_BROWSER, ER_NONE);
	ops_call(w, t + 50000, AC_SD_CREATE_TOKEN, c->admin, CL_BROWSER,
	         ER_NONE);
	c->anchor = t + 25 * MIN_MS;
	w->scim_from = t;
	t = cycle(w, c, c->anchor);
	for (int i = 0; i < 16; i++) {
		scim_user(w, c, &t, c->scim[i]);
		members[i % 3][n[i % 3]++] = c->scim[i];
	}
	for (int g = 0; g < N_GROUPS; g++) {
		ops_read(w, t, AC_SC_READ, c->entra, CL_ENTRA, 2);
		ops_create_group(w, t + 1000, c->entra, CL_ENTRA, c->g[g]);
		t += 3000;
	}
	t = cycle(w, c, t);
	for (int g = 0; g < N_GROUPS; g++) {
		ops_scim_members(w, t, c->entra, c->g[g], 1, members[g],
		                 n[g] > 8 ? 8 : n[g]);
		t += rng_range(&w->r, 1, 4) * 1000;
	}
	/* the group assignments, the next day: past the end of a one- or
	 * two-day window */
	if (c->migrated + DAY_MS >= w->end) {
		return;
	}
	t = scen_between(&w->r, c->migrated + DAY_MS, 14, 16);
	ops_assign(w, t, c->admin, CL_CONSOLE_INT, A_DEV, c->ps[2], 1,
	           c->g[G_DEV]);
	ops_assign(w, t + 60000, c->admin, CL_CONSOLE_INT, A_PROD, c->ps[1], 1,
	           c->g[G_DEV]);
	ops_assign(w, t + 120000, c->admin, CL_CONSOLE_INT, A_PROD, c->ps[0], 1,
	           c->g[G_OPS]);
	ops_assign(w, t + 180000, c->admin, CL_CONSOLE_INT, A_ANALYTICS,
	           c->ps[1], 1, c->g[G_DATA]);
	ops_assign(w, t + 240000, c->admin, CL_CONSOLE_INT, A_SANDBOX, c->ps[2],
	           0, c->scim[3]);
}

static void
joiner_flow(world *w, struct cast *c, int64_t day)
{
	int64_t t = cycle(w, c, scen_between(&w->r, day, 8, 10));
	int u = c->scim[16];

	scim_user(w, c, &t, u);
	t = cycle(w, c, t + 5 * MIN_MS);
	ops_scim_members(w, t, c->entra, c->g[G_DEV], 1, &u, 1);
}

/* The mover leaves Developers for DataPlatform; administrators adjust
 * assignments in the console the same afternoon. */
static void
mover_flow(world *w, struct cast *c, int64_t day)
{
	int u = c->scim[3];
	int64_t t = cycle(w, c, scen_between(&w->r, day, 9, 11));

	ops_scim_members(w, t, c->entra, c->g[G_DEV], 0, &u, 1);
	ops_scim_members(w, t + 2000, c->entra, c->g[G_DATA], 1, &u, 1);
	ops_update_user(w, t + 4000, c->entra, CL_ENTRA, u)->sub = 2;
	t = scen_between(&w->r, day, 14, 16);
	ops_unassign(w, t, c->admin, CL_BROWSER, A_SANDBOX, c->ps[2], 0, u);
	ops_assign(w, t + 90000, c->admin, CL_BROWSER, A_ANALYTICS, c->ps[3], 1,
	           c->g[G_DATA]);
	ops_provision(w, t + 150000, c->admin, CL_BROWSER, c->ps[3],
	              A_ANALYTICS);
}

static void
leaver(world *w, struct cast *c, int u, int64_t day, int64_t delete_day)
{
	int64_t t = cycle(w, c, scen_between(&w->r, day, 16, 18));

	w->users[u].up_disabled = t - 35 * MIN_MS;
	w->users[u].up_source = "entra";
	ops_disable_user(w, t, c->entra, CL_ENTRA, u);
	if (delete_day > 0) {
		t = cycle(w, c, scen_between(&w->r, delete_day, 2, 4));
		ops_delete_user(w, t, c->entra, CL_ENTRA, u);
	}
}

/* Quiet cycles: Entra re-reads a few objects. */
static void
housekeeping(world *w, struct cast *c, int64_t day)
{
	int64_t t = cycle(w, c, day + rng_range(&w->r, 0, 86399) * 1000);
	int g = c->g[rng_below(&w->r, N_GROUPS)];
	struct action *a;

	if (t >= w->end) {
		return;
	}
	a = ops_read(w, t, AC_SC_READ, c->entra, CL_ENTRA, 3);
	a->g = g;
	if (rng_chance(&w->r, 0.3)) {
		int u = c->scim[rng_below(&w->r, 16)];

		if (!w->users[u].deleted_live && t + 2000 < w->end) {
			ops_update_user(w, t + 2000, c->entra, CL_ENTRA, u);
		}
	}
}

static void
notes(world *w, int n_manual)
{
	world_note(w, "Entra ID provisioning: SCIM calls come in bursts on a "
	              "40-minute grid; the user agent is Go-http-client/2.0.");
	world_note(w, "Group memberships changed over SCIM are hidden in the "
	              "logs: only side/identitystore-list-group-memberships."
	              "json (captured at the end) resolves them.");
	if (n_manual > 0) {
		int n_users = (n_manual + 1) / 2;

		world_note(w,
		           "%d USER assignment%s %s made by hand before the "
		           "migration to %d user%s who %s never provisioned by "
		           "Entra and %s disabled there (side/entra-disabled-"
		           "users.csv); AWS still shows them active.",
		           n_manual, n_manual == 1 ? "" : "s",
		           n_manual == 1 ? "was" : "were", n_users,
		           n_users == 1 ? "" : "s",
		           n_users == 1 ? "was" : "were",
		           n_users == 1 ? "is" : "are");
	} else {
		world_note(w,
		           "No USER assignment made by hand falls in this "
		           "window; the 7 users made by hand before the "
		           "migration were never provisioned by Entra and are "
		           "disabled there (side/entra-disabled-users.csv).");
	}
	world_note(w, "yara.nasser@example.org in the Entra export has no "
	              "Identity Center user.");
}

void
scen_entra_build(world *w)
{
	static struct cast c;
	int n_days = (int)((w->end - w->start) / DAY_MS);
	int n_manual;

	memset(&c, 0, sizeof(c));
	accounts(w);
	scen_identity_center(w, "d-90670b1e2a", A_MGMT, "us-east-1");
	identities(w, &c);
	c.admin = world_actor_sso(w, A_MGMT, "zofia.kaminska@example.org",
	                          c.ps[0], CL_CONSOLE_INT);
	c.entra = world_actor_scim(w, CL_ENTRA, 0);
	w->upstream = "entra";
	w->captured_at = w->end + 6 * HOUR_MS + 30 * MIN_MS;
	c.migrated = scen_day(w, n_days > 140 ? 133 : n_days / 2);
	n_manual = manual_era(w, &c);
	upstream(w, &c);
	migration(w, &c);
	for (int i = (int)((c.migrated - w->start) / DAY_MS) + 2; i < n_days;
	     i++) {
		int64_t day = scen_day(w, i);

		if (i == n_days - 140) {
			joiner_flow(w, &c, day);
		} else if (i == n_days - 100) {
			mover_flow(w, &c, day);
		} else if (i == n_days - 80) {
			leaver(w, &c, c.scim[7], day, scen_day(w, i + 30));
		} else if (i == n_days - 17) {
			leaver(w, &c, c.scim[11], day, 0);
		} else if (rng_chance(&w->r, 0.3)) {
			housekeeping(w, &c, day);
		}
	}
	notes(w, n_manual);
}

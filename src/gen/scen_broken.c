/* scen_broken.c -- "broken-scim": an organisation of 20 accounts that
 * believes Okta SCIM provisions its Identity Center groups.  In 13
 * months of logs SCIM never sends one membership change: after a token
 * rotation Okta only reads.  Two administrators add and remove members
 * with the AWS CLI (sometimes from CloudShell, sometimes in the
 * console), an identity-governance connector (role sailpoint-read-write,
 * aws-sdk-go-v2) works against the same identity store from a second
 * account, a finance account only touches QuickSight groups (the
 * same-name trap), a few member accounts change IAM groups, and one
 * group is never touched.  The story is told in samples/broken-scim/
 * README.md. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/ops.h"
#include "gen/scen.h"
#include "util/xmalloc.h"

enum {
	A_MGMT,
	A_IGA,
	A_FIN,
	A_PRODWEB,
	A_PRODDATA,
	A_SHARED = 8,
	A_ANALYTICS = 12,
	A_ML = 13,
	A_SECURITY = 9,
	A_ERP = 16
};

static const struct person staff[] = {
        {"Mar\xc3\xad"
         "a",
         "Hern\xc3\xa1ndez", "maria.hernandez"},
        {"Tomasz", "Nowak", "tomasz.nowak"},
        {"Kevin", "O'Brien", "kevin.obrien"},
        {"Jos\xc3\xa9",
         "N\xc3\xba\xc3\xb1"
         "ez",
         "jose.nunez"},
        {"Zo\xc3\xab", "\xc3\x85kesson", "zoe.akesson"},
        {"S\xc3\xb8ren",
         "\xc3\x98"
         "deg\xc3\xa5rd",
         "soren.odegard"},
        {"Chlo\xc3\xa9", "Dubois", "chloe.dubois"},
        {"J\xc3\xbcrgen", "Wei\xc3\x9f", "juergen.weiss"},
        {"Ana L\xc3\xba"
         "cia",
         "Concei\xc3\xa7\xc3\xa3o", "analucia.conceicao"},
        {"\xc4\x90or\xc4\x91"
         "e",
         "Petrovi\xc4\x87", "djordje.petrovic"},
        {"Priya", "Raman", "priya.raman"},
        {"Wei", "Zhang", "wei.zhang"},
        {"Aisha", "Bello", "aisha.bello"},
        {"Liam", "Murphy", "liam.murphy"},
        {"Emma", "Larsen", "emma.larsen"},
        {"Noah", "Fischer", "noah.fischer"},
        {"Olivia", "Rossi", "olivia.rossi"},
        {"Lucas", "Silva", "lucas.silva"},
        {"Mia", "Kowalczyk", "mia.kowalczyk"},
        {"Ethan", "Cohen", "ethan.cohen"},
        {"Sofia", "Marino", "sofia.marino"},
        {"Mateo",
         "Garc\xc3\xad"
         "a",
         "mateo.garcia"},
        {"Hana", "Sato", "hana.sato"},
        {"Yusuf", "Demir", "yusuf.demir"},
        {"Grace", "Okafor", "grace.okafor"},
        {"Daniel", "Kim", "daniel.kim"},
        {"Leah", "Goldberg", "leah.goldberg"},
        {"Omar", "Haddad", "omar.haddad"},
        {"Ingrid", "Berg", "ingrid.berg"},
        {"Pedro", "Alves", "pedro.alves"},
        {"Nora", "Lindqvist", "nora.lindqvist"},
        {"Ravi", "Iyer", "ravi.iyer"},
        {"Elena", "Popescu", "elena.popescu"},
        {"Felix", "Wagner", "felix.wagner"},
        {"Amara", "Nwosu", "amara.nwosu"},
        {"Carlos", "Mendes", "carlos.mendes"},
};
#define N_STAFF ((int)(sizeof(staff) / sizeof(staff[0])))

static const struct person joiners[] = {
        {"Lina", "Haddad", "lina.haddad"},
        {"Marco", "Bianchi", "marco.bianchi"},
        {"Aiko", "Tanaka", "aiko.tanaka"},
        {"Samuel", "Adeyemi", "samuel.adeyemi"},
};

enum {
	G_ADMINS,
	G_DEV,
	G_RO,
	G_DATA,
	G_SEC,
	G_BILLING,
	G_NET,
	G_GLASS,
	G_ML,
	N_GROUPS
};

struct cast {
	int users[64]; /* Identity Center users */
	int n_users;
	int g[N_GROUPS];  /* Identity Center groups */
	int ps[6];        /* permission sets */
	int admin[2];     /* the two administrators (actors) */
	int dev;          /* a developer with read-only access */
	int iga;          /* the connector's role */
	int okta;         /* Okta's SCIM client */
	int fin;          /* finance administrator */
	int iam_g[4];     /* IAM groups */
	int iam_u[8];     /* IAM users */
	int iam_actor[4]; /* who changes IAM groups */
	int joiner[4];
	int iga_added[128][2]; /* (group, user) the connector added */
	int n_iga_added;
};

static void
accounts(world *w)
{
	static const struct {
		const char *id, *role, *alias, *regions;
		unsigned weight;
	} a[] = {
	        {"111122223333", "identity-center", "mgmt",
	         "us-east-2,us-east-1", 3},
	        {"444455556666", "iga", "iga", "us-east-2,us-east-1", 1},
	        {"777788889999", "finance", "finance", "us-east-1,us-east-2",
	         2},
	        {"123456789012", "member", "prod-web", "us-east-1,us-west-2",
	         8},
	        {"210987654321", "member", "prod-data", "us-east-1,eu-west-1",
	         8},
	        {"111111111111", "member", "staging", "us-east-1", 3},
	        {"222222222222", "member", "dev", "us-east-1", 3},
	        {"333333333333", "member", "sandbox", "us-east-1", 1},
	        {"444444444444", "member", "shared-services", "us-east-1", 4},
	        {"555555555555", "member", "security", "us-east-1", 2},
	        {"666666666666", "member", "log-archive", "us-east-1", 1},
	        {"777777777777", "member", "network", "us-east-1", 2},
	        {"888888888888", "member", "analytics", "us-east-1", 4},
	        {"999999999999", "member", "ml-platform", "us-east-1", 3},
	        {"112233445566", "member", "ci-cd", "us-east-1", 3},
	        {"998877665544", "member", "backup", "us-east-1", 1},
	        {"012345678901", "member", "legacy-erp", "us-east-1", 1},
	        {"098765432109", "member", "partner-api", "us-east-1", 2},
	        {"121212121212", "member", "qa", "us-east-1", 2},
	        {"343434343434", "member", "dr-recovery", "us-west-2,us-east-1",
	         1},
	};

	for (size_t i = 0; i < RNG_COUNT(a); i++) {
		world_account(w, a[i].id, a[i].role, a[i].alias, a[i].regions,
		              a[i].weight);
	}
}

static void
identities(world *w, struct cast *c)
{
	static const char *const gn[N_GROUPS][2] = {
	        {"aws-platform-admins", "Platform administrators"},
	        {"aws-developers", "Application developers"},
	        {"aws-readonly", "Read-only access to all accounts"},
	        {"aws-data-engineers", "Data platform engineers"},
	        {"aws-security-audit", "Security and audit"},
	        {"aws-billing", "Billing and cost management"},
	        {"aws-network-ops", "Network operations"},
	        {"aws-break-glass", "Emergency access - do not use"},
	        {"aws-ml-engineers", "Machine learning engineers"},
	};
	static const char *const ps[] = {
	        "AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess",
	        "DataEngineer",        "SecurityAudit",  "BillingAccess"};

	c->n_users = scen_people(w, staff, N_STAFF, "example.com", c->users);
	for (int i = 0; i < N_GROUPS; i++) {
		c->g[i] = world_group_idc(w, gn[i][0], gn[i][1]);
	}
	for (int i = 0; i < 6; i++) {
		c->ps[i] = world_pset(w, ps[i]);
	}
	scen_people(w, joiners, 4, "example.com", c->joiner);
}

static void
iam_identities(world *w, struct cast *c)
{
	static const char *const users[] = {"legacy-admin",   "erp-batch",
	                                    "jenkins-deploy", "deploy-bot",
	                                    "ops-oncall",     "ext-auditor-1",
	                                    "ext-auditor-2",  "erp-reporting"};
	static const int acct[] = {A_ERP,     A_ERP,    A_PRODWEB, A_PRODWEB,
	                           A_PRODWEB, A_SHARED, A_SHARED,  A_ERP};

	c->iam_g[0] = world_group_iam(w, A_ERP, "erp-admins");
	c->iam_g[1] = world_group_iam(w, A_PRODWEB, "deployers");
	c->iam_g[2] = world_group_iam(w, A_PRODWEB, "ops-admins");
	c->iam_g[3] = world_group_iam(w, A_SHARED, "auditors");
	for (int i = 0; i < 8; i++) {
		c->iam_u[i] = world_user_iam(w, acct[i], users[i]);
	}
	ops_premember(w, c->iam_g[0], c->iam_u[0]);
	ops_premember(w, c->iam_g[0], c->iam_u[1]);
	ops_premember(w, c->iam_g[1], c->iam_u[2]);
	ops_premember(w, c->iam_g[2], c->iam_u[4]);
	ops_premember(w, c->iam_g[3], c->iam_u[5]);
	ops_premember(w, c->iam_g[3], c->iam_u[6]);
}

static void
actors(world *w, struct cast *c)
{
	c->admin[0] = world_actor_sso(w, A_MGMT, "maria.hernandez@example.com",
	                              c->ps[0], CL_CLI_MAC);
	c->admin[1] = world_actor_sso(w, A_MGMT, "tomasz.nowak@example.com",
	                              c->ps[0], CL_CLI_LINUX);
	snprintf(w->actors[c->admin[0]].ip, 40, "192.0.2.21");
	snprintf(w->actors[c->admin[1]].ip, 40, "192.0.2.34");
	c->dev = world_actor_sso(w, A_MGMT, "kevin.obrien@example.com",
	                         c->ps[1], CL_CLI_MAC);
	c->iga = world_actor_role(w, A_IGA, "sailpoint-read-write", NULL,
	                          CL_GO_SDK);
	c->okta = world_actor_scim(w, CL_OKTA, 0);
	c->fin = world_actor_sso(w, A_FIN, "carlos.mendes@example.com",
	                         c->ps[0], CL_CONSOLE_INT);
	c->iam_actor[0] =
	        world_actor_sso(w, A_PRODWEB, "tomasz.nowak@example.com",
	                        c->ps[0], CL_CONSOLE_INT);
	c->iam_actor[1] = world_actor_role(w, A_ERP, "terraform-iam-admin",
	                                   "terraform", CL_TERRAFORM);
	c->iam_actor[2] = world_actor_iam(w, c->iam_u[0], CL_CLI_V1);
	c->iam_actor[3] =
	        world_actor_sso(w, A_SHARED, "kevin.obrien@example.com",
	                        c->ps[1], CL_CONSOLE_INT);
}

/* Memberships and assignments that predate the logs. */
static void
initial_state(world *w, struct cast *c)
{
	static const int home[] = {G_DEV, G_DEV, G_DATA, G_RO, G_DEV, G_NET};

	for (int i = 0; i < c->n_users; i++) {
		int u = c->users[i];

		ops_premember(w, c->g[home[i % 6]], u);
		if (i % 4 == 1 && !ops_is_member(w, c->g[G_RO], u)) {
			ops_premember(w, c->g[G_RO], u);
		}
		if (i % 9 == 5) {
			ops_premember(w, c->g[G_SEC], u);
		}
	}
	for (int i = 0; i < 3; i++) {
		ops_premember(w, c->g[G_ADMINS], c->users[i == 2 ? 30 : i]);
	}
	ops_premember(w, c->g[G_BILLING], c->users[35]);
	ops_premember(w, c->g[G_BILLING], c->users[32]);
	ops_premember(w, c->g[G_GLASS], c->users[0]);
	ops_premember(w, c->g[G_GLASS], c->users[1]);
	ops_preassign(w, A_MGMT, c->ps[0], 1, c->g[G_ADMINS]);
	ops_preassign(w, A_PRODWEB, c->ps[2], 1, c->g[G_DEV]);
	ops_preassign(w, A_PRODDATA, c->ps[3], 1, c->g[G_DATA]);
	ops_preassign(w, A_PRODWEB, c->ps[1], 1, c->g[G_RO]);
	ops_preassign(w, A_FIN, c->ps[5], 1, c->g[G_BILLING]);
	ops_preassign(w, A_SECURITY, c->ps[4], 1, c->g[G_SEC]);
	ops_preassign(w, A_PRODWEB, c->ps[0], 1, c->g[G_GLASS]);
}

/* A user of the roster who is active and not in group g; -1 if none. */
static int
pick_nonmember(world *w, const struct cast *c, int g)
{
	for (int tries = 0; tries < 40; tries++) {
		int u = c->users[rng_below(&w->r, (uint32_t)c->n_users)];

		if (!ops_is_member(w, g, u) && !w->users[u].disabled_live &&
		    !w->users[u].deleted_live) {
			return u;
		}
	}
	return -1;
}

static int
pick_member(world *w, int g)
{
	int m[128];
	int n = ops_members(w, g, m, 128);

	return n ? m[rng_below(&w->r, (uint32_t)n)] : -1;
}

/* Groups administrators work on (never the break-glass group). */
static int
admin_group(world *w, const struct cast *c, int64_t day)
{
	static const int g[] = {G_DEV, G_RO,     G_DATA,   G_SEC,
	                        G_NET, G_ADMINS, G_BILLING};
	int x = g[rng_below(&w->r, RNG_COUNT(g))];

	if (day >= scen_day(w, 120) && rng_chance(&w->r, 0.25)) {
		x = G_ML;
	}
	return c->g[x];
}

static int
admin_client(world *w)
{
	uint32_t x = rng_below(&w->r, 100);

	return x < 62 ? -1 : x < 84 ? CL_CLOUDSHELL : CL_BROWSER;
}

/* One administrator's change, at or after `after`; returns its time. */
static int64_t
admin_task(world *w, struct cast *c, int64_t day, int who, int64_t after)
{
	int actor = c->admin[who];
	int client = admin_client(w);
	int64_t t = scen_between(&w->r, day, 15, 22);
	int g = admin_group(w, c, day), u;

	if (t <= after) {
		t = after + rng_range(&w->r, 60, 900) * 1000;
	}
	if (client < 0) {
		client = w->actors[actor].client;
	}
	if (client != CL_BROWSER && rng_chance(&w->r, 0.6)) {
		ops_read(w, t - rng_range(&w->r, 20, 300) * 1000, AC_IS_READ,
		         actor, client, 0)
		        ->u = pick_member(w, g);
	}
	if (rng_chance(&w->r, 0.68)) {
		u = pick_nonmember(w, c, g);
		if (u >= 0) {
			ops_add(w, t, actor, client, g, u);
		}
	} else if ((u = pick_member(w, g)) >= 0 && !w->users[u].deleted_live) {
		ops_remove(w, t, actor, client, g, u);
	}
	return t;
}

/* The connector's weekly run: a few adds and removes, one session. */
static void
iga_run(world *w, struct cast *c, int64_t day)
{
	int64_t t = day + rng_range(&w->r, 2 * 3600, 4 * 3600) * 1000;
	int64_t sess = t - rng_range(&w->r, 1, 3) * 1000;
	int n_add = (int)rng_range(&w->r, 1, 4);

	ops_read(w, t, AC_IS_READ, c->iga, CL_GO_SDK, 1)->sess = sess;
	for (int i = 0; i < n_add; i++) {
		int g = c->g[rng_chance(&w->r, 0.5) ? G_DEV : G_DATA];
		int u = pick_nonmember(w, c, g);

		t += rng_range(&w->r, 1, 6) * 1000;
		if (u < 0 || c->n_iga_added >= 128) {
			continue;
		}
		ops_add(w, t, c->iga, CL_GO_SDK, g, u)->sess = sess;
		c->iga_added[c->n_iga_added][0] = g;
		c->iga_added[c->n_iga_added++][1] = u;
	}
	if (c->n_iga_added > 3 && rng_chance(&w->r, 0.45)) {
		int k = (int)rng_below(&w->r, (uint32_t)c->n_iga_added);
		int g = c->iga_added[k][0], u = c->iga_added[k][1];

		if (ops_is_member(w, g, u) && !w->users[u].deleted_live) {
			t += rng_range(&w->r, 1, 6) * 1000;
			ops_remove(w, t, c->iga, CL_GO_SDK, g, u)->sess = sess;
		}
	}
}

static void
quicksight(world *w, struct cast *c, int64_t day, int del)
{
	int u = c->users[rng_below(&w->r, (uint32_t)c->n_users)];
	struct action *a =
	        world_act(w, scen_workhours(&w->r, day),
	                  del ? AC_QS_DEL : AC_QS_ADD, c->fin, CL_CONSOLE_INT);

	a->region = "us-east-1";
	a->sub = (int)rng_below(&w->r, 3);
	a->text = xstrdup(w->users[u].user_name);
}

static void
iam_day(world *w, struct cast *c, int i, int64_t day)
{
	int64_t t = scen_workhours(&w->r, day);

	switch (i) {
	case 35:
		ops_add(w, t, c->iam_actor[0], CL_CONSOLE_INT, c->iam_g[1],
		        c->iam_u[3]);
		break;
	case 70:
		ops_call(w, t, AC_IAM_ADD, c->iam_actor[3], CL_CONSOLE_INT,
		         ER_DENIED)
		        ->g = c->iam_g[3];
		break;
	case 71:
		ops_call(w, t, AC_IAM_ADD, c->iam_actor[3], CL_CONSOLE_INT,
		         ER_DENIED)
		        ->g = c->iam_g[3];
		break;
	case 110:
		ops_add(w, t, c->iam_actor[1], CL_TERRAFORM, c->iam_g[0],
		        c->iam_u[7]);
		break;
	case 150:
		ops_remove(w, t, c->iam_actor[0], CL_CONSOLE_INT, c->iam_g[1],
		           c->iam_u[2]);
		break;
	case 190:
		ops_remove(w, t, c->iam_actor[2], CL_CLI_V1, c->iam_g[0],
		           c->iam_u[7]);
		break;
	case 280:
		ops_iam_disable(w, t, c->iam_actor[0], CL_CONSOLE_INT,
		                c->iam_u[6]);
		break;
	case 300:
		ops_remove(w, t, c->iam_actor[1], CL_TERRAFORM, c->iam_g[0],
		           c->iam_u[1]);
		break;
	}
}

static void
denied_attempts(world *w, struct cast *c, int64_t day)
{
	for (int k = 0; k < 2; k++) {
		int64_t t = scen_workhours(&w->r, day);
		struct action *a = ops_call(w, t, AC_IS_ADD, c->dev, CL_CLI_MAC,
		                            ER_DENIED);

		a->g = c->g[G_ADMINS];
		a->u = c->users[2];
	}
}

static void
new_joiner(world *w, struct cast *c, int64_t day, int k)
{
	int64_t t = day + rng_range(&w->r, 2 * 3600, 3 * 3600) * 1000;
	struct action *a =
	        ops_create_user(w, t, c->iga, CL_GO_SDK, c->joiner[k]);

	a->sess = t;
	c->users[c->n_users++] = c->joiner[k];
}

/* Assignment and group work done once, on fixed days. */
static void
one_offs(world *w, struct cast *c, int i, int64_t day)
{
	int64_t t = scen_between(&w->r, day, 13, 15);
	int a0 = c->admin[0], a1 = c->admin[1];

	switch (i) {
	case 40:
	case 200:
		denied_attempts(w, c, day);
		break;
	case 50:
		ops_assign(w, t, a0, CL_CONSOLE_INT, A_ANALYTICS, c->ps[3], 1,
		           c->g[G_DATA]);
		break;
	case 90:
		ops_assign(w, t, a1, CL_CLI_LINUX, A_ML, c->ps[2], 0,
		           c->users[10]);
		break;
	case 120:
		ops_create_group(w, t, a0, CL_CLI_MAC, c->g[G_ML]);
		ops_add(w, t + 95000, a0, CL_CLI_MAC, c->g[G_ML], c->users[10]);
		ops_add(w, t + 140000, a0, CL_CLI_MAC, c->g[G_ML],
		        c->users[11]);
		break;
	case 130:
		ops_assign(w, t, a0, CL_CONSOLE_INT, A_ML, c->ps[2], 1,
		           c->g[G_ML]);
		break;
	case 140:
	case 141:
	case 250:
	case 251:
		new_joiner(w, c, day, i < 200 ? i - 140 : i - 248);
		break;
	case 160:
		ops_read(w, t - 60000, AC_SD_READ, a0, CL_BROWSER, 6);
		ops_call(w, t, AC_SD_CREATE_TOKEN, a0, CL_BROWSER, ER_NONE);
		ops_call(w, t + 40000, AC_SD_DELETE_TOKEN, a0, CL_BROWSER,
		         ER_NONE);
		w->scim_from = t;
		break;
	case 170:
		ops_unassign(w, t, a1, CL_CLI_LINUX, A_ML, c->ps[2], 0,
		             c->users[10]);
		break;
	case 180:
		ops_provision(w, t, a1, CL_CLI_LINUX, c->ps[3], A_ANALYTICS);
		ops_provision(w, t + 4000, a1, CL_CLI_LINUX, c->ps[3],
		              A_PRODDATA);
		break;
	case 220:
		ops_assign(w, t, a0, CL_BROWSER, A_PRODDATA, c->ps[1], 0,
		           c->users[13]);
		break;
	case 245:
		ops_disable_user(w, t, a1, CL_BROWSER, c->users[13]);
		break;
	case 260:
		ops_assign(w, t, a0, CL_BROWSER, 10, c->ps[4], 1, c->g[G_SEC]);
		break;
	case 300:
		ops_disable_user(w, t, a0, CL_BROWSER, c->users[16]);
		break;
	case 310:
		ops_delete_user(w, t, a0, CL_BROWSER, c->users[16]);
		break;
	}
}

static void
okta_read(world *w, struct cast *c, int64_t day)
{
	int64_t t = day + rng_range(&w->r, 0, 86399) * 1000;
	struct action *a = ops_read(w, t, AC_SC_READ, c->okta, CL_OKTA,
	                            (int)rng_below(&w->r, 4));

	if (a->sub == 1) {
		a->u = c->users[rng_below(&w->r, 30)];
	} else if (a->sub == 3) {
		a->g = c->g[G_DEV];
	}
}

static void
portal(world *w, struct cast *c, int64_t day)
{
	int u = c->users[rng_below(&w->r, (uint32_t)c->n_users)];
	int64_t t = scen_workhours(&w->r, day) - 2 * HOUR_MS;
	int sub = (int)rng_below(&w->r, 3);
	struct action *a;

	if (w->users[u].disabled_live || w->users[u].deleted_live ||
	    (w->users[u].created >= 0 && w->users[u].created > t)) {
		return;
	}
	a = ops_read(w, t, AC_SSO_PORTAL, c->admin[0],
	             sub == 1 ? CL_CLI_MAC : CL_BROWSER, sub);
	a->u = u;
	a->ps = c->ps[1 + (int)rng_below(&w->r, 3)];
	a->target = 3 + (int)rng_below(&w->r, 10);
}

static void
notes(world *w)
{
	world_note(w, "SCIM (Okta) is configured but never sends a "
	              "membership change; after a bearer-token rotation it "
	              "only reads.");
	world_note(w, "Membership changes come from two administrators "
	              "(CLI, CloudShell, console) in the Identity Center "
	              "account and from the IGA connector's role "
	              "sailpoint-read-write in 444455556666.");
	world_note(w, "777788889999 shows only QuickSight "
	              "CreateGroupMembership/DeleteGroupMembership: not "
	              "Identity Center.");
	world_note(w, "aws-break-glass is never touched in the logs.");
	world_note(w, "Pre-existing memberships still open at the end are "
	              "known only from the snapshots in side/ "
	              "(visible_in_logs false); of those that end in the "
	              "logs, a DeleteGroupMembership of a membership id "
	              "never seen created does not say whose (visible "
	              "false), and a console DeleteUser ends memberships "
	              "no event names.");
}

void
scen_broken_build(world *w)
{
	static struct cast c;
	int n_days = (int)((w->end - w->start) / DAY_MS);

	memset(&c, 0, sizeof(c));
	accounts(w);
	scen_identity_center(w, "d-1234567890", A_MGMT, "us-east-2");
	identities(w, &c);
	iam_identities(w, &c);
	actors(w, &c);
	initial_state(w, &c);
	w->captured_at = w->end + 9 * HOUR_MS + 14 * MIN_MS;
	for (int i = 0; i < n_days; i++) {
		int64_t day = scen_day(w, i);
		int wd = scen_weekday(day);
		int64_t last = day;

		iam_day(w, &c, i, day);

		/* in time order: connector at night, one-offs early
		 * afternoon, administrators later */
		if ((day / DAY_MS + 4) % 7 == 2) {
			iga_run(w, &c, day);
		}
		one_offs(w, &c, i, day);
		if (wd && rng_chance(&w->r, 0.17)) {
			last = admin_task(w, &c, day, (int)rng_below(&w->r, 2),
			                  last);
		}
		if (wd && rng_chance(&w->r, 0.05)) {
			admin_task(w, &c, day, 1, last);
		}
		if (i % 30 == 12) {
			ops_read(w, scen_workhours(&w->r, day), AC_SD_READ,
			         c.admin[i % 60 == 12], CL_BROWSER, 0);
		}
		if (i > 160 && i % 31 == 5) {
			okta_read(w, &c, day);
		}
		if (wd && rng_chance(&w->r, 0.035)) {
			quicksight(w, &c, day, rng_chance(&w->r, 0.2));
		}
		if (rng_chance(&w->r, 0.2)) {
			portal(w, &c, day);
		}
	}
	notes(w);
}

/* scen_bench.c -- "bench": an archive for measuring ingest speed.
 * Twelve accounts with traffic in every 5-minute slot (dense
 * background, w->bg_events records), and a sprinkling of identity
 * activity (about one action per 400 background events) from every
 * channel, so that the identity rules have work too.  Identity actions
 * are few compared with background records and are held in memory;
 * background records never are. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/ops.h"
#include "gen/scen.h"
#include "util/xmalloc.h"

#define N_IDC_USERS 60
#define N_GROUPS 12

struct cast {
	int users[N_IDC_USERS];
	int g[N_GROUPS];
	int ps[4];
	int iam_g[3], iam_u[6];
	int admin[2], console, iga, okta, tf;
};

static void
accounts(world *w)
{
	static const struct {
		const char *id, *alias, *regions;
		unsigned weight;
	} a[] = {
	        {"111122223333", "mgmt", "us-east-1,us-east-2", 2},
	        {"444455556666", "iga", "us-east-1", 1},
	        {"123456789012", "prod-web", "us-east-1,us-west-2,eu-west-1",
	         10},
	        {"210987654321", "prod-data", "us-east-1,eu-west-1", 12},
	        {"111111111111", "staging", "us-east-1,us-west-2", 4},
	        {"222222222222", "dev", "us-east-1", 4},
	        {"333333333333", "sandbox", "us-east-1", 1},
	        {"444444444444", "shared", "us-east-1,eu-central-1", 5},
	        {"555555555555", "security", "us-east-1", 3},
	        {"777788889999", "finance", "us-east-1", 2},
	        {"888888888888", "analytics", "us-east-1,ap-southeast-2", 6},
	        {"999999999999", "ml", "us-east-1,us-west-2", 5},
	};

	for (size_t i = 0; i < RNG_COUNT(a); i++) {
		world_account(w, a[i].id, i == 0 ? "identity-center" : "member",
		              a[i].alias, a[i].regions, a[i].weight);
	}
}

static void
identities(world *w, struct cast *c)
{
	char name[64], mail[96];

	for (int i = 0; i < N_IDC_USERS; i++) {
		snprintf(name, sizeof(name), "user%02d", i);
		snprintf(mail, sizeof(mail), "user%02d@example.com", i);
		c->users[i] = world_user_idc(w, mail, "User", name, mail);
	}
	for (int i = 0; i < N_GROUPS; i++) {
		snprintf(name, sizeof(name), "bench-group-%02d", i);
		c->g[i] = world_group_idc(w, name, "benchmark group");
	}
	for (int i = 0; i < 4; i++) {
		static const char *const ps[] = {
		        "AdministratorAccess", "ReadOnlyAccess",
		        "PowerUserAccess", "DataEngineer"};

		c->ps[i] = world_pset(w, ps[i]);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "iam-group-%d", i);
		c->iam_g[i] = world_group_iam(w, 2 + i, name);
	}
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "iam-user-%d", i);
		c->iam_u[i] = world_user_iam(w, 2 + i % 3, name);
	}
	for (int i = 0; i < N_IDC_USERS; i++) {
		ops_premember(w, c->g[i % N_GROUPS], c->users[i]);
	}
}

static void
actors(world *w, struct cast *c)
{
	c->admin[0] = world_actor_sso(w, 0, "user00@example.com", c->ps[0],
	                              CL_CLI_MAC);
	c->admin[1] = world_actor_sso(w, 0, "user01@example.com", c->ps[0],
	                              CL_CLOUDSHELL);
	c->console = world_actor_sso(w, 0, "user02@example.com", c->ps[0],
	                             CL_BROWSER);
	c->iga =
	        world_actor_role(w, 1, "sailpoint-read-write", NULL, CL_GO_SDK);
	c->okta = world_actor_scim(w, CL_OKTA, 0);
	c->tf = world_actor_role(w, 2, "terraform-iam", "terraform",
	                         CL_TERRAFORM);
}

static int
cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Toggle a random membership of g through actor/client. */
static void
toggle(world *w, struct cast *c, int64_t t, int actor, int client, int g,
       const int *pool, int n)
{
	int u = pool[rng_below(&w->r, (uint32_t)n)];

	if (w->actors[actor].kind == AK_SCIM) {
		ops_call(w, t, AC_SC_GROUP_NAME, actor, client, ER_NONE)->g = g;
		t += 1000;
	}
	if (ops_is_member(w, g, u)) {
		ops_remove(w, t, actor, client, g, u);
	} else {
		ops_add(w, t, actor, client, g, u);
	}
}

static void
one(world *w, struct cast *c, int64_t t)
{
	int g = c->g[rng_below(&w->r, N_GROUPS)];

	switch (rng_below(&w->r, 10)) {
	case 0:
	case 1:
		toggle(w, c, t, c->admin[rng_below(&w->r, 2)], -1, g, c->users,
		       N_IDC_USERS);
		break;
	case 2:
		toggle(w, c, t, c->console, CL_BROWSER, g, c->users,
		       N_IDC_USERS);
		break;
	case 3:
	case 4:
		toggle(w, c, t, c->iga, CL_GO_SDK, g, c->users, N_IDC_USERS);
		break;
	case 5:
	case 6:
		toggle(w, c, t, c->okta, CL_OKTA, g, c->users, N_IDC_USERS);
		break;
	case 7:
		toggle(w, c, t, c->tf, CL_TERRAFORM,
		       c->iam_g[rng_below(&w->r, 3)], c->iam_u, 6);
		break;
	case 8:
		ops_read(w, t, AC_IS_READ, c->admin[0], CL_CLI_MAC,
		         (int)rng_below(&w->r, 8))
		        ->g = g;
		break;
	default:
		ops_read(w, t, AC_SC_READ, c->okta, CL_OKTA,
		         (int)rng_below(&w->r, 4));
	}
}

void
scen_bench_build(world *w)
{
	static struct cast c;
	long n = w->bg_events / 400;
	int64_t *t;

	memset(&c, 0, sizeof(c));
	accounts(w);
	scen_identity_center(w, "d-1234567890", 0, "us-east-2");
	identities(w, &c);
	actors(w, &c);
	w->bg_dense = 1;
	n = n < 20 ? 20 : n > 50000 ? 50000 : n;
	t = xcalloc((size_t)n, sizeof(*t));
	for (long i = 0; i < n; i++) {
		t[i] = w->start + rng_range(&w->r, 0, w->end - w->start - 1000);
		t[i] -= t[i] % 1000;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_time);
	for (long i = 0; i < n; i++) {
		/* keep each action's follow-up inside the window */
		one(w, &c, t[i] < w->end - 5000 ? t[i] : w->end - 5000);
	}
	free(t);
	world_note(w, "Benchmark archive: dense background traffic with a "
	              "sprinkling of identity activity from every channel.");
}

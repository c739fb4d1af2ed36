/* bg.c -- background volume and the principals that generate it (see
 * bg.h).  The event renderers are in bgev.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/bgInt.h"
#include "gen/ua.h"
#include "util/xmalloc.h"

#define TAG_BG 0x6267
#define SPARSE_MEAN 6

/* Relative activity by hour of day (UTC). */
static const unsigned hour_shape[24] = {3, 2, 2,  2,  2,  3,  4,  6,
                                        8, 9, 10, 10, 10, 10, 10, 10,
                                        9, 8, 7,  6,  5,  4,  4,  3};

static unsigned
shape(int64_t t)
{
	int64_t day = t / DAY_MS;
	int hour = (int)(t % DAY_MS / HOUR_MS);
	int weekday = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday */

	return hour_shape[hour] * (weekday == 0 || weekday == 6 ? 1 : 2);
}

static void
principal(struct bgacct *ba, rng *r, int kind, const char *role,
          const char *path, int ua)
{
	struct principal *p = &ba->p[ba->n_p++];

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	snprintf(p->role, sizeof(p->role), "%s", role);
	snprintf(p->path, sizeof(p->path), "%s", path);
	world_aws_id(r, "AROA", p->role_id);
	p->ua = ua;
	snprintf(p->ip, sizeof(p->ip), "%s.%d",
	         kind == P_HUMAN ? "192.0.2" : "198.51.100",
	         (int)rng_range(r, 2, 250));
}

static void
make_account(struct bg *b, int i)
{
	const struct account *a = &b->w->accts[i];
	struct bgacct *ba = &b->ba[i];
	char buf[96];
	rng r;

	rng_derive(&r, b->w->seed, TAG_BG + 1, (uint64_t)i, 0);
	ba->idx = i;
	ba->id = a->id;
	ba->alias = a->alias;
	rng_uuid(&r, ba->kms);
	snprintf(ba->bucket[0], 72, "%s-data-%s", a->alias, a->id);
	snprintf(ba->bucket[1], 72, "%s-artifacts-%s", a->alias, a->id);
	snprintf(ba->bucket[2], 72, "%s-exports", a->alias);
	snprintf(ba->vpc, sizeof(ba->vpc), "vpc-0%.16s", ba->kms + 19);
	rng_hex(&r, buf, 17);
	snprintf(ba->subnet, sizeof(ba->subnet), "subnet-%.17s", buf);
	rng_hex(&r, buf, 17);
	snprintf(ba->sg, sizeof(ba->sg), "sg-%.17s", buf);
	rng_hex(&r, buf, 17);
	snprintf(ba->ami, sizeof(ba->ami), "ami-%.17s", buf);
	snprintf(buf, sizeof(buf), "%s-app-task", a->alias);
	principal(ba, &r, P_APP, buf, "", UA_JAVA_V2);
	snprintf(buf, sizeof(buf), "%s-ingest-lambda-role", a->alias);
	principal(ba, &r, P_LAMBDA, buf, "service-role/", UA_BOTO3_LAMBDA);
	principal(ba, &r, P_CI, "github-actions-deploy", "", UA_TERRAFORM);
	principal(ba, &r, P_HUMAN, "", "", UA_CLI_MAC);
	principal(ba, &r, P_IAMUSER, "", "", UA_CLI_V1);
	snprintf(ba->p[ba->n_p - 1].user, 64, "svc-%s-backup", a->alias);
	world_aws_id(&r, "AIDA", ba->p[ba->n_p - 1].user_id);
	principal(ba, &r, P_CONFIG, "AWSServiceRoleForConfig",
	          "aws-service-role/config.amazonaws.com/", UA_AWS_INTERNAL);
	snprintf(buf, sizeof(buf), "%s-worker-instance", a->alias);
	principal(ba, &r, P_APP, buf, "", UA_GO_V1);
	snprintf(buf, sizeof(buf), "%s-web-task", a->alias);
	principal(ba, &r, P_APP, buf, "", UA_NODE_V3);
}

static void
make_weights(struct bg *b)
{
	const world *w = b->w;

	b->sw = xcalloc((size_t)w->n_streams + 1, sizeof(*b->sw));
	b->carry = xcalloc((size_t)w->n_streams + 1, sizeof(*b->carry));
	for (int s = 0; s < w->n_streams; s++) {
		const struct account *a = &w->accts[w->streams[s].acct];
		const char *rg = w->streams[s].region;
		unsigned f = strcmp(rg, a->home) == 0       ? 10
		             : strcmp(rg, "us-east-1") == 0 ? 6
		                                            : 3;

		b->sw[s] = a->bg_weight * f;
		b->wsum += b->sw[s];
	}
	b->n_slots = (w->end - w->start) / SLOT_MS;
	for (int64_t k = 0; k < b->n_slots; k++) {
		b->fsum += shape(w->start + k * SLOT_MS);
	}
}

static void
make_humans(struct bg *b)
{
	const world *w = b->w;

	b->humans = xcalloc((size_t)w->n_users + 1, sizeof(int));
	for (int i = 0; i < w->n_users; i++) {
		if (w->users[i].iam_acct < 0) {
			b->humans[b->n_humans++] = i;
		}
	}
}

bg *
bg_new(const world *w)
{
	struct bg *b = xcalloc(1, sizeof(*b));

	b->w = w;
	b->ba = xcalloc((size_t)w->n_accts, sizeof(*b->ba));
	for (int i = 0; i < w->n_accts; i++) {
		make_account(b, i);
	}
	make_weights(b);
	make_humans(b);
	return b;
}

void
bg_free(bg *b)
{
	if (b == NULL) {
		return;
	}
	free(b->ba), free(b->sw), free(b->carry), free(b->humans);
	free(b);
}

static int
active_at(const struct user *u, int64_t t)
{
	return (u->t_created < 0 || u->t_created < t - HOUR_MS) &&
	       (u->t_disabled < 0 || t < u->t_disabled) &&
	       (u->t_deleted < 0 || t < u->t_deleted) &&
	       (u->up_disabled < 0 || t < u->up_disabled);
}

int
bg_pick_human(const struct bg *b, rng *r, int64_t t)
{
	for (int tries = 0; b->n_humans > 0 && tries < 6; tries++) {
		int u = b->humans[rng_below(r, (uint32_t)b->n_humans)];

		if (active_at(&b->w->users[u], t)) {
			return u;
		}
	}
	return -1;
}

/* How many records stream s gets in slot k. */
static long
slot_count(struct bg *b, int s, int64_t t0, rng *r)
{
	double share, lambda;
	long n;

	if (b->w->bg_events <= 0 || b->wsum == 0 || b->fsum <= 0) {
		return 0;
	}
	share = (double)b->w->bg_events * b->sw[s] / (double)b->wsum;
	if (!b->w->bg_dense) {
		double p = share / SPARSE_MEAN * shape(t0) / b->fsum;

		return rng_chance(r, p) ? 1 + rng_below(r, 2 * SPARSE_MEAN - 1)
		                        : 0;
	}
	lambda = share * shape(t0) / b->fsum * (0.75 + 0.5 * rng_unit(r)) +
	         b->carry[s];
	n = (long)lambda;
	b->carry[s] = lambda - (double)n;
	return n;
}

void
bg_slot(bg *b, deliver *d, int64_t slot, int64_t t0)
{
	const world *w = b->w;

	for (int s = 0; s < w->n_streams; s++) {
		rng r;
		long n;
		struct ctx c;

		rng_derive(&r, w->seed, TAG_BG, (uint64_t)s, (uint64_t)slot);
		n = slot_count(b, s, t0, &r);
		c.b = b;
		c.d = d;
		c.stream = s;
		c.ba = &b->ba[w->streams[s].acct];
		c.region = w->streams[s].region;
		c.r = &r;
		for (long i = 0; i < n; i++) {
			c.t = t0 + rng_range(&r, 0, SLOT_MS - 1000);
			c.t -= c.t % 1000;
			c.late = rng_chance(&r, 0.01)
			                 ? 1 + (int)rng_below(&r, 3)
			                 : 0;
			bgev_emit(&c);
		}
	}
}

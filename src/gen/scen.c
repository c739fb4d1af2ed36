/* scen.c -- the scenario table and shared helpers (see scen.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/layout.h"
#include "gen/scen.h"

const struct scenario scen_table[] = {
        {"broken-scim", scen_broken_build, "2024-10-01", 395, 2400, LAYOUT_ORG,
         "20 accounts; SCIM configured but never sends a membership change"},
        {"entra-jml", scen_entra_build, "2024-06-03", 360, 900, LAYOUT_BOTH,
         "Entra ID SCIM: joiner, mover, leaver; stale manual assignments"},
        {"okta-hub", scen_okta_build, "2024-11-04", 330, 1400, LAYOUT_ACCOUNT,
         "Okta SCIM push; deactivation switched off for months; duplicate"},
        {"bench", scen_bench_build, "2025-03-03", 1, 100000, LAYOUT_ORG,
         "benchmark archive: background traffic plus some identity activity"},
};
const int scen_count = (int)(sizeof(scen_table) / sizeof(scen_table[0]));

const struct scenario *
scen_find(const char *name)
{
	for (int i = 0; i < scen_count; i++) {
		if (strcmp(scen_table[i].name, name) == 0) {
			return &scen_table[i];
		}
	}
	return NULL;
}

int64_t
scen_workhours(rng *r, int64_t day)
{
	return day + 13 * HOUR_MS + rng_range(r, 0, 9 * 3600 - 1) * 1000;
}

int64_t
scen_between(rng *r, int64_t day, int from_hour, int to_hour)
{
	return day + from_hour * HOUR_MS +
	       rng_range(r, 0, (to_hour - from_hour) * 3600 - 1) * 1000;
}

int
scen_weekday(int64_t day)
{
	int wd = (int)((day / DAY_MS + 4) % 7);

	return wd != 0 && wd != 6;
}

int64_t
scen_day(const world *w, int i)
{
	return w->start + (int64_t)i * DAY_MS;
}

void
scen_identity_center(world *w, const char *store, int acct, const char *region)
{
	char hex[17];

	snprintf(w->store_id, sizeof(w->store_id), "%s", store);
	rng_hex(&w->r, hex, 16);
	snprintf(w->instance, sizeof(w->instance), "ssoins-%s", hex);
	rng_chars(&w->r, hex, 11, RNG_ALNUM);
	rng_uuid(&w->r, w->tenant + 12);
	memcpy(w->tenant, hex, 11);
	w->tenant[11] = '-';
	memmove(w->tenant + 12, w->tenant + 12 + 9, 28);
	rng_chars(&w->r, w->scim_key, 20, RNG_UPPER_ALNUM);
	snprintf(w->org_id, sizeof(w->org_id), "o-exampleorgid");
	w->ic_acct = acct;
	w->ic_region = region;
}

int
scen_people(world *w, const struct person *p, int n, const char *domain,
            int *out)
{
	char email[128];

	for (int i = 0; i < n; i++) {
		snprintf(email, sizeof(email), "%s@%s", p[i].login, domain);
		out[i] = world_user_idc(w, email, p[i].given, p[i].family,
		                        email);
	}
	return n;
}

int
scen_pick_other(rng *r, const int *v, int n, const int *skip, int ns)
{
	for (int tries = 0; tries < 50; tries++) {
		int x = v[rng_below(r, (uint32_t)n)];
		int ok = 1;

		for (int i = 0; i < ns; i++) {
			ok &= skip[i] != x;
		}
		if (ok) {
			return x;
		}
	}
	return -1;
}

/* scen.h -- the scenario table and the helpers scenarios share.
 *
 * A scenario is a function that fills a world (world.h) through the
 * verbs of ops.h: accounts, identities, actors, and a year of scripted
 * identity activity.  The table gives each one its default window and
 * background volume, which --start, --days and --events override.
 * Scenario functions draw every decision from w->r, so a world depends
 * only on the scenario, the seed and the window. */
#ifndef TS_GEN_SCEN_H
#define TS_GEN_SCEN_H

#include "gen/world.h"

struct scenario {
	const char *name;        /* --scenario NAME */
	void (*build)(world *w); /* fills the world */
	const char *start;       /* default --start */
	int days;                /* default --days */
	long events;             /* default --events (background) */
	int layout;              /* default --layout */
	const char *summary;     /* one line for --help */
};

extern const struct scenario scen_table[];
extern const int scen_count;

const struct scenario *scen_find(const char *name);

/* A time on day `day` (ms at 00:00 UTC) in working hours (13:00-22:00
 * UTC, a US team), whole seconds. */
int64_t scen_workhours(rng *r, int64_t day);
/* A time on `day` between from_hour and to_hour UTC, whole seconds.
 * Scenarios give each kind of activity its own band of hours, so that
 * scripting a day in band order is scripting it in time order. */
int64_t scen_between(rng *r, int64_t day, int from_hour, int to_hour);
/* Monday..Friday? */
int scen_weekday(int64_t day);
/* Day index -> ms at 00:00 UTC. */
int64_t scen_day(const world *w, int i);
/* Set the world's Identity Center identifiers (store, instance, tenant,
 * SCIM key, org) and its account and region. */
void scen_identity_center(world *w, const char *store, int acct,
                          const char *region);
/* Add the people of a roster: user name = e-mail at domain. */
struct person {
	const char *given;  /* given name (UTF-8) */
	const char *family; /* family name (UTF-8) */
	const char *login;  /* local part of the e-mail / user name */
};
int scen_people(world *w, const struct person *p, int n, const char *domain,
                int *out);
/* A random element of v[0..n) other than those in skip[0..ns). */
int scen_pick_other(rng *r, const int *v, int n, const int *skip, int ns);

void scen_broken_build(world *w);
void scen_entra_build(world *w);
void scen_okta_build(world *w);
void scen_bench_build(world *w);

#endif

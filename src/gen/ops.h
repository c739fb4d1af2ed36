/* ops.h -- the verbs scenarios use to script identity activity.
 *
 * Each verb appends one or more actions to the world (world_act) with
 * the event source that fits the actor and client: an SSO admin on the
 * CLI writes identitystore events, the same admin in the console writes
 * sso-directory events, a SCIM client writes identitystore-scim events,
 * an IAM group takes iam events.  Verbs also keep the world's live view
 * (w->live, w->alive, user flags), so a script can ask who is in a
 * group now.  Scripts must call verbs in time order for any one group,
 * user or assignment; the ground truth itself is recomputed later from
 * the sorted actions (replay.c).
 *
 * Returned action pointers stay valid only until the next verb. */
#ifndef TS_GEN_OPS_H
#define TS_GEN_OPS_H

#include "gen/world.h"

/* Memberships that predate the logs (MembershipIds drawn now). */
void ops_premember(world *w, int g, int u);
int ops_is_member(const world *w, int g, int u);
/* Members of g now, into out[max]; returns the count. */
int ops_members(const world *w, int g, int *out, int max);
/* Groups u is in now, into out[max]; returns the count. */
int ops_groups_of(const world *w, int u, int *out, int max);

struct action *ops_add(world *w, int64_t t, int actor, int client, int g,
                       int u);
struct action *ops_remove(world *w, int64_t t, int actor, int client, int g,
                          int u);
/* SCIM PatchGroup adding (add = 1) or removing n users in one request. */
struct action *ops_scim_members(world *w, int64_t t, int actor, int g, int add,
                                const int *users, int n);
/* A call that changes no identity state: one that fails with err
 * (ER_DENIED...), or a SCIM-setup call (err ER_NONE).  aux gets an id. */
struct action *ops_call(world *w, int64_t t, int kind, int actor, int client,
                        int err);

struct action *ops_create_user(world *w, int64_t t, int actor, int client,
                               int u);
struct action *ops_update_user(world *w, int64_t t, int actor, int client,
                               int u);
struct action *ops_disable_user(world *w, int64_t t, int actor, int client,
                                int u);
struct action *ops_enable_user(world *w, int64_t t, int actor, int client,
                               int u);
struct action *ops_delete_user(world *w, int64_t t, int actor, int client,
                               int u);
struct action *ops_create_group(world *w, int64_t t, int actor, int client,
                                int g);
/* IAM user: DeleteLoginProfile then UpdateAccessKey Inactive. */
void ops_iam_disable(world *w, int64_t t, int actor, int client, int u);

void ops_preassign(world *w, int acct, int ps, int ptype, int principal);
int ops_is_assigned(const world *w, int acct, int ps, int ptype, int principal);
struct action *ops_assign(world *w, int64_t t, int actor, int client, int acct,
                          int ps, int ptype, int principal);
struct action *ops_unassign(world *w, int64_t t, int actor, int client,
                            int acct, int ps, int ptype, int principal);
struct action *ops_provision(world *w, int64_t t, int actor, int client, int ps,
                             int acct);
/* A read-only call: kind AC_*_READ or AC_SSO_PORTAL, variant sub. */
struct action *ops_read(world *w, int64_t t, int kind, int actor, int client,
                        int sub);

#endif

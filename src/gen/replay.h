/* replay.h -- the ground truth: replay the sorted actions of a world.
 *
 * Called once by world_finish().  Starts from the memberships and
 * assignments that predate the logs (ops_premember, ops_preassign),
 * applies every successful action in time order, and fills w->mem,
 * w->asg and the users' truth fields (t_created, t_disabled,
 * how_disabled, t_deleted).  Failed actions change nothing.  Aborts
 * with a message on a script inconsistency (removing a non-member),
 * which is a generator bug, never an input error. */
#ifndef TS_GEN_REPLAY_H
#define TS_GEN_REPLAY_H

#include "gen/world.h"

void replay_run(world *w);
/* MembershipId the i-th member of a SCIM PatchGroup action gets. */
void replay_member_mid(const struct action *a, int i, char out[37]);

#endif

/* side.h -- DIR/side/: what an investigator would have next to the
 * logs, when the scenario says so.
 *
 * identitystore-list-users.json, -list-groups.json and
 * -list-group-memberships.json are the JSON the AWS CLI prints (4-space
 * indentation, keys in the service's order), captured at
 * w->captured_at; the memberships file holds one document per group,
 * one after the other, as a shell loop over `aws identitystore
 * list-group-memberships` leaves them.  CAPTURED_AT holds that time.
 * entra-disabled-users.csv (userPrincipalName,accountEnabled,
 * disabledDate) or okta-users.csv (login,status,statusChanged) is the
 * IdP's export, written when w->upstream names the IdP. */
#ifndef TS_GEN_SIDE_H
#define TS_GEN_SIDE_H

#include "gen/world.h"
#include "util/err.h"

int side_write(const world *w, const char *dir, ts_err *err);
/* Does side/identitystore-list-group-memberships.json list m?  True for
 * an Identity Center membership open at w->captured_at in a group that
 * exists then; false for IAM groups and when there is no snapshot.
 * truth.c writes it as memberships.jsonl's in_snapshot. */
int side_lists_membership(const world *w, const struct interval *m);

#endif

/* side.h -- DIR/side/: what an investigator would have next to the
 * logs, when the scenario says so.
 *
 * The snapshots are the JSON the AWS CLI prints (4-space indentation,
 * keys in the service's order), captured at w->captured_at (written to
 * CAPTURED_AT):
 *   identitystore-list-users.json, -list-groups.json
 *   identitystore-list-group-memberships.json  one document per group,
 *       one after the other, as a shell loop leaves them
 *   sso-admin-list-account-assignments-<account>-<ps-id>.json  one per
 *       (account, permission set) with an assignment open at capture
 *   sso-admin-describe-permission-set-<name>.json  one per permission
 *       set; CreatedDate drawn before the logs from its own stream
 * Everything comes from the replayed truth (w->mem, w->asg), so the
 * snapshots and truth/ agree.  entra-disabled-users.csv
 * (userPrincipalName,accountEnabled,disabledDate) or okta-users.csv
 * (login,status,statusChanged) is the IdP's export, written when
 * w->upstream names the IdP. */
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

/* stale.h -- the expected stale-access findings (truth/stale.jsonl).
 *
 * An identity is disabled when the logs show it (console DisableUser,
 * SCIM PatchUser active, IAM login profile deleted and access key made
 * inactive) or, failing that, when the IdP export says so (upstream).
 * A disabled identity that is not deleted at `as_of` yields one finding
 * per access it still holds then: each open group membership, each open
 * direct (USER) account assignment, and each open GROUP assignment of an
 * Identity Center group it is still a member of (access.group names
 * that group).  days_stale counts from the disable time; severity is
 * "high" over 30 days, else "medium".  Rows are sorted by identity id,
 * access type, group id, account and permission set ARN (null first),
 * so the order depends on no internal index. */
#ifndef TS_GEN_STALE_H
#define TS_GEN_STALE_H

#include <stdint.h>

#include "gen/world.h"
#include "util/strbuf.h"

/* Append the findings as JSON lines to sb; returns how many. */
int stale_write(const world *w, int64_t as_of, strbuf *sb);

#endif

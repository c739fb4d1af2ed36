/* stale.h -- the expected stale-access findings (truth/stale.jsonl).
 *
 * An identity is disabled when the logs show it (console DisableUser,
 * SCIM PatchUser active, IAM login profile deleted and access key made
 * inactive) or, failing that, when the IdP export says so (upstream).
 * A disabled identity that is not deleted and still holds a group
 * membership or a direct (USER) account assignment at `as_of` yields
 * one finding per access, with days_stale counted from the disable
 * time; severity is "high" over 30 days, else "medium".  Access through
 * a group's own assignments is not repeated: the membership finding
 * names the group. */
#ifndef TS_GEN_STALE_H
#define TS_GEN_STALE_H

#include <stdint.h>

#include "gen/world.h"
#include "util/strbuf.h"

/* Append the findings as JSON lines to sb; returns how many. */
int stale_write(const world *w, int64_t as_of, strbuf *sb);

#endif

/* summary.h -- truth/summary.json: the scenario at a glance.
 *
 * Scenario name and seed, the span of event times, the identity store,
 * Identity Center account and region, SCIM visibility start, accounts
 * with their role and the channels of identity changes recorded in
 * each, every group (touched or not), record and file counts, and the
 * scenario's notes (plain sentences).  Pretty-printed, 2 spaces. */
#ifndef TS_GEN_SUMMARY_H
#define TS_GEN_SUMMARY_H

#include "gen/deliver.h"
#include "gen/world.h"
#include "util/strbuf.h"

void summary_write(const world *w, const struct dl_result *res, strbuf *sb);

#endif

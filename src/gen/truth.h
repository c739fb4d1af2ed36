/* truth.h -- write DIR/truth/: what the generated archive contains.
 *
 * counts.tsv       eventSource TAB eventName TAB count, every record
 * changes.jsonl    identity changes (and failed attempts), time order
 * traps.jsonl      same-name events that are not identity changes
 * memberships.jsonl, assignments.jsonl, identities.jsonl
 * stale.jsonl      disabled identities that still hold access at the
 *                  time of the last event
 * summary.json     scenario, seed, span, accounts, groups, channels
 *
 * Everything comes from the world's replay (replay.c) and the delivery
 * counts; nothing is recomputed from the files.  Times are ISO 8601
 * UTC.  The field meanings are documented in trailsift-gen(1). */
#ifndef TS_GEN_TRUTH_H
#define TS_GEN_TRUTH_H

#include "gen/deliver.h"
#include "gen/world.h"
#include "util/err.h"

int truth_write(const world *w, const struct dl_result *res, const char *dir,
                ts_err *err);
/* Write sb to path; TS_OK or TS_FATAL. */
int truth_save(const char *path, const strbuf *sb, ts_err *err);

#endif

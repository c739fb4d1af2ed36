/* bg.h -- background traffic: the CloudTrail events that are not the
 * scenario's identity story, so that archives look and weigh like real
 * ones (S3 data events, KMS, STS, EC2, SSM, Lambda, CloudFormation,
 * console sign-ins, failed calls, the occasional 10-60 KB RunInstances).
 *
 * Volume: w->bg_events events over the window, shared between streams
 * by account weight (home region heavier), shaped by hour of day and
 * weekday.  Dense mode (bench) puts records in every slot of every
 * stream; sparse mode (samples) draws a few short bursts per stream so
 * a year of logs stays a few hundred files.  bg_slot() writes one
 * slot's records for every stream; each (stream, slot) has its own
 * random generator, so the output does not depend on anything else. */
#ifndef TS_GEN_BG_H
#define TS_GEN_BG_H

#include <stdint.h>

#include "gen/deliver.h"
#include "gen/world.h"

typedef struct bg bg;

/* Call after world_finish(): background sessions avoid identities that
 * are disabled or deleted at the time. */
bg *bg_new(const world *w);
void bg_slot(bg *b, deliver *d, int64_t slot, int64_t t0);
void bg_free(bg *b);

#endif

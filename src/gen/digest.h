/* digest.h -- CloudTrail-Digest files: one hash chain per account,
 * region and trail.
 *
 * deliver.c reports every log file it writes (S3 key, SHA-256 of the
 * uncompressed JSON, oldest and newest event time, delivery time) with
 * digest_add(); a digest covers one hour of deliveries, on a per-chain
 * minute:second offset, and is written when a later file falls past its
 * end or at digest_finish().  Each digest names the previous one (key,
 * SHA-256 of its uncompressed bytes, and a signature).  The signatures
 * are fabricated, deterministic hex: the real ones are RSA signatures
 * kept in S3 metadata, which no generator can make.  Hours without log
 * files get no digest (AWS would write an empty one) to keep samples
 * small; the chain still links each digest to the previous one.
 * Digests are written by the caller's thread (small files). */
#ifndef TS_GEN_DIGEST_H
#define TS_GEN_DIGEST_H

#include <stdint.h>

#include "util/err.h"

typedef struct digest digest;

/* A chain for one account/region/trail.  org is NULL for an account
 * trail; out is the logs/ directory. */
digest *digest_new(const char *out, const char *org, const char *acct,
                   const char *region, const char *trail, const char *home,
                   const char *bucket, uint64_t seed);
/* A log file delivered at `delivered`; key relative to logs/. */
int digest_add(digest *d, const char *key, const char *sha_hex, int64_t oldest,
               int64_t newest, int64_t delivered, ts_err *err);
/* Write the pending digest, free d (NULL is a no-op). */
int digest_finish(digest *d, ts_err *err);
/* Number of digest files written so far by all chains. */
long digest_count(void);

#endif

/* deliver.h -- the delivery loop: events into 5-minute log files.
 *
 * deliver_run() walks the log window in 5-minute slots.  In each slot
 * the background generator (bg.c) and the identity renderer (idact*.c)
 * append records to per-stream buffers (a stream is one account and
 * region) through deliver_record()/deliver_end(); then every stream
 * with records gets one file: {"Records":[...]}, records roughly in
 * time order, named by its delivery time a few minutes after the slot.
 * Records marked late wait in the stream's carry buffer for a later
 * file, as CloudTrail's delayed deliveries do.  Finished files go to
 * the spool (compression threads) and their hashes to the digest
 * chains.  Memory is one slot's records plus the carry, whatever the
 * archive size.
 *
 * The deliver object is owned by deliver_run(); generators receive it
 * only as a handle.  deliver_record() returns a JSON writer positioned
 * where the record object starts; the generator writes exactly one
 * object and calls deliver_end() with its eventSource and eventName,
 * which are counted for truth/counts.tsv. */
#ifndef TS_GEN_DELIVER_H
#define TS_GEN_DELIVER_H

#include <stdint.h>

#include "gen/jw.h"
#include "gen/world.h"
#include "util/err.h"

#define SLOT_MS (5 * MIN_MS)

typedef struct deliver deliver;

struct dl_opts {
	const char *out; /* the output directory DIR */
	int layout;      /* LAYOUT_* */
	int digests;     /* write CloudTrail-Digest files */
	int threads;     /* compression threads (0: inline) */
};

/* One (eventSource, eventName) and how many unique events had it. */
struct dl_count {
	char *source;
	char *name;
	long n;
};

struct dl_result {
	struct dl_count *counts; /* sorted by source, then name */
	int n_counts;
	long n_records;      /* unique records generated */
	long n_files;        /* log files (per tree) */
	long n_digests;      /* digest files */
	uint64_t json_bytes; /* uncompressed bytes of log files */
	int64_t first, last; /* first and last eventTime */
};

int deliver_run(world *w, const struct dl_opts *o, struct dl_result *res,
                ts_err *err);
void deliver_result_free(struct dl_result *res);

jw *deliver_record(deliver *d, int stream, int64_t t, int late);
void deliver_end(deliver *d, const char *source, const char *name);
/* Reusable scratch buffer i (0..7), emptied. */
strbuf *deliver_scratch(deliver *d, int i);
/* The run's master seed. */
uint64_t deliver_seed(const deliver *d);

#endif

/* pipeline.h -- `trailsift ingest` end to end: paths in, index out.
 *
 * pipeline_run() walks the paths, reads bundles, runs the workers and
 * the index writer, draws the progress line, and returns when every
 * source is accounted for in the index (or the index failed, or the user
 * interrupted).  The design is described at the top of pipeline.c. */
#ifndef TS_PIPELINE_H
#define TS_PIPELINE_H

#include "ingest.h"
#include "../index/writer.h"
#include "../util/err.h"

struct pipeline_result {
	struct writer_stats st; /* what the writer stored */
	int interrupted;        /* SIGINT/SIGTERM stopped the run */
	double seconds;         /* wall time */
	uint64_t bytes;         /* bytes read as found */
	uint64_t outside;       /* files skipped by their S3 path */
	char outside_of[160];   /* ... the first few accounts and regions
	                         * they were of ("", or "us-east-1, ...") */
};

/* TS_OK when the run completed (some inputs may have failed: see
 * res->st.sources_failed), TS_FATAL when the index failed. */
int pipeline_run(const struct ingest_opts *o, char **paths, int n_paths,
                 struct pipeline_result *res, ts_err *err);

/* Ingest plain files (no bundles) into an index the caller holds open,
 * on the calling thread: the fixtures of `trailsift rules test` go into
 * an in-memory index this way.  Same outcome per file as pipeline_run;
 * res may be NULL.  TS_OK, or TS_FATAL when the index failed. */
int pipeline_ingest_into(sqlite3 *db, char **paths, int n_paths,
                         struct writer_stats *res, ts_err *err);

#endif

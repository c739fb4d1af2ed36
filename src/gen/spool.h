/* spool.h -- compress finished files and write them, on worker threads.
 *
 * The generator's main thread renders each log file's JSON in a fixed
 * order and hands it here with spool_put(); worker threads gzip it
 * (zlib level 6, gzip header with mtime 0, no name, OS byte 0 as Java's
 * GZIPOutputStream writes) and write it to one or two paths (two for
 * `--layout both`).  Each file is compressed on its own with a freshly
 * reset stream, so the bytes never depend on which thread did the work
 * or when: determinism is by construction, not by ordering.
 *
 * Back-pressure: the queue holds at most 2 x threads + 2 files, so
 * memory stays flat however many files are generated.  spool_put()
 * takes ownership of buf and the path strings.  With zero threads the
 * work is done inline in spool_put().  The first I/O error is kept and
 * reported by spool_finish(), which also joins the workers and frees
 * the spool.  spool_gzip() is the same compression for one-off use
 * (digest files) by the caller's thread. */
#ifndef TS_GEN_SPOOL_H
#define TS_GEN_SPOOL_H

#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

typedef struct spool spool;

spool *spool_new(int n_threads);
/* Queue buf[0..len) for writing to path1 (and path2 when not NULL). */
void spool_put(spool *sp, char *buf, size_t len, char *path1, char *path2);
/* Wait for all files, stop the workers, free sp.  TS_OK or TS_FATAL
 * with the first failure in err. */
int spool_finish(spool *sp, ts_err *err);

/* Deterministic gzip of p[0..len) into out (appended). */
void spool_gzip(const void *p, size_t len, strbuf *out);
/* Write p[0..len) to path (created or truncated).  TS_OK or TS_FATAL. */
int spool_write_file(const char *path, const void *p, size_t len, ts_err *err);

#endif

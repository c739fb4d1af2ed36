/* spool.c -- worker threads that gzip and write files (see spool.h).
 *
 * A ring of jobs under one mutex: the producer waits on `not_full`,
 * workers wait on `not_empty`.  Jobs are independent, so completion
 * order is irrelevant to the output.  Each worker keeps one z_stream
 * and resets it between files, which is much cheaper than deflateInit2
 * per file and gives the same bytes. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gen/spool.h"
#include "util/xmalloc.h"

#define GZ_LEVEL 6

struct job {
	char *buf;   /* uncompressed bytes, owned */
	size_t len;  /* bytes in buf */
	char *path1; /* first destination, owned */
	char *path2; /* second destination or NULL, owned */
};

/* A deflate stream and the gzip header it points at (zlib keeps the
 * pointer, so the header must live as long as the stream). */
struct gz {
	z_stream z;  /* level 6, gzip wrapper */
	gz_header h; /* mtime 0, no name, OS 0 */
};

struct spool {
	pthread_mutex_t mu;       /* guards everything below */
	pthread_cond_t not_empty; /* a job was queued, or closing */
	pthread_cond_t not_full;  /* a job was taken */
	struct job *ring;         /* queued jobs */
	size_t cap;               /* ring size */
	size_t head;              /* next job to take */
	size_t n;                 /* jobs queued */
	int closing;              /* no more jobs will come */
	int n_threads;            /* workers */
	pthread_t *threads;       /* worker ids */
	ts_err err;               /* first failure */
	struct gz gz;             /* stream for inline (0-thread) mode */
	strbuf zout;              /* output buffer for inline mode */
};

static void
z_init(struct gz *g)
{
	memset(g, 0, sizeof(*g));
	if (deflateInit2(&g->z, GZ_LEVEL, Z_DEFLATED, 15 + 16, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK) {
		fprintf(stderr, "trailsift-gen: zlib init failed\n");
		abort();
	}
	g->h.os = 0;
	deflateSetHeader(&g->z, &g->h);
}

/* Compress with an initialised stream; the stream is left reset. */
static void
z_run(struct gz *g, const void *p, size_t len, strbuf *out)
{
	size_t bound = deflateBound(&g->z, (uLong)len) + 64;

	strbuf_reserve(out, bound);
	g->z.next_in = (Bytef *)(uintptr_t)p;
	g->z.avail_in = (uInt)len;
	g->z.next_out = (Bytef *)out->buf + out->len;
	g->z.avail_out = (uInt)bound;
	if (deflate(&g->z, Z_FINISH) != Z_STREAM_END) {
		fprintf(stderr, "trailsift-gen: deflate failed\n");
		abort();
	}
	out->len += bound - g->z.avail_out;
	out->buf[out->len] = '\0';
	deflateReset(&g->z);
	deflateSetHeader(&g->z, &g->h);
}

void
spool_gzip(const void *p, size_t len, strbuf *out)
{
	struct gz g;

	z_init(&g);
	z_run(&g, p, len, out);
	deflateEnd(&g.z);
}

int
spool_write_file(const char *path, const void *p, size_t len, ts_err *err)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (f == NULL) {
		return ts_fail(err, TS_FATAL, "%s: %s", path, strerror(errno));
	}
	ok = fwrite(p, 1, len, f) == len;
	if (fclose(f) != 0) {
		ok = 0;
	}
	if (!ok) {
		return ts_fail(err, TS_FATAL, "%s: write failed: %s", path,
		               strerror(errno));
	}
	return TS_OK;
}

/* Compress and write one job, then free it. */
static void
do_job(spool *sp, struct gz *g, strbuf *out, struct job *j)
{
	ts_err e;

	ts_err_clear(&e);
	strbuf_reset(out);
	z_run(g, j->buf, j->len, out);
	spool_write_file(j->path1, out->buf, out->len, &e);
	if (j->path2) {
		spool_write_file(j->path2, out->buf, out->len, &e);
	}
	if (e.code != TS_OK) {
		pthread_mutex_lock(&sp->mu);
		ts_fail(&sp->err, e.code, "%s", e.msg);
		pthread_mutex_unlock(&sp->mu);
	}
	free(j->buf);
	free(j->path1);
	free(j->path2);
}

static void *
worker(void *arg)
{
	spool *sp = arg;
	struct gz *g = xmalloc(sizeof(*g));
	strbuf out;
	struct job j;

	z_init(g);
	strbuf_init(&out);
	for (;;) {
		pthread_mutex_lock(&sp->mu);
		while (sp->n == 0 && !sp->closing) {
			pthread_cond_wait(&sp->not_empty, &sp->mu);
		}
		if (sp->n == 0) {
			pthread_mutex_unlock(&sp->mu);
			break;
		}
		j = sp->ring[sp->head];
		sp->head = (sp->head + 1) % sp->cap;
		sp->n--;
		pthread_cond_signal(&sp->not_full);
		pthread_mutex_unlock(&sp->mu);
		do_job(sp, g, &out, &j);
	}
	deflateEnd(&g->z);
	free(g);
	strbuf_free(&out);
	return NULL;
}

spool *
spool_new(int n_threads)
{
	spool *sp = xcalloc(1, sizeof(*sp));

	ts_err_clear(&sp->err);
	sp->n_threads = n_threads;
	sp->cap = 2 * (size_t)n_threads + 2;
	sp->ring = xcalloc(sp->cap, sizeof(*sp->ring));
	xpthread_check(pthread_mutex_init(&sp->mu, NULL), "mutex");
	xpthread_check(pthread_cond_init(&sp->not_empty, NULL), "cond");
	xpthread_check(pthread_cond_init(&sp->not_full, NULL), "cond");
	strbuf_init(&sp->zout);
	if (n_threads == 0) {
		z_init(&sp->gz);
	}
	sp->threads = xcalloc((size_t)n_threads + 1, sizeof(pthread_t));
	for (int i = 0; i < n_threads; i++) {
		xpthread_check(
		        pthread_create(&sp->threads[i], NULL, worker, sp),
		        "pthread_create");
	}
	return sp;
}

void
spool_put(spool *sp, char *buf, size_t len, char *path1, char *path2)
{
	struct job j = {buf, len, path1, path2};

	if (sp->n_threads == 0) {
		do_job(sp, &sp->gz, &sp->zout, &j);
		return;
	}
	pthread_mutex_lock(&sp->mu);
	while (sp->n == sp->cap) {
		pthread_cond_wait(&sp->not_full, &sp->mu);
	}
	sp->ring[(sp->head + sp->n) % sp->cap] = j;
	sp->n++;
	pthread_cond_signal(&sp->not_empty);
	pthread_mutex_unlock(&sp->mu);
}

int
spool_finish(spool *sp, ts_err *err)
{
	int rc;

	pthread_mutex_lock(&sp->mu);
	sp->closing = 1;
	pthread_cond_broadcast(&sp->not_empty);
	pthread_mutex_unlock(&sp->mu);
	for (int i = 0; i < sp->n_threads; i++) {
		xpthread_check(pthread_join(sp->threads[i], NULL),
		               "pthread_join");
	}
	if (sp->n_threads == 0) {
		deflateEnd(&sp->gz.z);
	}
	rc = sp->err.code;
	if (rc != TS_OK) {
		ts_fail(err, rc, "%s", sp->err.msg);
	}
	strbuf_free(&sp->zout);
	pthread_mutex_destroy(&sp->mu);
	pthread_cond_destroy(&sp->not_empty);
	pthread_cond_destroy(&sp->not_full);
	free(sp->ring);
	free(sp->threads);
	free(sp);
	return rc;
}

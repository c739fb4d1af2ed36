/* pipeline.c -- threads and ownership of `trailsift ingest`.
 *
 *   producer (main thread)      workers (o->jobs threads)    writer thread
 *   walk paths, open bundles -> [jobs queue] -> read, hash, -> [order] ->
 * SQLite assign each source a seq                   gunzip, parse
 *
 * The producer walks the paths in a fixed order and gives every source
 * -- file, standard input, archive member, and every path that could not
 * be read -- the next sequence number.  Plain files go to the workers as
 * paths; members of a bundle are read by the producer (libarchive streams
 * are sequential) and handed over as memory, except very large ones,
 * which the producer reads itself.  A stream (standard input, a named
 * pipe given) can be read once: the producer reads its head to tell a
 * bundle, and hands the head and the descriptor on.  Sources that need no
 * reading (a path that failed, a file outside the --since/--until window)
 * become a final batch on the spot.  The jobs queue holds at most 2x the
 * workers and JOB_BYTES of member data: the producer blocks there
 * (back-pressure).
 *
 * Workers turn a source into batches (reader.c) and put them into the
 * order buffer, which releases them to the writer strictly by sequence
 * number, as pigz's writer does.  So the index is the same whatever the
 * thread timing: the same event rows in the same order, the first copy
 * of a duplicated event always from the same file.  The order buffer
 * holds at most ORDER_BYTES of batches that are not next in line; a
 * worker whose batch is not next waits there, while the batch the writer
 * needs next is always let in, so nothing can deadlock.  The cost is
 * head-of-line waiting behind a slow source, bounded by those two limits.
 *
 * The raw blocks' zstd dictionary is trained on the first blocks the
 * writer stores, so that it too is the same whatever the timing; until
 * it is decided a worker compresses a block only once every source
 * before its own is stored (zblock.h: ztrainer), which serialises the
 * first 2 MiB of a run into a fresh index, and no more.
 *
 * The writer is the only thread that touches the read-write SQLite
 * connection.  It is the pipeline's bottleneck, so workers run at a
 * lower priority and leave it the CPU when cores are short.  The producer has
 * its own read-only connection to ask whether a file is already in the index
 * (re-runs are then cheap). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "filestamp.h"
#include "inflate.h"
#include "pipeline.h"
#include "queue.h"
#include "reader.h"
#include "walk.h"
#include "../index/index.h"
#include "../util/hset.h"
#include "../util/sha256.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

#define JOB_BYTES (64u << 20)      /* member bytes waiting for workers */
#define ORDER_BYTES (48u << 20)    /* batches waiting for their turn */
#define MEMBER_INLINE (32u << 20)  /* bigger members: producer reads */
#define WORKER_NICE 5              /* workers yield to the writer */
#define HEAD_MAX (64u << 10)       /* bytes looked at to find a bundle */
#define GROUP_FILES 16             /* small files handed over as one job */
#define GROUP_FILE_MAX (64u << 10) /* ... each of at most this size */
#define FILES_OPEN 256 /* of them opened ahead by the producer, at most */

/* A unit of work for a worker. */
struct job {
	struct srcinfo *src;     /* the source (handed on with its batches) */
	char *mem;               /* member bytes (owned), or NULL: open path */
	size_t len;              /* their length */
	int fd;                  /* a stream: mem is its head, fd the rest
	                          * (owned), or -1 */
	int file_fd;             /* a small file opened by the producer
	                          * (owned), or -1: open path */
	struct filestamp opened; /* file_fd's stamp when opened */
	struct job *more;        /* small files of the same group, in turn */
};

/* A stream's head, already read, then the rest from its descriptor. */
struct head_fd {
	struct bytesrc_mem head; /* the bytes read to find a bundle */
	struct bytesrc_fd rest;  /* where the others are */
};

/* The batches of one source not yet taken, in the order they came. */
struct order_slot {
	struct batch *head, *tail;
};

/* The in-order hand-off to the writer.  Batches wait in a ring of
 * slots, one per sequence number from `next` on, so that putting and
 * taking one costs the same however many wait: with a list searched
 * from its head, 180k small files (a year of an organization's 5-minute
 * deliveries) spent half the run's CPU time in the search. */
struct order {
	pthread_mutex_t mu;      /* guards the fields below */
	pthread_cond_t writer;   /* the writer waits for its next batch */
	pthread_cond_t room;     /* workers wait for room */
	struct order_slot *ring; /* slot of seq s: ring[s & (cap - 1)] */
	size_t cap;              /* slots, a power of two */
	size_t n_held;           /* batches not yet taken */
	size_t bytes;            /* their size */
	uint64_t next;           /* seq the writer needs next */
	int closed;              /* no more batches will come */
};

struct pipe {
	const struct ingest_opts *o; /* options */
	queue *jobs;                 /* producer -> workers */
	struct order ord;            /* workers -> writer */
	writer *w;                   /* the index writer */
	sqlite3 *ro;                 /* producer's read-only connection */
	sqlite3_stmt *known;         /* is a source already complete? */
	sqlite3_stmt *members;       /* ... and a bundle's members? */
	sqlite3_stmt *twice;         /* rows under a member's name */
	sqlite3_stmt *settled;       /* an incomplete row made good? */
	sqlite3_stmt *recaptured;    /* a snapshot stored at another time? */
	hset *names;                 /* member names of the file's bundle */
	reader *own;                 /* the producer's reader (big members) */
	ztrainer *zt;                /* the blocks' dictionary, shared */
	long signal_after;           /* test hook: SIGINT after so many
	                              * bundle members (0: none) */
	uint64_t seq;                /* next sequence number */
	struct job *group;           /* small files not yet handed over */
	struct job **group_tail;     /* where the next one goes */
	int n_group;                 /* how many */
	struct stat db_st[4];        /* the index and its side files */
	int n_db_st;
	_Atomic int fatal;            /* the writer failed */
	ts_err werr;                  /* its message */
	_Atomic uint64_t done;        /* sources stored */
	uint64_t known_count;         /* sources already complete: not read */
	uint64_t known_damaged;       /* ... of them partial (damaged) */
	uint64_t known_recaptured;    /* ... snapshots stored with another
	                               * capture time than --captured-at */
	uint64_t outside;             /* files skipped by their S3 path */
	char outside_of[160];         /* ... some accounts and regions of
	                               * them (see note_outside()) */
	_Atomic uint64_t total_files; /* pre-scan: files in the paths */
	_Atomic uint64_t total_bytes; /* pre-scan: their bytes */
	_Atomic int scanned;          /* pre-scan finished */
	_Atomic int files_open;       /* job.file_fd open now */
	_Atomic int stop_progress;    /* tells the progress thread to end */
	char **paths;                 /* what to walk */
	int n_paths;
};

static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t finish_signal; /* one during the end phase */

static void
on_signal(int sig)
{
	interrupted = sig;
	reader_interrupt();
	index_interrupt();
}

static void
on_finish_signal(int sig)
{
	finish_signal = sig;
}

/* SQLite's progress handler during the end phase: non-zero stops the
 * statement (an index build, the conflict sweep), which is undone. */
static int
finish_stop(void *arg)
{
	int *hook = arg;

	/* test hook: a Ctrl-C in the middle of the end phase */
	if (*hook) {
		*hook = 0;
		raise(SIGINT);
	}
	return finish_signal != 0;
}

/* --- the order buffer ------------------------------------------------- */

#define ORDER_SLOTS 16 /* initial ring size; it doubles as needed */

static void
order_init(struct order *q)
{
	memset(q, 0, sizeof(*q));
	q->next = 1; /* sequence numbers start at 1 */
	q->cap = ORDER_SLOTS;
	q->ring = xcalloc(q->cap, sizeof(*q->ring));
	xpthread_check(pthread_mutex_init(&q->mu, NULL), "mutex init");
	xpthread_check(pthread_cond_init(&q->writer, NULL), "cond init");
	xpthread_check(pthread_cond_init(&q->room, NULL), "cond init");
}

/* Make the ring hold the slot of seq; the slots of next.. move to
 * their places in the bigger ring. */
static void
order_grow(struct order *q, uint64_t seq)
{
	size_t cap = q->cap;
	struct order_slot *ring;

	while (seq - q->next >= cap) {
		cap *= 2;
	}
	ring = xcalloc(cap, sizeof(*ring));
	for (size_t i = 0; i < q->cap; i++) {
		uint64_t s = q->next + i;

		ring[s & (cap - 1)] = q->ring[s & (q->cap - 1)];
	}
	free(q->ring);
	q->ring = ring;
	q->cap = cap;
}

/* Is the writer's next batch in?  (q->mu held) */
static int
order_ready(const struct order *q)
{
	return q->ring[q->next & (q->cap - 1)].head != NULL;
}

/* Put b in its slot, waiting for room unless it is next.  (q->mu
 * held) */
static void
order_insert(struct order *q, struct batch *b)
{
	uint64_t seq = b->src->seq;
	struct order_slot *sl;

	while (seq != q->next && q->bytes + b->bytes > ORDER_BYTES &&
	       q->bytes > 0) {
		/* what came before b in a list may be what the writer
		 * waits for */
		if (order_ready(q)) {
			pthread_cond_signal(&q->writer);
		}
		pthread_cond_wait(&q->room, &q->mu);
	}
	if (seq < q->next) {
		/* a source's batches all come before its final one */
		fprintf(stderr,
		        "trailsift: batch of source %llu after its "
		        "end\n",
		        (unsigned long long)seq);
		abort();
	}
	if (seq - q->next >= q->cap) {
		order_grow(q, seq);
	}
	/* keep the parts of one source in the order they came */
	sl = &q->ring[seq & (q->cap - 1)];
	b->next = NULL;
	if (sl->tail) {
		sl->tail->next = b;
	} else {
		sl->head = b;
	}
	sl->tail = b;
	q->n_held++;
	q->bytes += b->bytes;
}

static void
order_put(void *ctx, struct batch *b)
{
	struct order *q = &((struct pipe *)ctx)->ord;

	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	order_insert(q, b);
	if (b->src->seq == q->next) {
		pthread_cond_signal(&q->writer);
	}
	pthread_mutex_unlock(&q->mu);
}

/* Batches linked by their next fields, in order, put at once: one lock
 * and at most one wake-up for a group of small files, where there were
 * two thread switches for each file. */
static void
order_put_list(struct order *q, struct batch *b)
{
	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	while (b != NULL) {
		struct batch *next = b->next;

		order_insert(q, b);
		b = next;
	}
	if (order_ready(q)) {
		pthread_cond_signal(&q->writer);
	}
	pthread_mutex_unlock(&q->mu);
}

/* The next batch in sequence; NULL once closed and drained, or with
 * *idle set after waiting wait_ms for it. */
static struct batch *
order_get(struct order *q, long wait_ms, int *idle)
{
	struct order_slot *sl;
	struct batch *b = NULL;
	struct timespec until = {0, 0};

	*idle = 0;
	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	for (;;) {
		sl = &q->ring[q->next & (q->cap - 1)];
		if ((b = sl->head) != NULL) {
			if ((sl->head = b->next) == NULL) {
				sl->tail = NULL;
			}
			break;
		}
		if (q->closed && q->n_held == 0) {
			break;
		}
		/* the deadline is found only when there is a wait: most
		 * calls find their batch there already */
		if (until.tv_sec == 0) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += wait_ms / 1000;
			until.tv_nsec += (wait_ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
		}
		if (pthread_cond_timedwait(&q->writer, &q->mu, &until) ==
		    ETIMEDOUT) {
			*idle = 1;
			break;
		}
	}
	if (b) {
		q->n_held--;
		q->bytes -= b->bytes;
		if (b->final) {
			q->next++; /* a source's final batch is its last */
		}
		pthread_cond_broadcast(&q->room);
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

static void
order_free(struct order *q)
{
	free(q->ring);
	q->ring = NULL;
}

static void
order_close(struct order *q)
{
	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	q->closed = 1;
	pthread_cond_broadcast(&q->writer);
	pthread_mutex_unlock(&q->mu);
}

/* --- threads ------------------------------------------------------------ */

static void *
writer_main(void *arg)
{
	struct pipe *p = arg;
	struct batch *b;
	int idle;

	while ((b = order_get(&p->ord, WRITER_IDLE_MS, &idle)) != NULL ||
	       idle) {
		if (b == NULL) {
			if (!atomic_load(&p->fatal) &&
			    writer_idle(p->w, &p->werr) != TS_OK) {
				atomic_store(&p->fatal, 1);
				ztrainer_end(p->zt);
			}
			continue;
		}
		if (atomic_load(&p->fatal)) {
			batch_free(b); /* drain so workers never block */
			continue;
		}
		if (b->final && b->src->top) {
			atomic_fetch_add(&p->done, 1);
		}
		if (writer_put(p->w, b, &p->werr) != TS_OK) {
			atomic_store(&p->fatal, 1);
			ztrainer_end(p->zt); /* nobody waits for it now */
		}
	}
	ztrainer_end(p->zt);
	return NULL;
}

static int
open_readonly(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);

	/* O_NOATIME keeps access times intact, but only for the owner */
	if (fd < 0 && errno == EPERM) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	return fd;
}

/* A file the walk found regular, opened read-only: `name` in the
 * directory open as dirfd, or `name` as a path for dirfd -1.  Between
 * the walk and this open it may have been replaced: a FIFO would keep a
 * blocking open(2) waiting for a writer for ever (and the first SIGTERM
 * with it), so it is opened O_NONBLOCK and fstat(2) says what it is now.
 * Returns the descriptor, blocking again, of a regular file, with its
 * stamp in *fs (unless NULL), to tell once it is read whether it changed
 * meanwhile; -1 with errno when it cannot be opened; -1 with *mode set
 * when it is no regular file any more (closed, never read). */
static int
open_walked(int dirfd, const char *name, mode_t *mode, struct filestamp *fs)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	struct stat st;
	int fd, fl;

	*mode = 0;
	fd = dirfd >= 0 ? openat(dirfd, name, flags | O_NOATIME)
	                : open(name, flags | O_NOATIME);
	/* O_NOATIME keeps access times intact, but only for the owner */
	if (fd < 0 && errno == EPERM) {
		fd = dirfd >= 0 ? openat(dirfd, name, flags)
		                : open(name, flags);
	}
	if (fd < 0) {
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		int e = errno;

		if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
			*mode = st.st_mode;
		}
		close(fd);
		errno = e;
		return -1;
	}
	if (fs != NULL) {
		filestamp_of(fs, &st);
	}
	return fd;
}

/* open_walked() failed: why, in err. */
static void
open_why(ts_err *err, mode_t mode, int e)
{
	if (mode == 0) {
		ts_fail(err, TS_FAIL, "cannot open: %s", strerror(e));
		return;
	}
	ts_fail(err, TS_FAIL,
	        "not a regular file any more (now a %s): replaced after it "
	        "was found, not read",
	        S_ISFIFO(mode)   ? "FIFO"
	        : S_ISDIR(mode)  ? "directory"
	        : S_ISSOCK(mode) ? "socket"
	                         : "device");
}

/* ... in s. */
static void
open_failed(struct srcinfo *s, mode_t mode, int e)
{
	ts_err err;

	ts_err_clear(&err);
	open_why(&err, mode, e);
	srcinfo_fail(s, "error", "%s", err.msg);
}

static ssize_t
head_fd_read(void *ctx, void *buf, size_t n, ts_err *err)
{
	struct head_fd *h = ctx;

	if (h->head.pos < h->head.len) {
		return bytesrc_mem_read(&h->head, buf, n, err);
	}
	return bytesrc_fd_read(&h->rest, buf, n, err);
}

/* A source read no further: the batch that stores its row as it is. */
static struct batch *
row_batch(struct srcinfo *s)
{
	struct batch *b = batch_new(s, !s->archive_end);

	b->final = 1;
	return b;
}

/* A worker's batches of one job (a group of small files), held back
 * and put in the order buffer at once when the job ends or they grow
 * large.  Never while the blocks' dictionary is being decided: a worker
 * may then wait for the writer to store the sources before its own
 * (ztrainer_offer), some of which it would be holding. */
#define HELD_BYTES (4u << 20)

struct held {
	struct pipe *p;
	struct batch *head, **tail;
	size_t bytes;
};

static void
held_flush(struct held *h)
{
	if (h->head != NULL) {
		order_put_list(&h->p->ord, h->head);
	}
	h->head = NULL;
	h->tail = &h->head;
	h->bytes = 0;
}

static void
held_put(void *ctx, struct batch *b)
{
	struct held *h = ctx;

	b->next = NULL;
	*h->tail = b;
	h->tail = &b->next;
	h->bytes += b->bytes;
	if (h->bytes >= HELD_BYTES ||
	    (h->p->zt != NULL && ztrainer_wanted(h->p->zt) > 0)) {
		held_flush(h);
	}
}

static void
run_job(struct held *h, reader *r, struct job *j)
{
	struct bytesrc_fd fsrc;
	struct bytesrc_mem msrc;
	struct head_fd hsrc;
	struct bytesrc in;
	struct filestamp stamp;
	mode_t mode = 0;

	if (j->fd >= 0) {
		/* a stream: no size to hold it to */
		hsrc = (struct head_fd){{j->mem, j->len, 0},
		                        {j->fd, 1, 0, 0, NULL}};
		in = (struct bytesrc){head_fd_read, &hsrc, NULL};
		reader_run(r, j->src, &in, held_put, h);
		close(j->fd);
		return;
	}
	if (j->mem != NULL) {
		msrc = (struct bytesrc_mem){j->mem, j->len, 0};
		in = (struct bytesrc){bytesrc_mem_read, &msrc, NULL};
		reader_run(r, j->src, &in, held_put, h);
		return;
	}
	if (j->file_fd >= 0) {
		stamp = j->opened;
	}
	fsrc = (struct bytesrc_fd){
	        j->file_fd >= 0 ? j->file_fd
	                        : open_walked(-1, j->src->path, &mode, &stamp),
	        0, 1, 0, &stamp};
	if (fsrc.fd < 0) {
		open_failed(j->src, mode, errno);
		held_put(h, row_batch(j->src));
		return;
	}
	in = (struct bytesrc){bytesrc_fd_read, &fsrc, bytesrc_fd_changed};
	reader_run(r, j->src, &in, held_put, h);
	close(fsrc.fd);
	if (j->file_fd >= 0) {
		atomic_fetch_sub(&h->p->files_open, 1);
	}
}

/* The single writer sets the pace: when cores are short, a worker
 * should wait rather than the writer.  Linux lets a thread lower its own
 * priority (nice applies per thread there).  On the 2-core bench, -j 2
 * took 6.9 s instead of 7.3 s (median of three). */
static void
yield_to_writer(void)
{
#if defined(__linux__) && defined(SYS_gettid)
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKER_NICE);
#endif
}

static void *
worker_main(void *arg)
{
	struct pipe *p = arg;
	reader *r = reader_new(p->o);
	struct job *j;

	reader_use_dict(r, p->zt);
	yield_to_writer();

	while ((j = queue_pop(p->jobs, NULL)) != NULL) {
		struct held h = {p, NULL, NULL, 0};

		h.tail = &h.head;
		while (j != NULL) {
			struct job *more = j->more;

			run_job(&h, r, j);
			free(j->mem);
			free(j);
			j = more;
		}
		held_flush(&h);
	}
	reader_free(r);
	return NULL;
}

/* --- the producer -------------------------------------------------------- */

/* Hand the small files gathered so far to the workers as one job.
 * The producer does so before anything of its own that can wait (a
 * job more, a row stored as it is, a member it reads itself): the
 * writer may be waiting for one of them, and a producer stuck with
 * them would wait for ever. */
static void
group_flush(struct pipe *p)
{
	if (p->group != NULL) {
		queue_push(p->jobs, p->group, 0);
		p->group = NULL;
		p->group_tail = &p->group;
		p->n_group = 0;
	}
}

/* The producer stores a source read no further, its row as it is;
 * small files gathered before it go first. */
static void
settle(struct pipe *p, struct srcinfo *s)
{
	group_flush(p);
	order_put(p, row_batch(s));
}

static struct srcinfo *
new_source(struct pipe *p, const char *path, const char *member)
{
	return srcinfo_new(p->seq++, path, member);
}

static int key_selected(const struct ingest_opts *o, const struct s3key *k);

/* Would this run leave a row as it is?  Read to the end under the same
 * filters, or skipped for good.  A file skipped by its S3 path is
 * complete if `name` is given and this run's filters skip it again (so a
 * bundle need not be read again for it); without a name it is not, and
 * costs only the check of its path. */
static int
row_complete(struct pipe *p, sqlite3_stmt *st, int col, const char *name)
{
	const char *status = (const char *)sqlite3_column_text(st, col);
	const char *kind = (const char *)sqlite3_column_text(st, col + 1);
	struct s3key key;

	if (ingest_source_complete(
	            p->o, status, sqlite3_column_int64(st, col + 2),
	            (const char *)sqlite3_column_text(st, col + 3))) {
		return 1;
	}
	if (strcmp(status, "skipped") != 0) {
		return 0;
	}
	if (strcmp(kind, "unknown") != 0) {
		return 1;
	}
	if (name == NULL) {
		return 0;
	}
	s3key_parse(name, &key);
	return !key_selected(p->o, &key);
}

/* A row under a member's name that is not complete for this run (read
 * under other filters, or skipped by them), but whose bytes a later row
 * under the name read whole: the same digest, or any for a row that
 * records no read (skipped by its S3 path, which the name gives: every
 * member under it was).  Then nothing of it is left to read.  So is a
 * failed read that another read of the same bytes failed the same way:
 * damaged input stays damaged, reading it again tells no more. */
static int
settled(struct pipe *p, int64_t id)
{
	sqlite3_stmt *st = p->settled;
	int yes;

	sqlite3_bind_int64(st, 1, id);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* Bind a lookup's path (?1) and its source.path_key (?3). */
static void
bind_path(sqlite3_stmt *st, const char *path)
{
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, index_path_key(path, strlen(path)));
}

/* Was the snapshot source of row `id` stored with a capture time other
 * than the --captured-at this run was given?  It is not read again (a
 * snapshot is stored once), so the run says its time was not applied. */
static int
recaptured(struct pipe *p, int64_t id)
{
	sqlite3_stmt *st = p->recaptured;
	int yes;

	if (st == NULL || p->o->captured_at == S3KEY_UNKNOWN) {
		return 0;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->o->captured_at);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* Step p->known to the latest row of path and member (NULL: the file
 * itself): 1 with the statement on that row (the caller resets it), 0
 * for none, -1 when there is no index to ask. */
static int
latest_row(struct pipe *p, const char *path, const char *member)
{
	sqlite3_stmt *st = p->known;

	if (st == NULL) {
		return -1;
	}
	bind_path(st, path);
	if (member) {
		sqlite3_bind_text(st, 2, member, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 2);
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		return 1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Is every member of the bundle at path (member: a bundle inside it, or
 * NULL) complete for this run?  Members read under other filters, or
 * skipped by filters this run does not have, make the bundle worth
 * reading again; members already complete are then passed over.  Of a
 * name the latest row says, but where one read of the bundle gave the
 * name two rows (two members under it, tar -r), an older row may be
 * the first member's, not a superseded one: every row says. */
static int
members_complete(struct pipe *p, const char *path, const char *member)
{
	sqlite3_stmt *st = p->members;
	char *prefix = srcinfo_member_prefix(member);
	size_t n = strlen(prefix);
	char *last = NULL;
	int yes = 1, older = 1; /* older rows of `last` all complete */
	int twice = 0;          /* two rows of `last` under one parent */
	int64_t *parents = NULL;
	size_t n_parents = 0, cap = 0;

	bind_path(st, path);
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
	while (yes && sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		int64_t parent = sqlite3_column_int64(st, 5);

		if (strncmp(m, prefix, n) != 0) {
			break; /* past this bundle's members */
		}
		if (last && strcmp(last, m) == 0) {
			/* an older row of the same member, or of another
			 * member under its name */
			older = older &&
			        (row_complete(p, st, 1, m) ||
			         settled(p, sqlite3_column_int64(st, 6)));
			for (size_t i = 0; i < n_parents && !twice; i++) {
				twice = parents[i] == parent;
			}
		} else {
			yes = !twice || older;
			if (!yes) {
				break;
			}
			free(last);
			last = xstrdup(m);
			yes = row_complete(p, st, 1, m);
			older = 1;
			twice = 0;
			n_parents = 0;
		}
		if (n_parents == cap) {
			cap = cap ? cap * 2 : 8;
			parents = xrealloc(parents, cap * sizeof(*parents));
		}
		parents[n_parents++] = parent;
	}
	yes = yes && (!twice || older);
	sqlite3_reset(st);
	free(parents);
	free(last);
	free(prefix);
	return yes;
}

/* Is column col of st's row the text t? */
static int
same_text(sqlite3_stmt *st, int col, const char *t)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL && strcmp(v, t) == 0;
}

/* Already complete in the index, unchanged?  Then nothing to do.  A
 * bundle is complete only when all its members are.  A member's name,
 * size and mtime say so only of a row under `under`, the row of its
 * bundle that this read goes on in (srcinfo.own_row; -1: a file, any
 * row): a row under another is of another version of the bundle, which
 * may have held other bytes under them.  *other (unless NULL) says
 * there is such a row, to be told from the member by its digest: with
 * `digest` (the member read whole and hashed), the row, under whatever
 * bundle row, must have that SHA-256 too. */
static int
known(struct pipe *p, const char *path, const char *member, int64_t size,
      int64_t mtime_ms, int64_t under, const char *digest, int *other)
{
	sqlite3_stmt *st = p->known;
	int yes = 0, is_bundle = 0, damaged = 0, elsewhere = 0;

	if (latest_row(p, path, member) == 1) {
		const char *status = (const char *)sqlite3_column_text(st, 2);

		is_bundle = strcmp((const char *)sqlite3_column_text(st, 3),
		                   "archive") == 0;
		elsewhere = under >= 0 && sqlite3_column_int64(st, 7) != under;
		/* a bundle's n_filtered sums all its member rows, some of
		 * them made good since (see settled()): its members say */
		yes = !elsewhere &&
		      (digest == NULL || same_text(st, 9, digest)) &&
		      sqlite3_column_int64(st, 0) == size &&
		      sqlite3_column_int64(st, 1) == mtime_ms &&
		      (is_bundle ? ingest_source_complete(p->o, status, 0, NULL)
		                 : row_complete(p, st, 2, NULL));
		damaged = strcmp((const char *)sqlite3_column_text(st, 2),
		                 "partial") == 0;
		if (yes && !is_bundle &&
		    strcmp((const char *)sqlite3_column_text(st, 3),
		           "snapshot") == 0) {
			p->known_recaptured +=
			        recaptured(p, sqlite3_column_int64(st, 8));
		}
		sqlite3_reset(st);
	}
	if (yes && is_bundle) {
		yes = members_complete(p, path, member);
	}
	p->known_count += yes;
	/* damaged input stays damaged: the run says so again */
	p->known_damaged += yes && damaged;
	if (other != NULL) {
		*other = elsewhere;
	}
	return yes;
}

/* Is `member` of the bundle at path the first of several members under
 * its name (a read of it gave the name two rows under one parent), and
 * not known for sure?  The latest row under the name is then the last
 * such member's, and tells nothing of the first: known() would take it
 * for the first's, and the writer reuse it for it (counting the other
 * member's events as the first's).  Not known for sure: a row under
 * the name is not complete (read under other filters, or cut off,
 * which leaves fewer bytes: of any size), and may be the first's.  *several
 * says whether a read gave the name two rows under one parent. */
static int
first_of_several(struct pipe *p, const char *path, const char *member,
                 int *several)
{
	sqlite3_stmt *st = p->twice;
	int twice = 0, stale = 0, first = 1;
	int64_t last = 0;

	*several = 0;
	if (st == NULL) {
		return 0;
	}
	bind_path(st, path);
	sqlite3_bind_text(st, 2, member, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t parent = sqlite3_column_int64(st, 0);

		twice |= !first && parent == last;
		first = 0;
		last = parent;
		/* any size: a row cut off has fewer bytes than the member
		 * it may be an earlier version of */
		if (!stale) {
			stale = !row_complete(p, st, 3, member) &&
			        !settled(p, sqlite3_column_int64(st, 7));
		}
	}
	sqlite3_reset(st);
	*several = twice;
	return twice && stale;
}

/* Does this run's --since/--until/--account/--region let a file with
 * this S3 key be read? */
static int
key_selected(const struct ingest_opts *o, const struct s3key *k)
{
	/* a path that contradicts itself says nothing for sure */
	return k->folder == S3K_NONE || k->mixed ||
	       (s3key_in_window(k, o->since, o->until) &&
	        ingest_listed(o->accounts, o->n_accounts, k->account) &&
	        (!k->region[0] ||
	         ingest_listed(o->regions, o->n_regions, k->region)));
}

/* Add `what` to the list of accounts and regions of files outside the
 * filters, for a run that matched nothing to show what it met instead
 * (a typo'd --region): the first few, then "...". */
static void
note_outside(struct pipe *p, const char *what)
{
	char *l = p->outside_of;
	size_t len = strlen(l), n = strlen(what);
	const char *at = l;

	if (what[0] == '\0') {
		return;
	}
	while ((at = strstr(at, what)) != NULL) {
		if ((at == l || at[-1] == ' ') &&
		    (at[n] == ',' || at[n] == '\0')) {
			return; /* listed */
		}
		at += n;
	}
	if (len >= 3 && strcmp(l + len - 3, "...") == 0) {
		return;
	}
	if (len + n + 2 + 5 >= sizeof(p->outside_of)) {
		snprintf(l + len, sizeof(p->outside_of) - len, "%s...",
		         len ? ", " : "");
		return;
	}
	snprintf(l + len, sizeof(p->outside_of) - len, "%s%s", len ? ", " : "",
	         what);
}

/* Outside the filters by its S3 path?  Then record it unread. */
static int
filtered_by_key(struct pipe *p, struct srcinfo *s)
{
	const struct ingest_opts *o = p->o;
	char when[TSTIME_MAX];

	if (key_selected(o, &s->key)) {
		return 0;
	}
	p->outside++;
	if (o->n_accounts > 0) {
		note_outside(p, s->key.account);
	}
	if (o->n_regions > 0) {
		note_outside(p, s->key.region);
	}
	if (!s3key_in_window(&s->key, o->since, o->until)) {
		tstime_format(s->key.delivered_ms != S3KEY_UNKNOWN
		                      ? s->key.delivered_ms
		                      : s->key.day_ms,
		              when);
		srcinfo_fail(s, "skipped",
		             "outside --since/--until (delivered %s)", when);
	} else if (!ingest_listed(o->accounts, o->n_accounts, s->key.account)) {
		srcinfo_fail(s, "skipped", "account %s not selected",
		             s->key.account);
	} else {
		srcinfo_fail(s, "skipped", "region %s not selected",
		             s->key.region);
	}
	settle(p, s);
	return 1;
}

static int
is_index_file(struct pipe *p, const struct stat *st)
{
	for (int i = 0; i < p->n_db_st; i++) {
		if (p->db_st[i].st_dev == st->st_dev &&
		    p->db_st[i].st_ino == st->st_ino) {
			return 1;
		}
	}
	return 0;
}

/* Names that are CloudTrail data files, never bundles: taken at their
 * word, so that the millions of files of an S3 export are opened once,
 * by a worker.  Anything else (x.gz, a name without an extension) is
 * looked into: a tar or zip is a bundle, gzip-compressed or not. */
static int
plain_name(const char *path)
{
	static const char *const ext[] = {".json.gz", ".json", ".jsonl",
	                                  ".jsonl.gz", ".log"};

	return name_has_ext(path, ext, sizeof(ext) / sizeof(ext[0]));
}

/* A directory was listed whole.  If an earlier run recorded it as not
 * read (permission denied, a broken link, a loop: kind unknown, status
 * error or skipped), that row is superseded, as a file's is when it is
 * read again: the writer reuses it for a row of kind directory, status
 * ok.  Its files have rows of their own. */
static void
dir_listed(struct pipe *p, const char *path)
{
	sqlite3_stmt *st = p->known;
	struct srcinfo *s;
	int stale = 0;

	if (latest_row(p, path, NULL) == 1) {
		stale = strcmp((const char *)sqlite3_column_text(st, 2),
		               "ok") != 0 &&
		        strcmp((const char *)sqlite3_column_text(st, 3),
		               "unknown") == 0;
		sqlite3_reset(st);
	}
	if (stale) {
		s = new_source(p, path, NULL);
		s->kind = "directory";
		settle(p, s);
	}
}

/* Did the last read of the file at path find that it changed while it
 * was read (filestamp.h)?  Its members' rows are then of bytes it may no
 * longer hold, whatever their names, sizes and mtimes say. */
static int
was_changed(struct pipe *p, const char *path)
{
	sqlite3_stmt *st = p->known;
	int yes = 0;

	if (latest_row(p, path, NULL) == 1) {
		yes = filestamp_row_changed(
		        (const char *)sqlite3_column_text(st, 2),
		        (const char *)sqlite3_column_text(st, 6));
		sqlite3_reset(st);
	}
	return yes;
}

/* The row of the index that a bundle read at path and member (NULL:
 * the file itself) goes on in: the latest row under the name, where it
 * has this size and mtime (the writer reuses it, writer.c: open_source);
 * 0 for none, where the writer gives the bundle a new row, or may. */
static int64_t
continued_row(struct pipe *p, const char *path, const char *member,
              int64_t size, int64_t mtime_ms)
{
	sqlite3_stmt *st = p->known;
	int64_t id = 0;

	if (latest_row(p, path, member) == 1) {
		if (sqlite3_column_int64(st, 0) == size &&
		    sqlite3_column_int64(st, 1) == mtime_ms) {
			id = sqlite3_column_int64(st, 8);
		}
		sqlite3_reset(st);
	}
	return id;
}

static int file_is_bundle(const char *path);
static void read_bundle(struct pipe *p, struct srcinfo *arch, bundle *outer);
static void stream(struct pipe *p, struct srcinfo *s, int fd);

static void
queue_job(struct pipe *p, struct srcinfo *s, int fd, char *mem, size_t len,
          const struct walk_entry *at)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->src = s;
	j->fd = fd;
	j->file_fd = -1;
	j->mem = mem;
	j->len = len;
	/* A year of 5-minute deliveries is mostly files of a few KiB:
	 * handed over one by one, the threads spent more time waking each
	 * other than reading them. */
	if (fd < 0 && mem == NULL && s->size >= 0 &&
	    s->size <= (int64_t)GROUP_FILE_MAX) {
		mode_t mode;

		/* opened from its directory, already open for the walk,
		 * where a worker's open(2) walked the whole path again
		 * (what is no regular file now, the worker says) */
		if (at != NULL && at->dirfd >= 0 &&
		    atomic_load(&p->files_open) < FILES_OPEN &&
		    (j->file_fd = open_walked(at->dirfd, at->name, &mode,
		                              &j->opened)) >= 0) {
			atomic_fetch_add(&p->files_open, 1);
		}
		*p->group_tail = j;
		p->group_tail = &j->more;
		if (++p->n_group == GROUP_FILES) {
			group_flush(p);
		}
		return;
	}
	group_flush(p);
	queue_push(p->jobs, j, len);
}

/* Has the index a row for file or directory `path`? */
static int
has_row(struct pipe *p, const char *path)
{
	if (latest_row(p, path, NULL) != 1) {
		return 0;
	}
	sqlite3_reset(p->known);
	return 1;
}

/* The name entry e goes by in the index: its path as walked (the
 * argument cleaned, see walk_clean_path), unless an index written
 * before paths were cleaned holds it under the spelling typed ("./d/x"
 * for "d/x") and not under the clean one; then that, so a rerun finds
 * its rows, and a changed file supersedes its row, as before. */
static const char *
indexed_spelling(struct pipe *p, const struct walk_entry *e)
{
	if (e->given != NULL && e->type != WALK_STDIN && !has_row(p, e->path) &&
	    has_row(p, e->given)) {
		return e->given;
	}
	return e->path;
}

static int
on_path(void *ctx, const struct walk_entry *e)
{
	struct pipe *p = ctx;
	const char *path = indexed_spelling(p, e);
	struct srcinfo *s;

	if (interrupted || atomic_load(&p->fatal)) {
		return 1;
	}
	if (e->type == WALK_FILE && is_index_file(p, &e->st)) {
		return 0; /* the index we are writing is not evidence */
	}
	if (e->type == WALK_DIR) {
		dir_listed(p, path);
		return 0;
	}
	if (e->type == WALK_FILE &&
	    known(p, path, NULL, e->st.st_size,
	          (int64_t)e->st.st_mtim.tv_sec * 1000 +
	                  e->st.st_mtim.tv_nsec / 1000000,
	          -1, NULL, NULL)) {
		return 0;
	}
	s = new_source(p, path, NULL);
	s->top = 1;
	s3key_parse(path, &s->key);
	if (e->type == WALK_FILE || e->type == WALK_SPECIAL) {
		s->size = e->st.st_size;
		s->mtime_ms = (int64_t)e->st.st_mtim.tv_sec * 1000 +
		              e->st.st_mtim.tv_nsec / 1000000;
	}
	switch (e->type) {
	case WALK_ERROR:
		srcinfo_fail(s, "error", "%s", e->error);
		settle(p, s);
		return 0;
	case WALK_SPECIAL:
		s->size = -1;
		if (e->top && S_ISFIFO(e->st.st_mode)) {
			s->mtime_ms = -1;
			stream(p, s, open_readonly(path));
			return 0;
		}
		srcinfo_fail(s, "skipped", "%s", e->error);
		settle(p, s);
		return 0;
	case WALK_STDIN:
		stream(p, s, fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0));
		return 0;
	case WALK_FILE:
	case WALK_DIR:
		break;
	}
	/* A bundle is no delivery: its own path says nothing of what it
	 * holds (an export of 2024 logs put in a folder of 2023), so its
	 * members are filtered by theirs, never it by its own. */
	if (!plain_name(path) && file_is_bundle(path)) {
		s->kind = "archive";
		read_bundle(p, s, NULL);
		return 0;
	}
	if (filtered_by_key(p, s)) {
		return 0;
	}
	queue_job(p, s, -1, NULL, 0, e);
	return 0;
}

/* Read from fd until buf holds `want` bytes or the data ends (a pipe
 * hands out what it has).  The count, or -1 with errno; Ctrl-C after
 * some bytes gives their count (a stream's are not given again: the
 * reader keeps their records and says it was cut). */
static ssize_t
read_full(int fd, char *buf, size_t want, int stream)
{
	size_t got = 0;
	ssize_t k = 1;

	while (got < want && k > 0) {
		k = reader_read_fd(fd, buf + got, want - got, stream);
		if (k < 0) {
			return got > 0 && reader_interrupted() ? (ssize_t)got
			                                       : -1;
		} else {
			got += (size_t)k;
		}
	}
	return (ssize_t)got;
}

/* The first bytes of a file or stream, as many as bundle_probe() needs
 * to tell: 512, or HEAD_MAX when they begin a gzip stream (its
 * decompressed start is looked at).  The count, or -1 with errno. */
static ssize_t
read_head(int fd, char *buf, int stream)
{
	ssize_t n = read_full(fd, buf, 512, stream), k;

	if (n == 512 && inflate_is_gzip(buf, (size_t)n)) {
		if ((k = read_full(fd, buf + n, HEAD_MAX - 512, stream)) < 0) {
			return reader_interrupted() ? n : -1;
		}
		n += k;
	}
	return n;
}

static int
file_is_bundle(const char *path)
{
	char *head;
	ssize_t n = 0;
	int fd, yes;
	mode_t mode;

	if (bundle_probe(path, "", 0)) {
		return 1; /* its name says so: no need to open it */
	}
	head = xmalloc(HEAD_MAX);
	fd = open_walked(-1, path, &mode, NULL);
	if (fd >= 0) {
		n = read_head(fd, head, 0);
		close(fd);
	}
	yes = bundle_probe(path, head, n > 0 ? (size_t)n : 0);
	free(head);
	return yes;
}

/* A member passed over as known whose name has several rows under
 * one bundle row: the writer is told, so that it takes the member's
 * row (the n-th under the name for the n-th member, writer.c:
 * member_row) and no later member under the name takes it.  Without
 * that, the next member under the name took the first's row: a nested
 * bundle, whose row is reused and rewritten, then put its digest and
 * its members' rows in the first's row. */
static void
passed_over(struct pipe *p, const struct srcinfo *parent, const char *name,
            int64_t size, int64_t mtime_ms)
{
	struct srcinfo *s = new_source(p, parent->path, name);

	s->parent_seq = parent->parent_seq;
	s->passed = 1;
	s->size = size;
	s->mtime_ms = mtime_ms;
	settle(p, s);
}

/* One member of a bundle: skip, nest, hand over, or read here.
 * `parent` is the bundle's closing record: its parent_seq is the
 * bundle's seq and its path the file the bundle lives in; `names` holds
 * the names of its members so far. */
static void
member(struct pipe *p, const struct srcinfo *parent, bundle *bd,
       const struct bundle_member *m, const char *prefix, hset *names)
{
	char *name = srcinfo_member_name(prefix, m->name);
	int64_t size = m->regular ? m->size : -1; /* a link is no file */
	/* a member of a bundle that is itself a repeated member shares
	 * its names with the earlier bundle's members; the first of several
	 * under a name is read as the others are where it may be unread */
	int again = hset_add(names, batch_hash(name, strlen(name))) ||
	            parent->repeated;
	int several = 0;
	int unsure = !again && !parent->stream &&
	             first_of_several(p, parent->path, name, &several);
	/* the first of several under a name, passed over as known (or
	 * taken as the same by its digest), keeps its row under the
	 * bundle's earlier row while the others get rows under a new one:
	 * the next read, the n-th member under the name taking the n-th
	 * row under it (writer.c: member_row), the first took the second's
	 * and the last one a row more.  Under a new row it gets one too */
	int repeated = again || unsure || (several && parent->fresh);
	int other = 0; /* the latest row under the name is not own_row's */
	struct srcinfo *s;
	ts_err err;

	ts_err_clear(&err);
	/* a member's own mtime says nothing when its bundle came from a
	 * stream: another stream has the same path; and the row found for
	 * a name met before in this bundle (tar -r appends a file's new
	 * version under its name) is the earlier member's, even where
	 * size and mtime agree: the writer finds its own among the rows
	 * of its bundle (writer.c: member_row); nor do name, size and
	 * mtime say anything of a row under another row of the bundle
	 * than the one this read goes on in (own_row: none where the
	 * bundle changed): that row is of an earlier version of the
	 * bundle, whose member under the name may have held other bytes.
	 * Only the digest tells (`other`: reread, and known() by its digest
	 * below) */
	if (m->is_dir) {
		free(name);
		return;
	}
	if (!parent->stream && !repeated &&
	    known(p, parent->path, name, size, m->mtime_ms, parent->own_row,
	          NULL, &other)) {
		if (several) {
			passed_over(p, parent, name, size, m->mtime_ms);
		}
		free(name);
		return;
	}
	s = new_source(p, parent->path, name);
	s->parent_seq = parent->parent_seq;
	s->stream = parent->stream;
	s->repeated = repeated;
	s->unsure = unsure;
	s->reread = parent->reread || other;
	s->size = size;
	s->mtime_ms = m->mtime_ms;
	s3key_parse(name, &s->key);
	free(name);
	/* Skipped for good (a kind other than "unknown"), so that the
	 * bundle is complete without them. */
	if (!m->regular && m->link) {
		s->kind = "link";
		srcinfo_fail(s, "skipped", "%s link to %s",
		             m->hardlink ? "hard" : "symbolic", m->link);
		settle(p, s);
		return;
	}
	if (!m->regular) {
		s->kind = "not-cloudtrail";
		srcinfo_fail(s, "skipped",
		             "not a regular file inside the bundle (a device, "
		             "FIFO or socket)");
		settle(p, s);
		return;
	}
	/* a bundle inside: filtered by its members' paths (see on_path) */
	if (!plain_name(s->member) && bundle_probe(s->member, "", 0)) {
		s->kind = "archive";
		if (!parent->fresh && !s->stream && !s->repeated &&
		    !s->reread) {
			s->own_row = continued_row(p, s->path, s->member,
			                           s->size, s->mtime_ms);
		}
		s->fresh = s->own_row == 0;
		read_bundle(p, s, bd);
		return;
	}
	if (filtered_by_key(p, s)) {
		return;
	}
	if (m->size >= 0 && m->size <= (int64_t)MEMBER_INLINE) {
		char *mem = xmalloc((size_t)m->size + 1);
		size_t got = 0;
		ssize_t k;

		/* Read to the member's end, not just to its size: libarchive
		 * checks a stored zip member's CRC-32 only when asked for
		 * more.  The spare byte catches a member longer than said. */
		while ((k = bundle_read(bd, mem + got,
		                        (size_t)m->size + 1 - got, &err)) > 0) {
			got += (size_t)k;
			if (got > (size_t)m->size) {
				ts_fail(&err, TS_FAIL,
				        "more bytes than the %lld its header "
				        "gives",
				        (long long)m->size);
				k = -1;
				break;
			}
		}
		/* a repeated member's size and time do not tell its row
		 * from another member's under the name: where a read
		 * stopped before it, the one before it, passed over as
		 * known, left its row untaken (writer.c: member_row) */
		if ((s->repeated || s->reread) && got == (size_t)m->size) {
			uint8_t d[32];

			sha256(mem, got, d);
			sha256_hex(d, s->digest);
		}
		if (k < 0) {
			/* every byte came, only its check failed: their
			 * digest is what the member holds */
			if (got == (size_t)m->size) {
				uint8_t d[32];

				sha256(mem, got, d);
				sha256_hex(d, s->sha256);
			}
			/* where in the member (pump() says it too) */
			srcinfo_fail(s, "error",
			             "%s at offset %zu of the member", err.msg,
			             got);
			s->cut = reader_interrupted();
			free(mem);
			settle(p, s);
			return;
		}
		/* a reread member (its name, size and mtime do not tell)
		 * that is the bytes of the latest row under its name,
		 * complete for this run, is passed over as known, not
		 * parsed again: the writer, given it, would take that row
		 * for it and store nothing (writer.c: open_source).  That
		 * is what a changed bundle costs: each member with a row
		 * of an earlier version of the bundle is read and hashed,
		 * where its name, size and mtime passed it over unread
		 * (and its new bytes, if any, were never indexed).  A tar
		 * of 200 members (36 MB of .json.gz), rewritten with the
		 * same members: about 0.07 s to ingest again instead of
		 * 0.045 s; parsed again as well, 0.4 s.  A member too big
		 * to read into memory has no digest: it is parsed again,
		 * into a row of its own, its events duplicates. */
		if (s->reread && !s->repeated && !several && s->digest[0] &&
		    known(p, s->path, s->member, s->size, s->mtime_ms, -1,
		          s->digest, NULL)) {
			free(mem);
			s->passed = 1; /* the writer takes the row it found */
			settle(p, s);
			return;
		}
		queue_job(p, s, -1, mem, got, NULL);
		return;
	}
	/* Large or of unknown size: stream it on this thread. */
	struct bytesrc in = {bundle_read, bd, NULL};
	reader_run(p->own, s, &in, order_put, p);
}

/* Read a bundle: its row first, its members, then its closing row.
 * bd is the bundle opened (NULL: open_err says why it could not be);
 * nested: it is a member of another. */
static void
read_opened(struct pipe *p, struct srcinfo *arch, bundle *bd, int nested,
            const ts_err *open_err)
{
	struct srcinfo *end;
	struct bundle_member m;
	ts_err err;
	char *prefix;
	int rc = 0;

	ts_err_clear(&err);
	/* The bundle's own row goes first as a final batch, so the order
	 * moves on; the writer leaves it "ingesting" until `end` arrives. */
	end = srcinfo_new(0, arch->path, arch->member);
	end->archive_end = 1;
	end->parent_seq = arch->seq;
	end->kind = "archive";
	/* a nested bundle is as big as its member; a file bundle's size is
	 * what bundle_close() read */
	end->size = arch->size;
	end->stream = arch->stream;
	end->repeated = arch->repeated;
	end->reread = arch->reread;
	end->fresh = arch->fresh;
	end->own_row = arch->own_row;
	end->top = arch->top;
	arch->top = 0;
	settle(p, arch);
	if (bd != NULL) {
		/* one set for a bundle and the bundles in it; a member
		 * named "b.tar!/x" is "b.tar!!/x", not member x of member
		 * b.tar (see srcinfo_member_name): a name met twice is a
		 * member repeated in its bundle, or one of a bundle so
		 * repeated */
		hset own = {NULL, 0, 0};
		hset *names = nested ? p->names : &own;

		p->names = names;

		prefix = srcinfo_member_prefix(end->member);
		while (!interrupted && (rc = bundle_next(bd, &m, &err)) == 1) {
			member(p, end, bd, &m, prefix, names);
			/* Test hook: a Ctrl-C after the Nth member. */
			if (p->signal_after > 0 && --p->signal_after == 0) {
				raise(SIGINT);
			}
		}
		if (!nested) {
			hset_free(&own);
			p->names = NULL;
		}
		free(prefix);
		if (interrupted) {
			end->cut = 1;
			srcinfo_fail(end, "error",
			             "interrupted before the end");
		} else if (rc < 0) {
			/* partial when something came out of it */
			srcinfo_fail(end,
			             bundle_members(bd) > 0 ? "partial"
			                                    : "error",
			             "%s", err.msg);
		}
		/* A bundle the user stopped is not damaged: its gzip
		 * stream did not reach its check, and its members read
		 * whole stay ok (marked unverified, the next run took them
		 * as damaged for good and never read them again). */
		end->unverified = !end->cut && !bundle_verified(bd);
		end->format = bundle_format(bd);
		end->compression = bundle_filter(bd);
		ts_err_clear(&err);
		/* A nested bundle is hashed by reading the rest of its
		 * member, which fails where its outer bundle is damaged:
		 * its own damage, said already, stays what its row says.
		 * One the user stopped is not hashed: its row keeps the
		 * size the walk found, so that the next run knows it for
		 * the same file and goes on in its row (with the bytes
		 * read so far as its size, it took it for another file and
		 * left a row "interrupted" beside the finished one). */
		rc = bundle_close(bd, end->cut ? NULL : end->sha256,
		                  nested || end->cut ? NULL : &end->size, &err);
		if (rc == TS_WARN) {
			/* the file changed while it was read */
			srcinfo_changed(end, err.msg);
		} else if (rc != TS_OK && end->error == NULL) {
			srcinfo_fail(end, "error", "%s", err.msg);
		}
	} else {
		srcinfo_fail(end, "error", "%s", open_err->msg);
	}
	end->seq = p->seq++;
	settle(p, end);
}

static void
read_bundle(struct pipe *p, struct srcinfo *arch, bundle *outer)
{
	ts_err err;
	bundle *bd;

	/* reading it may take a while, and its members are not gathered:
	 * none is left waiting meanwhile */
	group_flush(p);
	ts_err_clear(&err);
	if (outer != NULL) {
		bd = bundle_open_nested(outer, &err);
	} else {
		/* opened as any walked file: not a FIFO put in its place */
		mode_t mode;
		struct filestamp stamp;
		int fd = open_walked(-1, arch->path, &mode, &stamp);

		arch->reread = was_changed(p, arch->path);
		if (!arch->reread && !arch->stream) {
			arch->own_row =
			        continued_row(p, arch->path, NULL, arch->size,
			                      arch->mtime_ms);
		}
		arch->fresh = arch->own_row == 0;
		if (fd < 0) {
			open_why(&err, mode, errno);
			bd = NULL;
		} else {
			bd = bundle_open_fd(fd, arch->path, &stamp, &err);
		}
	}
	read_opened(p, arch, bd, outer != NULL, &err);
}

/* Standard input, or a named pipe given as an argument, on fd (owned;
 * -1 with errno when it could not be opened).  It can be read only
 * once, so its head is read here to tell a bundle, and handed on with
 * the rest: to the bundle reader, or to a worker. */
static void
stream(struct pipe *p, struct srcinfo *s, int fd)
{
	char *head;
	ssize_t n;
	ts_err err;

	group_flush(p); /* a pipe can keep us waiting as long as it likes */
	s->stream = 1;
	if (fd < 0) {
		srcinfo_fail(s, "error", "cannot open: %s", strerror(errno));
		/* a FIFO with no writer yet, left by Ctrl-C: said once */
		s->cut = reader_interrupted();
		settle(p, s);
		return;
	}
	head = xmalloc(HEAD_MAX);
	if ((n = read_head(fd, head, 1)) < 0) {
		ts_err_clear(&err);
		reader_read_failed(&err);
		srcinfo_fail(s, "error", "%s", err.msg);
		s->cut = reader_interrupted();
		settle(p, s);
		close(fd);
		free(head);
		return;
	}
	if (!bundle_probe(s->path, head, (size_t)n)) {
		queue_job(p, s, fd, head, (size_t)n, NULL);
		return;
	}
	s->kind = "archive";
	ts_err_clear(&err);
	read_opened(p, s,
	            bundle_open_stream(fd, s->path, head, (size_t)n, &err), 0,
	            &err);
	free(head);
}

/* --- progress ------------------------------------------------------------- */

static int
count_path(void *ctx, const struct walk_entry *e)
{
	struct pipe *p = ctx;

	if (e->type == WALK_FILE) {
		atomic_fetch_add(&p->total_files, 1);
		atomic_fetch_add(&p->total_bytes, (uint64_t)e->st.st_size);
	}
	return atomic_load(&p->stop_progress);
}

static void
draw(struct pipe *p, int64_t t0)
{
	double el = (double)(tstime_mono_ms() - t0) / 1000.0;
	uint64_t bytes = reader_bytes_total();
	double mbs = el > 0 ? (double)bytes / 1e6 / el : 0;
	char elapsed[32], eta[48] = "";

	tstime_hms(el, elapsed, sizeof(elapsed));
	if (atomic_load(&p->scanned) && bytes > 0 && el > 1) {
		uint64_t tb = atomic_load(&p->total_bytes);
		double left =
		        tb > bytes ? (double)(tb - bytes) / (bytes / el) : 0;

		snprintf(eta, sizeof(eta), "  ETA ");
		tstime_hms(left, eta + 6, sizeof(eta) - 6);
	}
	ts_status("trailsift: files %llu/%s%llu  events %llu  "
	          "%.1f MB/s in  %s%s",
	          (unsigned long long)atomic_load(&p->done),
	          atomic_load(&p->scanned) ? "" : "~",
	          (unsigned long long)atomic_load(&p->total_files),
	          (unsigned long long)atomic_load(&writer_stats(p->w)->events),
	          mbs, elapsed, eta);
}

static void *
progress_main(void *arg)
{
	struct pipe *p = arg;
	int64_t t0 = tstime_mono_ms();

	walk_run(p->paths, p->n_paths, count_path, p);
	atomic_store(&p->scanned, 1);
	while (!atomic_load(&p->stop_progress)) {
		draw(p, t0);
		usleep(250000);
	}
	ts_status_clear();
	return NULL;
}

/* --- run ------------------------------------------------------------------ */

static void
note_index_files(struct pipe *p, const char *db)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char path[4096];

	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s%s", db, sfx[i]);
		if (stat(path, &p->db_st[p->n_db_st]) == 0) {
			p->n_db_st++;
		}
	}
}

static void
open_lookup(struct pipe *p)
{
	if (sqlite3_open_v2(p->o->db, &p->ro, SQLITE_OPEN_READONLY, NULL) !=
	            SQLITE_OK ||
	    sqlite3_prepare_v2(
	            p->ro,
	            "SELECT coalesce(size, -1), coalesce(mtime, -1), "
	            "status, kind, n_filtered, filters, error, parent_id, "
	            "id, sha256 FROM source "
	            "WHERE path_key=?3 AND path=?1 AND member IS ?2 "
	            "ORDER BY id DESC LIMIT 1",
	            -1, &p->known, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(p->ro,
	                       "SELECT member, status, kind, n_filtered, "
	                       "filters, parent_id, id FROM source WHERE "
	                       "path_key=?3 AND path=?1 AND member >= ?2 "
	                       "ORDER BY member, id DESC",
	                       -1, &p->members, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(p->ro,
	                       "SELECT parent_id, coalesce(size, -1), "
	                       "coalesce(mtime, -1), status, kind, n_filtered, "
	                       "filters, id FROM source WHERE "
	                       "path_key=?3 AND path=?1 AND "
	                       "member=?2 ORDER BY parent_id",
	                       -1, &p->twice, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
	            p->ro,
	            "SELECT 1 FROM source AS s, source AS l WHERE s.id = ?1 "
	            "AND l.path_key = s.path_key AND l.path = s.path AND "
	            "l.member = s.member AND ((l.id > "
	            "s.id AND l.status IN ('ok', 'partial') AND l.n_filtered = "
	            "0 AND l.sha256 IS NOT NULL AND (l.sha256 = s.sha256 OR "
	            "(s.sha256 IS NULL AND s.kind = 'unknown'))) OR (l.id <> "
	            "s.id AND s.status = 'error' AND l.status = 'error' AND "
	            "l.sha256 = s.sha256 AND l.error IS s.error)) LIMIT 1",
	            -1, &p->settled, NULL) != SQLITE_OK) {
		/* without them, re-runs read files again: slower, not wrong */
		sqlite3_finalize(p->known);
		sqlite3_finalize(p->members);
		sqlite3_finalize(p->twice);
		sqlite3_finalize(p->settled);
		p->known = p->members = p->twice = p->settled = NULL;
		return;
	}
	/* without it, nothing is said of --captured-at not applied */
	if (sqlite3_prepare_v2(p->ro,
	                       "SELECT 1 FROM snapshot WHERE source_id = ?1 "
	                       "AND captured_ms IS NOT ?2 LIMIT 1",
	                       -1, &p->recaptured, NULL) != SQLITE_OK) {
		p->recaptured = NULL;
	}
}

/* The blocks' dictionary trainer (see zblock.h).  Test hook:
 * TRAILSIFT_ZDICT_SAMPLES=N trains on N bytes, so that small inputs get
 * a dictionary; "never" compresses without one. */
static ztrainer *
new_trainer(const writer *w, int level)
{
	const char *hook = getenv("TRAILSIFT_ZDICT_SAMPLES");

	if (hook && strcmp(hook, "never") == 0) {
		return NULL;
	}
	return ztrainer_new(writer_dict(w), level,
	                    hook ? strtoull(hook, NULL, 10) : 0);
}

int
pipeline_run(const struct ingest_opts *o, char **paths, int n_paths,
             struct pipeline_result *res, ts_err *err)
{
	struct pipe p;
	pthread_t *workers, wt, pt;
	struct sigaction sa, old_int, old_term;
	int64_t t0 = tstime_mono_ms();
	int rc = TS_OK;

	memset(&p, 0, sizeof(p));
	memset(res, 0, sizeof(*res));
	p.o = o;
	p.seq = 1; /* 0 means "no parent" in srcinfo.parent_seq */
	p.paths = paths;
	p.n_paths = n_paths;
	if ((p.w = writer_open(o, err)) == NULL) {
		return TS_FATAL;
	}
	note_index_files(&p, o->db);
	open_lookup(&p);
	p.zt = new_trainer(p.w, o->zlevel);
	if (getenv("TRAILSIFT_SIGNAL_AFTER_MEMBERS")) {
		p.signal_after = atol(getenv("TRAILSIFT_SIGNAL_AFTER_MEMBERS"));
	}
	if (writer_use_trainer(p.w, p.zt, err) != TS_OK) {
		sqlite3_finalize(p.known);
		sqlite3_finalize(p.members);
		sqlite3_finalize(p.twice);
		sqlite3_finalize(p.settled);
		sqlite3_finalize(p.recaptured);
		sqlite3_close(p.ro);
		writer_close(p.w, "failed", NULL);
		ztrainer_free(p.zt);
		return TS_FATAL;
	}
	ts_err_clear(&p.werr);
	p.jobs = queue_new((size_t)o->jobs * 2, JOB_BYTES);
	p.own = reader_new(o);
	reader_use_dict(p.own, p.zt);
	order_init(&p.ord);
	p.group_tail = &p.group;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* a second Ctrl-C kills, should stopping take too long */
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	workers = xcalloc((size_t)o->jobs, sizeof(pthread_t));
	xpthread_check(pthread_create(&wt, NULL, writer_main, &p), "thread");
	for (int i = 0; i < o->jobs; i++) {
		xpthread_check(
		        pthread_create(&workers[i], NULL, worker_main, &p),
		        "thread");
	}
	if (o->progress) {
		xpthread_check(pthread_create(&pt, NULL, progress_main, &p),
		               "thread");
	}
	walk_run_flags(paths, n_paths, WALK_DIRS, on_path, &p);
	group_flush(&p);
	queue_close(p.jobs);
	for (int i = 0; i < o->jobs; i++) {
		pthread_join(workers[i], NULL);
	}
	order_close(&p.ord);
	pthread_join(wt, NULL);
	order_free(&p.ord);
	if (o->progress) {
		atomic_store(&p.stop_progress, 1);
		pthread_join(pt, NULL);
	}
	res->interrupted = interrupted != 0;
	if (!atomic_load(&p.fatal)) {
		/* read once: the handler runs every 1000 SQLite steps */
		int hook = getenv("TRAILSIFT_SIGNAL_IN_FINISH") != NULL;

		/* Building the indexes takes a while on large loads: a
		 * Ctrl-C then stops it, undone, with the same message as
		 * one during the load (it killed without a word); a second
		 * one kills. */
		sa.sa_handler = on_finish_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		writer_progress(p.w, finish_stop, &hook);
		if (o->progress) {
			ts_status(
			        "trailsift: %llu events stored; "
			        "building the indexes ...",
			        (unsigned long long)writer_stats(p.w)->events);
		}
		if (finish_signal || writer_finish(p.w, &p.werr) != TS_OK) {
			if (finish_signal) {
				res->interrupted = 1;
			} else {
				atomic_store(&p.fatal, 1);
			}
		}
		/* folding the log at the close is not to be stopped */
		writer_progress(p.w, NULL, NULL);
		ts_status_clear();
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	res->st = *writer_stats(p.w);
	res->st.sources_known += p.known_count;
	res->st.sources_known_damaged = p.known_damaged;
	res->st.sources_known_recaptured = p.known_recaptured;
	res->outside = p.outside;
	memcpy(res->outside_of, p.outside_of, sizeof(res->outside_of));
	res->bytes = reader_bytes_total();
	if (atomic_load(&p.fatal)) {
		*err = p.werr;
		rc = TS_FATAL;
	}
	sqlite3_finalize(p.known);
	sqlite3_finalize(p.members);
	sqlite3_finalize(p.twice);
	sqlite3_finalize(p.settled);
	sqlite3_finalize(p.recaptured);
	sqlite3_close(p.ro);
	if (writer_close(p.w,
	                 rc != TS_OK              ? "failed"
	                 : res->interrupted       ? "interrupted"
	                 : res->st.sources_failed ? "partial"
	                                          : "ok",
	                 rc == TS_OK ? err : NULL) != TS_OK) {
		rc = TS_FATAL;
	}
	res->seconds = (double)(tstime_mono_ms() - t0) / 1000.0;
	ztrainer_free(p.zt); /* after the writer: its blocks point here */
	reader_free(p.own);
	queue_free(p.jobs);
	free(workers);
	return rc;
}

/* --- synchronous ingest into an open index ------------------------------ */

struct into {
	writer *w;    /* the writer on the caller's index */
	reader *r;    /* one reader, on this thread */
	uint64_t seq; /* next sequence number */
	int fatal;    /* the index failed */
	ts_err *err;  /* where that is told */
};

static void
into_emit(void *ctx, struct batch *b)
{
	struct into *in = ctx;

	if (in->fatal) {
		batch_free(b);
	} else if (writer_put(in->w, b, in->err) != TS_OK) {
		in->fatal = 1;
	}
}

static int
into_path(void *ctx, const struct walk_entry *e)
{
	struct into *in = ctx;
	struct srcinfo *s = srcinfo_new(in->seq++, e->path, NULL);
	struct filestamp stamp;
	struct bytesrc_fd fsrc = {-1, 0, 0, 0, &stamp};
	struct bytesrc src = {bytesrc_fd_read, &fsrc, bytesrc_fd_changed};
	mode_t mode = 0;

	s3key_parse(e->path, &s->key);
	if (e->type != WALK_FILE ||
	    (fsrc.fd = open_walked(-1, e->path, &mode, &stamp)) < 0) {
		struct batch *b = batch_new(s, 1);

		if (e->error != NULL) {
			srcinfo_fail(s, "error", "%s", e->error);
		} else {
			open_failed(s, mode, errno);
		}
		b->final = 1;
		into_emit(in, b);
		return in->fatal;
	}
	s->size = e->st.st_size;
	s->mtime_ms = (int64_t)e->st.st_mtim.tv_sec * 1000 +
	              e->st.st_mtim.tv_nsec / 1000000;
	reader_run(in->r, s, &src, into_emit, in);
	close(fsrc.fd);
	return in->fatal;
}

int
pipeline_ingest_into(sqlite3 *db, char **paths, int n_paths,
                     struct writer_stats *res, ts_err *err)
{
	struct ingest_opts o;
	struct into in;
	int rc;

	memset(&o, 0, sizeof(o));
	o.db = ":memory:";
	o.jobs = 1;
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.max_record = INGEST_MAX_RECORD;
	memset(&in, 0, sizeof(in));
	in.seq = 1;
	in.err = err;
	if ((in.w = writer_open_db(db, &o, err)) == NULL) {
		return TS_FATAL;
	}
	in.r = reader_new(&o);
	walk_run(paths, n_paths, into_path, &in);
	reader_free(in.r);
	if (!in.fatal && writer_finish(in.w, err) != TS_OK) {
		in.fatal = 1;
	}
	if (res) {
		*res = *writer_stats(in.w);
	}
	rc = writer_close(in.w, in.fatal ? "failed" : "ok",
	                  in.fatal ? NULL : err);
	return in.fatal ? TS_FATAL : rc;
}

/* reader.h -- one source (file, standard input or archive member) in,
 * batches for the index writer out.
 *
 * A worker owns one reader and calls reader_run() for each source it is
 * given.  The reader pulls the bytes as found from a `bytesrc`, hashes
 * them (SHA-256), decompresses gzip, sniffs the kind, splits the stream
 * into records, parses each record, applies the filters, and builds
 * batches: event rows, raw records compressed in blocks, rejected records
 * and documents.  It hands each batch to `emit` as soon as it is full
 * and the final one at the end; nothing is returned and nothing fails:
 * every problem becomes the source's status and error text, so a bad
 * file never stops the run. */
#ifndef TS_READER_H
#define TS_READER_H

#include <stddef.h>
#include <sys/types.h>

#include "batch.h"
#include "filestamp.h"
#include "ingest.h"
#include "../util/err.h"

/* A pull source of raw bytes. */
struct bytesrc {
	/* Up to n bytes into buf: count, 0 at the end, -1 on error with a
	 * message in err. */
	ssize_t (*read)(void *ctx, void *buf, size_t n, ts_err *err);
	void *ctx;
	/* Once read returned 0, n_read bytes in all, whose SHA-256 is
	 * digest: did the bytes change while they were read?  1 with the
	 * source's error text in why[0..len) (see filestamp.h), else 0.
	 * NULL: they cannot (a stream, bytes in memory). */
	int (*changed)(void *ctx, uint64_t n_read, const uint8_t digest[32],
	               char *why, size_t len);
};

/* Ready-made sources: a file descriptor (not closed), and memory. */
struct bytesrc_fd {
	int fd;
	int stream;  /* a pipe that may stay open: see reader_read_fd() */
	int regular; /* a regular file: a read that returns less than it
	              * asked for met the end, and the next returns 0
	              * without asking (a year of small files: one read
	              * each instead of two) */
	int ended;   /* ... which it has */
	const struct filestamp *opened; /* a regular file: its stamp when
	                                 * opened, or NULL: not checked */
};
ssize_t bytesrc_fd_read(void *ctx, void *buf, size_t n, ts_err *err);
/* The `changed` of a bytesrc_fd: filestamp_check() of its descriptor
 * against `opened` (0 without one). */
int bytesrc_fd_changed(void *ctx, uint64_t n_read, const uint8_t digest[32],
                       char *why, size_t len);
struct bytesrc_mem {
	const char *p; /* the bytes; not owned */
	size_t len;    /* their length */
	size_t pos;    /* bytes handed out */
};
ssize_t bytesrc_mem_read(void *ctx, void *buf, size_t n, ts_err *err);

typedef void (*reader_emit)(void *ctx, struct batch *b);

typedef struct reader reader;

reader *reader_new(const struct ingest_opts *o);
void reader_free(reader *r); /* NULL is a no-op */

/* Compress blocks with the dictionary `t` offers (see zblock.h); none by
 * default.  t outlives the reader's batches. */
void reader_use_dict(reader *r, ztrainer *t);

/* Read `src` from `in` and emit its batches (the last one final).  The
 * srcinfo is handed over with the batches. */
void reader_run(reader *r, struct srcinfo *src, struct bytesrc *in,
                reader_emit emit, void *ctx);

/* Bytes of the files walked read so far (members count through their
 * bundle, via reader_note_bytes()); for the progress line. */
uint64_t reader_bytes_total(void);
void reader_note_bytes(uint64_t n);

/* Stop every read of a descriptor: reader_read_fd() fails with EINTR
 * from now on, and reader_run() ends its source as "interrupted".
 * Async-signal-safe: the ingest's SIGINT/SIGTERM handler calls it. */
void reader_interrupt(void);
int reader_interrupted(void);
/* read(2) that also gives up, -1 with errno EINTR, once
 * reader_interrupt() was called, even while waiting on a pipe that stays
 * open (stream != 0: the signal may reach another thread than the one
 * reading, so the wait is polled); a file's read never waits for long. */
ssize_t reader_read_fd(int fd, void *buf, size_t n, int stream);
/* Say why a read failed (errno as reader_read_fd() left it) into err:
 * "interrupted before the end", or "read error: ...".  Returns -1. */
ssize_t reader_read_failed(ts_err *err);

#endif

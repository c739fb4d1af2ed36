/* filestamp.h -- did a regular file change while it was read?
 *
 * The ingest keeps what fstat(2) said of a regular file when it opened
 * it (pipeline.c), and once it has read the file to its end (reader.c
 * for a file of records, bundle.c for a bundle) asks fstat(2) of the same
 * descriptor again: size, and modification and change times to the
 * nanosecond.  A file appended to, truncated or rewritten in place while
 * it was read (an `aws s3 sync` still running into the evidence folder)
 * has a digest that no later sha256sum matches, and events that may not
 * be in it any more: its source row says so (status error, see
 * trailsift-index(5)), and the next run reads it again.  Standard input
 * and FIFOs have no stable size: they are never stamped.  The cost is
 * one fstat(2) per file, none per read. */
#ifndef TS_FILESTAMP_H
#define TS_FILESTAMP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

struct filestamp {
	int64_t size;          /* st_size */
	struct timespec mtime; /* st_mtim: the content changed */
	struct timespec ctime; /* st_ctim: content or metadata changed;
	                        * nobody can set it back, as touch -r and
	                        * sync tools do mtime */
};

/* What the error text of a source that changed while it was read begins
 * with (the writer tells such rows by it). */
#define FILESTAMP_CHANGED "changed while being read"

/* Does a source row with this status and error text record a file that
 * changed while it was read?  (The writer and the pipeline ask it of
 * the rows they find.) */
int filestamp_row_changed(const char *status, const char *error);

/* The stamp of st. */
void filestamp_of(struct filestamp *fs, const struct stat *st);

/* A file stamped `then` when it was opened and `now` when it had been
 * read to its end, n_read bytes in all: 0 if it did not change (the same
 * stamp, and its size read); else 1, with the error text for its source
 * in why[0..len): FILESTAMP_CHANGED, what changed in parentheses ("size
 * 1234 -> 2345 bytes"; "same size, mtime changed"; "same size and
 * mtime, ctime changed"; "1234 bytes when opened, 1000 read"), and that
 * the digest and size are of the n_read bytes read. */
int filestamp_diff(const struct filestamp *then, const struct filestamp *now,
                   uint64_t n_read, char *why, size_t len);

/* filestamp_diff() of `then` and what fstat(2) says now of fd, the
 * file read to its end; 0 when fstat(2) fails (then nothing is known).
 * Where only the ctime changed (a hard link made, chmod(1), an extended
 * attribute set while it was read), the file is read again from fd with
 * pread(2), and holding the n_read bytes whose SHA-256 the read found,
 * `digest` (unless NULL), it did not change: 0.  A regular file only,
 * and the only case that costs a second read.
 * Test hook: with TRAILSIFT_STOP_AT_END set, the process stops itself
 * (SIGSTOP) first, so that a test can change the file before it looks,
 * and go on with SIGCONT. */
int filestamp_check(int fd, const struct filestamp *then, uint64_t n_read,
                    const uint8_t digest[32], char *why, size_t len);

#endif

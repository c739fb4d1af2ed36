/* filestamp.c -- did a regular file change while it was read?  (see
 * filestamp.h) */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filestamp.h"
#include "../util/sha256.h"
#include "../util/xmalloc.h"

int
filestamp_row_changed(const char *status, const char *error)
{
	return status != NULL && strcmp(status, "error") == 0 &&
	       error != NULL &&
	       strncmp(error, FILESTAMP_CHANGED, strlen(FILESTAMP_CHANGED)) ==
	               0;
}

void
filestamp_of(struct filestamp *fs, const struct stat *st)
{
	fs->size = (int64_t)st->st_size;
	fs->mtime = st->st_mtim;
	fs->ctime = st->st_ctim;
}

static int
same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

int
filestamp_diff(const struct filestamp *then, const struct filestamp *now,
               uint64_t n_read, char *why, size_t len)
{
	char what[96];
	long long was = (long long)then->size;

	if (now->size != then->size) {
		snprintf(what, sizeof(what), "size %lld -> %lld bytes", was,
		         (long long)now->size);
	} else if (n_read != (uint64_t)then->size) {
		/* cut and grown back to its size */
		snprintf(what, sizeof(what),
		         "%lld bytes when opened, %llu read", was,
		         (unsigned long long)n_read);
	} else if (!same_time(&now->mtime, &then->mtime)) {
		snprintf(what, sizeof(what), "same size, mtime changed");
	} else if (!same_time(&now->ctime, &then->ctime)) {
		/* rewritten with its mtime set back, or its metadata
		 * changed: which, nothing tells */
		snprintf(what, sizeof(what),
		         "same size and mtime, ctime changed");
	} else {
		return 0;
	}
	snprintf(why, len,
	         FILESTAMP_CHANGED " (%s): SHA-256 and size are of the %llu "
	                           "bytes read",
	         what, (unsigned long long)n_read);
	return 1;
}

/* Test hook: read once (getenv per file would be on every file's
 * path). */
static int
stop_at_end(void)
{
	static _Atomic int hook = -1;
	int h = atomic_load(&hook);

	if (h < 0) {
		h = getenv("TRAILSIFT_STOP_AT_END") != NULL;
		atomic_store(&hook, h);
	}
	return h;
}

/* Did only the ctime change: the same size, all of it read, the same
 * mtime?  A hard link made, chmod(1), chown(1) or an extended attribute
 * set (a virus scanner) does that, as does a rewrite in place with its
 * mtime set back. */
static int
only_ctime(const struct filestamp *then, const struct filestamp *now,
           uint64_t n_read)
{
	return now->size == then->size && n_read == (uint64_t)then->size &&
	       same_time(&now->mtime, &then->mtime) &&
	       !same_time(&now->ctime, &then->ctime);
}

/* Do the first n bytes of fd, read again from offset 0, have the
 * SHA-256 `digest`?  0 also when they cannot be read. */
static int
holds(int fd, uint64_t n, const uint8_t digest[32])
{
	enum { BUF = 1 << 16 };
	uint8_t *buf = xmalloc(BUF), d[32];
	sha256_ctx c;
	uint64_t off = 0;
	int yes = 0;

	sha256_init(&c);
	while (off < n) {
		size_t want = n - off < BUF ? (size_t)(n - off) : BUF;
		ssize_t k = pread(fd, buf, want, (off_t)off);

		if (k < 0 && errno == EINTR) {
			continue;
		}
		if (k <= 0) {
			goto out;
		}
		sha256_update(&c, buf, (size_t)k);
		off += (uint64_t)k;
	}
	sha256_final(&c, d);
	yes = memcmp(d, digest, sizeof(d)) == 0;
out:
	free(buf);
	return yes;
}

int
filestamp_check(int fd, const struct filestamp *then, uint64_t n_read,
                const uint8_t digest[32], char *why, size_t len)
{
	struct stat st;
	struct filestamp now;

	if (stop_at_end()) {
		raise(SIGSTOP);
	}
	if (fstat(fd, &st) != 0) {
		return 0;
	}
	filestamp_of(&now, &st);
	/* the bytes tell what the times cannot; rare, so read again */
	if (digest != NULL && only_ctime(then, &now, n_read) &&
	    holds(fd, n_read, digest)) {
		return 0;
	}
	return filestamp_diff(then, &now, n_read, why, len);
}

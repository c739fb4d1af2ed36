/* checksrc.c -- the top-level input files against their `source` rows
 * (check.h, 5.: `trailsift check --sources`).
 *
 * A top-level row (no parent_id) records a file as the ingest walked it:
 * its path as given (relative paths are relative to where the ingest
 * ran, and are read here relative to the current directory, or to
 * --base), its size
 * and the SHA-256 of its bytes as found.  Each such file still at its
 * path is hashed once, however many rows name it (a file read again
 * after it changed has a row per version; every row but the one of its
 * bytes now says "changed"), and each row with a digest is compared:
 * same, changed or missing.  A bundle is hashed as the one file it is;
 * its members' rows are never opened.  Files are opened read-only, with
 * O_NOATIME where the owner may (access times are evidence too), and
 * O_NONBLOCK so that a FIFO now at the path cannot hang the check.
 * Rows without a digest (a file skipped unopened, standard input) are
 * counted and not compared. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkInt.h"
#include "../util/sha256.h"
#include "../util/xmalloc.h"

#define READ_CHUNK (1u << 20)

/* What is at a path now. */
struct file_now {
	int found;       /* a regular file was read to its end */
	char why[256];   /* else why not */
	long long size;  /* its size */
	char sha256[65]; /* its digest, hex */
};

static int
open_readonly(const char *path)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = open(path, flags | O_NOATIME);

	/* O_NOATIME keeps access times intact, but only for the owner */
	if (fd < 0 && errno == EPERM) {
		fd = open(path, flags);
	}
	return fd;
}

/* Hash the file at path into *f. */
static void
hash_file(const char *path, struct file_now *f, char *buf)
{
	struct stat st;
	sha256_ctx ctx;
	uint8_t d[32];
	ssize_t n;
	int fd;

	memset(f, 0, sizeof(*f));
	if ((fd = open_readonly(path)) < 0) {
		snprintf(f->why, sizeof(f->why), "%s", strerror(errno));
		return;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(f->why, sizeof(f->why), "%s", strerror(errno));
		close(fd);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(f->why, sizeof(f->why), "%s",
		         S_ISDIR(st.st_mode) ? "a directory now"
		                             : "not a regular file now");
		close(fd);
		return;
	}
	sha256_init(&ctx);
	while ((n = read(fd, buf, READ_CHUNK)) > 0) {
		sha256_update(&ctx, buf, (size_t)n);
		f->size += n;
	}
	if (n < 0) {
		snprintf(f->why, sizeof(f->why), "cannot read: %s",
		         strerror(errno));
		close(fd);
		return;
	}
	close(fd);
	sha256_final(&ctx, d);
	sha256_hex(d, f->sha256);
	f->found = 1;
}

/* The row at st (id, path, member, size, sha256) against the file as
 * found. */
static void
compare(struct checker *c, sqlite3_stmt *st, const struct file_now *f)
{
	const char *path = (const char *)sqlite3_column_text(st, 1);
	const char *sha = (const char *)sqlite3_column_text(st, 4);
	long long size = sqlite3_column_int64(st, 3);
	strbuf name;

	c->st->files++;
	if (f->found && sqlite3_column_type(st, 3) == SQLITE_INTEGER &&
	    size == f->size && strcmp(sha, f->sha256) == 0) {
		c->st->files_same++;
		return;
	}
	strbuf_init(&name);
	check_source_name(&name, st, sqlite3_column_int64(st, 0), 1);
	if (!f->found) {
		c->st->files_missing++;
		c->st->files_missing_relative += path[0] != '/';
		check_problem(c, "%s: missing: %s", strbuf_str(&name), f->why);
	} else {
		strbuf v;

		strbuf_init(&v);
		strbuf_add_visible_exact(&v, sha, strlen(sha));
		c->st->files_changed++;
		check_problem(c,
		              "%s: changed since it was ingested: %lld bytes "
		              "with SHA-256 %s now, the index says %lld bytes "
		              "with SHA-256 %s",
		              strbuf_str(&name), f->size, f->sha256, size,
		              strbuf_str(&v));
		strbuf_free(&v);
	}
	strbuf_free(&name);
}

void
checksrc_run(struct checker *c)
{
	sqlite3_stmt *st = NULL;
	struct file_now f;
	char *buf = NULL;
	strbuf last, at;
	int rc, have = 0;

	/* by path, so that each file is hashed once */
	if (sqlite3_prepare_v2(
	            c->db,
	            "SELECT id, path, member, size, sha256, mtime FROM "
	            "source WHERE parent_id IS NULL ORDER BY "
	            "path, id",
	            -1, &st, NULL) != SQLITE_OK) {
		check_problem(c, "source cannot be read: %s",
		              sqlite3_errmsg(c->db));
		return;
	}
	strbuf_init(&last);
	strbuf_init(&at);
	buf = xmalloc(READ_CHUNK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 1);

		/* standard input, and a pipe given as a PATH (bash's
		 * <(...) is /dev/fd/63): read as streams, which have no
		 * mtime, and not there to read again */
		if (path == NULL || sqlite3_column_type(st, 4) != SQLITE_TEXT ||
		    strcmp(path, "-") == 0 ||
		    sqlite3_column_type(st, 5) == SQLITE_NULL) {
			c->st->files_unhashed++;
			continue;
		}
		if (!have || strcmp(path, last.buf) != 0) {
			strbuf_reset(&last);
			strbuf_adds(&last, path);
			if (c->o->base != NULL && path[0] != '/') {
				strbuf_reset(&at);
				strbuf_addf(&at, "%s/%s", c->o->base, path);
				hash_file(strbuf_str(&at), &f, buf);
			} else {
				hash_file(path, &f, buf);
			}
			have = 1;
			check_progress(c, "files");
		}
		compare(c, st, &f);
	}
	if (rc != SQLITE_DONE) {
		check_problem(c, "source cannot be read: %s",
		              sqlite3_errmsg(c->db));
	}
	free(buf);
	strbuf_free(&last);
	strbuf_free(&at);
	sqlite3_finalize(st);
}

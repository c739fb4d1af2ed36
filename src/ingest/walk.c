/* walk.c -- deterministic recursive directory walk (see walk.h).
 *
 * Each directory is read whole, sorted, then visited; a stack of the
 * (device, inode) pairs of the directories being walked detects loops
 * through symbolic links.  Memory is one directory listing per level. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "walk.h"
#include "../util/hset.h"
#include "../util/strbuf.h"
#include "../util/xmalloc.h"

/* readdir(3), or a test's stand-in that fails part-way. */
static struct dirent *(*next_entry)(DIR *) = readdir;

void
walk_set_readdir(struct dirent *(*fn)(DIR *))
{
	next_entry = fn ? fn : readdir;
}

struct walker {
	walk_fn fn;  /* callback */
	void *ctx;   /* its argument */
	dev_t *devs; /* directories on the current path */
	ino_t *inos;
	int depth;         /* entries used */
	int cap;           /* entries allocated */
	int flags;         /* WALK_DIRS */
	const char *arg;   /* the argument being walked, as typed */
	const char *clean; /* the same, cleaned */
	strbuf given;      /* an entry's path with `arg` for `clean` */
};

/* Where visit() and report() find an entry: the directory it is in,
 * open, and its name there; -1 and NULL for a path given. */
struct at {
	int dirfd;
	const char *name;
};

static const struct at at_none = {-1, NULL};

/* Directories kept open down a path (see walk_dir); deeper ones are
 * found by their whole path, as the top ones are by the path given. */
#define DIRS_OPEN 32

static int
report_at(struct walker *w, enum walk_type type, const char *path,
          const struct stat *st, const char *error, struct at at)
{
	struct walk_entry e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.path = path;
	e.error = error;
	e.dirfd = at.dirfd;
	e.name = at.name;
	e.top = w->depth == 0; /* no directory being walked */
	if (w->arg != NULL) {
		/* the join of walk_dir() on the argument as typed */
		size_t n = strlen(w->clean);
		const char *rest;

		if (strcmp(w->clean, ".") == 0) {
			rest = strcmp(path, ".") == 0 ? "" : path;
		} else {
			rest = path + n;
			if (*rest == '/' && w->clean[n - 1] != '/') {
				rest++; /* the '/' walk_dir() put after it */
			}
		}
		strbuf_reset(&w->given);
		strbuf_adds(&w->given, w->arg);
		if (*rest != '\0') {
			if (w->given.len == 0 ||
			    w->given.buf[w->given.len - 1] != '/') {
				strbuf_addc(&w->given, '/');
			}
			strbuf_adds(&w->given, rest);
		}
		e.given = strcmp(w->given.buf, path) != 0 ? w->given.buf : NULL;
	}
	if (st) {
		e.st = *st;
	}
	return w->fn(w->ctx, &e);
}

static int
report(struct walker *w, enum walk_type type, const char *path,
       const struct stat *st, const char *error)
{
	return report_at(w, type, path, st, error, at_none);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* stat(2) or lstat(2) (flags AT_SYMLINK_NOFOLLOW) of an entry, from its
 * directory when open. */
static int
stat_at(const char *path, struct at at, struct stat *st, int flags)
{
	if (at.dirfd >= 0) {
		return fstatat(at.dirfd, at.name, st, flags);
	}
	return flags ? lstat(path, st) : stat(path, st);
}

/* opendir(3) of an entry, from its directory when open. */
static DIR *
open_dir(const char *path, struct at at)
{
	int fd;
	DIR *d;

	if (at.dirfd < 0) {
		return opendir(path);
	}
	fd = openat(at.dirfd, at.name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return NULL;
	}
	if ((d = fdopendir(fd)) == NULL) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return d;
}

static int visit(struct walker *w, const char *path, struct at at);

static int
walk_dir(struct walker *w, const char *path, const struct stat *st,
         struct at at)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	strbuf sub;
	DIR *d;
	int rc = 0, read_errno;

	for (int i = 0; i < w->depth; i++) {
		if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino) {
			return report(w, WALK_ERROR, path, st,
			              "symbolic link loop (directory already "
			              "being walked)");
		}
	}
	if ((d = open_dir(path, at)) == NULL) {
		return report(w, WALK_ERROR, path, st, strerror(errno));
	}
	/* readdir() ends with NULL at the end and on an error alike: only
	 * errno tells them apart, and the files after an I/O error would
	 * be missed without a word. */
	for (errno = 0; (de = next_entry(d)) != NULL; errno = 0) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0) {
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(char *));
		}
		names[n++] = xstrdup(de->d_name);
	}
	read_errno = errno;
	if (w->depth >= DIRS_OPEN) { /* a descriptor per level: no more */
		closedir(d);
		d = NULL;
	}
	if (n > 1) {
		qsort(names, n, sizeof(char *), cmp_names);
	}
	if (read_errno != 0) {
		char why[160];

		/* what was listed is still walked */
		snprintf(why, sizeof(why),
		         "the directory could not be read to its end (%zu "
		         "entries listed): %s",
		         n, strerror(read_errno));
		rc = report(w, WALK_ERROR, path, st, why);
	} else if (w->flags & WALK_DIRS) {
		rc = report(w, WALK_DIR, path, st, NULL);
	}
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->devs = xrealloc(w->devs, (size_t)w->cap * sizeof(dev_t));
		w->inos = xrealloc(w->inos, (size_t)w->cap * sizeof(ino_t));
	}
	w->devs[w->depth] = st->st_dev;
	w->inos[w->depth] = st->st_ino;
	w->depth++;
	strbuf_init(&sub);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			strbuf_reset(&sub);
			/* "x", not "./x"; but "./-": "-" names stdin */
			if (strcmp(path, ".") != 0 ||
			    strcmp(names[i], "-") == 0) {
				strbuf_adds(&sub, path);
			}
			if (sub.len > 0 && sub.buf[sub.len - 1] != '/') {
				strbuf_addc(&sub, '/');
			}
			strbuf_adds(&sub, names[i]);
			rc = visit(w, sub.buf,
			           d ? (struct at){dirfd(d), names[i]}
			             : at_none);
		}
		free(names[i]);
	}
	/* open while its entries are visited: they are found from it,
	 * name by name, not by walking the whole path each time */
	if (d) {
		closedir(d);
	}
	strbuf_free(&sub);
	free(names);
	w->depth--;
	return rc;
}

static int
visit(struct walker *w, const char *path, struct at at)
{
	struct stat st, lst;

	if (stat_at(path, at, &st, 0) != 0) {
		int e = errno;

		if (stat_at(path, at, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(lst.st_mode)) {
			return report(w, WALK_ERROR, path, &lst,
			              e == ELOOP ? "symbolic link loop"
			                         : "broken symbolic link");
		}
		return report(w, WALK_ERROR, path, NULL, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		return walk_dir(w, path, &st, at);
	}
	if (S_ISREG(st.st_mode)) {
		return report_at(w, WALK_FILE, path, &st, NULL, at);
	}
	return report(w, WALK_SPECIAL, path, &st,
	              "not a regular file (device, socket or fifo)");
}

/* Is prefix p[0..n) a directory that is no symbolic link? */
static int
plain_dir(const char *p, size_t n)
{
	char *s = xmemdup(p, n);
	struct stat st;
	int yes;

	s = xrealloc(s, n + 1);
	s[n] = '\0';
	yes = lstat(n ? s : ".", &st) == 0 && S_ISDIR(st.st_mode);
	free(s);
	return yes;
}

char *
walk_clean_path(const char *path)
{
	strbuf out;
	size_t root = path[0] == '/' ? 1 : 0;
	const char *p = path;

	strbuf_init(&out);
	strbuf_add(&out, "/", root);
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t last = out.len, up = 0;

		if (n == 0 || (n == 1 && p[0] == '.')) {
			goto next;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* the last component kept, if any and not ".." */
			while (last > root && out.buf[last - 1] != '/') {
				last--;
			}
			up = out.len > root &&
			     !(out.len - last == 2 && out.buf[last] == '.' &&
			       out.buf[last + 1] == '.') &&
			     plain_dir(out.buf, out.len);
			if (up) {
				out.len = last > root ? last - 1 : root;
				goto next;
			}
			if (out.len == root && root) {
				goto next; /* "/.." is "/" */
			}
		}
		if (out.len > root) {
			strbuf_addc(&out, '/');
		}
		strbuf_add(&out, p, n);
	next:
		p += n;
		if (*p == '/') {
			p++;
		}
	}
	/* "./" and "d/.." are the directory we are in; "" is no path at
	 * all (an unset variable, most likely): kept empty, so that it is
	 * not found, as ls '' finds nothing */
	if (out.len == 0 && *path != '\0') {
		strbuf_addc(&out, '.');
	} else if (out.len == 1 && out.buf[0] == '-') {
		strbuf_reset(&out); /* "-" is standard input's name */
		strbuf_adds(&out, "./-");
	}
	strbuf_reserve(&out, 1);
	out.buf[out.len] = '\0'; /* out.len may have been cut */
	return strbuf_detach(&out, NULL);
}

int
walk_run(char *const *paths, int n_paths, walk_fn fn, void *ctx)
{
	return walk_run_flags(paths, n_paths, 0, fn, ctx);
}

/* Was `clean` given before, among the n paths cleaned so far (seen,
 * their hashes in hs)?  "d d/ ./d" is d once: walked again, each of its
 * files was counted again in the run's summary (13 sources for 7 rows).
 * The set answers most paths at once, so that the arguments of xargs,
 * thousands of files, cost no more than they did; a hash seen before is
 * settled by the paths themselves. */
static int
given_before(hset *hs, char *const *seen, int n, const char *clean)
{
	if (!hset_add(hs, batch_hash(clean, strlen(clean)))) {
		return 0;
	}
	for (int j = 0; j < n; j++) {
		if (seen[j] != NULL && strcmp(seen[j], clean) == 0) {
			return 1;
		}
	}
	return 0;
}

int
walk_run_flags(char *const *paths, int n_paths, int flags, walk_fn fn,
               void *ctx)
{
	struct walker w;
	char **seen = xcalloc(n_paths > 0 ? (size_t)n_paths : 1, sizeof(*seen));
	hset hs = {NULL, 0, 0};
	int rc = 0;

	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.ctx = ctx;
	w.flags = flags;
	strbuf_init(&w.given);
	for (int i = 0; i < n_paths && rc == 0; i++) {
		if (strcmp(paths[i], "-") == 0) {
			rc = report(&w, WALK_STDIN, "-", NULL, NULL);
		} else if (paths[i][0] == '\0') {
			char why[128];

			/* `ingest "$EVIDENCE"` with the variable unset: said
			 * so, never the directory the command runs in */
			snprintf(why, sizeof(why), "%s (an empty path)",
			         strerror(ENOENT));
			rc = report(&w, WALK_ERROR, "", NULL, why);
		} else {
			char *clean = walk_clean_path(paths[i]);

			w.arg = paths[i];
			w.clean = clean;
			if (!given_before(&hs, seen, i, clean)) {
				rc = visit(&w, clean, at_none);
			}
			w.arg = w.clean = NULL;
			seen[i] = clean;
		}
	}
	for (int i = 0; i < n_paths; i++) {
		free(seen[i]);
	}
	free(seen);
	hset_free(&hs);
	strbuf_free(&w.given);
	free(w.devs);
	free(w.inos);
	return rc;
}

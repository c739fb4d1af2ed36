/* walk.c -- deterministic recursive directory walk (see walk.h).
 *
 * Each directory is read whole, sorted, then visited; a stack of the
 * (device, inode) pairs of the directories being walked detects loops
 * through symbolic links.  Memory is one directory listing per level. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "walk.h"
#include "../util/strbuf.h"
#include "../util/xmalloc.h"

struct walker {
	walk_fn fn;  /* callback */
	void *ctx;   /* its argument */
	dev_t *devs; /* directories on the current path */
	ino_t *inos;
	int depth; /* entries used */
	int cap;   /* entries allocated */
	int flags; /* WALK_DIRS */
};

static int
report(struct walker *w, enum walk_type type, const char *path,
       const struct stat *st, const char *error)
{
	struct walk_entry e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.path = path;
	e.error = error;
	e.top = w->depth == 0; /* no directory being walked */
	if (st) {
		e.st = *st;
	}
	return w->fn(w->ctx, &e);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit(struct walker *w, const char *path);

static int
walk_dir(struct walker *w, const char *path, const struct stat *st)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	strbuf sub;
	DIR *d;
	int rc = 0;

	for (int i = 0; i < w->depth; i++) {
		if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino) {
			return report(w, WALK_ERROR, path, st,
			              "symbolic link loop (directory already "
			              "being walked)");
		}
	}
	if ((d = opendir(path)) == NULL) {
		return report(w, WALK_ERROR, path, st, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
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
	closedir(d);
	if (n > 1) {
		qsort(names, n, sizeof(char *), cmp_names);
	}
	if (w->flags & WALK_DIRS) {
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
			strbuf_adds(&sub, path);
			if (sub.len == 0 || sub.buf[sub.len - 1] != '/') {
				strbuf_addc(&sub, '/');
			}
			strbuf_adds(&sub, names[i]);
			rc = visit(w, sub.buf);
		}
		free(names[i]);
	}
	strbuf_free(&sub);
	free(names);
	w->depth--;
	return rc;
}

static int
visit(struct walker *w, const char *path)
{
	struct stat st, lst;

	if (stat(path, &st) != 0) {
		int e = errno;

		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
			return report(w, WALK_ERROR, path, &lst,
			              e == ELOOP ? "symbolic link loop"
			                         : "broken symbolic link");
		}
		return report(w, WALK_ERROR, path, NULL, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		return walk_dir(w, path, &st);
	}
	if (S_ISREG(st.st_mode)) {
		return report(w, WALK_FILE, path, &st, NULL);
	}
	return report(w, WALK_SPECIAL, path, &st,
	              "not a regular file (device, socket or fifo)");
}

int
walk_run(char *const *paths, int n_paths, walk_fn fn, void *ctx)
{
	return walk_run_flags(paths, n_paths, 0, fn, ctx);
}

int
walk_run_flags(char *const *paths, int n_paths, int flags, walk_fn fn,
               void *ctx)
{
	struct walker w;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.ctx = ctx;
	w.flags = flags;
	for (int i = 0; i < n_paths && rc == 0; i++) {
		if (strcmp(paths[i], "-") == 0) {
			rc = report(&w, WALK_STDIN, "-", NULL, NULL);
		} else {
			rc = visit(&w, paths[i]);
		}
	}
	free(w.devs);
	free(w.inos);
	return rc;
}

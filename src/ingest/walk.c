/* walk.c -- deterministic recursive directory walk (see walk.h).
 *
 * Each directory is read whole, sorted, then visited; a stack of the
 * (device, inode) pairs of the directories being walked detects loops
 * through symbolic links.  Memory is one directory listing per level,
 * and for each region directory of the S3 layout set aside (see
 * "Regions, in delivery-time order" below), its path and four small
 * listings. */
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

struct region;

struct walker {
	walk_fn fn;  /* callback */
	void *ctx;   /* its argument */
	dev_t *devs; /* directories on the current path */
	ino_t *inos;
	int depth;               /* entries used */
	int cap;                 /* entries allocated */
	int flags;               /* WALK_DIRS */
	const char *arg;         /* the argument being walked, as typed */
	const char *clean;       /* the same, cleaned */
	strbuf given;            /* an entry's path with `arg` for `clean` */
	struct region **regions; /* set aside, in the order met */
	size_t n_regions, cap_regions;
	int merging; /* walking them: none is set aside again */
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

/* A directory read whole, its names sorted. */
struct listing {
	char **names;
	size_t n;
	DIR *d; /* still open, when list_dir() was asked to keep it */
};

static void
listing_free(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->names[i]);
	}
	free(l->names);
	if (l->d) {
		closedir(l->d);
	}
	memset(l, 0, sizeof(*l));
}

/* Is the directory st one of those being walked (w's stack)? */
static int
on_stack(const struct walker *w, const struct stat *st)
{
	for (int i = 0; i < w->depth; i++) {
		if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino) {
			return 1;
		}
	}
	return 0;
}

static void
push_dir(struct walker *w, dev_t dev, ino_t ino)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->devs = xrealloc(w->devs, (size_t)w->cap * sizeof(dev_t));
		w->inos = xrealloc(w->inos, (size_t)w->cap * sizeof(ino_t));
	}
	w->devs[w->depth] = dev;
	w->inos[w->depth] = ino;
	w->depth++;
}

/* Read directory `path` into l, sorted, and say so: an error when it is
 * a loop, cannot be opened (*listed stays 0: nothing to walk) or could
 * not be read to its end (what was listed is walked), else WALK_DIR when
 * asked for.  With `keep`, l->d is left open.  Returns the callback's
 * answer. */
static int
list_dir(struct walker *w, const char *path, const struct stat *st,
         struct at at, int keep, struct listing *l, int *listed)
{
	size_t cap = 0;
	struct dirent *de;
	int read_errno;

	memset(l, 0, sizeof(*l));
	*listed = 0;
	if (on_stack(w, st)) {
		return report(w, WALK_ERROR, path, st,
		              "symbolic link loop (directory already "
		              "being walked)");
	}
	if ((l->d = open_dir(path, at)) == NULL) {
		char why[160];

		snprintf(why, sizeof(why), "directory not walked: %s",
		         strerror(errno));
		return report(w, WALK_ERROR, path, st, why);
	}
	*listed = 1;
	/* readdir() ends with NULL at the end and on an error alike: only
	 * errno tells them apart, and the files after an I/O error would
	 * be missed without a word. */
	for (errno = 0; (de = next_entry(l->d)) != NULL; errno = 0) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0) {
			continue;
		}
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			l->names = xrealloc(l->names, cap * sizeof(char *));
		}
		l->names[l->n++] = xstrdup(de->d_name);
	}
	read_errno = errno;
	if (!keep) {
		closedir(l->d);
		l->d = NULL;
	}
	if (l->n > 1) {
		qsort(l->names, l->n, sizeof(char *), cmp_names);
	}
	if (read_errno != 0) {
		char why[160];

		snprintf(why, sizeof(why),
		         "the directory could not be read to its end (%zu "
		         "entries listed): %s",
		         l->n, strerror(read_errno));
		return report(w, WALK_ERROR, path, st, why);
	}
	if (w->flags & WALK_DIRS) {
		return report(w, WALK_DIR, path, st, NULL);
	}
	return 0;
}

static void set_aside(struct walker *w, const char *path,
                      const struct stat *st);

/* .../CloudTrail/REGION: a region directory of the S3 layout. */
static int
region_dir(const char *path)
{
	const char *last = strrchr(path, '/'), *parent;

	if (last == NULL || last[1] == '\0') {
		return 0;
	}
	for (parent = last; parent > path && parent[-1] != '/'; parent--) {
	}
	return last - parent == 10 && memcmp(parent, "CloudTrail", 10) == 0;
}

static int
walk_dir(struct walker *w, const char *path, const struct stat *st,
         struct at at)
{
	struct listing l;
	strbuf sub;
	int rc, listed;

	if (!w->merging && region_dir(path) && !on_stack(w, st)) {
		set_aside(w, path, st);
		return 0;
	}
	/* a descriptor per level, kept open down to DIRS_OPEN */
	rc = list_dir(w, path, st, at, w->depth < DIRS_OPEN, &l, &listed);
	if (!listed) {
		return rc;
	}
	push_dir(w, st->st_dev, st->st_ino);
	strbuf_init(&sub);
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		strbuf_reset(&sub);
		/* "x", not "./x"; but "./-": "-" names stdin */
		if (strcmp(path, ".") != 0 || strcmp(l.names[i], "-") == 0) {
			strbuf_adds(&sub, path);
		}
		if (sub.len > 0 && sub.buf[sub.len - 1] != '/') {
			strbuf_addc(&sub, '/');
		}
		strbuf_adds(&sub, l.names[i]);
		/* open while its entries are visited: they are found from
		 * it, name by name, not by walking the whole path each time */
		rc = visit(w, sub.buf,
		           l.d ? (struct at){dirfd(l.d), l.names[i]} : at_none);
	}
	listing_free(&l);
	strbuf_free(&sub);
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

/* --- Regions, in delivery-time order ----------------------------------------
 *
 * The S3 layout gives each account and region a tree of its own,
 * .../CloudTrail/REGION/YYYY/MM/DD/.  Walked in name order, one tree
 * after the other, a year of an organisation's logs came in time order
 * once per account and region, and each pass inserted across the whole
 * of the index's time key (event_key): past the writer's page cache,
 * every page of it was read, written and journalled again on each
 * pass.  So the region directories are set aside as the walk meets
 * them, and walked together when the argument they are in is done, in
 * the order of the delivery times in the files' names: every region's
 * files of 00:00-00:05 on the first day, then of 00:05-00:10, ...  On
 * the 10M-event bench archive (42 regions) a first ingest took 55.6 s
 * instead of 69.4 s, 11.5 s of system time instead of 22.
 *
 * Each region is stepped through by a cursor: its listing, a year's, a
 * month's, a day's -- LEVELS listings at most -- and what the walk
 * visits are the entries of the deepest, in the order of their paths
 * below the region, a log file's name standing for its time.  Everything
 * in the tree is met: a file or a directory out of the pattern is
 * visited where its name sorts.  A day's listing is a few hundred names
 * (20 KB): past MANY_REGIONS the cursors stop at the months, and a day
 * is visited whole, by walk_dir(). */
#define LEVELS 4           /* the region's own, YYYY, MM, DD */
#define MANY_REGIONS 1024u /* 20 MB of days' listings */
/* Up to this many regions, the deepest listing of each stays open and
 * its files are found from it, as walk_dir() finds them: by path, a
 * year of small files took 0.4 s more system time.  With DIRS_OPEN, the
 * pipeline's FILES_OPEN and the progress line's own walk, well under
 * the usual 1024 descriptors. */
#define REGIONS_OPEN 128u

static size_t many_regions = MANY_REGIONS;

void
walk_set_many_regions(size_t n)
{
	many_regions = n ? n : MANY_REGIONS;
}

struct region {
	char *path;              /* as walked */
	const char *arg, *clean; /* the argument it was found under */
	dev_t *devs;             /* the directories above it */
	ino_t *inos;
	int depth;
	struct stat st;            /* its own */
	struct listing lv[LEVELS]; /* its listing, a year's, ... */
	size_t at[LEVELS];         /* the entry of each being walked */
	struct stat lst[LEVELS];   /* the directory of each */
	int nlv;                   /* listings open */
	int started;               /* its own is listed */
	strbuf unit;               /* what comes next, below path */
	strbuf key;                /* ... and where it sorts */
	struct at found;           /* ... and where it is found */
};

static void
set_aside(struct walker *w, const char *path, const struct stat *st)
{
	struct region *r = xcalloc(1, sizeof(*r));

	r->path = xstrdup(path);
	r->arg = w->arg;
	r->clean = w->clean;
	r->st = *st;
	r->depth = w->depth;
	if (w->depth > 0) {
		r->devs = xmemdup(w->devs, (size_t)w->depth * sizeof(dev_t));
		r->inos = xmemdup(w->inos, (size_t)w->depth * sizeof(ino_t));
	}
	strbuf_init(&r->unit);
	strbuf_init(&r->key);
	if (w->n_regions == w->cap_regions) {
		w->cap_regions = w->cap_regions ? w->cap_regions * 2 : 16;
		w->regions = xrealloc(w->regions,
		                      w->cap_regions * sizeof(*w->regions));
	}
	w->regions[w->n_regions++] = r;
}

static void
region_free(struct region *r)
{
	for (int i = 0; i < r->nlv; i++) {
		listing_free(&r->lv[i]);
	}
	strbuf_free(&r->unit);
	strbuf_free(&r->key);
	free(r->devs);
	free(r->inos);
	free(r->path);
	free(r);
}

/* Put w where the walk of r's next entry stands: its argument, and the
 * directories above the entry on the stack (for loops). */
static void
region_enter(struct walker *w, const struct region *r)
{
	w->arg = r->arg;
	w->clean = r->clean;
	w->depth = 0;
	for (int i = 0; i < r->depth; i++) {
		push_dir(w, r->devs[i], r->inos[i]);
	}
	for (int i = 0; i < r->nlv; i++) {
		push_dir(w, r->lst[i].st_dev, r->lst[i].st_ino);
	}
}

/* r->path + "/" + r->unit into sb */
static void
region_path(const struct region *r, const char *unit, strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_adds(sb, r->path);
	if (unit != NULL && *unit != '\0') {
		if (sb->len > 0 && sb->buf[sb->len - 1] != '/') {
			strbuf_addc(sb, '/');
		}
		strbuf_adds(sb, unit);
	}
}

/* List directory `path` (stat st) as r's next level, kept open with
 * `keep`. */
static int
region_down(struct walker *w, struct region *r, const char *path,
            const struct stat *st, int keep)
{
	int rc, listed;

	region_enter(w, r);
	rc = list_dir(w, path, st, at_none, keep, &r->lv[r->nlv], &listed);
	if (listed) {
		r->at[r->nlv] = 0;
		r->lst[r->nlv] = *st;
		r->nlv++;
	}
	return rc;
}

/* Add what a file name sorts by: the delivery time of a log's,
 * ACCOUNT_CloudTrail_REGION_20250303T0005Z_UNIQUE.json.gz, else all of
 * it. */
static void
add_sort_name(strbuf *sb, const char *name)
{
	const char *start = NULL;
	int n = 0;

	for (const char *p = name; *p; p++) {
		if (*p != '_') {
			continue;
		}
		if (++n == 3) {
			start = p + 1;
		} else if (n == 4) {
			strbuf_add(sb, start, (size_t)(p - start));
			return;
		}
	}
	strbuf_adds(sb, name);
}

/* Step r to the entry it visits next, into r->unit and r->key, going
 * down `levels` listings at most.  Returns 1, or 0 when r is done or the
 * callback said stop (*rc). */
static int
region_next(struct walker *w, struct region *r, int levels, strbuf *tmp,
            int *rc)
{
	int keep = w->n_regions <= REGIONS_OPEN;
	struct stat st;

	if (!r->started) {
		r->started = 1;
		if ((*rc = region_down(w, r, r->path, &r->st,
		                       keep && levels == 1)) != 0) {
			return 0;
		}
	}
	while (r->nlv > 0) {
		struct listing *l = &r->lv[r->nlv - 1];
		size_t i = r->at[r->nlv - 1];

		if (i == l->n) {
			listing_free(l);
			r->nlv--;
			continue;
		}
		r->at[r->nlv - 1]++;
		strbuf_reset(&r->unit);
		for (int k = 0; k < r->nlv - 1; k++) {
			strbuf_adds(&r->unit, r->lv[k].names[r->at[k] - 1]);
			strbuf_addc(&r->unit, '/');
		}
		strbuf_reset(&r->key);
		strbuf_add(&r->key, r->unit.buf, r->unit.len);
		strbuf_adds(&r->unit, l->names[i]);
		if (r->nlv == levels) {
			add_sort_name(&r->key, l->names[i]);
			r->found = l->d ? (struct at){dirfd(l->d), l->names[i]}
			                : at_none;
			return 1;
		}
		r->found = at_none;
		strbuf_adds(&r->key, l->names[i]);
		region_path(r, r->unit.buf, tmp);
		if (stat(tmp->buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
			return 1; /* a file, or an error: visit() says which */
		}
		if ((*rc = region_down(w, r, tmp->buf, &st,
		                       keep && r->nlv == levels - 1)) != 0) {
			return 0;
		}
	}
	return 0;
}

/* Order of units: by component, "2025/03/04" before "2025/03x". */
static int
cmp_units(const char *a, const char *b)
{
	unsigned ca, cb;

	for (; *a != '\0' && *a == *b; a++, b++) {
	}
	ca = *a == '/' ? 1 : (unsigned char)*a;
	cb = *b == '/' ? 1 : (unsigned char)*b;
	return (ca > cb) - (ca < cb);
}

/* r before s: the earlier unit, then the region met first. */
static int
region_before(const struct region *r, size_t ri, const struct region *s,
              size_t si)
{
	int c = cmp_units(r->key.buf, s->key.buf);

	return c < 0 || (c == 0 && ri < si);
}

/* A binary heap of region indexes, the next to visit on top. */
static void
heap_sift(struct region **rs, size_t *h, size_t n, size_t i)
{
	for (;;) {
		size_t m = i, c = 2 * i + 1;

		if (c < n && region_before(rs[h[c]], h[c], rs[h[m]], h[m])) {
			m = c;
		}
		if (c + 1 < n &&
		    region_before(rs[h[c + 1]], h[c + 1], rs[h[m]], h[m])) {
			m = c + 1;
		}
		if (m == i) {
			return;
		}
		size_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Forget the regions set aside. */
static void
drop_regions(struct walker *w)
{
	for (size_t i = 0; i < w->n_regions; i++) {
		region_free(w->regions[i]);
	}
	free(w->regions);
	w->regions = NULL;
	w->n_regions = w->cap_regions = 0;
}

static int
walk_regions(struct walker *w)
{
	size_t n = 0, *h = xcalloc(w->n_regions + 1, sizeof(size_t));
	int levels = w->n_regions > many_regions ? LEVELS - 1 : LEVELS;
	strbuf path;
	int rc = 0;

	strbuf_init(&path);
	w->merging = 1;
	for (size_t i = 0; i < w->n_regions && rc == 0; i++) {
		if (region_next(w, w->regions[i], levels, &path, &rc)) {
			h[n++] = i;
		}
	}
	for (size_t i = n; i-- > 0;) {
		heap_sift(w->regions, h, n, i);
	}
	while (n > 0 && rc == 0) {
		struct region *r = w->regions[h[0]];

		region_enter(w, r);
		region_path(r, r->unit.buf, &path);
		rc = visit(w, path.buf, r->found);
		if (rc != 0 || !region_next(w, r, levels, &path, &rc)) {
			h[0] = h[--n];
		}
		heap_sift(w->regions, h, n, 0);
	}
	drop_regions(w);
	w->merging = 0;
	w->depth = 0;
	w->arg = w->clean = NULL;
	strbuf_free(&path);
	free(h);
	return rc;
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
				/* the argument's regions before the next
				 * argument: paths are read in the order
				 * given */
				if (rc == 0) {
					rc = walk_regions(&w);
				} else {
					drop_regions(&w);
				}
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

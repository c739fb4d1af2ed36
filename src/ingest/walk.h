/* walk.h -- expand `ingest` PATH arguments into evidence files.
 *
 * Directories are walked recursively with entries sorted by name (byte
 * order), so the same tree always yields the same files in the same
 * order -- the index then comes out identical run after run.  The
 * region directories of the S3 layout (.../CloudTrail/REGION) are the
 * exception: those under one argument are walked together after the
 * rest of it, their files merged by the delivery time in their names
 * (see walk.c), so that events come in time order.  Symbolic
 * links are followed; a directory reached again through a link while it
 * is being walked is a loop and is reported, not followed.  Every file
 * met is handed to the callback: regular files as WALK_FILE, "-" as
 * WALK_STDIN, and everything that cannot be read (a missing path, a
 * directory without permission, a broken link, a loop, a socket or
 * device) as WALK_ERROR or WALK_SPECIAL with the reason, so the caller
 * can account for it.  With WALK_DIRS, each directory listed whole is
 * handed over too (WALK_DIR), before what it holds: `ingest` then knows
 * that a directory an earlier run could not read was read.  Nothing is
 * opened for writing. */
#ifndef TS_WALK_H
#define TS_WALK_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>

enum walk_type {
	WALK_FILE,    /* a regular file (st is valid) */
	WALK_STDIN,   /* the argument "-" */
	WALK_ERROR,   /* could not be read: reason in `error` */
	WALK_SPECIAL, /* not a regular file (fifo, socket, device) */
	WALK_DIR,     /* a directory listed whole (WALK_DIRS only) */
};

struct walk_entry {
	enum walk_type type; /* what was found */
	const char *path;    /* path as walked (the argument cleaned by
	                      * walk_clean_path(), + names) */
	const char *given;   /* the same path with the argument as typed
	                      * (what older indexes stored), when
	                      * that differs; else NULL */
	struct stat st;      /* WALK_FILE, _SPECIAL, _DIR: stat(2) result */
	const char *error;   /* WALK_ERROR/SPECIAL: why it is skipped */
	int top;             /* one of the paths given, not found in a
	                      * directory (a named pipe given is read) */
	int dirfd;           /* found in a directory: that directory, open
	                      * while the callback runs, and ... */
	const char *name;    /* ... the entry's name in it, so that
	                      * openat(dirfd, name) need not walk the path
	                      * again; -1 and NULL for a path given */
};

/* Return 0 to go on, non-zero to stop the walk (walk_run returns it). */
typedef int (*walk_fn)(void *ctx, const struct walk_entry *e);

/* Walk the paths in order, calling fn for each entry met.  Each
 * argument is cleaned first (walk_clean_path), so that one file has one
 * name in the index however it was spelt. */
int walk_run(char *const *paths, int n_paths, walk_fn fn, void *ctx);

/* The same, with flags: WALK_DIRS also reports directories. */
#define WALK_DIRS 1

/* Tests only: list directories with fn instead of readdir(3) (NULL puts
 * readdir back), to make a listing fail part-way. */
void walk_set_readdir(struct dirent *(*fn)(DIR *));
/* Tests only: merge region directories day by day, not file by file,
 * past n of them (0: the default, 1024). */
void walk_set_many_regions(size_t n);
int walk_run_flags(char *const *paths, int n_paths, int flags, walk_fn fn,
                   void *ctx);

/* A path spelt the plain way, lexically: "." components and repeated
 * or trailing slashes dropped, and "NAME/.." taken out where NAME is a
 * directory and not a symbolic link (through a link ".." leads
 * elsewhere: kept).  Nothing else is resolved, so the path stays the
 * one typed, recognisably: "./d//x/" is "d/x", "d/../d/x" is "d/x",
 * "../d" stays.  "." and "./" give "."; "" stays "" (no path: not
 * found, never the current directory).  Returns a malloc'd string. */
char *walk_clean_path(const char *path);

#endif

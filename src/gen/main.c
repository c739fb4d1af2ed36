/* main.c -- trailsift-gen: write a deterministic sample CloudTrail
 * archive with its ground truth.
 *
 *   trailsift-gen --scenario NAME --out DIR [--seed N] [--events N]
 *                 [--start YYYY-MM-DD] [--days N]
 *                 [--layout account|org|both] [--no-digests]
 *                 [--threads N] [--verbose]
 *
 * The same arguments give the same bytes on any machine with the same
 * zlib: every choice comes from the seed (rng.h), files are written in
 * a fixed order and compressed one by one (spool.h).  --threads changes
 * only the speed.  Exit status: 0 done, 1 an output error, 2 usage. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen/deliver.h"
#include "gen/layout.h"
#include "gen/scen.h"
#include "gen/side.h"
#include "gen/truth.h"
#include "util/err.h"
#include "util/tstime.h"
#include "util/xmalloc.h"

struct opts {
	const struct scenario *sc; /* --scenario */
	const char *out;           /* --out */
	uint64_t seed;             /* --seed */
	long events;               /* --events, -1: scenario default */
	int64_t start;             /* --start, -1: default */
	int days;                  /* --days, 0: default */
	int layout;                /* --layout, 0: default */
	int digests;               /* --no-digests clears */
	int threads;               /* --threads */
	int verbose;               /* --verbose */
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: trailsift-gen --scenario NAME --out DIR [--seed N] "
	           "[--events N]\n"
	           "                     [--start YYYY-MM-DD] [--days N] "
	           "[--layout account|org|both]\n"
	           "                     [--no-digests] [--threads N] "
	           "[--verbose]\n");
}

static void
help(void)
{
	printf("trailsift-gen -- deterministic sample CloudTrail archives "
	       "with ground truth\n\n");
	usage(stdout);
	printf("\nScenarios:\n");
	for (int i = 0; i < scen_count; i++) {
		printf("  %-12s %s\n", scen_table[i].name,
		       scen_table[i].summary);
	}
	printf("\nOptions:\n"
	       "  --scenario NAME  what to generate (required)\n"
	       "  --out DIR        output directory, absent or empty "
	       "(required)\n"
	       "  --seed N         random seed (default 1)\n"
	       "  --events N       background events (default: per "
	       "scenario)\n"
	       "  --start DATE     first day of the logs, UTC (default: per "
	       "scenario)\n"
	       "  --days N         length of the logs in days (default: per "
	       "scenario)\n"
	       "  --layout L       account, org or both trees (default: per "
	       "scenario)\n"
	       "  --no-digests     do not write CloudTrail-Digest files\n"
	       "  --threads N      compression threads (default: CPUs); "
	       "output is the same\n"
	       "  -v, --verbose    print what was written\n"
	       "  -h, --help       this help\n"
	       "\nWrites DIR/logs/AWSLogs/..., DIR/truth/ and, for some "
	       "scenarios, DIR/side/.\n"
	       "Same arguments, same bytes.  See trailsift-gen(1).\n");
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "trailsift-gen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	return TS_EXIT_USAGE;
}

static int
number(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return *s && *end == '\0' && errno == 0 && *v >= lo && *v <= hi;
}

/* Apply one option with its value; returns 0 or a usage status. */
static int
option(struct opts *o, const char *name, const char *val)
{
	long long v;

	if (strcmp(name, "--scenario") == 0) {
		o->sc = scen_find(val);
		return o->sc ? 0 : bad("unknown scenario '%s'", val);
	} else if (strcmp(name, "--out") == 0) {
		o->out = val;
	} else if (strcmp(name, "--seed") == 0) {
		if (!number(val, 0, INT64_MAX, &v)) {
			return bad("bad --seed '%s'", val);
		}
		o->seed = (uint64_t)v;
	} else if (strcmp(name, "--events") == 0) {
		if (!number(val, 0, 2000000000, &v)) {
			return bad("bad --events '%s'", val);
		}
		o->events = (long)v;
	} else if (strcmp(name, "--days") == 0) {
		if (!number(val, 1, 3660, &v)) {
			return bad("bad --days '%s' (1 to 3660)", val);
		}
		o->days = (int)v;
	} else if (strcmp(name, "--start") == 0) {
		if (strlen(val) != 10 ||
		    tstime_parse(val, 10, &o->start) != 0) {
			return bad("bad --start '%s' (YYYY-MM-DD)", val);
		}
	} else if (strcmp(name, "--layout") == 0) {
		o->layout = layout_parse(val);
		return o->layout ? 0 : bad("bad --layout '%s'", val);
	} else if (strcmp(name, "--threads") == 0) {
		if (!number(val, 0, 64, &v)) {
			return bad("bad --threads '%s' (0 to 64)", val);
		}
		o->threads = (int)v;
	} else {
		return bad("unknown option '%s'", name);
	}
	return 0;
}

static int
parse(struct opts *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *eq = strchr(a, '=');
		int rc;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			exit(TS_EXIT_OK);
		} else if (strcmp(a, "--no-digests") == 0) {
			o->digests = 0;
		} else if (strcmp(a, "--verbose") == 0 ||
		           strcmp(a, "-v") == 0) {
			o->verbose = 1;
		} else if (strncmp(a, "--", 2) != 0) {
			return bad("unexpected argument '%s'", a);
		} else if (eq) {
			*eq = '\0';
			rc = option(o, a, eq + 1);
			*eq = '=';
			if (rc) {
				return rc;
			}
		} else if (i + 1 >= argc) {
			return bad("option '%s' needs an argument", a);
		} else if ((rc = option(o, a, argv[++i])) != 0) {
			return rc;
		}
	}
	if (o->sc == NULL) {
		return bad("%s", "--scenario is required");
	}
	if (o->out == NULL) {
		return bad("%s", "--out is required");
	}
	return 0;
}

/* The output directory must be new or empty: mixing runs would break
 * the ground truth. */
static int
prepare_out(const char *dir, ts_err *err)
{
	DIR *d;
	struct dirent *e;

	if (mkdir(dir, 0777) == 0) {
		return TS_OK;
	}
	if (errno != EEXIST || (d = opendir(dir)) == NULL) {
		return ts_fail(err, TS_FATAL, "%s: %s", dir, strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(d);
			return ts_fail(err, TS_FATAL,
			               "%s: not empty (refusing to mix runs)",
			               dir);
		}
	}
	closedir(d);
	return TS_OK;
}

static world *
build(const struct opts *o)
{
	const struct scenario *sc = o->sc;
	int64_t start = o->start;
	world *w;

	if (start < 0) {
		tstime_parse(sc->start, strlen(sc->start), &start);
	}
	w = world_new(sc->name, o->seed, start, o->days ? o->days : sc->days);
	w->bg_events = sc->events;
	w->layout = sc->layout;
	sc->build(w);
	if (o->events >= 0) {
		w->bg_events = o->events;
	}
	world_finish(w);
	return w;
}

static int
generate(const struct opts *o, ts_err *err)
{
	world *w = build(o);
	struct dl_opts dl = {o->out, o->layout ? o->layout : w->layout,
	                     o->digests, o->threads};
	struct dl_result res;
	char *dir;
	int rc = deliver_run(w, &dl, &res, err);

	dir = xasprintf("%s/truth", o->out);
	if (rc == TS_OK) {
		rc = truth_write(w, &res, dir, err);
	}
	free(dir);
	dir = xasprintf("%s/side", o->out);
	if (rc == TS_OK) {
		rc = side_write(w, dir, err);
	}
	free(dir);
	if (rc == TS_OK && o->verbose) {
		printf("%s seed %llu: %ld records, %ld log files, %ld digest "
		       "files, %llu bytes of JSON\n",
		       w->scenario, (unsigned long long)w->seed, res.n_records,
		       res.n_files, res.n_digests,
		       (unsigned long long)res.json_bytes);
	}
	deliver_result_free(&res);
	world_free(w);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o = {NULL, NULL, 1, -1, -1, 0, 0, 1, 2, 0};
	ts_err err;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	o.threads = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	if ((rc = parse(&o, argc, argv)) != 0) {
		return rc;
	}
	ts_err_clear(&err);
	if (prepare_out(o.out, &err) != TS_OK || generate(&o, &err) != TS_OK) {
		fprintf(stderr, "trailsift-gen: %s\n", err.msg);
		return TS_EXIT_FATAL;
	}
	return TS_EXIT_OK;
}

/* cmd_check.c -- `trailsift check`: does the index still say what its
 * logs said?  Options, output and exit status; the checks themselves
 * are check.c's. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "cli.h"
#include "index/check.h"
#include "index/index.h"
#include "util/err.h"
#include "util/tstime.h"

#define DEFAULT_MAX_PROBLEMS 100
#define PROGRESS_MS 250 /* between two drawings of the progress line */

struct out {
	unsigned long max;   /* problem lines printed at most; 0: all */
	unsigned long shown; /* printed so far */
	int progress;        /* draw the progress line (stderr a tty) */
	int64_t t0, drawn;   /* start, last drawing (monotonic ms) */
	int64_t t_events;    /* when the events began, or 0 */
};

static void
on_problem(void *arg, const char *line)
{
	struct out *o = arg;

	if (o->max != 0 && o->shown >= o->max) {
		return;
	}
	o->shown++;
	if (o->progress) {
		ts_status_clear();
		o->drawn = 0; /* draw again at once */
	}
	printf("%s\n", line);
	if (o->progress) {
		fflush(stdout);
	}
}

static void
on_progress(void *arg, const struct check_stats *st)
{
	struct out *o = arg;
	int64_t now = tstime_mono_ms();
	double el, ev; /* seconds in all, and since the events began */
	char elapsed[32], eta[48] = "";

	if (!o->progress || (o->drawn != 0 && now - o->drawn < PROGRESS_MS)) {
		return;
	}
	if (o->t_events == 0 && strcmp(st->stage, "events") == 0) {
		o->t_events = now; /* the rate leaves quick_check out */
	}
	o->drawn = now;
	el = (double)(now - o->t0) / 1000.0;
	ev = o->t_events ? (double)(now - o->t_events) / 1000.0 : 0;
	tstime_hms(el, elapsed, sizeof(elapsed));
	if (strcmp(st->stage, "events") != 0) {
		ts_status("trailsift: check: %s  events %llu  %s", st->stage,
		          (unsigned long long)st->events, elapsed);
		return;
	}
	if (st->event_max > 0 && st->event_at > 0 && ev > 1) {
		double left = (double)(st->event_max - st->event_at) /
		              ((double)st->event_at / ev);

		snprintf(eta, sizeof(eta), "  ETA ");
		tstime_hms(left, eta + 6, sizeof(eta) - 6);
	}
	ts_status("trailsift: check: events %llu (%d%%)  %.0f events/s  %s%s",
	          (unsigned long long)st->events,
	          st->event_max > 0 ? (int)(100.0 * (double)st->event_at /
	                                    (double)st->event_max)
	                            : 0,
	          ev > 0 ? (double)st->events / ev : 0.0, elapsed, eta);
}

static void
summary(const struct out *o, const struct check_stats *st, int sources)
{
	if (o->max != 0 && st->problems > o->shown) {
		printf("... and %llu more problem%s (--max-problems 0 prints "
		       "them all)\n",
		       (unsigned long long)(st->problems - o->shown),
		       st->problems - o->shown == 1 ? "" : "s");
	}
	printf("checked %llu raw block%s, %llu event%s (%llu record%s "
	       "compared), %llu source%s, %llu document%s",
	       (unsigned long long)st->blocks, st->blocks == 1 ? "" : "s",
	       (unsigned long long)st->events, st->events == 1 ? "" : "s",
	       (unsigned long long)st->events_checked,
	       st->events_checked == 1 ? "" : "s",
	       (unsigned long long)st->sources, st->sources == 1 ? "" : "s",
	       (unsigned long long)st->documents,
	       st->documents == 1 ? "" : "s");
	if (sources) {
		printf(", %llu file%s (%llu same, %llu changed, %llu missing)",
		       (unsigned long long)st->files, st->files == 1 ? "" : "s",
		       (unsigned long long)st->files_same,
		       (unsigned long long)st->files_changed,
		       (unsigned long long)st->files_missing);
	}
	if (st->problems == 0) {
		printf(": no problems\n");
	} else {
		printf(": %llu problem%s\n", (unsigned long long)st->problems,
		       st->problems == 1 ? "" : "s");
	}
}

static int
run_check(const struct ts_cmd *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"full", no_argument, NULL, 'F'},
	        {"sources", no_argument, NULL, 'S'},
	        {"base", required_argument, NULL, 'B'},
	        {"max-problems", required_argument, NULL, 'M'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct check_opts co = {0, 0, on_problem, on_progress, NULL, NULL};
	struct out o = {DEFAULT_MAX_PROBLEMS, 0, 0, 0, 0, 0};
	struct check_stats st;
	struct stat sb;
	sqlite3 *db = NULL;
	ts_err err;
	char *end;
	int c, rc;

	while ((c = cli_getopt(cmd, argc, argv, "d:h", longopts)) != -1) {
		switch (c) {
		case 'd':
			cli_db = optarg;
			break;
		case 'F':
			co.full = 1;
			break;
		case 'S':
			co.sources = 1;
			break;
		case 'B':
			co.base = optarg;
			break;
		case 'M':
			o.max = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-' ||
			    o.max == ULONG_MAX) {
				return cli_usage_error(
				        cmd,
				        "--max-problems: '%s' is "
				        "not a number",
				        optarg);
			}
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return TS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		return cli_usage_error(cmd, "unexpected argument '%s'",
		                       argv[optind]);
	}
	if (co.base != NULL && !co.sources) {
		return cli_usage_error(cmd, "--base goes with --sources");
	}
	if (co.base != NULL &&
	    (stat(co.base, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		return cli_usage_error(cmd, "--base %s: not a directory",
		                       co.base);
	}
	if ((rc = cli_open_read(cmd, &db)) != TS_EXIT_OK) {
		return rc;
	}
	ts_err_clear(&err);
	o.progress = isatty(STDERR_FILENO);
	o.t0 = tstime_mono_ms();
	co.arg = &o;
	rc = check_index(db, &co, &st, &err);
	if (o.progress) {
		ts_status_clear();
	}
	index_close(db, NULL);
	if (rc != TS_OK) {
		ts_warnx("check: %s: %s", cli_db, err.msg);
		return TS_EXIT_FATAL;
	}
	summary(&o, &st, co.sources);
	if (st.files_missing_relative > 0 && st.files_missing == st.files &&
	    co.base == NULL) {
		/* most likely run from elsewhere than the ingest was */
		ts_warnx("check: every file is missing, and %llu of them %s "
		         "relative %s, read from the current directory: run "
		         "check where the ingest ran, or give --base DIR",
		         (unsigned long long)st.files_missing_relative,
		         st.files_missing_relative == 1 ? "has a" : "have",
		         st.files_missing_relative == 1 ? "path" : "paths");
	}
	return st.problems ? TS_EXIT_PARTIAL : TS_EXIT_OK;
}

const struct ts_cmd cmd_check = {
        .name = "check",
        .run = run_check,
        .synopsis = "trailsift check [-d DB] [--full] [--sources [--base "
                    "DIR]] [--max-problems N]",
        .summary = "Verify that the index still says what its logs said",
        .help = "Reads the index, never writes it, and checks: SQLite's "
                "own structure (PRAGMA\nquick_check); that every raw "
                "block decompresses to its length; that every\nevent's "
                "record is in its block, is one CloudTrail event, and "
                "gives every\nindexed column the value the index holds "
                "(as ingest parses it now); that every\nevent names an "
                "existing source, whose n_indexed counts its events; and "
                "that\nevery digest, Insights record and snapshot item "
                "reads back as JSON with the\ncolumns the index holds, "
                "and is counted by its source's n_documents.\nEach "
                "problem is one line naming the event, block, source or "
                "document row,\nthen a summary; exit status 0 when all "
                "agrees, 3 when something does not, 1\nwhen the index "
                "cannot be read at all.  An eventID, requestID or "
                "eventTime that\nthe stored record leaves to the row "
                "(see trailsift-index(5)) is checked only\nfor its "
                "form.\n\n"
                "Options:\n"
                "  -d, --db PATH       the index (default: $TRAILSIFT_DB, "
                "else ./trailsift.db)\n"
                "  --full              PRAGMA integrity_check instead of "
                "quick_check (slower)\n"
                "  --sources           also hash each input file still at "
                "its recorded path\n"
                "                      (relative paths: from the current "
                "directory) and compare\n"
                "                      size and SHA-256 with the index: "
                "same, changed or missing\n"
                "  --base DIR          with --sources: read relative paths "
                "from DIR (where the\n"
                "                      ingest ran)\n"
                "  --max-problems N    print at most N problem lines, then "
                "how many more\n"
                "                      (default 100; 0: all)\n",
};

/* cmd_ingest.c -- `trailsift ingest`: options -> pipeline_run(), then a
 * summary and the exit status (3 when some input failed). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ingest/pipeline.h"
#include "ingest/s3key.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/tstime.h"
#include "util/xmalloc.h"

/* An account id as the console writes it (1111-2222-3333) is the
 * 12 digits; a region is lower case (US-EAST-1 matched no file) and has
 * the shape of one: words of letters and digits joined by hyphens,
 * the first a letter, the last a number (us-east-1, us-gov-west-1). */
static int
normalise(char *t, int account)
{
	char *w = t;
	size_t n;

	for (char *r = t; *r; r++) {
		if (account && (*r == '-' || *r == ' ')) {
			continue;
		}
		*w++ = account ? *r : (char)tolower((unsigned char)*r);
	}
	*w = '\0';
	n = strlen(t);
	if (account) {
		return n == 12 && strspn(t, "0123456789") == 12;
	}
	return n > 0 &&
	       strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789-") == n &&
	       islower((unsigned char)t[0]) &&
	       isdigit((unsigned char)t[n - 1]) && strchr(t, '-') != NULL &&
	       strstr(t, "--") == NULL;
}

/* Append the comma-separated values of v to a list; -1 (said) if one is
 * no account id or region, or there is none ("", ","): an empty
 * --account "$ACCOUNT" is a mistake, not "every account". */
static int
add_list(const struct ts_cmd *cmd, char ***list, int *n, const char *v,
         int account)
{
	char *copy = xstrdup(v), *save = NULL;
	int added = 0;

	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		char *orig = xstrdup(t);

		if (!normalise(t, account)) {
			cli_usage_error(cmd,
			                account ? "--account wants 12-digit "
			                          "account ids, not '%s'"
			                        : "--region wants region names "
			                          "such as us-east-1, not '%s'",
			                orig);
			free(orig);
			free(copy);
			return -1;
		}
		free(orig);
		cli_push(list, n, xstrdup(t));
		added++;
	}
	free(copy);
	if (added == 0) {
		cli_usage_error(cmd,
		                account ? "--account wants 12-digit account "
		                          "ids, not '%s'"
		                        : "--region wants region names such as "
		                          "us-east-1, not '%s'",
		                v);
		return -1;
	}
	return 0;
}

/* path as one shell word: as it is when it needs no quoting, else in
 * single quotes (a quote inside written '\''). */
static void
put_shell_word(FILE *f, const char *path)
{
	if (*path &&
	    strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
	                 "OPQRSTUVWXYZ0123456789_-./:+,=@%") == strlen(path)) {
		fputs(path, f);
		return;
	}
	fputc('\'', f);
	for (; *path; path++) {
		if (*path == '\'') {
			fputs("'\\''", f);
		} else {
			fputc(*path, f);
		}
	}
	fputc('\'', f);
}

/* "1 source", "2 sources" */
static const char *
pl(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
summary(const struct pipeline_result *r, const char *db)
{
	const struct writer_stats *s = &r->st;

	fflush(stdout);
	fprintf(stderr,
	        "trailsift: %llu new %s from %llu %s in %.1f s "
	        "(%.1f MB/s): %llu %s, %llu %s rejected, %llu "
	        "outside the filters\n",
	        (unsigned long long)s->events, pl(s->events, "event", "events"),
	        (unsigned long long)s->sources,
	        pl(s->sources, "source", "sources"), r->seconds,
	        r->seconds > 0 ? (double)r->bytes / 1e6 / r->seconds : 0.0,
	        (unsigned long long)s->duplicates,
	        pl(s->duplicates, "duplicate", "duplicates"),
	        (unsigned long long)s->rejected,
	        pl(s->rejected, "record", "records"),
	        (unsigned long long)s->filtered);
	if (s->conflicts) {
		fprintf(stderr,
		        "trailsift: %llu %s in length or "
		        "eventTime (or bytes, where its source was not read "
		        "cleanly) from the copy already stored",
		        (unsigned long long)s->conflicts,
		        pl(s->conflicts, "duplicate differs",
		           "duplicates differ"));
		if (s->conflicts_space) {
			fprintf(stderr,
			        " (%llu of them only in whitespace between "
			        "JSON tokens: the same record formatted "
			        "otherwise)",
			        (unsigned long long)s->conflicts_space);
		}
		fprintf(stderr,
		        ";\ntrailsift: they are kept in the table "
		        "'rejected' (reason 'duplicate eventID ...')\n");
	}
	if (s->sources_known) {
		fprintf(stderr,
		        "trailsift: %llu %s already in the index and %s",
		        (unsigned long long)s->sources_known,
		        pl(s->sources_known, "source was", "sources were"),
		        pl(s->sources_known, "was not read again",
		           "were not read again"));
		if (s->sources_known_damaged) {
			fprintf(stderr,
			        "; %llu of them %s damaged (status partial)",
			        (unsigned long long)s->sources_known_damaged,
			        pl(s->sources_known_damaged, "was", "were"));
		}
		fputc('\n', stderr);
	}
	if (s->sources_skipped || s->sources_failed ||
	    s->sources_known_damaged) {
		/* a command that works when pasted into a shell; a bundle
		 * has a row of its own besides its members' */
		fprintf(stderr,
		        "trailsift: this run: %llu %s skipped (not CloudTrail, "
		        "empty, or outside the filters), %llu failed or "
		        "partial%s",
		        (unsigned long long)s->sources_skipped,
		        pl(s->sources_skipped, "source", "sources"),
		        (unsigned long long)s->sources_failed,
		        s->sources_failed ? " (a bundle counts apart from its "
		                            "members)"
		                          : "");
		if (s->sources_known_damaged) {
			fprintf(stderr, ", %llu partial when read before",
			        (unsigned long long)s->sources_known_damaged);
		}
		fputs("; see: trailsift query -d ", stderr);
		put_shell_word(stderr, db);
		fputs(" \"SELECT path, member, status, error FROM sources "
		      "WHERE status <> 'ok'\"\n",
		      stderr);
	}
}

/* Nothing this run met was inside the filters `spec` (as the sources
 * table writes them): say what it met instead. */
static void
unmatched(const struct pipeline_result *r, const char *spec)
{
	fflush(stdout);
	fprintf(stderr, "trailsift: ingest: nothing matched the filters (%s)",
	        spec);
	if (r->outside) {
		fprintf(stderr, ": %llu %s outside them by %s S3 path",
		        (unsigned long long)r->outside,
		        pl(r->outside, "file", "files"),
		        pl(r->outside, "its", "their"));
		if (r->outside_of[0]) {
			fprintf(stderr, ", of %s", r->outside_of);
		}
	}
	if (r->st.filtered) {
		fprintf(stderr, "%s %llu %s outside them",
		        r->outside ? "; and" : ":",
		        (unsigned long long)r->st.filtered,
		        pl(r->st.filtered, "event", "events"));
	}
	fputs("; a typo?\n", stderr);
}

static int
run_ingest(const struct ts_cmd *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"jobs", required_argument, NULL, 'j'},
	        {"since", required_argument, NULL, 'S'},
	        {"until", required_argument, NULL, 'U'},
	        {"account", required_argument, NULL, 'a'},
	        {"region", required_argument, NULL, 'r'},
	        {"captured-at", required_argument, NULL, 'C'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct ingest_opts o;
	struct pipeline_result res;
	ts_err err;
	char *end;
	long n;
	int c, rc = TS_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	o.max_record = INGEST_MAX_RECORD;
	while ((c = cli_getopt(cmd, argc, argv, "d:j:qh", longopts)) != -1) {
		switch (c) {
		case 'd':
			cli_db = optarg;
			break;
		case 'j':
			n = strtol(optarg, &end, 10);
			if (n < 1 || n > 256 || *end != '\0') {
				cli_usage_error(
				        cmd, "--jobs wants 1 to 256, not '%s'",
				        optarg);
				goto out;
			}
			o.jobs = (int)n;
			break;
		case 'S':
			if (cli_time(cmd, "--since", optarg, 0, &o.since)) {
				goto out;
			}
			break;
		case 'U':
			if (cli_time(cmd, "--until", optarg, 1, &o.until)) {
				goto out;
			}
			break;
		case 'C':
			if (cli_time(cmd, "--captured-at", optarg, 0,
			             &o.captured_at)) {
				goto out;
			}
			break;
		case 'a':
			if (add_list(cmd, &o.accounts, &o.n_accounts, optarg,
			             1)) {
				goto out;
			}
			break;
		case 'r':
			if (add_list(cmd, &o.regions, &o.n_regions, optarg,
			             0)) {
				goto out;
			}
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			rc = cli_help(cmd);
			goto out;
		default:
			goto out;
		}
	}
	if (optind >= argc) {
		cli_usage_error(cmd, "no PATH given (a directory, file, "
		                     "bundle, or - for standard input)");
		goto out;
	}
	/* two readers of one pipe would each get part of it: neither
	 * source whole, the records across the cut lost */
	for (int i = optind, dash = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && dash++) {
			cli_usage_error(cmd, "- (standard input) given twice: "
			                     "it can be read only once");
			goto out;
		}
	}
	if (o.since != S3KEY_UNKNOWN && o.until != S3KEY_UNKNOWN &&
	    o.since > o.until) {
		cli_usage_error(cmd, "--since is after --until");
		goto out;
	}
	if (o.jobs < 1) {
		o.jobs = 1;
	}
	o.db = cli_db;
	o.progress = !o.quiet && isatty(2);
	o.command = cli_command_line(argc, argv);
	o.filters = ingest_filter_spec(&o);
	ts_err_clear(&err);
	if (pipeline_run(&o, argv + optind, argc - optind, &res, &err) !=
	    TS_OK) {
		ts_warnx("%s", err.msg);
		rc = TS_EXIT_FATAL;
	} else {
		if (!o.quiet) {
			summary(&res, o.db);
		} else if (res.st.sources_known_damaged) {
			/* exit status 3 with nothing said: the damage was
			 * printed by the run that read them */
			ts_warnx("%llu %s already in the index %s damaged "
			         "when read (status partial), and not read "
			         "again",
			         (unsigned long long)
			                 res.st.sources_known_damaged,
			         pl(res.st.sources_known_damaged, "source",
			            "sources"),
			         pl(res.st.sources_known_damaged, "was",
			            "were"));
		}
		if (o.filters && res.st.events == 0 && res.st.duplicates == 0 &&
		    res.st.sources_known == 0 &&
		    (res.outside > 0 || res.st.filtered > 0)) {
			/* a run that matched nothing: most likely a typo in
			 * a filter; said even with -q */
			unmatched(&res, o.filters);
		}
		if (res.st.sources_known_recaptured) {
			/* the option was not applied: said even with -q */
			ts_warnx("--captured-at: %llu identity-store %s "
			         "already in the index with another capture "
			         "time and %s not read again; a listing is "
			         "stored once, with the capture time of its "
			         "first ingest: to record another, ingest it "
			         "into a new index",
			         (unsigned long long)
			                 res.st.sources_known_recaptured,
			         pl(res.st.sources_known_recaptured,
			            "listing was", "listings were"),
			         pl(res.st.sources_known_recaptured, "was",
			            "were"));
		}
		rc = res.st.sources_failed || res.st.sources_known_damaged
		             ? TS_EXIT_PARTIAL
		             : TS_EXIT_OK;
	}
	if (res.interrupted && res.st.streams_cut > 0) {
		/* what a pipe held after the cut is gone: a second run
		 * cannot finish it */
		ts_warnx("interrupted: what was stored is complete; standard "
		         "input (or a FIFO) was cut: its records read before "
		         "are stored, the rest must be sent again (see "
		         "'sources' for the offset)");
		rc = TS_EXIT_FATAL;
	} else if (res.interrupted) {
		ts_warnx("interrupted: what was stored is complete; run the "
		         "same command again to finish");
		rc = TS_EXIT_FATAL;
	}
out:
	ingest_filter_release(&o);
	free((char *)o.command);
	free(o.filters);
	return rc;
}

const struct ts_cmd cmd_ingest = {
        .name = "ingest",
        .run = run_ingest,
        .synopsis = "trailsift ingest [-d DB] [-j N] [--since TIME] "
                    "[--until TIME]\n"
                    "                 [--account ID] [--region NAME] "
                    "[--captured-at TIME] [-q]\n"
                    "                 PATH...",
        .summary = "Index CloudTrail files, directories and bundles",
        .help = "Reads CloudTrail logs and adds their events to the index "
                "(created if missing).\nPATH is a directory (walked; the S3 "
                "layout AWSLogs/... with organization\ntrails too), a file "
                "(.json.gz, .json, JSON Lines, lookup-events output,\n"
                "EventBridge envelopes), a bundle read in place (.tar, "
                ".tar.gz, .zip, .7z, ...),\nor - for standard input.  "
                "Digest and Insights files are recorded, not indexed\nas "
                "events.  Input is opened read-only.  Events already in the "
                "index (same\neventID) are counted as duplicates; a file "
                "read before, unchanged and under\nthe same filters, is not "
                "read again.  Every input appears in the view 'sources'\n"
                "with its SHA-256 and status.\n\n"
                "Options:\n"
                "  -d, --db PATH        the index (default: $TRAILSIFT_DB, "
                "else "
                "./trailsift.db)\n"
                "  -j, --jobs N         worker threads (default: the number "
                "of CPUs)\n"
                "      --since TIME     only events at or after TIME (ISO "
                "8601)\n"
                "      --until TIME     only events up to the end of TIME (a "
                "date: of its day,\n"
                "                       18:31: of that minute)\n"
                "      --account ID     only these recipient accounts "
                "(repeat, or a,b,c)\n"
                "      --region NAME    only these regions (repeat, or "
                "a,b,c)\n"
                "      --captured-at TIME  when identity-store snapshots "
                "were taken\n"
                "                       (default: the file's modification "
                "time)\n"
                "  -q, --quiet          no progress line and no summary\n\n"
                "Files whose S3 path shows them outside the filters are "
                "recorded as skipped\nwithout being opened.  Exit status 3 "
                "means some input failed (listed on\nstderr and in "
                "'sources'); everything else was indexed.\n",
};

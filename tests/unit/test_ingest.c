/* test_ingest.c -- the filter strings of `trailsift ingest` (ingest.c):
 * parsing what ingest_filter_spec() wrote, and when a source read under
 * one set of filters is complete for a run with another. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "../../src/index/index.h"
#include "../../src/ingest/ingest.h"
#include "../../src/ingest/pipeline.h"
#include "../../src/ingest/s3key.h"
#include "../../src/util/tstime.h"

static int64_t
t(const char *s)
{
	int64_t ms = 0;

	tstime_parse(s, strlen(s), &ms);
	return ms;
}

/* spec -> parse -> spec gives the same string back. */
static void
round_trip(const char *spec)
{
	struct ingest_opts f;
	char *again;

	assert_int(ingest_filter_parse(spec, &f), ==, 0);
	again = ingest_filter_spec(&f);
	assert_str(again, spec);
	free(again);
	ingest_filter_release(&f);
}

DEFINE_TEST(test_ingest_filter_parse)
{
	struct ingest_opts f;

	round_trip("since=2025-01-05T10:00:00Z");
	round_trip("until=2025-01-05T10:00:00.001Z");
	round_trip("since=2025-01-05T10:00:00.250Z until=2025-01-06T00:00:00Z "
	           "account=111122223333 account=444455556666 "
	           "region=us-east-1 region=eu-west-1");
	round_trip("region=us-gov-west-1");

	assert_int(ingest_filter_parse("since=2025-01-05T10:00:00.250Z "
	                               "region=us-east-1 region=eu-west-1",
	                               &f),
	           ==, 0);
	assert_int(f.since, ==, t("2025-01-05T10:00:00.250Z"));
	assert_int(f.until, ==, S3KEY_UNKNOWN);
	assert_int(f.n_accounts, ==, 0);
	assert_int(f.n_regions, ==, 2);
	assert_str(f.regions[1], "eu-west-1");
	ingest_filter_release(&f);
	assert_int(f.n_regions, ==, 0);

	/* nothing but what ingest_filter_spec() writes; f is then
	 * empty, so releasing it again is harmless */
	const char *bad[] = {
	        "",
	        " ",
	        "region=us-east-1 ",
	        " region=us-east-1",
	        "region=us-east-1  region=eu-west-1",
	        "region=",
	        "region",
	        "=us-east-1",
	        "regions=us-east-1",
	        "Region=us-east-1",
	        "since=yesterday",
	        "since=2025-01-05T10:00:00Z since=2025-01-06T10:00:00Z",
	        "until=2025-02-30",
	        "account=111122223333 bogus",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ingest_filter_parse(bad[i], &f) != -1) {
			test_failed(__FILE__, __LINE__, "parsed \"%s\"",
			            bad[i]);
		}
		assert_int(f.n_accounts + f.n_regions, ==, 0);
		ingest_filter_release(&f);
	}
	assert_int(ingest_filter_parse(NULL, &f), ==, -1);
}

/* Does the stored string `earlier` cover the run whose filters are the
 * string `now` (NULL: no filters)? */
static int
covers(const char *earlier, const char *now)
{
	struct ingest_opts e, o = {0};
	int yes;

	o.since = o.until = S3KEY_UNKNOWN;
	if (now && ingest_filter_parse(now, &o) != 0) {
		return -1;
	}
	if (ingest_filter_parse(earlier, &e) != 0) {
		ingest_filter_release(&o);
		return -1;
	}
	yes = ingest_filter_covers(&e, &o);
	ingest_filter_release(&e);
	ingest_filter_release(&o);
	return yes;
}

DEFINE_TEST(test_ingest_filter_covers)
{
	const char *r2 = "region=us-east-1 region=eu-west-1";

	/* narrower or equal lists, in any order */
	assert_int(covers(r2, "region=us-east-1"), ==, 1);
	assert_int(covers(r2, "region=eu-west-1 region=us-east-1"), ==, 1);
	assert_int(covers(r2, r2), ==, 1);
	assert_int(covers("region=us-east-1", r2), ==, 0);
	assert_int(covers("region=us-east-1", "region=eu-west-1"), ==, 0);
	/* no region filter now lets every region through */
	assert_int(covers(r2, NULL), ==, 0);
	assert_int(covers(r2, "account=111122223333"), ==, 0);
	/* a filter the earlier read did not have is narrower */
	assert_int(covers(r2, "region=us-east-1 account=111122223333"), ==, 1);
	assert_int(covers("account=111122223333", "account=111122223333 "
	                                          "since=2025-01-05"),
	           ==, 1);

	/* times: a later since, an earlier until, to the millisecond */
	assert_int(covers("since=2025-01-05T10:00:00Z",
	                  "since=2025-01-05T10:00:00Z"),
	           ==, 1);
	assert_int(covers("since=2025-01-05T10:00:00Z",
	                  "since=2025-01-06T00:00:00Z"),
	           ==, 1);
	assert_int(covers("since=2025-01-05T10:00:00.001Z",
	                  "since=2025-01-05T10:00:00Z"),
	           ==, 0);
	assert_int(covers("since=2025-01-05T10:00:00Z", NULL), ==, 0);
	assert_int(covers("since=2025-01-05T10:00:00Z",
	                  "until=2025-01-06T00:00:00Z"),
	           ==, 0);
	assert_int(covers("until=2025-01-05T10:00:00Z",
	                  "until=2025-01-05T09:59:59.999Z"),
	           ==, 1);
	assert_int(covers("until=2025-01-05T10:00:00Z",
	                  "until=2025-01-05T10:00:00.001Z"),
	           ==, 0);
	assert_int(covers("until=2025-01-05T10:00:00Z",
	                  "since=2025-01-01T00:00:00Z"),
	           ==, 0);
	assert_int(covers("since=2025-01-01T00:00:00Z "
	                  "until=2025-01-31T00:00:00Z",
	                  "since=2025-01-05T00:00:00Z "
	                  "until=2025-01-06T00:00:00Z region=us-east-1"),
	           ==, 1);
}

DEFINE_TEST(test_ingest_source_complete)
{
	struct ingest_opts o = {0};
	char *regions[] = {"us-east-1"};

	o.since = o.until = S3KEY_UNKNOWN;
	o.regions = regions;
	o.n_regions = 1;
	o.filters = ingest_filter_spec(&o);

	assert_int(ingest_source_complete(&o, "ok", 0, NULL), ==, 1);
	assert_int(ingest_source_complete(&o, "ok", 2, "region=us-east-1"), ==,
	           1);
	assert_int(ingest_source_complete(&o, "partial", 1,
	                                  "region=eu-west-1 region=us-east-1"),
	           ==, 1);
	assert_int(ingest_source_complete(&o, "ok", 1, "region=eu-west-1"), ==,
	           0);
	/* not read to the end, or filters unknown: read it again */
	assert_int(ingest_source_complete(&o, "error", 0, NULL), ==, 0);
	assert_int(ingest_source_complete(&o, "ok", 1, NULL), ==, 0);
	assert_int(ingest_source_complete(&o, "ok", 1, "region=us-east-1 x"),
	           ==, 0);
	free(o.filters);
}

/* A run asks about the same stored string once per file; the answers
 * are remembered per pair of strings, never for the stored string
 * alone: the same string covers one run and not another. */
DEFINE_TEST(test_ingest_source_complete_memo)
{
	const char *wide = "since=2025-01-05T10:00:00Z";
	struct ingest_opts later = {0}, earlier = {0}, none = {0};

	later.until = earlier.until = none.since = none.until = S3KEY_UNKNOWN;
	later.since = t("2025-01-06T00:00:00Z");
	earlier.since = t("2025-01-05T00:00:00Z");
	later.filters = ingest_filter_spec(&later);
	earlier.filters = ingest_filter_spec(&earlier);
	for (int i = 0; i < 3; i++) {
		assert_int(ingest_source_complete(&later, "ok", 1, wide), ==,
		           1);
		assert_int(ingest_source_complete(&earlier, "ok", 1, wide), ==,
		           0);
		assert_int(ingest_source_complete(&none, "ok", 1, wide), ==, 0);
	}
	/* more strings than the memo holds: still right */
	for (int d = 10; d < 20; d++) {
		char s[64];

		snprintf(s, sizeof(s), "since=2025-01-%02dT00:00:00Z", d);
		assert_int(ingest_source_complete(&later, "ok", 1, s), ==, 0);
		assert_int(ingest_source_complete(&earlier, "ok", 1, s), ==, 0);
	}
	assert_int(ingest_source_complete(&later, "ok", 1, wide), ==, 1);
	free(later.filters);
	free(earlier.filters);
}

static int
run_once(const char *db, char *path, struct pipeline_result *res)
{
	struct ingest_opts o;
	ts_err err;

	memset(&o, 0, sizeof(o));
	o.db = db;
	o.jobs = 1;
	o.quiet = 1;
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.max_record = INGEST_MAX_RECORD;
	ts_err_clear(&err);
	return pipeline_run(&o, &path, 1, res, &err);
}

/* Paths are stored cleaned ("./d" is "d"), so another spelling of a
 * file is no new source; an index written before that holds "./d/x",
 * and a rerun with "./d" still finds those rows, reading nothing
 * again and adding no row. */
DEFINE_TEST(test_ingest_path_spellings)
{
	char dir[600], cwd[4096];
	struct pipeline_result res;
	sqlite3 *db = NULL;
	ts_err err;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/spell", test_tmpdir());
	mkdir(dir, 0755);
	assert_true(getcwd(cwd, sizeof(cwd)) != NULL);
	assert_int(chdir(dir), ==, 0);
	mkdir("d", 0755);
	f = fopen("d/x.json", "w");
	fputs("{\"eventVersion\":\"1.08\",\"eventID\":\"aaaaaaaa-0000-4000-"
	      "8000-000000000001\",\"eventTime\":\"2025-01-05T10:00:00Z\"}\n",
	      f);
	fclose(f);

	assert_int(run_once("new.db", "./d", &res), ==, TS_OK);
	assert_int(run_once("new.db", "d//", &res), ==, TS_OK);
	assert_int(res.st.sources_known, ==, 1);
	assert_int(run_once("new.db", "d/../d/x.json", &res), ==, TS_OK);
	assert_int(res.st.sources_known, ==, 1);
	ts_err_clear(&err);
	assert_int(index_open("new.db", INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM source WHERE path = "
	                           "'d/x.json'"),
	           ==, 1);
	assert_int(index_count(db, "SELECT count(*) FROM source"), ==, 1);
	index_close(db, NULL);

	/* an older index: the path as typed */
	assert_int(index_open("new.db", INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(
	        index_exec(db,
	                   "UPDATE source SET path = './' || path, path_key = "
	                   "path_key('./' || path)",
	                   &err),
	        ==, TS_OK);
	index_close(db, NULL);
	assert_int(run_once("new.db", "./d", &res), ==, TS_OK);
	assert_int(res.st.sources_known, ==, 1);
	assert_int(res.st.sources, ==, 0);
	assert_int(index_open("new.db", INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM source"), ==, 1);
	index_close(db, NULL);
	assert_int(chdir(cwd), ==, 0);
}

/* issue: --region us-east-1 skipped a folder CloudTrail/US-EAST-1/
 * ("region US-EAST-1 not selected"): the option is lower-cased, the
 * path was compared as it is */
DEFINE_TEST(test_ingest_listed_case)
{
	char *regions[] = {"us-east-1", "eu-west-1"};

	assert_true(ingest_listed(regions, 2, "us-east-1"));
	assert_true(ingest_listed(regions, 2, "US-EAST-1"));
	assert_true(ingest_listed(regions, 2, "Eu-West-1"));
	assert_true(!ingest_listed(regions, 2, "us-east-2"));
	assert_true(!ingest_listed(regions, 2, NULL));
	assert_true(ingest_listed(regions, 0, "anything"));
}

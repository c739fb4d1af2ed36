/* ingest.h -- options of `trailsift ingest`, shared by the pipeline, the
 * workers (reader.c) and the index writer.  Filled by cmd_ingest.c. */
#ifndef TS_INGEST_H
#define TS_INGEST_H

#include <stddef.h>
#include <stdint.h>

struct ingest_opts {
	const char *db;  /* index path */
	int jobs;        /* worker threads */
	int64_t since;   /* --since in ms, or S3KEY_UNKNOWN */
	int64_t until;   /* --until in ms, or S3KEY_UNKNOWN */
	char **accounts; /* --account values (recipientAccountId) */
	int n_accounts;
	char **regions; /* --region values (awsRegion) */
	int n_regions;
	int quiet;           /* -q: no progress, no summary */
	int progress;        /* draw the progress line on stderr */
	size_t max_record;   /* largest record kept (bytes) */
	unsigned ratio_cap;  /* gzip decompression-bomb ratio */
	int zlevel;          /* raw-block compression level (0 default) */
	int64_t captured_at; /* snapshot capture time, or S3KEY_UNKNOWN
	                      * (then the file's mtime) */
	const char *command; /* the command line, for the run table */
	char *filters;       /* the filters above as one canonical string
	                      * (kept with sources that had records filtered
	                      * out), or NULL when there are none */
};

/* Defaults that options override. */
#define INGEST_MAX_RECORD (8u << 20)

/* The canonical string of o's filters, or NULL when there are none
 * (caller frees). */
char *ingest_filter_spec(const struct ingest_opts *o);

/* Parse a string written by ingest_filter_spec() into f's since, until,
 * accounts and regions (the other fields are left alone).  Returns 0,
 * or -1 when spec is NULL, empty or not such a string (an unknown key,
 * a bad time, a time twice, an empty token or value); then f holds
 * nothing to release.  Release f's lists with ingest_filter_release(). */
int ingest_filter_parse(const char *spec, struct ingest_opts *f);

/* Free the account and region lists ingest_filter_parse() made. */
void ingest_filter_release(struct ingest_opts *f);

/* Do the filters of `wide` let through every event the filters of o
 * do?  Each of wide's is at least as wide as o's: its since unset or
 * at or before o's (set), its until unset or at or after o's (set),
 * its account list empty or holding every account of o's non-empty
 * list, and the same for regions. */
int ingest_filter_covers(const struct ingest_opts *wide,
                         const struct ingest_opts *o);

/* Is a stored source complete for this run?  Complete means read to the
 * end (status ok or partial) and nothing filtered out, or filtered by
 * filters (the stored string) that cover this run's: nothing this run
 * could index from it is missing.  o->filters must be
 * ingest_filter_spec(o): answers are remembered per pair of strings. */
int ingest_source_complete(const struct ingest_opts *o, const char *status,
                           long long n_filtered, const char *filters);

/* True if v is in list[0..n) (in any case: a folder CloudTrail/US-EAST-1/
 * is region us-east-1), or the list is empty (no filter). */
int ingest_listed(char *const *list, int n, const char *v);

/* True if an event with these column values passes the filters. */
int ingest_accept(const struct ingest_opts *o, int64_t time_ms,
                  const char *account, const char *region);

#endif

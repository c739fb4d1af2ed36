/* ingest.c -- the record filters of `trailsift ingest` (see ingest.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/strbuf.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

#include "ingest.h"
#include "s3key.h"

int
ingest_listed(char *const *list, int n, const char *v)
{
	if (n == 0) {
		return 1;
	}
	/* regions are taken in lower case from the command line, but a
	 * folder may be spelt CloudTrail/US-EAST-1/ (and was skipped as
	 * "not selected"); account ids are digits, alike in any case */
	for (int i = 0; v && i < n; i++) {
		if (strcasecmp(list[i], v) == 0) {
			return 1;
		}
	}
	return 0;
}

int
ingest_accept(const struct ingest_opts *o, int64_t time_ms, const char *account,
              const char *region)
{
	if (o->since != S3KEY_UNKNOWN && time_ms < o->since) {
		return 0;
	}
	if (o->until != S3KEY_UNKNOWN && time_ms > o->until) {
		return 0;
	}
	return ingest_listed(o->accounts, o->n_accounts, account) &&
	       ingest_listed(o->regions, o->n_regions, region);
}

char *
ingest_filter_spec(const struct ingest_opts *o)
{
	char t[TSTIME_MAX];
	strbuf sb;

	if (o->since == S3KEY_UNKNOWN && o->until == S3KEY_UNKNOWN &&
	    o->n_accounts == 0 && o->n_regions == 0) {
		return NULL;
	}
	strbuf_init(&sb);
	if (o->since != S3KEY_UNKNOWN) {
		strbuf_addf(&sb, "since=%s ", tstime_format(o->since, t));
	}
	if (o->until != S3KEY_UNKNOWN) {
		strbuf_addf(&sb, "until=%s ", tstime_format(o->until, t));
	}
	for (int i = 0; i < o->n_accounts; i++) {
		strbuf_addf(&sb, "account=%s ", o->accounts[i]);
	}
	for (int i = 0; i < o->n_regions; i++) {
		strbuf_addf(&sb, "region=%s ", o->regions[i]);
	}
	sb.buf[--sb.len] = '\0';
	return strbuf_detach(&sb, NULL);
}

/* Append value v[0..len) to the list *list of *n entries. */
static void
add_value(char ***list, int *n, const char *v, size_t len)
{
	*list = xrealloc(*list, (size_t)(*n + 1) * sizeof(**list));
	(*list)[(*n)++] = xstrndup(v, len);
}

/* One "key=value" token of a filter string into f; -1 when it is not
 * one that ingest_filter_spec() writes. */
static int
parse_token(const char *t, size_t len, struct ingest_opts *f)
{
	const char *eq = memchr(t, '=', len);
	const char *v;
	size_t klen, vlen;

	if (eq == NULL || eq + 1 == t + len) {
		return -1;
	}
	v = eq + 1;
	klen = (size_t)(eq - t);
	vlen = len - klen - 1;
	if (klen == 5 && memcmp(t, "since", 5) == 0 &&
	    f->since == S3KEY_UNKNOWN) {
		return tstime_parse(v, vlen, &f->since);
	}
	if (klen == 5 && memcmp(t, "until", 5) == 0 &&
	    f->until == S3KEY_UNKNOWN) {
		return tstime_parse(v, vlen, &f->until);
	}
	if (klen == 7 && memcmp(t, "account", 7) == 0) {
		add_value(&f->accounts, &f->n_accounts, v, vlen);
		return 0;
	}
	if (klen == 6 && memcmp(t, "region", 6) == 0) {
		add_value(&f->regions, &f->n_regions, v, vlen);
		return 0;
	}
	return -1; /* unknown key, or a time given twice */
}

int
ingest_filter_parse(const char *spec, struct ingest_opts *f)
{
	const char *t = spec, *end;

	f->since = f->until = S3KEY_UNKNOWN;
	f->accounts = f->regions = NULL;
	f->n_accounts = f->n_regions = 0;
	if (spec == NULL || *spec == '\0') {
		return -1;
	}
	for (;;) {
		end = strchr(t, ' ');
		if (end == NULL) {
			end = t + strlen(t);
		}
		/* an empty token (two spaces, one at either end) is not
		 * what ingest_filter_spec() writes */
		if (end == t || parse_token(t, (size_t)(end - t), f) != 0) {
			ingest_filter_release(f);
			return -1;
		}
		if (*end == '\0') {
			return 0;
		}
		t = end + 1;
	}
}

void
ingest_filter_release(struct ingest_opts *f)
{
	for (int i = 0; i < f->n_accounts; i++) {
		free(f->accounts[i]);
	}
	for (int i = 0; i < f->n_regions; i++) {
		free(f->regions[i]);
	}
	free(f->accounts);
	free(f->regions);
	f->accounts = f->regions = NULL;
	f->n_accounts = f->n_regions = 0;
}

/* Is every value of the (non-empty) list narrow[0..n_narrow) in wide?
 * An empty wide list lets everything through. */
static int
list_covers(char *const *wide, int n_wide, char *const *narrow, int n_narrow)
{
	if (n_wide == 0) {
		return 1;
	}
	if (n_narrow == 0) {
		return 0;
	}
	for (int i = 0; i < n_narrow; i++) {
		if (!ingest_listed(wide, n_wide, narrow[i])) {
			return 0;
		}
	}
	return 1;
}

int
ingest_filter_covers(const struct ingest_opts *wide,
                     const struct ingest_opts *o)
{
	if (wide->since != S3KEY_UNKNOWN &&
	    (o->since == S3KEY_UNKNOWN || o->since < wide->since)) {
		return 0;
	}
	if (wide->until != S3KEY_UNKNOWN &&
	    (o->until == S3KEY_UNKNOWN || o->until > wide->until)) {
		return 0;
	}
	return list_covers(wide->accounts, wide->n_accounts, o->accounts,
	                   o->n_accounts) &&
	       list_covers(wide->regions, wide->n_regions, o->regions,
	                   o->n_regions);
}

/* The answers of filters_cover() for the last few pairs of strings met,
 * per thread (the producer and the writer both ask): a rerun over files
 * read under other filters asks the same question once per file, with
 * one or two distinct stored strings in all.  Strings too long for a
 * slot are not remembered. */
#define MEMO_SLOTS 4
#define MEMO_LEN 256

struct memo {
	char wide[MEMO_LEN]; /* the stored string */
	char run[MEMO_LEN];  /* the run's (o->filters), "" for none */
	int yes;             /* the answer */
};

static _Thread_local struct memo memo[MEMO_SLOTS];
static _Thread_local int n_memo, next_memo;

/* Do the filters written as `filters` cover o's?  A string that does not
 * parse (written by another version) does not, so the file is read
 * again, which costs time, never events. */
static int
filters_cover(const struct ingest_opts *o, const char *filters)
{
	const char *run = o->filters ? o->filters : "";
	struct ingest_opts f;
	int yes;

	for (int i = 0; i < n_memo; i++) {
		if (strcmp(memo[i].wide, filters) == 0 &&
		    strcmp(memo[i].run, run) == 0) {
			return memo[i].yes;
		}
	}
	if (ingest_filter_parse(filters, &f) != 0) {
		yes = 0;
	} else {
		yes = ingest_filter_covers(&f, o);
		ingest_filter_release(&f);
	}
	if (strlen(filters) < MEMO_LEN && strlen(run) < MEMO_LEN) {
		struct memo *m = &memo[next_memo];

		strcpy(m->wide, filters);
		strcpy(m->run, run);
		m->yes = yes;
		next_memo = (next_memo + 1) % MEMO_SLOTS;
		if (n_memo < MEMO_SLOTS) {
			n_memo++;
		}
	}
	return yes;
}

int
ingest_source_complete(const struct ingest_opts *o, const char *status,
                       long long n_filtered, const char *filters)
{
	if (strcmp(status, "ok") != 0 && strcmp(status, "partial") != 0) {
		return 0;
	}
	if (n_filtered == 0 ||
	    (filters && o->filters && strcmp(filters, o->filters) == 0)) {
		return 1;
	}
	/* Read under filters at least as wide as this run's: whatever
	 * this run would index from it is in the index already. */
	return filters != NULL && filters_cover(o, filters);
}

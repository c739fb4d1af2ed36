/* ingest.c -- the record filters of `trailsift ingest` (see ingest.h). */
#include "config.h"

#include <string.h>

#include "../util/strbuf.h"
#include "../util/tstime.h"

#include "ingest.h"
#include "s3key.h"

int
ingest_listed(char *const *list, int n, const char *v)
{
	if (n == 0) {
		return 1;
	}
	for (int i = 0; v && i < n; i++) {
		if (strcmp(list[i], v) == 0) {
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

int
ingest_source_complete(const struct ingest_opts *o, const char *status,
                       long long n_filtered, const char *filters)
{
	if (strcmp(status, "ok") != 0 && strcmp(status, "partial") != 0) {
		return 0;
	}
	return n_filtered == 0 ||
	       (filters && o->filters && strcmp(filters, o->filters) == 0);
}

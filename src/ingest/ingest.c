/* ingest.c -- the record filters of `trailsift ingest` (see ingest.h). */
#include "config.h"

#include <string.h>

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

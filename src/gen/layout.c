/* layout.c -- S3-style keys and directory creation (see layout.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen/layout.h"
#include "gen/rec.h"
#include "gen/rng.h"

static void
prefix(strbuf *out, const char *org, const char *acct, const char *kind,
       const char *region, int64_t t)
{
	char iso[21];

	rec_iso(t, iso);
	strbuf_adds(out, "AWSLogs/");
	if (org) {
		strbuf_addf(out, "%s/", org);
	}
	strbuf_addf(out, "%s/%s/%s/%.4s/%.2s/%.2s/%s_%s_%s_", acct, kind,
	            region, iso, iso + 5, iso + 8, acct, kind, region);
}

void
layout_log_key(strbuf *out, const char *org, const char *acct,
               const char *region, int64_t delivered, const char *uniq)
{
	char iso[21];

	rec_iso(delivered, iso);
	prefix(out, org, acct, "CloudTrail", region, delivered);
	strbuf_addf(out, "%.4s%.2s%.2sT%.2s%.2sZ_%s.json.gz", iso, iso + 5,
	            iso + 8, iso + 11, iso + 14, uniq);
}

void
layout_digest_key(strbuf *out, const char *org, const char *acct,
                  const char *region, const char *trail, const char *home,
                  int64_t end)
{
	char basic[17];

	prefix(out, org, acct, "CloudTrail-Digest", region, end);
	strbuf_addf(out, "%s_%s_%s.json.gz", trail, home,
	            rec_basic(end, basic));
}

/* Directories made so far (hashes; a collision costs only a mkdir). */
#define DIR_CACHE 4096
static uint64_t made[DIR_CACHE];

int
layout_mkdirs(const char *path, ts_err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n;
	uint64_t h;

	if (slash == NULL) {
		return TS_OK;
	}
	n = (size_t)(slash - path);
	if (n >= sizeof(dir)) {
		return ts_fail(err, TS_FATAL, "%s: path too long", path);
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	h = rng_hash_str(dir) | 1;
	if (made[h % DIR_CACHE] == h) {
		return TS_OK;
	}
	for (size_t i = 1; i <= n; i++) {
		if (dir[i] != '/' && dir[i] != '\0') {
			continue;
		}
		dir[i] = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			return ts_fail(err, TS_FATAL, "%s: %s", dir,
			               strerror(errno));
		}
		if (i < n) {
			dir[i] = '/';
		}
	}
	made[h % DIR_CACHE] = h;
	return TS_OK;
}

int
layout_parse(const char *s)
{
	if (strcmp(s, "account") == 0) {
		return LAYOUT_ACCOUNT;
	}
	if (strcmp(s, "org") == 0) {
		return LAYOUT_ORG;
	}
	if (strcmp(s, "both") == 0) {
		return LAYOUT_BOTH;
	}
	return 0;
}

/* digest.c -- CloudTrail-Digest hash chains (see digest.h).  Field
 * order and meaning follow the reference §4.1. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gen/digest.h"
#include "gen/gsha256.h"
#include "gen/jw.h"
#include "gen/layout.h"
#include "gen/rec.h"
#include "gen/rng.h"
#include "gen/spool.h"
#include "gen/world.h"
#include "util/xmalloc.h"

struct entry {
	char *key;      /* S3 key of the log file */
	char sha[65];   /* SHA-256 of its uncompressed bytes */
	int64_t oldest; /* oldest event in it */
	int64_t newest; /* newest event in it */
};

struct digest {
	char *out;          /* the logs/ directory */
	char *org;          /* o-... or NULL */
	char *acct;         /* account id */
	const char *region; /* delivery region */
	char *trail;        /* trail name */
	const char *home;   /* trail home region */
	char *bucket;       /* S3 bucket */
	int64_t offset;     /* window offset within the hour (ms) */
	int64_t win_start;  /* current window, -1 before the first file */
	struct entry *e;    /* files delivered in the window */
	int n, cap;
	char *prev_key;     /* previous digest's key, NULL at the start */
	char prev_hash[65]; /* SHA-256 of the previous digest */
	char prev_sig[513]; /* its (fabricated) signature */
	rng r;              /* signatures */
};

static long n_written;

long
digest_count(void)
{
	return n_written;
}

digest *
digest_new(const char *out, const char *org, const char *acct,
           const char *region, const char *trail, const char *home,
           const char *bucket, uint64_t seed)
{
	digest *d = xcalloc(1, sizeof(*d));
	uint64_t h =
	        rng_hash_str(acct) ^ rng_hash_str(region) ^ rng_hash_str(trail);

	d->out = xstrdup(out);
	d->org = org ? xstrdup(org) : NULL;
	d->acct = xstrdup(acct);
	d->region = region;
	d->trail = xstrdup(trail);
	d->home = home;
	d->bucket = xstrdup(bucket);
	rng_derive(&d->r, seed, 0x646967, h, 0);
	d->offset = rng_range(&d->r, 30, 600) * 1000;
	d->win_start = -1;
	return d;
}

static void
entry_json(jw *w, const digest *d, const struct entry *e)
{
	char a[21], b[21];

	jw_obj(w);
	jw_kstr(w, "s3Bucket", d->bucket);
	jw_kstr(w, "s3Object", e->key);
	jw_kstr(w, "hashValue", e->sha);
	jw_kstr(w, "hashAlgorithm", "SHA-256");
	jw_kstr(w, "newestEventTime", rec_iso(e->newest, a));
	jw_kstr(w, "oldestEventTime", rec_iso(e->oldest, b));
	jw_end_obj(w);
}

static void
render(const digest *d, strbuf *sb, const char *key, int64_t end)
{
	char t[21], fp[33];
	int64_t oldest = INT64_MAX, newest = INT64_MIN;
	jw w;
	rng fr;

	for (int i = 0; i < d->n; i++) {
		oldest = d->e[i].oldest < oldest ? d->e[i].oldest : oldest;
		newest = d->e[i].newest > newest ? d->e[i].newest : newest;
	}
	rng_seed(&fr, rng_hash_str(d->region));
	rng_hex(&fr, fp, 32);
	jw_init(&w, sb, 0);
	jw_obj(&w);
	jw_kstr(&w, "awsAccountId", d->acct);
	jw_kstr(&w, "digestStartTime", rec_iso(end - HOUR_MS, t));
	jw_kstr(&w, "digestEndTime", rec_iso(end, t));
	jw_kstr(&w, "digestS3Bucket", d->bucket);
	jw_kstr(&w, "digestS3Object", key);
	jw_kstr(&w, "digestPublicKeyFingerprint", fp);
	jw_kstr(&w, "digestSignatureAlgorithm", "SHA256withRSA");
	jw_kstr(&w, "newestEventTime", rec_iso(newest, t));
	jw_kstr(&w, "oldestEventTime", rec_iso(oldest, t));
	jw_kstr_or_null(&w, "previousDigestS3Bucket",
	                d->prev_key ? d->bucket : NULL);
	jw_kstr_or_null(&w, "previousDigestS3Object", d->prev_key);
	jw_kstr_or_null(&w, "previousDigestHashValue",
	                d->prev_key ? d->prev_hash : NULL);
	jw_kstr_or_null(&w, "previousDigestHashAlgorithm",
	                d->prev_key ? "SHA-256" : NULL);
	jw_kstr_or_null(&w, "previousDigestSignature",
	                d->prev_key ? d->prev_sig : NULL);
	jw_karr(&w, "logFiles");
	for (int i = 0; i < d->n; i++) {
		entry_json(&w, d, &d->e[i]);
	}
	jw_end_arr(&w);
	jw_end_obj(&w);
}

/* Write the digest of the current window and start a new chain link. */
static int
flush(digest *d, ts_err *err)
{
	int64_t end = d->win_start + HOUR_MS;
	strbuf key, path, json, gz;
	int rc;

	strbuf_init(&key), strbuf_init(&path);
	strbuf_init(&json), strbuf_init(&gz);
	layout_digest_key(&key, d->org, d->acct, d->region, d->trail, d->home,
	                  end);
	render(d, &json, strbuf_str(&key), end);
	spool_gzip(json.buf, json.len, &gz);
	strbuf_addf(&path, "%s/%s", d->out, strbuf_str(&key));
	rc = layout_mkdirs(path.buf, err);
	if (rc == TS_OK) {
		rc = spool_write_file(path.buf, gz.buf, gz.len, err);
	}
	n_written++;
	gsha256_hex(json.buf, json.len, d->prev_hash);
	free(d->prev_key);
	d->prev_key = strbuf_detach(&key, NULL);
	rng_hex(&d->r, d->prev_sig, 512);
	for (int i = 0; i < d->n; i++) {
		free(d->e[i].key);
	}
	d->n = 0;
	strbuf_free(&path), strbuf_free(&json), strbuf_free(&gz);
	return rc;
}

int
digest_add(digest *d, const char *key, const char *sha_hex, int64_t oldest,
           int64_t newest, int64_t delivered, ts_err *err)
{
	int64_t w0 = delivered - ((delivered - d->offset) % HOUR_MS);
	int rc = TS_OK;

	if (d->win_start >= 0 && w0 != d->win_start && d->n > 0) {
		rc = flush(d, err);
	}
	d->win_start = w0;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->e = xrealloc(d->e, (size_t)d->cap * sizeof(*d->e));
	}
	d->e[d->n].key = xstrdup(key);
	memcpy(d->e[d->n].sha, sha_hex, 65);
	d->e[d->n].oldest = oldest;
	d->e[d->n].newest = newest;
	d->n++;
	return rc;
}

int
digest_finish(digest *d, ts_err *err)
{
	int rc = TS_OK;

	if (d == NULL) {
		return TS_OK;
	}
	if (d->n > 0) {
		rc = flush(d, err);
	}
	free(d->out), free(d->org), free(d->acct), free(d->trail);
	free(d->bucket), free(d->prev_key), free(d->e);
	free(d);
	return rc;
}

/* s3key.c -- parse the S3 delivery layout of CloudTrail files (see
 * s3key.h).  Path components are matched one by one; anything that does
 * not fit leaves the field unknown rather than failing the whole parse,
 * because renamed files in a correct folder still have a correct date. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "s3key.h"
#include "../util/tstime.h"

/* Copy component [p, p+n) into dst if it fits and matches `ok`. */
static int
all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9') {
			return 0;
		}
	}
	return n > 0;
}

static int
org_id(const char *p, size_t n)
{
	if (n < 12 || n > 34 || p[0] != 'o' || p[1] != '-') {
		return 0;
	}
	for (size_t i = 2; i < n; i++) {
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9'))) {
			return 0;
		}
	}
	return 1;
}

static int
num(const char *p, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* Days in month m (1-12) of year y, Gregorian. */
static int
month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Split path into components after the anchor; returns the count. */
static int
components(const char *s, const char *comp[], size_t len[], int max)
{
	int n = 0;

	while (*s && n < max) {
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l > 0) {
			comp[n] = s;
			len[n] = l;
			n++;
		}
		if (e == NULL) {
			break;
		}
		s = e + 1;
	}
	return n;
}

/* YYYYMMDDTHHmmZ or YYYYMMDDTHHMMSSZ inside a file name; *span is how
 * much time it may stand for (a minute or a second). */
static int64_t
name_time(const char *name, size_t n, int64_t *span)
{
	for (size_t i = 0; i + 14 <= n; i++) {
		const char *p = name + i;
		int64_t ms;

		if ((i > 0 && p[-1] != '_') || !all_digits(p, 8) ||
		    p[8] != 'T') {
			continue;
		}
		if (i + 16 <= n && all_digits(p + 9, 6) && p[15] == 'Z' &&
		    tstime_parse(p, 16, &ms) == 0) {
			*span = 1000;
			return ms;
		}
		if (all_digits(p + 9, 4) && p[13] == 'Z') {
			char buf[20];

			memcpy(buf, p, 13);
			memcpy(buf + 13, "00Z", 3);
			if (tstime_parse(buf, 16, &ms) == 0) {
				*span = 60000;
				return ms;
			}
		}
	}
	return S3KEY_UNKNOWN;
}

/* Letters, digits and the characters in `more`, at least one. */
static size_t
span_of(const char *p, size_t n, const char *more)
{
	size_t i = 0;

	while (i < n &&
	       ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
	        (p[i] >= '0' && p[i] <= '9') ||
	        (p[i] != '\0' && strchr(more, p[i]) != NULL))) {
		i++;
	}
	return i;
}

/* Is p[0..n) exactly the extension of CloudTrail's files? */
static int
json_ext(const char *p, size_t n)
{
	return (n == 5 && memcmp(p, ".json", 5) == 0) ||
	       (n == 8 && memcmp(p, ".json.gz", 8) == 0);
}

/* ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json[.gz]: the name
 * CloudTrail gives a log file.  Such a file holds JSON, whatever its
 * bytes now say (see sniff.c). */
static int
is_log_name(const char *name, size_t n)
{
	const char *p = name, *end = name + n;
	size_t k;

	if (n < 24 || !all_digits(p, 12) ||
	    memcmp(p + 12, "_CloudTrail_", 12)) {
		return 0;
	}
	p += 24;
	if ((k = span_of(p, (size_t)(end - p), "-")) == 0 || p + k >= end ||
	    p[k] != '_') {
		return 0;
	}
	p += k + 1;
	if (end - p < 14 || !all_digits(p, 8) || p[8] != 'T') {
		return 0;
	}
	if (end - p >= 16 && all_digits(p + 9, 6) && p[15] == 'Z') {
		p += 16;
	} else if (all_digits(p + 9, 4) && p[13] == 'Z') {
		p += 14;
	} else {
		return 0;
	}
	if (p >= end || *p != '_') {
		return 0;
	}
	p++;
	if ((k = span_of(p, (size_t)(end - p), "-_")) == 0) {
		return 0;
	}
	p += k;
	return json_ext(p, (size_t)(end - p));
}

/* Which of CloudTrail's files does file name[0..n) name?  A log's (see
 * is_log_name), or ACCOUNT_CloudTrail-Digest_REGION_TRAIL_REGION_TIME
 * .json[.gz] or ACCOUNT_CloudTrail-Insight_REGION_TIME_UNIQUE.json[.gz]:
 * a trail's name may hold underscores, so of those only the ends are
 * looked at. */
static enum s3key_folder
file_named(const char *name, size_t n)
{
	static const struct {
		const char *infix;
		enum s3key_folder kind;
	} docs[] = {{"_CloudTrail-Digest_", S3K_DIGEST},
	            {"_CloudTrail-Insight_", S3K_INSIGHT}};

	if (is_log_name(name, n)) {
		return S3K_LOGS;
	}
	if (n < 12 || !all_digits(name, 12) ||
	    !((n > 8 && json_ext(name + n - 8, 8)) ||
	      (n > 5 && json_ext(name + n - 5, 5)))) {
		return S3K_NONE;
	}
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		size_t k = strlen(docs[i].infix);

		if (n > 12 + k + 5 &&
		    memcmp(name + 12, docs[i].infix, k) == 0) {
			return docs[i].kind;
		}
	}
	return S3K_NONE;
}

/* Does file name[0..n) contradict its folders?  CloudTrail names a
 * file ACCOUNT_CloudTrail[-Digest|-Insight]_REGION_..._TIME: the
 * account, region and day of the folders it puts it in.  A file moved
 * or renamed by hand may say otherwise, and then neither part is to be
 * trusted to skip it unread. */
static int
disagree(const struct s3key *k, const char *name, size_t n)
{
	const int64_t day = 86400000;
	const char *p, *e, *end = name + n;

	if (k->day_ms != S3KEY_UNKNOWN && k->delivered_ms != S3KEY_UNKNOWN &&
	    k->delivered_ms - ((k->delivered_ms % day) + day) % day !=
	            k->day_ms) {
		return 1;
	}
	if (n < 24 || !all_digits(name, 12) ||
	    memcmp(name + 12, "_CloudTrail", 11) != 0) {
		return 0;
	}
	if (k->account[0] && memcmp(name, k->account, 12) != 0) {
		return 1;
	}
	if (k->region[0] && (p = memchr(name + 13, '_', n - 13)) != NULL &&
	    (e = memchr(p + 1, '_', (size_t)(end - p - 1))) != NULL) {
		p++;
		return (size_t)(e - p) != strlen(k->region) ||
		       strncasecmp(p, k->region, (size_t)(e - p)) != 0;
	}
	return 0;
}

int
s3key_parse(const char *path, struct s3key *k)
{
	const char *anchor = NULL, *p = path, *comp[12];
	size_t len[12];
	int n, i = 0;

	memset(k, 0, sizeof(*k));
	k->day_ms = S3KEY_UNKNOWN;
	k->delivered_ms = S3KEY_UNKNOWN;
	{
		const char *base = strrchr(path, '/');

		base = base ? base + 1 : path;
		k->named = file_named(base, strlen(base));
	}
	while ((p = strstr(p, "AWSLogs/")) != NULL) {
		if (p == path || p[-1] == '/') {
			anchor = p + 8;
		}
		p += 8;
	}
	if (anchor == NULL) {
		return -1;
	}
	n = components(anchor, comp, len, 12);
	if (i < n && org_id(comp[i], len[i])) {
		memcpy(k->org, comp[i], len[i]);
		i++;
	}
	if (i >= n || len[i] != 12 || !all_digits(comp[i], 12)) {
		return -1;
	}
	memcpy(k->account, comp[i++], 12);
	if (i >= n) {
		return -1;
	}
	if (len[i] == 10 && memcmp(comp[i], "CloudTrail", 10) == 0) {
		k->folder = S3K_LOGS;
	} else if (len[i] == 17 &&
	           memcmp(comp[i], "CloudTrail-Digest", 17) == 0) {
		k->folder = S3K_DIGEST;
	} else if (len[i] == 18 &&
	           memcmp(comp[i], "CloudTrail-Insight", 18) == 0) {
		k->folder = S3K_INSIGHT;
	} else {
		return -1;
	}
	i++;
	if (i < n && len[i] < sizeof(k->region) && i + 1 < n) {
		memcpy(k->region, comp[i], len[i]);
		i++;
	}
	if (i + 3 < n && len[i] == 4 && len[i + 1] == 2 && len[i + 2] == 2 &&
	    all_digits(comp[i], 4) && all_digits(comp[i + 1], 2) &&
	    all_digits(comp[i + 2], 2)) {
		int y = num(comp[i], 4), m = num(comp[i + 1], 2),
		    d = num(comp[i + 2], 2);

		/* 2024/02/30 is no day (it was taken for 1 March, and the
		 * file skipped by a date it does not have) */
		if (m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m)) {
			k->day_ms = tstime_days_from_civil(y, m, d) * 86400000;
		}
		i += 3;
	}
	if (n > 0) {
		k->delivered_ms =
		        name_time(comp[n - 1], len[n - 1], &k->delivered_span);
		k->mixed = disagree(k, comp[n - 1], len[n - 1]);
	}
	return 0;
}

int
s3key_in_window(const struct s3key *k, int64_t since, int64_t until)
{
	int64_t first, last;

	if (k->mixed) {
		return 1; /* which date would it be? */
	}
	if (k->delivered_ms != S3KEY_UNKNOWN) {
		first = k->delivered_ms;
		last = first +
		       (k->delivered_span > 0 ? k->delivered_span - 1 : 0);
	} else if (k->day_ms != S3KEY_UNKNOWN) {
		first = k->day_ms;
		last = k->day_ms + 86400000 - 1;
	} else {
		return 1;
	}
	if (since != S3KEY_UNKNOWN && last < since) {
		return 0;
	}
	if (until != S3KEY_UNKNOWN && first > until + S3KEY_LATE_MS) {
		return 0;
	}
	return 1;
}

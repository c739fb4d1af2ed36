/* tstime.c -- timestamp parsing and formatting (see tstime.h).
 *
 * The date arithmetic is the well-known "days from civil" construction:
 * shift the year to start in March so the leap day comes last, then count
 * 400-year eras of 146097 days.  No libc time zone code is involved, so
 * results never depend on TZ. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tstime.h"

int64_t
tstime_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
tstime_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30,
	                          31, 31, 30, 31, 30, 31};

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
		return 29;
	}
	return dim[m - 1];
}

/* Read exactly n digits at *p (bounded by end) into *v. */
static int
digits(const char **p, const char *end, int n, int *v)
{
	int x = 0;

	if (end - *p < n) {
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9') {
			return -1;
		}
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

static int
lit(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return 1;
	}
	return 0;
}

/* Zone suffix: Z, +hh:mm, -hh:mm, +hhmm, +hh; nothing means UTC. */
static int
zone(const char **p, const char *end, int64_t *off_ms)
{
	int sign, hh, mm = 0;

	*off_ms = 0;
	if (*p == end) {
		return 0;
	}
	if (lit(p, end, 'Z') || lit(p, end, 'z')) {
		return 0;
	}
	if (**p != '+' && **p != '-') {
		return -1;
	}
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, end, 2, &hh) < 0) {
		return -1;
	}
	if (lit(p, end, ':')) {
		if (digits(p, end, 2, &mm) < 0) {
			return -1;
		}
	} else if (*p < end && digits(p, end, 2, &mm) < 0) {
		return -1;
	}
	if (hh > 23 || mm > 59) {
		return -1;
	}
	*off_ms = sign * ((int64_t)hh * 3600 + mm * 60) * 1000;
	return 0;
}

/* What an end time (--until, --as-of) takes in after the instant it
 * parses to: a date alone its whole day, a time to the minute (18:31)
 * that minute, to the second its second, with a fraction of one or two
 * digits that tenth or hundredth.  A leap second (18:30:60) already
 * parses to its minute's last millisecond, and takes in nothing more:
 * the next minute is not part of it. */
int64_t
tstime_span(const char *v, size_t len)
{
	const char *end = v + len, *t = v;
	int digits = 0, frac = -1;
	char sec[2] = {0, 0};

	while (t < end && *t != 'T' && *t != 't' && *t != ' ') {
		t++;
	}
	if (t == end) {
		return 86400000 - 1; /* a date alone */
	}
	for (t++; t < end && *t != 'Z' && *t != 'z' && *t != '+' && *t != '-';
	     t++) {
		if (*t == '.' || *t == ',') {
			frac = 0;
		} else if (*t >= '0' && *t <= '9') {
			if (frac >= 0) {
				frac++;
			} else if (++digits > 4 && digits <= 6) {
				sec[digits - 5] = *t;
			}
		}
	}
	if (sec[0] == '6' && sec[1] == '0') {
		return 0;
	}
	if (frac >= 0) {
		return frac == 1 ? 99 : frac == 2 ? 9 : 0;
	}
	return digits <= 2 ? 3600000 - 1 : digits <= 4 ? 60000 - 1 : 1000 - 1;
}

int
tstime_parse(const char *s, size_t len, int64_t *ms)
{
	const char *p = s, *end = s + len;
	int y, mo, d, hh = 0, mi = 0, ss = 0, frac = 0, basic;
	int64_t off, days, t;

	if (digits(&p, end, 4, &y) < 0) {
		return -1;
	}
	basic = !lit(&p, end, '-');
	if (digits(&p, end, 2, &mo) < 0 || (!basic && !lit(&p, end, '-')) ||
	    digits(&p, end, 2, &d) < 0) {
		return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
		return -1;
	}
	if (p < end && (*p == 'T' || *p == 't' || (*p == ' ' && !basic))) {
		p++;
		if (digits(&p, end, 2, &hh) < 0) {
			return -1;
		}
		if (!basic && !lit(&p, end, ':')) {
			return -1;
		}
		if (digits(&p, end, 2, &mi) < 0) {
			return -1;
		}
		/* seconds may be left out (ISO 8601 reduced precision) */
		if ((basic ? p < end && *p >= '0' && *p <= '9'
		           : lit(&p, end, ':')) &&
		    digits(&p, end, 2, &ss) < 0) {
			return -1;
		}
		if (lit(&p, end, '.') || lit(&p, end, ',')) {
			int n = 0;

			if (p == end || *p < '0' || *p > '9') {
				return -1;
			}
			for (; p < end && *p >= '0' && *p <= '9'; p++, n++) {
				if (n < 3) {
					frac = frac * 10 + (*p - '0');
				}
			}
			for (; n < 3; n++) {
				frac *= 10;
			}
		}
		/* 23:59:60 is a leap second; CloudTrail never writes one,
		 * but accept it as the last second of the minute. */
		if (hh > 23 || mi > 59 || ss > 60) {
			return -1;
		}
		if (ss == 60) {
			ss = 59;
			frac = 999;
		}
		if (zone(&p, end, &off) < 0) {
			return -1;
		}
	} else {
		off = 0;
	}
	if (p != end) {
		return -1;
	}
	days = tstime_days_from_civil(y, mo, d);
	t = ((days * 24 + hh) * 60 + mi) * 60000 + ss * 1000 + frac - off;
	if (t < TSTIME_MIN_MS || t > TSTIME_MAX_MS) {
		return -2;
	}
	*ms = t;
	return 0;
}

char *
tstime_format(int64_t ms, char *buf)
{
	int64_t days = ms / 86400000, in_day = ms % 86400000, secs, y;
	int m, d, frac;

	/* floor division, without negating ms (-INT64_MIN overflows) nor
	 * multiplying days back (the day before INT64_MIN's starts below
	 * it) */
	if (in_day < 0) {
		days--;
		in_day += 86400000;
	}
	secs = in_day / 1000;
	frac = (int)(in_day % 1000);
	tstime_civil_from_days(days, &y, &m, &d);
	if (frac) {
		snprintf(buf, TSTIME_MAX,
		         "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y,
		         m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
		         (int)(secs % 60), frac);
	} else {
		snprintf(buf, TSTIME_MAX, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
		         (long long)y, m, d, (int)(secs / 3600),
		         (int)(secs / 60 % 60), (int)(secs % 60));
	}
	return buf;
}

int64_t
tstime_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
tstime_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
tstime_hms(double s, char *buf, size_t n)
{
	long long t = (long long)(s + 0.5);

	snprintf(buf, n, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
}

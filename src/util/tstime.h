/* tstime.h -- CloudTrail timestamps <-> milliseconds since the Unix epoch.
 *
 * Every time in the index is an integer count of milliseconds, UTC.
 * tstime_parse() accepts what CloudTrail and the tools around it write:
 *   2014-03-06T21:22:54Z            delivery files (the normal case)
 *   2014-03-06T21:22:54.123Z        fractional seconds (any digits)
 *   2025-11-14T08:07:31-06:00       lookup-events output (local offset)
 *   2022-09-15 13:45:24             space separator, no zone (taken as UTC)
 *   20131102T010628Z                ISO 8601 basic form
 *   2024-01-02                      a date alone: midnight UTC
 * and nothing else: the whole string must be consumed.  Pure functions,
 * safe from any thread. */
#ifndef TS_TSTIME_H
#define TS_TSTIME_H

#include <stddef.h>
#include <stdint.h>

/* Longest string tstime_format() writes, with its NUL. */
#define TSTIME_MAX 32

/* The times tstime_parse() gives, and the only ones tstime_format()
 * writes as ISO 8601 text that reads back: 0001-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z, in UTC. */
#define TSTIME_MIN_MS (-62135596800000LL)
#define TSTIME_MAX_MS 253402300799999LL

/* Parse s[0..len) into *ms.  Returns 0; -1 if s is not one of the
 * accepted forms or names an impossible date or time; -2 if it names a
 * time outside TSTIME_MIN_MS..TSTIME_MAX_MS once its offset is applied
 * ("9999-12-31T23:30:00-01:00" is in the year 10000 UTC, and year
 * 0000 is not a year ISO 8601 writes without agreement). */
int tstime_parse(const char *s, size_t len, int64_t *ms);

/* The milliseconds a time s[0..len) that tstime_parse() accepted names
 * after the instant it parses to, taken as an end (--until 2025-03-01
 * is the whole day): 86399999 for a date alone, 59999 for a time to the
 * minute, 999 to the second, 99 or 9 with a fraction of one or two
 * digits, else 0. */
int64_t tstime_span(const char *s, size_t len);

/* Write ms as "YYYY-MM-DDTHH:MM:SSZ", with ".mmm" before the Z when ms
 * is not a whole second.  buf must hold TSTIME_MAX bytes.  Returns buf. */
char *tstime_format(int64_t ms, char *buf);

/* A duration of s seconds, rounded, as "H:MM:SS" into buf (the
 * elapsed time and estimate of progress lines). */
void tstime_hms(double s, char *buf, size_t n);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tstime_days_from_civil(int64_t y, int m, int d);
void tstime_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Milliseconds now (wall clock) and monotonic milliseconds. */
int64_t tstime_now_ms(void);
int64_t tstime_mono_ms(void);

#endif

/* test_util.c -- strbuf, err and tstime. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "../../src/ingest/queue.h"
#include "../../src/util/err.h"
#include "../../src/util/hset.h"
#include "../../src/util/strbuf.h"
#include "../../src/util/tstime.h"

DEFINE_TEST(test_strbuf)
{
	strbuf sb;
	char *p;
	size_t len;

	strbuf_init(&sb);
	assert_str(strbuf_str(&sb), "");
	strbuf_adds(&sb, "abc");
	strbuf_addc(&sb, '-');
	strbuf_addf(&sb, "%d/%s", 42, "x");
	assert_str(strbuf_str(&sb), "abc-42/x");
	for (int i = 0; i < 1000; i++) {
		strbuf_addc(&sb, 'z');
	}
	assert_int(sb.len, ==, 1008);
	strbuf_add(&sb, "\0q", 2);
	assert_int(sb.len, ==, 1010);
	assert_int(sb.buf[sb.len], ==, 0);
	p = strbuf_detach(&sb, &len);
	assert_int(len, ==, 1010);
	assert_true(sb.buf == NULL && sb.len == 0);
	free(p);
	strbuf_free(&sb);
}

/* Exact reservations leave no slack; later adds still grow. */
DEFINE_TEST(test_strbuf_reserve_exact)
{
	strbuf sb;

	strbuf_init(&sb);
	strbuf_reserve_exact(&sb, 1000);
	assert_int(sb.cap, ==, 1001);
	strbuf_add(&sb, "abc", 3);
	assert_int(sb.cap, ==, 1001);
	strbuf_reserve_exact(&sb, 10); /* room already there */
	assert_int(sb.cap, ==, 1001);
	strbuf_reserve_exact(&sb, 2000);
	assert_int(sb.cap, ==, 2004);
	assert_str(strbuf_str(&sb), "abc");
	for (int i = 0; i < 3000; i++) {
		strbuf_addc(&sb, 'z');
	}
	assert_int(sb.len, ==, 3003);
	strbuf_free(&sb);
}

/* An empty file reads as "" (query @FILE and report --disabled bind
 * it as text); a missing one fails with errno. */
DEFINE_TEST(test_strbuf_read_file)
{
	strbuf sb;

	strbuf_init(&sb);
	assert_int(strbuf_read_file(&sb, "/dev/null"), ==, 0);
	assert_int(sb.len, ==, 0);
	assert_true(sb.buf != NULL);
	assert_str(strbuf_str(&sb), "");
	strbuf_free(&sb);
	strbuf_init(&sb);
	assert_int(strbuf_read_file(&sb, "/nonexistent/x"), ==, -1);
	strbuf_free(&sb);
}

/* strbuf_add_visible: nothing a terminal obeys gets through, in UTF-8
 * or Latin-1, and nothing else is changed. */
#define check_visible(in, want) check_visible_(in, sizeof(in) - 1, want, 0)
#define check_exact(in, want) check_visible_(in, sizeof(in) - 1, want, 1)

static void
check_visible_(const char *in, size_t len, const char *want, int exact)
{
	strbuf sb;

	strbuf_init(&sb);
	(exact ? strbuf_add_visible_exact : strbuf_add_visible)(&sb, in, len);
	assert_str(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

DEFINE_TEST(test_strbuf_add_visible)
{
	check_visible("a\n\t\r\033[2J\177z", "a\\n\\t\\r\\x1b[2J\\x7fz");
	/* UTF-8 text as it is: Latin-1 letters, CJK, an emoji */
	check_visible("caf\303\251 \346\227\245 \360\237\230\200",
	              "caf\303\251 \346\227\245 \360\237\230\200");
	/* U+009B (CSI) and the other C1 controls, as UTF-8 */
	check_visible("\302\23331mX \302\200\302\237\302\240",
	              "\\u009b31mX \\u0080\\u009f\302\240");
	/* bytes that are not UTF-8: 0x9b is CSI to a Latin-1 terminal */
	check_visible("\23331m caf\351 \302", "\\x9b31m caf\\xe9 \\xc2");
	/* overlong ESC, a surrogate */
	check_visible("\300\233 \355\240\200", "\\xc0\\x9b \\xed\\xa0\\x80");
	/* right-to-left override, isolates, line separator */
	check_visible("a\342\200\256b\342\201\246c\342\200\250d",
	              "a\\u202eb\\u2066c\\u2028d");
	/* characters that show as nothing: zero width space, joiner, word
	 * joiner, BOM, soft hyphen; a visible neighbour (U+2010) as it is */
	check_visible("a\342\200\213b\342\200\215c\342\201\240d\357\273\277e"
	              "\302\255f\342\200\220",
	              "a\\u200bb\\u200dc\\u2060d\\ufeffe\\u00adf\342\200\220");
	/* a backslash as it is: text made visible twice reads the same */
	check_visible("a\\nb \\\033", "a\\nb \\\\x1b");
}

/* ... and the exact form: a backslash that would read as an escape is
 * doubled, so that a name with a backslash and an n and one with a
 * newline differ. */
DEFINE_TEST(test_strbuf_add_visible_exact)
{
	check_exact("a\\nb", "a\\\\nb");
	check_exact("a\nb", "a\\nb");
	check_exact("\\x1b \\u202e \\t \\r \\\\",
	            "\\\\x1b \\\\u202e \\\\t \\\\r \\\\\\");
	/* one before an escaped byte too: a backslash and ESC */
	check_exact("\\\033", "\\\\\\x1b");
	/* elsewhere, and at the end, as it is */
	check_exact("C:\\Users \\\"q\\\" end\\", "C:\\Users \\\"q\\\" end\\");
	/* the rest as strbuf_add_visible() shows it */
	check_exact("a\n\t\r\033[2J\177z", "a\\n\\t\\r\\x1b[2J\\x7fz");
}

DEFINE_TEST(test_err_grades)
{
	ts_err err;

	ts_err_clear(&err);
	assert_int(ts_fail(&err, TS_WARN, "first %d", 1), ==, TS_WARN);
	assert_str(err.msg, "first 1");
	/* Same grade: the first message stays. */
	ts_fail(&err, TS_WARN, "second");
	assert_str(err.msg, "first 1");
	/* Worse grade replaces it. */
	ts_fail(&err, TS_FAIL, "worse");
	assert_str(err.msg, "worse");
	assert_int(err.code, ==, TS_FAIL);
	assert_int(ts_fail(NULL, TS_FATAL, "x"), ==, TS_FATAL);
}

static int64_t
parse(const char *s)
{
	int64_t ms = -1;

	if (tstime_parse(s, strlen(s), &ms) != 0) {
		return -999;
	}
	return ms;
}

/* Review 4, finding 5: a message wipes the status line (ingest's
 * progress) first, instead of landing on its end; the line is drawn
 * again by the next ts_status(), and wiped only when shown. */
DEFINE_TEST(test_err_status_line)
{
	char path[600];
	char *got;
	size_t n = 0;
	int saved = dup(2);
	FILE *f;

	snprintf(path, sizeof(path), "%s/status.txt", test_tmpdir());
	fflush(stderr);
	assert_true((f = fopen(path, "w")) != NULL);
	dup2(fileno(f), 2);
	ts_status("files %d", 1);
	ts_warnx("bad.json: invalid JSON at offset %d", 3);
	ts_warnx("second");
	ts_status("files %d", 2);
	ts_status_clear();
	ts_status_clear();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	got = test_slurp(path, &n);
	assert_str(got, "\r\033[Kfiles 1\r\033[Ktrailsift: bad.json: invalid "
	                "JSON at offset 3\ntrailsift: second\n\r\033[Kfiles "
	                "2\r\033[K");
	free(got);
}

/* An end time: what each form takes in after its instant. */
DEFINE_TEST(test_tstime_span)
{
	static const struct {
		const char *s;
		int64_t span;
	} c[] = {
	        {"2025-03-01", 86399999},
	        {"20250301", 86399999}, /* the basic form, a date too */
	        {"2025-03-01T12", 3599999},
	        {"2025-03-01T12:00", 59999},
	        {"2025-03-01 12:00Z", 59999},
	        {"20250301T1200Z", 59999},
	        {"2025-03-01T12:00:05Z", 999},
	        {"2025-03-01T12:00:05-06:00", 999},
	        {"2025-03-01T12:00:05.1Z", 99},
	        {"2025-03-01T12:00:05.12Z", 9},
	        {"2025-03-01T12:00:05.123Z", 0},
	        {"2025-03-01T12:00:60Z", 0},
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int(tstime_span(c[i].s, strlen(c[i].s)), ==, c[i].span);
	}
}

DEFINE_TEST(test_tstime_parse)
{
	assert_int(parse("1970-01-01T00:00:00Z"), ==, 0);
	assert_int(parse("2014-03-06T21:22:54Z"), ==, 1394140974000LL);
	assert_int(parse("2014-03-06T21:22:54.5Z"), ==, 1394140974500LL);
	assert_int(parse("2014-03-06T21:22:54.123456789Z"), ==,
	           1394140974123LL);
	/* lookup-events prints local offsets */
	assert_int(parse("2025-11-14T08:07:31-06:00"), ==,
	           parse("2025-11-14T14:07:31Z"));
	assert_int(parse("2022-02-08 09:23:37+11:00"), ==,
	           parse("2022-02-07T22:23:37Z"));
	assert_int(parse("2022-09-15 13:45:24"), ==,
	           parse("2022-09-15T13:45:24Z"));
	assert_int(parse("20131102T010628Z"), ==,
	           parse("2013-11-02T01:06:28Z"));
	assert_int(parse("2024-01-02"), ==, parse("2024-01-02T00:00:00Z"));
	assert_int(parse("2024-02-29T00:00:00Z"), ==, 1709164800000LL);
	assert_int(parse("1969-12-31T23:59:59Z"), ==, -1000);
	/* rejected */
	assert_int(parse("2023-02-29T00:00:00Z"), ==, -999);
	assert_int(parse("xxxx"), ==, -999);
	assert_int(parse("redacted"), ==, -999);
	assert_int(parse("2014-03-06T21:22:54Zjunk"), ==, -999);
	assert_int(parse("2014-03-06T25:22:54Z"), ==, -999);
	assert_int(parse("2014-3-6T21:22:54Z"), ==, -999);
	assert_int(parse(""), ==, -999);
	assert_int(parse("2014-03-06T21:2"), ==, -999);
	assert_int(parse("2014-03-06T21"), ==, -999);
	assert_int(parse("2014-03-06T21:22:5Z"), ==, -999);
	assert_int(parse("2014-03-06T21:22:"), ==, -999);
	/* seconds left out (ISO 8601 reduced precision): --since 10:00Z */
	assert_int(parse("2014-03-06T21:22"), ==,
	           parse("2014-03-06T21:22:00Z"));
	assert_int(parse("2014-03-06T21:22Z"), ==,
	           parse("2014-03-06T21:22:00Z"));
	assert_int(parse("2014-03-06T21:22+01:00"), ==,
	           parse("2014-03-06T20:22:00Z"));
	assert_int(parse("20140306T2122Z"), ==, parse("2014-03-06T21:22:00Z"));
	/* the years 0001 to 9999 in UTC, after the offset: a record of
	 * another year indexed, then broke every report that printed its
	 * time */
	assert_int(parse("0001-01-01T00:00:00Z"), ==, TSTIME_MIN_MS);
	assert_int(parse("9999-12-31T23:59:59.999Z"), ==, TSTIME_MAX_MS);
	assert_int(parse("9999-12-31T23:59:59.999+00:30"), ==,
	           TSTIME_MAX_MS - 1800000);
	assert_int(parse("0000-06-01T00:00:00Z"), ==, -999);
	assert_int(parse("0001-01-01T00:00:00+01:00"), ==, -999);
	assert_int(parse("0001-01-01T00:59:59.999+01:00"), ==, -999);
	assert_int(parse("0001-01-01T01:00:00+01:00"), ==, TSTIME_MIN_MS);
	assert_int(parse("9999-12-31T23:30:00-01:00"), ==, -999);
	assert_int(parse("0000-12-31"), ==, -999);
}

DEFINE_TEST(test_tstime_format)
{
	char buf[TSTIME_MAX];

	assert_str(tstime_format(0, buf), "1970-01-01T00:00:00Z");
	assert_str(tstime_format(1394140974000LL, buf), "2014-03-06T21:22:54Z");
	assert_str(tstime_format(1394140974005LL, buf),
	           "2014-03-06T21:22:54.005Z");
	assert_str(tstime_format(-1000, buf), "1969-12-31T23:59:59Z");
	assert_str(tstime_format(-1, buf), "1969-12-31T23:59:59.999Z");
	/* the ends of the range: an index's time_ms can be anything, and
	 * negating INT64_MIN overflowed (UBSan) */
	assert_str(tstime_format(INT64_MIN, buf),
	           "-292275055-05-16T16:47:04.192Z");
	assert_str(tstime_format(INT64_MIN + 1, buf),
	           "-292275055-05-16T16:47:04.193Z");
	assert_str(tstime_format(INT64_MAX, buf),
	           "292278994-08-17T07:12:55.807Z");
	/* round trip across a range of days */
	for (int64_t ms = -86400000LL * 800; ms < 86400000LL * 40000;
	     ms += 86400000LL * 7 + 3601001) {
		assert_int(parse(tstime_format(ms, buf)), ==, ms);
	}
}

/* hset: each value is new once, across growth; 0 is a value too;
 * hset_has() says what hset_add() would, adding nothing. */
DEFINE_TEST(test_hset)
{
	hset s = {NULL, 0, 0};
	int fresh = 0, again = 0, has = 0;

	assert_int(hset_has(&s, 7), ==, 0);
	for (uint64_t v = 0; v < 5000; v++) {
		has += hset_has(&s, v * 0x9e3779b97f4a7c15ull);
		fresh += hset_add(&s, v * 0x9e3779b97f4a7c15ull) == 0;
	}
	for (uint64_t v = 0; v < 5000; v++) {
		has += hset_has(&s, v * 0x9e3779b97f4a7c15ull);
		again += hset_add(&s, v * 0x9e3779b97f4a7c15ull);
	}
	assert_int(fresh, ==, 5000);
	assert_int(again, ==, 5000);
	assert_int(has, ==, 5000);
	assert_int(s.n, ==, 5000);
	assert_true(s.cap >= 10000);
	assert_int(hset_has(&s, 5000 * 0x9e3779b97f4a7c15ull), ==, 0);
	assert_int(s.n, ==, 5000);
	hset_free(&s);
	assert_int(hset_add(&s, 42), ==, 0);
	assert_int(hset_add(&s, 42), ==, 1);
	hset_free(&s);
}

/* A pusher that found the queue full waits until it is half empty, not
 * for the first pop (one wake-up for several pushes); items stay in
 * order. */
struct pusher {
	queue *q;
	_Atomic int done;
};

static void *
push_fifth(void *arg)
{
	struct pusher *p = arg;
	static int five = 5;

	queue_push(p->q, &five, 1);
	atomic_store(&p->done, 1);
	return NULL;
}

DEFINE_TEST(test_queue_half_empty)
{
	static int items[4] = {1, 2, 3, 4};
	struct pusher p = {queue_new(4, 1 << 20), 0};
	pthread_t t;

	for (int i = 0; i < 4; i++) {
		queue_push(p.q, &items[i], 1);
	}
	assert_int(pthread_create(&t, NULL, push_fifth, &p), ==, 0);
	usleep(50000);
	assert_int(atomic_load(&p.done), ==, 0); /* full */
	assert_int(*(int *)queue_pop(p.q, NULL), ==, 1);
	usleep(50000);
	assert_int(atomic_load(&p.done), ==, 0); /* three of four */
	assert_int(*(int *)queue_pop(p.q, NULL), ==, 2);
	pthread_join(t, NULL);
	assert_int(atomic_load(&p.done), ==, 1); /* half: it went on */
	for (int want = 3; want <= 5; want++) {
		assert_int(*(int *)queue_pop(p.q, NULL), ==, want);
	}
	queue_close(p.q);
	assert_true(queue_pop(p.q, NULL) == NULL);
	queue_free(p.q);
}

/* Durations of progress lines: rounded to the second, hours unbounded. */
DEFINE_TEST(test_tstime_hms)
{
	char buf[32];

	tstime_hms(0, buf, sizeof(buf));
	assert_str(buf, "0:00:00");
	tstime_hms(59.5, buf, sizeof(buf));
	assert_str(buf, "0:01:00");
	tstime_hms(3725.2, buf, sizeof(buf));
	assert_str(buf, "1:02:05");
	tstime_hms(100 * 3600 + 61, buf, sizeof(buf));
	assert_str(buf, "100:01:01");
}

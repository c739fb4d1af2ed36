/* test.h -- the unit test harness (libarchive style).
 *
 * A test file tests/unit/test_<module>.c holds functions declared with
 * DEFINE_TEST(name).  The build greps every such line into list.h and
 * tests/unit/main.c runs them all (or those named on its command line),
 * printing TAP.  Assertions record a failure with file and line and let
 * the test go on, so one run shows every broken expectation.
 * To add a test file: create it and add one line to Makefile.am. */
#ifndef TS_TEST_H
#define TS_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The prototype keeps -Wmissing-prototypes quiet in test files. */
#define DEFINE_TEST(name) void name(void); void name(void)

/* Record a failure (prints "# file:line: message" in TAP comments). */
void test_failed(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Directory holding tests/unit/data etc. ($top_srcdir/tests). */
const char *test_srcdir(void);
/* A fresh empty temporary directory for this test (removed at exit). */
const char *test_tmpdir(void);
/* Skip the rest of the current test with a reason. */
void test_skip(const char *why);
/* Read a whole file; NULL if missing.  Caller frees. */
char *test_slurp(const char *path, size_t *len);

#define assert_true(e)                                                   \
	((e) ? (void)0 : test_failed(__FILE__, __LINE__, "%s", #e))
#define assert_int(a, op, b)                                             \
	do {                                                             \
		long long a_ = (long long)(a), b_ = (long long)(b);      \
		if (!(a_ op b_))                                         \
			test_failed(__FILE__, __LINE__,                  \
				    "%s %s %s: %lld vs %lld", #a, #op, #b,   \
				    a_, b_);                             \
	} while (0)
#define assert_str(a, b)                                                 \
	do {                                                             \
		const char *a_ = (a), *b_ = (b);                         \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)     \
			test_failed(__FILE__, __LINE__,                  \
				    "%s == %s: \"%s\" vs \"%s\"", #a, #b,    \
				    a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)
#define assert_mem(a, alen, b, blen)                                     \
	do {                                                             \
		size_t al_ = (alen), bl_ = (blen);                       \
		if (al_ != bl_ || memcmp((a), (b), al_) != 0)            \
			test_failed(__FILE__, __LINE__,                  \
				    "%s == %s: lengths %zu vs %zu", #a, #b,  \
				    al_, bl_);                           \
	} while (0)

#endif

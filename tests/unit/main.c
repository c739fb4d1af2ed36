/* main.c -- unit test runner: runs every DEFINE_TEST in list.h (or the
 * ones named as arguments) and reports TAP on stdout. */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#undef DEFINE_TEST
#define DEFINE_TEST(name) void name(void);
#include "unit/list.h"
#undef DEFINE_TEST

static const struct {
	void (*fn)(void);
	const char *name;
} tests[] = {
#define DEFINE_TEST(name) {name, #name},
#include "unit/list.h"
#undef DEFINE_TEST
};

static int n_failures;		/* failures in the current test */
static const char *skip_reason;	/* set by test_skip() */
static char tmp_root[256];	/* parent of all test_tmpdir()s */
static char tmp_dir[320];	/* current test's directory, or "" */
static int tmp_seq;		/* counter for tmp_dir names */

void
test_failed(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	n_failures++;
}

void
test_skip(const char *why)
{
	skip_reason = why;
}

const char *
test_srcdir(void)
{
	const char *s = getenv("top_srcdir");
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/tests", s ? s : ".");
	return buf;
}

const char *
test_tmpdir(void)
{
	if (tmp_dir[0] == '\0') {
		snprintf(tmp_dir, sizeof(tmp_dir), "%s/t%d", tmp_root,
			 ++tmp_seq);
		mkdir(tmp_dir, 0700);
	}
	return tmp_dir;
}

char *
test_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL) {
		return NULL;
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		n = 0;
	}
	buf[n] = '\0';
	fclose(fp);
	if (len) {
		*len = (size_t)n;
	}
	return buf;
}

static void
remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char sub[1024];

	if (d == NULL) {
		unlink(path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			remove_tree(sub);
		}
	}
	closedir(d);
	rmdir(path);
}

static int
wanted(int argc, char **argv, const char *name)
{
	if (argc < 2) {
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], name) == 0) {
			return 1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	size_t n = sizeof(tests) / sizeof(tests[0]);
	int total_failed = 0, k = 0;

	snprintf(tmp_root, sizeof(tmp_root), "%s/ts-unit-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp_root) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < n; i++) {
		k += wanted(argc, argv, tests[i].name);
	}
	printf("1..%d\n", k);
	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!wanted(argc, argv, tests[i].name)) {
			continue;
		}
		n_failures = 0;
		skip_reason = NULL;
		tmp_dir[0] = '\0';
		tests[i].fn();
		if (skip_reason && n_failures == 0) {
			printf("ok %d - %s # SKIP %s\n", ++k, tests[i].name,
			       skip_reason);
		} else {
			printf("%sok %d - %s\n", n_failures ? "not " : "",
			       ++k, tests[i].name);
		}
		total_failed += n_failures > 0;
	}
	remove_tree(tmp_root);
	return total_failed ? 1 : 0;
}

/* test_bundle.c -- bundles read in place (bundle.c): the digest and size
 * of a bundle nested in another are those of its member's bytes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/ingest/bundle.h"

/* tests/data/ingest/bundle.tar holds nested.zip (1248 bytes); this is
 * `tar xf bundle.tar nested.zip && sha256sum nested.zip`. */
#define NESTED_SHA                                                             \
	"179fab1054adcb30c4da87cb8ae0bfe3100e1ae40708185cd742454ef549a0b4"

/* Open bundle.tar and step to its member nested.zip; NULL if absent. */
static bundle *
open_outer(void)
{
	char path[4096];
	struct bundle_member m;
	bundle *b;
	ts_err err;

	snprintf(path, sizeof(path), "%s/data/ingest/bundle.tar",
	         test_srcdir());
	ts_err_clear(&err);
	b = bundle_open_file(path, &err);
	assert_true(b != NULL);
	while (bundle_next(b, &m, &err) == 1) {
		if (strcmp(m.name, "nested.zip") == 0) {
			return b;
		}
	}
	bundle_close(b, NULL, NULL, NULL);
	return NULL;
}

DEFINE_TEST(test_bundle_nested_digest)
{
	struct bundle_member m;
	char sha[65];
	int64_t size = -1;
	bundle *outer = open_outer(), *in;
	ts_err err;
	int n = 0;

	assert_true(outer != NULL);
	ts_err_clear(&err);
	in = bundle_open_nested(outer, &err);
	assert_true(in != NULL);
	while (bundle_next(in, &m, &err) == 1) {
		n++;
	}
	assert_int(n, ==, 1);
	assert_int(bundle_close(in, sha, &size, &err), ==, TS_OK);
	assert_str(sha, NESTED_SHA);
	assert_int(size, ==, 1248);
	bundle_close(outer, NULL, NULL, NULL);
}

/* Closed before its end (a member not read): the rest of the member is
 * read for the digest. */
DEFINE_TEST(test_bundle_nested_digest_early_close)
{
	char sha[65];
	int64_t size = -1;
	bundle *outer = open_outer(), *in;
	ts_err err;

	assert_true(outer != NULL);
	ts_err_clear(&err);
	in = bundle_open_nested(outer, &err);
	assert_true(in != NULL);
	assert_int(bundle_close(in, sha, &size, &err), ==, TS_OK);
	assert_str(sha, NESTED_SHA);
	assert_int(size, ==, 1248);
	bundle_close(outer, NULL, NULL, NULL);
}

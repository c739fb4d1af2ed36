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

/* Little-endian fields of a zip header. */
static void
le(unsigned char *p, unsigned v, int n)
{
	for (int i = 0; i < n; i++) {
		p[i] = (unsigned char)(v >> (8 * i));
	}
}

/* A zip whose one member, stored, fails its CRC-32: libarchive hands
 * its last block together with the failure, and every byte of it must
 * still come out of bundle_read() before the error (a member read as a
 * stream lost its last records, uncounted). */
DEFINE_TEST(test_bundle_zip_bad_crc_hands_every_byte)
{
	static const char name[] = "m.json";
	unsigned char data[300], hdr[46 + 6], zip[1024];
	size_t nl = sizeof(name) - 1, at = 0, cd;
	char path[4096], buf[7];
	struct bundle_member m;
	size_t total = 0;
	ssize_t k;
	ts_err err;
	bundle *b;
	FILE *f;

	memset(data, 'x', sizeof(data));
	/* local header */
	memset(hdr, 0, sizeof(hdr));
	le(hdr, 0x04034b50, 4);
	le(hdr + 4, 10, 2);
	le(hdr + 14, 0x12345678, 4); /* not the data's CRC-32 */
	le(hdr + 18, sizeof(data), 4);
	le(hdr + 22, sizeof(data), 4);
	le(hdr + 26, (unsigned)nl, 2);
	memcpy(zip, hdr, 30);
	memcpy(zip + 30, name, nl);
	at = 30 + nl;
	memcpy(zip + at, data, sizeof(data));
	at += sizeof(data);
	/* central directory */
	cd = at;
	memset(hdr, 0, sizeof(hdr));
	le(hdr, 0x02014b50, 4);
	le(hdr + 4, 20, 2);
	le(hdr + 6, 10, 2);
	le(hdr + 16, 0x12345678, 4);
	le(hdr + 20, sizeof(data), 4);
	le(hdr + 24, sizeof(data), 4);
	le(hdr + 28, (unsigned)nl, 2);
	memcpy(zip + at, hdr, 46);
	memcpy(zip + at + 46, name, nl);
	at += 46 + nl;
	/* end of central directory */
	memset(hdr, 0, sizeof(hdr));
	le(hdr, 0x06054b50, 4);
	le(hdr + 8, 1, 2);
	le(hdr + 10, 1, 2);
	le(hdr + 12, (unsigned)(at - cd), 4);
	le(hdr + 16, (unsigned)cd, 4);
	memcpy(zip + at, hdr, 22);
	at += 22;

	snprintf(path, sizeof(path), "%s/badcrc.zip", test_tmpdir());
	f = fopen(path, "wb");
	assert_true(f != NULL);
	assert_int(fwrite(zip, 1, at, f), ==, at);
	fclose(f);

	ts_err_clear(&err);
	b = bundle_open_file(path, &err);
	assert_true(b != NULL);
	assert_int(bundle_next(b, &m, &err), ==, 1);
	while ((k = bundle_read(b, buf, sizeof(buf), &err)) > 0) {
		total += (size_t)k;
	}
	assert_int(k, ==, -1);
	assert_true(strstr(err.msg, "CRC") != NULL);
	assert_int(total, ==, sizeof(data));
	bundle_close(b, NULL, NULL, NULL);
}

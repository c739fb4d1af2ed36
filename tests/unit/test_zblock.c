/* test_zblock.c -- raw-record block codec (zblock.c). */
#include "config.h"

#include <stdint.h>
#include <unistd.h>
#include <string.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zlib.h>

#include "test.h"
#include "../../src/index/zblock.h"
#include "../../src/util/strbuf.h"

/* 64 KiB of CloudTrail-shaped records, values varying. */
static void
make_records(strbuf *sb, size_t n)
{
	uint32_t x = 99;

	strbuf_reset(sb);
	while (sb->len < n) {
		x = x * 1664525 + 1013904223;
		strbuf_addf(
		        sb,
		        "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
		        "\"AssumedRole\",\"principalId\":\"AROA%08X:user%u\","
		        "\"arn\":\"arn:aws:sts::1234567890%02u:assumed-role/"
		        "Admin/"
		        "user%u\"},\"eventTime\":\"\x03\",\"eventSource\":"
		        "\"%s.amazonaws.com\",\"eventName\":\"%s\","
		        "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":"
		        "\"10.%u.%u.%u\",\"requestID\":\"\x02\",\"eventID\":"
		        "\"\x01\",\"readOnly\":%s}\n",
		        x, x % 50, x % 7, x % 50,
		        (x & 0x10) ? "iam" : "identitystore",
		        (x & 0x20) ? "AddUserToGroup" : "ListGroups", x >> 24,
		        (x >> 16) & 0xff, (x >> 8) & 0xff,
		        (x & 0x40) ? "true" : "false");
	}
	sb->len = n;
	sb->buf[n] = '\0';
}

/* Compress at level, check the codec, decompress, compare. */
static void
round_trip(const void *p, size_t len, int level, int want_codec)
{
	strbuf z, back;
	ts_err err;
	int codec;

	strbuf_init(&z);
	strbuf_init(&back);
	ts_err_clear(&err);
	codec = zblock_compress(ZBLOCK_DEFLATE, p, len, level, NULL, &z);
	assert_int(codec, ==, want_codec);
	if (codec == ZBLOCK_DEFLATE) {
		assert_true(z.len < len);
	} else {
		assert_mem(z.buf, z.len, p, len);
	}
	assert_int(
	        zblock_decompress(codec, z.buf, z.len, len, NULL, &back, &err),
	        ==, TS_OK);
	assert_mem(back.buf, back.len, p, len);
	strbuf_free(&z);
	strbuf_free(&back);
}

DEFINE_TEST(test_zblock_round_trips)
{
	strbuf rec;
	uint8_t rnd[65536];
	uint32_t x = 1;

	strbuf_init(&rec);
	round_trip("", 0, 0, ZBLOCK_STORED);
	round_trip("a", 1, 0, ZBLOCK_STORED);
	round_trip("{}", 2, 9, ZBLOCK_STORED);
	make_records(&rec, 200);
	round_trip(rec.buf, rec.len, 1, ZBLOCK_DEFLATE);
	for (size_t i = 0; i < sizeof(rnd); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		rnd[i] = (uint8_t)x;
	}
	round_trip(rnd, sizeof(rnd), 0, ZBLOCK_STORED);
	round_trip(rnd, sizeof(rnd), 9, ZBLOCK_STORED);
	make_records(&rec, ZBLOCK_TARGET);
	for (int level = 0; level <= 9; level++) {
		round_trip(rec.buf, rec.len, level, ZBLOCK_DEFLATE);
	}
	/* out-of-range levels mean the default */
	round_trip(rec.buf, rec.len, -1, ZBLOCK_DEFLATE);
	round_trip(rec.buf, rec.len, 12, ZBLOCK_DEFLATE);
	strbuf_free(&rec);
}

DEFINE_TEST(test_zblock_ratio)
{
	strbuf rec, z;

	strbuf_init(&rec);
	strbuf_init(&z);
	make_records(&rec, ZBLOCK_TARGET);
	assert_int(
	        zblock_compress(ZBLOCK_DEFLATE, rec.buf, rec.len, 0, NULL, &z),
	        ==, ZBLOCK_DEFLATE);
	/* records this repetitive shrink at least 4:1 */
	assert_true(z.len * 4 < rec.len);
	strbuf_free(&rec);
	strbuf_free(&z);
}

DEFINE_TEST(test_zblock_wrong_ulen)
{
	strbuf rec, z, out;
	ts_err err;
	char msg[128];

	strbuf_init(&rec);
	strbuf_init(&z);
	strbuf_init(&out);
	make_records(&rec, 5000);
	assert_int(
	        zblock_compress(ZBLOCK_DEFLATE, rec.buf, rec.len, 6, NULL, &z),
	        ==, ZBLOCK_DEFLATE);

	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_DEFLATE, z.buf, z.len, 4999, NULL,
	                             &out, &err),
	           ==, TS_FAIL);
	assert_str(err.msg, "raw block: length > 4999, expected 4999");
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_DEFLATE, z.buf, z.len, 5001, NULL,
	                             &out, &err),
	           ==, TS_FAIL);
	assert_str(err.msg, "raw block: length 5000, expected 5001");

	/* stored: the length is the length */
	ts_err_clear(&err);
	assert_int(
	        zblock_decompress(ZBLOCK_STORED, "abc", 3, 4, NULL, &out, &err),
	        ==, TS_FAIL);
	assert_str(err.msg, "raw block: length 3, expected 4");

	/* lengths deflate cannot have are refused before allocating */
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_DEFLATE, z.buf, z.len,
	                             (z.len + 1) * 1032, NULL, &out, &err),
	           ==, TS_FAIL);
	snprintf(msg, sizeof(msg),
	         "raw block: impossible length %zu for %zu compressed bytes",
	         (z.len + 1) * 1032, z.len);
	assert_str(err.msg, msg);
	/* ... and lengths no block has, whatever the codec */
	for (int codec = ZBLOCK_STORED; codec <= ZBLOCK_ZSTD; codec++) {
		ts_err_clear(&err);
		assert_int(zblock_decompress(codec, z.buf, z.len,
		                             (size_t)1 << 40, NULL, &out, &err),
		           ==, TS_FAIL);
		snprintf(msg, sizeof(msg),
		         "raw block: length %zu, more than a block holds (%u)",
		         (size_t)1 << 40, ZBLOCK_MAX_ULEN);
		assert_str(err.msg, msg);
	}
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_DEFLATE, z.buf, z.len, z.len, NULL,
	                             &out, &err),
	           ==, TS_FAIL);
	ts_err_clear(&err);
	assert_int(
	        zblock_decompress(ZBLOCK_DEFLATE, "", 0, 0, NULL, &out, &err),
	        ==, TS_FAIL);
	ts_err_clear(&err);
	assert_int(zblock_decompress(7, "abc", 3, 3, NULL, &out, &err), ==,
	           TS_FAIL);
	assert_str(err.msg, "raw block: unknown codec 7");
	strbuf_free(&rec);
	strbuf_free(&z);
	strbuf_free(&out);
}

DEFINE_TEST(test_zblock_corrupt)
{
	strbuf rec, z, out;
	ts_err err;
	int n_fail = 0, n_tries = 0;

	strbuf_init(&rec);
	strbuf_init(&z);
	strbuf_init(&out);
	make_records(&rec, 20000);
	assert_int(
	        zblock_compress(ZBLOCK_DEFLATE, rec.buf, rec.len, 6, NULL, &z),
	        ==, ZBLOCK_DEFLATE);

	/* every truncation fails */
	for (size_t n = 1; n < z.len; n++) {
		ts_err_clear(&err);
		assert_int(zblock_decompress(ZBLOCK_DEFLATE, z.buf, n, rec.len,
		                             NULL, &out, &err),
		           ==, TS_FAIL);
	}
	/* a byte after the end of the deflate stream is corrupt data */
	strbuf_addc(&z, 0);
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_DEFLATE, z.buf, z.len, rec.len,
	                             NULL, &out, &err),
	           ==, TS_FAIL);
	assert_str(err.msg, "raw block: corrupt deflate data");
	z.len--;

	/* flipped bytes: an error or, rarely, other bytes of the right
	 * length; never a crash or an overrun (ASan checks that) */
	for (size_t i = 0; i < z.len; i += 3) {
		z.buf[i] ^= 0x21;
		ts_err_clear(&err);
		n_fail +=
		        zblock_decompress(ZBLOCK_DEFLATE, z.buf, z.len, rec.len,
		                          NULL, &out, &err) == TS_FAIL;
		n_tries++;
		z.buf[i] ^= 0x21;
	}
	assert_true(n_fail > n_tries / 2);
	strbuf_free(&rec);
	strbuf_free(&z);
	strbuf_free(&out);
}

/* Raw deflate is one format: what zlib writes the codec reads, and what
 * the codec writes zlib reads, whichever backend is built. */
DEFINE_TEST(test_zblock_zlib_interop)
{
	strbuf rec, z, out;
	uint8_t buf[ZBLOCK_TARGET];
	z_stream zs;
	ts_err err;

	strbuf_init(&rec);
	strbuf_init(&z);
	strbuf_init(&out);
	make_records(&rec, ZBLOCK_TARGET);

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)rec.buf;
	zs.avail_in = (uInt)rec.len;
	zs.next_out = buf;
	zs.avail_out = sizeof(buf);
	assert_int(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_DEFLATE, buf, zs.total_out, rec.len,
	                             NULL, &out, &err),
	           ==, TS_OK);
	assert_mem(out.buf, out.len, rec.buf, rec.len);
	deflateEnd(&zs);

	assert_int(
	        zblock_compress(ZBLOCK_DEFLATE, rec.buf, rec.len, 0, NULL, &z),
	        ==, ZBLOCK_DEFLATE);
	memset(&zs, 0, sizeof(zs));
	inflateInit2(&zs, -15);
	zs.next_in = (Bytef *)z.buf;
	zs.avail_in = (uInt)z.len;
	zs.next_out = buf;
	zs.avail_out = sizeof(buf);
	assert_int(inflate(&zs, Z_FINISH), ==, Z_STREAM_END);
	assert_mem(buf, zs.total_out, rec.buf, rec.len);
	inflateEnd(&zs);
	strbuf_free(&rec);
	strbuf_free(&z);
	strbuf_free(&out);
}

/* New blocks use zstd when built with it, with bigger blocks. */
DEFINE_TEST(test_zblock_default_codec)
{
#if defined(HAVE_ZSTD)
	assert_int(zblock_default_codec(), ==, ZBLOCK_ZSTD);
	assert_str(zblock_backend(), "zstd");
	assert_int(zblock_target(ZBLOCK_ZSTD), ==, ZBLOCK_TARGET_ZSTD);
#else
	assert_int(zblock_default_codec(), ==, ZBLOCK_DEFLATE);
	assert_true(strcmp(zblock_backend(), "zlib") == 0 ||
	            strcmp(zblock_backend(), "libdeflate") == 0);
#endif
	assert_int(zblock_target(ZBLOCK_DEFLATE), ==, ZBLOCK_TARGET);
}

/* Compress with zstd, decompress with codec 0 meaning the default. */
DEFINE_TEST(test_zblock_zstd_round_trips)
{
#if defined(HAVE_ZSTD)
	strbuf rec, z, back;
	ts_err err;
	uint8_t rnd[4096];
	uint32_t x = 7;

	strbuf_init(&rec);
	strbuf_init(&z);
	strbuf_init(&back);
	for (int level = 0; level <= 5; level++) {
		make_records(&rec, ZBLOCK_TARGET_ZSTD);
		assert_int(
		        zblock_compress(0, rec.buf, rec.len, level, NULL, &z),
		        ==, ZBLOCK_ZSTD);
		/* records this repetitive shrink at least 4:1 */
		assert_true(z.len * 4 < rec.len);
		ts_err_clear(&err);
		assert_int(zblock_decompress(ZBLOCK_ZSTD, z.buf, z.len, rec.len,
		                             NULL, &back, &err),
		           ==, TS_OK);
		assert_mem(back.buf, back.len, rec.buf, rec.len);
	}
	/* incompressible and tiny blocks are stored */
	for (size_t i = 0; i < sizeof(rnd); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		rnd[i] = (uint8_t)x;
	}
	assert_int(zblock_compress(ZBLOCK_ZSTD, rnd, sizeof(rnd), 0, NULL, &z),
	           ==, ZBLOCK_STORED);
	assert_mem(z.buf, z.len, rnd, sizeof(rnd));
	assert_int(zblock_compress(ZBLOCK_ZSTD, "{}", 2, 0, NULL, &z), ==,
	           ZBLOCK_STORED);
	strbuf_free(&rec);
	strbuf_free(&z);
	strbuf_free(&back);
#else
	/* An index written with zstd, read by a build without it. */
	strbuf out;
	ts_err err;

	strbuf_init(&out);
	ts_err_clear(&err);
	assert_int(
	        zblock_decompress(ZBLOCK_ZSTD, "abc", 3, 30, NULL, &out, &err),
	        ==, TS_FAIL);
	assert_true(strstr(err.msg, "built without libzstd") != NULL);
	strbuf_free(&out);
#endif
}

DEFINE_TEST(test_zblock_zstd_corrupt)
{
#if defined(HAVE_ZSTD)
	strbuf rec, z, out;
	ts_err err;
	char msg[128];
	int n_fail = 0, n_tries = 0;

	strbuf_init(&rec);
	strbuf_init(&z);
	strbuf_init(&out);
	make_records(&rec, 20000);
	assert_int(zblock_compress(ZBLOCK_ZSTD, rec.buf, rec.len, 0, NULL, &z),
	           ==, ZBLOCK_ZSTD);

	/* a length the frame does not claim is refused before allocating */
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, z.buf, z.len, rec.len + 1,
	                             NULL, &out, &err),
	           ==, TS_FAIL);
	snprintf(msg, sizeof(msg),
	         "raw block: impossible length %zu for %zu compressed bytes",
	         rec.len + 1, z.len);
	assert_str(err.msg, msg);
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, z.buf, z.len, (size_t)1 << 40,
	                             NULL, &out, &err),
	           ==, TS_FAIL);

	/* every truncation fails */
	for (size_t n = 0; n < z.len; n++) {
		ts_err_clear(&err);
		assert_int(zblock_decompress(ZBLOCK_ZSTD, z.buf, n, rec.len,
		                             NULL, &out, &err),
		           ==, TS_FAIL);
	}
	/* bytes after the frame are corrupt data */
	strbuf_addc(&z, 0);
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, z.buf, z.len, rec.len, NULL,
	                             &out, &err),
	           ==, TS_FAIL);
	z.len--;

	/* flipped bytes: always an error (the frame has a checksum), never
	 * a crash or an overrun (ASan checks that) */
	for (size_t i = 0; i < z.len; i += 3) {
		z.buf[i] ^= 0x21;
		ts_err_clear(&err);
		n_fail += zblock_decompress(ZBLOCK_ZSTD, z.buf, z.len, rec.len,
		                            NULL, &out, &err) == TS_FAIL;
		n_tries++;
		z.buf[i] ^= 0x21;
	}
	assert_int(n_fail, ==, n_tries);
	strbuf_free(&rec);
	strbuf_free(&z);
	strbuf_free(&out);
#else
	/* Without libzstd, asking for zstd stores the block as it is. */
	strbuf z, rec;

	strbuf_init(&z);
	strbuf_init(&rec);
	make_records(&rec, 5000);
	assert_int(zblock_compress(ZBLOCK_ZSTD, rec.buf, rec.len, 0, NULL, &z),
	           ==, ZBLOCK_STORED);
	assert_mem(z.buf, z.len, rec.buf, rec.len);
	strbuf_free(&z);
	strbuf_free(&rec);
#endif
}

/* A dictionary trained on earlier records: blocks compressed with it are
 * smaller, name it in their header, and read back with it only. */
DEFINE_TEST(test_zblock_zstd_dictionary)
{
#if defined(HAVE_ZSTD)
	const size_t train = 768u << 10, piece = 64u << 10;
	strbuf rec, z, zd, out;
	ztrainer *t, *t2, *t3;
	const zdict *d, *other;
	zdict *copy;
	const char *blk;
	const void *bytes;
	size_t dlen, n = ZBLOCK_TARGET_ZSTD;
	ts_err err;
	char msg[128];

	strbuf_init(&rec);
	strbuf_init(&z);
	strbuf_init(&zd);
	strbuf_init(&out);
	make_records(&rec, train + n);
	blk = rec.buf + train;

	/* none while the writer feeds samples; source 1 (next after the
	 * 0 passed) never waits; the dictionary comes when the writer has
	 * stored enough and passes the source */
	t = ztrainer_new(NULL, 0, train);
	assert_int(ztrainer_wanted(t), ==, train);
	for (size_t off = 0; off < train; off += piece) {
		assert_true(ztrainer_offer(t, 1) == NULL);
		ztrainer_sample(t, rec.buf + off, piece);
	}
	assert_int(ztrainer_wanted(t), ==, 0);
	assert_true(ztrainer_offer(t, 1) == NULL);
	ztrainer_passed(t, 1);
	d = ztrainer_offer(t, 2);
	assert_true(d != NULL);
	assert_true(zdict_id(d) != 0);
	assert_true(ztrainer_offer(t, 1) == d);
	assert_int(ztrainer_wanted(t), ==, 0);

	assert_int(zblock_compress(0, blk, n, 0, NULL, &z), ==, ZBLOCK_ZSTD);
	assert_int(zblock_compress(0, blk, n, 0, d, &zd), ==, ZBLOCK_ZSTD);
	assert_true(zd.len < z.len);
	assert_int(zblock_dict_id(ZBLOCK_ZSTD, z.buf, z.len), ==, 0);
	assert_int(zblock_dict_id(ZBLOCK_ZSTD, zd.buf, zd.len), ==,
	           zdict_id(d));
	assert_int(zblock_dict_id(ZBLOCK_DEFLATE, zd.buf, zd.len), ==, 0);
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, zd.buf, zd.len, n, d, &out,
	                             &err),
	           ==, TS_OK);
	assert_mem(out.buf, out.len, blk, n);

	/* the same dictionary made from its stored bytes reads it too */
	bytes = zdict_bytes(d, &dlen);
	copy = zdict_new(bytes, dlen, 3, &err);
	assert_true(copy != NULL);
	assert_int(zdict_id(copy), ==, zdict_id(d));
	assert_int(zblock_decompress(ZBLOCK_ZSTD, zd.buf, zd.len, n, copy, &out,
	                             &err),
	           ==, TS_OK);
	assert_mem(out.buf, out.len, blk, n);

	/* without it, or with another one: an error naming both */
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, zd.buf, zd.len, n, NULL, &out,
	                             &err),
	           ==, TS_FAIL);
	snprintf(msg, sizeof(msg),
	         "raw block: needs zstd dictionary %u, given 0", zdict_id(d));
	assert_str(err.msg, msg);
	t2 = ztrainer_new(NULL, 0, train);
	ztrainer_sample(t2, rec.buf + n, train);
	ztrainer_passed(t2, 1);
	other = ztrainer_offer(t2, 2);
	assert_true(other != NULL && zdict_id(other) != zdict_id(d));
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, zd.buf, zd.len, n, other,
	                             &out, &err),
	           ==, TS_FAIL);
	ts_err_clear(&err);
	assert_int(zblock_decompress(ZBLOCK_ZSTD, z.buf, z.len, n, other, &out,
	                             &err),
	           ==, TS_FAIL);

	/* the index's dictionary is used from the start, by any source */
	t3 = ztrainer_new(d, 0, 0);
	assert_int(ztrainer_wanted(t3), ==, 0);
	assert_true(ztrainer_offer(t3, 7) == d);
	ztrainer_free(t3);

	/* training that fails (too few samples) leaves blocks without */
	t3 = ztrainer_new(NULL, 0, 100);
	ztrainer_sample(t3, rec.buf, 100);
	ztrainer_passed(t3, 1);
	assert_true(ztrainer_offer(t3, 5) == NULL);
	assert_int(ztrainer_wanted(t3), ==, 0);
	ztrainer_free(t3);

	/* the input ends before the samples are complete: none, no wait */
	t3 = ztrainer_new(NULL, 0, train);
	ztrainer_sample(t3, rec.buf, 100);
	ztrainer_end(t3);
	assert_true(ztrainer_offer(t3, 9) == NULL);
	ztrainer_free(t3);

	ts_err_clear(&err);
	assert_true(zdict_new("{}", 2, 0, &err) == NULL);
	assert_str(err.msg, "not a zstd dictionary (2 bytes)");

	zdict_free(copy);
	ztrainer_free(t);
	ztrainer_free(t2);
	strbuf_free(&rec);
	strbuf_free(&z);
	strbuf_free(&zd);
	strbuf_free(&out);
#else
	/* Without libzstd there is never a dictionary, nor a wait. */
	ztrainer *t = ztrainer_new(NULL, 0, 100);
	ts_err err;

	assert_int(ztrainer_wanted(t), ==, 0);
	assert_true(ztrainer_offer(t, 5) == NULL);
	ztrainer_free(t);
	ts_err_clear(&err);
	assert_true(zdict_new("{}", 2, 0, &err) == NULL);
#endif
}

#if defined(HAVE_ZSTD)
struct waiter {
	ztrainer *t;
	uint64_t seq;
	const zdict *got;
	atomic_int returned;
};

static void *
wait_offer(void *arg)
{
	struct waiter *w = arg;

	w->got = ztrainer_offer(w->t, w->seq);
	atomic_store(&w->returned, 1);
	return NULL;
}
#endif

/* While the samples are collected, a block of source 3 waits until the
 * writer has stored source 2, so the sources sampled never depend on
 * thread timing; then it gets the dictionary trained on them. */
DEFINE_TEST(test_zblock_ztrainer_waits_in_order)
{
#if defined(HAVE_ZSTD)
	const size_t train = 512u << 10;
	struct waiter w;
	pthread_t th;
	strbuf rec;

	strbuf_init(&rec);
	make_records(&rec, train);
	memset(&w, 0, sizeof(w));
	w.t = ztrainer_new(NULL, 0, train);
	w.seq = 3;
	ztrainer_passed(w.t, 1);
	pthread_create(&th, NULL, wait_offer, &w);
	usleep(100000);
	assert_int(atomic_load(&w.returned), ==, 0); /* source 2 not stored */
	ztrainer_sample(w.t, rec.buf, rec.len);
	ztrainer_passed(w.t, 2); /* trains */
	pthread_join(th, NULL);
	assert_int(atomic_load(&w.returned), ==, 1);
	assert_true(w.got != NULL);
	assert_true(w.got == ztrainer_offer(w.t, 1));
	ztrainer_free(w.t);
	strbuf_free(&rec);
#endif
}

/* A block may hold ZBLOCK_MAX_ULEN bytes, not one more: a frame that
 * says it holds 256 MiB of spaces passed every check (its few hundred
 * bytes are smaller than its length, the frame and the row agree), and
 * cost 256 MiB per block read. */
DEFINE_TEST(test_zblock_max_ulen)
{
	size_t n = ZBLOCK_MAX_ULEN + 1;
	strbuf in, z, out;
	ts_err err;
	char msg[128];
	int codec;

	strbuf_init(&in);
	strbuf_init(&z);
	strbuf_init(&out);
	strbuf_reserve(&in, n);
	memset(in.buf, ' ', n);
	in.len = n;
	codec = zblock_compress(0, in.buf, n, 0, NULL, &z);
	assert_int(codec, !=, ZBLOCK_STORED);
	ts_err_clear(&err);
	assert_int(zblock_decompress(codec, z.buf, z.len, n, NULL, &out, &err),
	           ==, TS_FAIL);
	snprintf(msg, sizeof(msg),
	         "raw block: length %zu, more than a block holds (%u)", n,
	         ZBLOCK_MAX_ULEN);
	assert_str(err.msg, msg);
	assert_true(out.cap < 1024); /* nothing allocated */
	/* the largest block there can be */
	codec = zblock_compress(0, in.buf, n - 1, 0, NULL, &z);
	ts_err_clear(&err);
	assert_int(
	        zblock_decompress(codec, z.buf, z.len, n - 1, NULL, &out, &err),
	        ==, TS_OK);
	assert_int(out.len, ==, n - 1);
	strbuf_free(&in);
	strbuf_free(&z);
	strbuf_free(&out);
}

/* test_inflate.c -- the gzip inflater (inflate.c), against the backend
 * built.  Every input is made here with zlib, so no binary files. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <zlib.h>

#include "test.h"
#include "../../src/ingest/inflate.h"
#include "../../src/util/strbuf.h"
#include "../../src/util/xmalloc.h"

/* An empty buffer with storage, so memcmp() never sees NULL. */
static void
sb_init(strbuf *sb)
{
	strbuf_init(sb);
	strbuf_reserve(sb, 1);
	sb->buf[0] = '\0';
}

/* Optional gzip header fields for gz_member(). */
struct hdr_opts {
	const char *name;     /* FNAME, or NULL */
	const char *comment;  /* FCOMMENT, or NULL */
	const uint8_t *extra; /* FEXTRA bytes, or NULL */
	unsigned extra_len;   /* their length (0 is allowed) */
	int hcrc;             /* FHCRC */
};

/* Append one gzip member of p[0..n) to sb. */
static void
gz_member(strbuf *sb, const void *p, size_t n, int level,
          const struct hdr_opts *h)
{
	z_stream zs;
	gz_header gh;
	int ret;

	memset(&zs, 0, sizeof(zs));
	memset(&gh, 0, sizeof(gh));
	if (deflateInit2(&zs, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK) {
		abort();
	}
	if (h) {
		gh.name = (Bytef *)(uintptr_t)h->name;
		gh.comment = (Bytef *)(uintptr_t)h->comment;
		gh.extra = (Bytef *)(uintptr_t)h->extra;
		gh.extra_len = h->extra_len;
		gh.hcrc = h->hcrc;
		gh.os = 3;
		deflateSetHeader(&zs, &gh);
	}
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	do {
		strbuf_reserve(sb, 4096 + n / 2);
		zs.next_out = (Bytef *)sb->buf + sb->len;
		zs.avail_out = (uInt)(sb->cap - sb->len - 1);
		ret = deflate(&zs, Z_FINISH);
		sb->len = (size_t)((char *)zs.next_out - sb->buf);
	} while (ret == Z_OK || ret == Z_BUF_ERROR);
	assert_int(ret, ==, Z_STREAM_END);
	sb->buf[sb->len] = '\0';
	deflateEnd(&zs);
}

/* CloudTrail-like text: repetitive in shape, varying in values. */
static void
make_json(strbuf *sb, size_t n)
{
	uint32_t x = 12345;

	while (sb->len < n) {
		x = x * 1103515245 + 12345;
		strbuf_addf(
		        sb,
		        "{\"eventVersion\":\"1.08\",\"eventID\":\"%08x-%04x\","
		        "\"eventName\":\"%s\",\"sourceIPAddress\":"
		        "\"10.%u.%u.%u\"}\n",
		        x, x >> 16,
		        (x & 0x100) ? "AddMemberToGroup" : "ListUsers", x >> 24,
		        (x >> 8) & 0xff, x & 0xff);
	}
	sb->len = n;
	sb->buf[n] = '\0';
}

/* Decompress g[0..n), in_step input and out_step output bytes at a time,
 * appending to out.  Returns INFLATE_DONE or TS_FAIL (err says why). */
static int
run(inflater *z, const void *g, size_t n, size_t in_step, size_t out_step,
    strbuf *out, ts_err *err)
{
	const uint8_t *p = g;
	uint8_t *buf = xmalloc(out_step);
	size_t off = 0, k, used, made;
	int rc, stuck = 0;

	ts_err_clear(err);
	for (;;) {
		k = n - off < in_step ? n - off : in_step;
		rc = inflater_run(z, p + off, k, &used, buf, out_step, &made,
		                  off + k == n, err);
		assert_true(used <= k && made <= out_step);
		off += used;
		strbuf_add(out, buf, made);
		if (rc != TS_OK) {
			break;
		}
		stuck = used || made ? 0 : stuck + 1;
		if (stuck > 2) {
			test_failed(__FILE__, __LINE__, "no progress at %zu",
			            off);
			rc = -1;
			break;
		}
	}
	free(buf);
	return rc;
}

/* Expect g[0..n) to decompress to want[0..wlen) with every step size. */
static void
expect_ok(const strbuf *g, const strbuf *want, unsigned n_members)
{
	static const size_t steps[][2] = {
	        {1 << 20, 1 << 20}, {1, 1 << 16}, {1 << 16, 1}, {3, 7},
	        {4096, 4096},       {1, 1},
	};
	inflater *z = inflater_new();
	strbuf out;
	ts_err err;
	int rc;

	sb_init(&out);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		/* 1-byte output steps on big outputs are slow; skip those */
		if (steps[i][1] == 1 && want->len > (1u << 20)) {
			continue;
		}
		strbuf_reset(&out);
		inflater_reset(z, 0);
		rc = run(z, g->buf, g->len, steps[i][0], steps[i][1], &out,
		         &err);
		assert_int(rc, ==, INFLATE_DONE);
		if (rc != INFLATE_DONE) {
			printf("# steps %zu/%zu: %s\n", steps[i][0],
			       steps[i][1], err.msg);
		}
		assert_mem(out.buf, out.len, want->buf, want->len);
		assert_int(inflater_in_total(z), ==, g->len);
		assert_int(inflater_members(z), ==, n_members);
	}
	strbuf_free(&out);
	inflater_free(z);
}

/* Expect g[0..n) to fail with exactly `msg`, whatever the step sizes,
 * and the output before the failure to be a prefix of want. */
static void
expect_fail(const strbuf *g, const strbuf *want, const char *msg)
{
	static const size_t steps[][2] = {
	        {1 << 20, 1 << 20}, {1, 1}, {5, 1 << 16}, {1 << 16, 3}};
	inflater *z = inflater_new();
	strbuf out;
	ts_err err;
	int rc;

	sb_init(&out);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		strbuf_reset(&out);
		inflater_reset(z, 0);
		rc = run(z, g->buf, g->len, steps[i][0], steps[i][1], &out,
		         &err);
		assert_int(rc, ==, TS_FAIL);
		assert_str(err.msg, msg);
		assert_true(out.len <= want->len &&
		            (out.len == 0 ||
		             memcmp(out.buf, want->buf, out.len) == 0));
	}
	strbuf_free(&out);
	inflater_free(z);
}

DEFINE_TEST(test_inflate_single_member)
{
	strbuf data, g;

	sb_init(&data);
	sb_init(&g);
	make_json(&data, 300000);
	gz_member(&g, data.buf, data.len, 6, NULL);
	expect_ok(&g, &data, 1);
	/* stored blocks (level 0) take another path in both decoders */
	strbuf_reset(&g);
	gz_member(&g, data.buf, 70000, 0, NULL);
	data.len = 70000;
	expect_ok(&g, &data, 1);
	strbuf_free(&data);
	strbuf_free(&g);
}

DEFINE_TEST(test_inflate_empty_member)
{
	strbuf empty, g;

	sb_init(&empty);
	sb_init(&g);
	gz_member(&g, "", 0, 6, NULL);
	expect_ok(&g, &empty, 1);
	strbuf_free(&g);
	strbuf_free(&empty);
}

DEFINE_TEST(test_inflate_multi_member)
{
	strbuf data, want, g;

	sb_init(&data);
	sb_init(&want);
	sb_init(&g);
	make_json(&data, 100000);
	/* as `gzip -c a b` writes, with an empty member between */
	gz_member(&g, data.buf, 40000, 6, NULL);
	gz_member(&g, "", 0, 6, NULL);
	gz_member(&g, data.buf + 40000, 50000, 1, NULL);
	gz_member(&g, data.buf + 90000, 10000, 0, NULL);
	strbuf_add(&want, data.buf, 100000);
	expect_ok(&g, &want, 4);
	strbuf_free(&data);
	strbuf_free(&want);
	strbuf_free(&g);
}

DEFINE_TEST(test_inflate_header_fields)
{
	static const uint8_t extra[] = {'A', 'P', 4, 0, 1, 2, 3, 4};
	char longname[5000];
	strbuf data, want, g;
	struct hdr_opts h;

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	sb_init(&data);
	sb_init(&want);
	sb_init(&g);
	make_json(&data, 3000);
	/* every combination of FEXTRA, FNAME, FCOMMENT and FHCRC */
	for (int f = 0; f < 16; f++) {
		memset(&h, 0, sizeof(h));
		h.extra = f & 1 ? extra : NULL;
		h.extra_len = f & 1 ? sizeof(extra) : 0;
		h.name = f & 2 ? "CloudTrail_us-east-1.json" : NULL;
		h.comment = f & 4 ? "exported" : NULL;
		h.hcrc = (f & 8) != 0;
		gz_member(&g, data.buf, data.len, 6, &h);
		strbuf_add(&want, data.buf, data.len);
	}
	/* an empty extra field and a long name */
	memset(&h, 0, sizeof(h));
	h.extra = extra;
	h.name = longname;
	h.hcrc = 1;
	gz_member(&g, data.buf, data.len, 6, &h);
	strbuf_add(&want, data.buf, data.len);
	expect_ok(&g, &want, 17);
	strbuf_free(&data);
	strbuf_free(&want);
	strbuf_free(&g);
}

/* A three-member stream with header fields; ends[] gets the members' end
 * offsets. */
static void
small_stream(strbuf *g, strbuf *want, size_t ends[3])
{
	static const uint8_t extra[] = {'x', 'y', 2, 0, 7, 8};
	struct hdr_opts h = {"f.json", "c", extra, sizeof(extra), 1};
	strbuf data;

	sb_init(&data);
	make_json(&data, 700);
	gz_member(g, data.buf, 300, 6, NULL);
	ends[0] = g->len;
	gz_member(g, data.buf + 300, 400, 6, &h);
	ends[1] = g->len;
	gz_member(g, "", 0, 6, NULL);
	ends[2] = g->len;
	strbuf_add(want, data.buf, data.len);
	strbuf_free(&data);
}

DEFINE_TEST(test_inflate_truncated_everywhere)
{
	strbuf g, want, cut;
	size_t ends[3];
	unsigned member;
	char msg[128];

	sb_init(&g);
	sb_init(&want);
	sb_init(&cut);
	small_stream(&g, &want, ends);
	for (size_t n = 0; n < g.len; n++) {
		strbuf_reset(&cut);
		strbuf_add(&cut, g.buf, n);
		if (n == ends[0] || n == ends[1]) {
			/* a cut at a member boundary is a valid stream */
			continue;
		}
		member = n < ends[0] ? 1 : n < ends[1] ? 2 : 3;
		snprintf(msg, sizeof(msg),
		         "gzip stream truncated at compressed offset %zu "
		         "(gzip member %u incomplete)",
		         n, member);
		expect_fail(&cut, &want, msg);
	}
	strbuf_free(&g);
	strbuf_free(&want);
	strbuf_free(&cut);
}

DEFINE_TEST(test_inflate_member_boundary_cuts)
{
	strbuf g, want, cut;
	size_t ends[3];

	sb_init(&g);
	sb_init(&want);
	sb_init(&cut);
	small_stream(&g, &want, ends);
	strbuf_add(&cut, g.buf, ends[0]);
	want.len = 300;
	expect_ok(&cut, &want, 1);
	strbuf_reset(&cut);
	strbuf_add(&cut, g.buf, ends[1]);
	want.len = 700;
	expect_ok(&cut, &want, 2);
	strbuf_free(&g);
	strbuf_free(&want);
	strbuf_free(&cut);
}

DEFINE_TEST(test_inflate_bad_crc_and_isize)
{
	strbuf g, want;
	size_t ends[3];
	char msg[128];

	sb_init(&g);
	sb_init(&want);
	small_stream(&g, &want, ends);
	g.buf[ends[1] - 8] ^= 0x01; /* member 2's CRC-32 */
	snprintf(msg, sizeof(msg),
	         "CRC-32 mismatch in gzip member 2 ending at compressed "
	         "offset %zu",
	         ends[1]);
	expect_fail(&g, &want, msg);
	g.buf[ends[1] - 8] ^= 0x01;
	g.buf[ends[1] - 1] ^= 0x40; /* member 2's ISIZE */
	snprintf(msg, sizeof(msg),
	         "length mismatch (ISIZE) in gzip member 2 ending at "
	         "compressed offset %zu",
	         ends[1]);
	expect_fail(&g, &want, msg);
	g.buf[ends[1] - 1] ^= 0x40;
	g.buf[ends[2] - 2] = 1; /* the empty member's ISIZE */
	snprintf(msg, sizeof(msg),
	         "length mismatch (ISIZE) in gzip member 3 ending at "
	         "compressed offset %zu",
	         ends[2]);
	expect_fail(&g, &want, msg);
	strbuf_free(&g);
	strbuf_free(&want);
}

/* inflater_out_checked() counts only output whose trailer matched. */
DEFINE_TEST(test_inflate_out_checked)
{
	strbuf g, want, out;
	size_t ends[3];
	inflater *z = inflater_new();
	ts_err err;

	sb_init(&g);
	sb_init(&want);
	sb_init(&out);
	small_stream(&g, &want, ends);
	inflater_reset(z, 0);
	assert_int(run(z, g.buf, g.len, 7, 13, &out, &err), ==, INFLATE_DONE);
	assert_int(inflater_out_checked(z), ==, 700);
	g.buf[ends[1] - 8] ^= 0x01; /* member 2's CRC-32 */
	strbuf_reset(&out);
	inflater_reset(z, 0);
	assert_int(run(z, g.buf, g.len, 7, 13, &out, &err), ==, TS_FAIL);
	assert_int(out.len, ==, 700);
	assert_int(inflater_out_checked(z), ==, 300);
	strbuf_reset(&out);
	inflater_reset(z, 0);
	assert_int(run(z, g.buf, ends[0] + 20, 7, 13, &out, &err), ==,
	           TS_FAIL); /* truncated in member 2 */
	assert_int(inflater_out_checked(z), ==, 300);
	inflater_free(z);
	strbuf_free(&g);
	strbuf_free(&want);
	strbuf_free(&out);
}

DEFINE_TEST(test_inflate_corrupt_deflate)
{
	strbuf g, want, data;
	size_t ends[3], start2;
	inflater *z = inflater_new();
	strbuf out;
	ts_err err;
	char msg[128];
	int n_bad = 0;

	sb_init(&g);
	sb_init(&want);
	sb_init(&data);
	sb_init(&out);
	small_stream(&g, &want, ends);
	/* reserved block type 3 in member 2's first block */
	start2 = ends[0];
	g.buf[start2 + 10 + 2 + 6 + 7 + 2 + 2] = 0x07;
	snprintf(msg, sizeof(msg),
	         "corrupt deflate data in gzip member 2 starting at "
	         "compressed offset %zu",
	         start2);
	expect_fail(&g, &want, msg);

	/* Any flipped byte in a member's deflate data fails somehow (bad
	 * data, CRC, length, truncation, garbage) and never crashes. */
	make_json(&data, 20000);
	strbuf_reset(&g);
	gz_member(&g, data.buf, data.len, 6, NULL);
	for (size_t i = 10; i < g.len - 8; i += 7) {
		g.buf[i] ^= 0x5a;
		inflater_reset(z, 0);
		strbuf_reset(&out);
		assert_int(run(z, g.buf, g.len, 1 << 20, 1 << 20, &out, &err),
		           ==, TS_FAIL);
		n_bad += strncmp(err.msg, "corrupt deflate data", 20) == 0;
		g.buf[i] ^= 0x5a;
	}
	assert_true(n_bad > 0);
	inflater_free(z);
	strbuf_free(&g);
	strbuf_free(&want);
	strbuf_free(&data);
	strbuf_free(&out);
}

DEFINE_TEST(test_inflate_trailing_garbage)
{
	strbuf g, want;
	size_t ends[3];
	char msg[128];

	sb_init(&g);
	sb_init(&want);
	small_stream(&g, &want, ends);
	strbuf_adds(&g, "garbage!");
	snprintf(msg, sizeof(msg),
	         "8 bytes of trailing garbage after gzip data at compressed "
	         "offset %zu",
	         ends[2]);
	expect_fail(&g, &want, msg);

	/* zeros, then something else: all of it is garbage */
	g.len = ends[2];
	for (int i = 0; i < 100; i++) {
		strbuf_addc(&g, 0);
	}
	strbuf_addc(&g, 'x');
	snprintf(msg, sizeof(msg),
	         "101 bytes of trailing garbage after gzip data at compressed "
	         "offset %zu",
	         ends[2]);
	expect_fail(&g, &want, msg);

	/* 1f not followed by 8b is no member */
	g.len = ends[2];
	strbuf_add(&g, "\x1f\x00", 2);
	snprintf(msg, sizeof(msg),
	         "2 bytes of trailing garbage after gzip data at compressed "
	         "offset %zu",
	         ends[2]);
	expect_fail(&g, &want, msg);

	/* a lone 1f at the end may be a member cut short */
	g.len = ends[2];
	strbuf_addc(&g, 0x1f);
	snprintf(
	        msg, sizeof(msg),
	        "gzip stream truncated at compressed offset %zu (gzip member 4 "
	        "incomplete)",
	        ends[2] + 1);
	expect_fail(&g, &want, msg);
	strbuf_free(&g);
	strbuf_free(&want);
}

DEFINE_TEST(test_inflate_trailing_zeros)
{
	strbuf g, want;
	size_t ends[3];

	sb_init(&g);
	sb_init(&want);
	small_stream(&g, &want, ends);
	for (int i = 0; i < 10240; i++) {
		strbuf_addc(&g, 0); /* tar pads to 10 KiB records */
	}
	expect_ok(&g, &want, 3);
	strbuf_free(&g);
	strbuf_free(&want);
}

DEFINE_TEST(test_inflate_not_gzip)
{
	strbuf g, none;
	size_t ends[3];

	sb_init(&g);
	sb_init(&none);
	strbuf_adds(&g, "{\"Records\":[]}");
	expect_fail(&g, &none,
	            "not a gzip stream (bad magic at compressed offset 0)");
	strbuf_reset(&g);
	strbuf_add(&g, "\x1f\x8c", 2);
	expect_fail(&g, &none,
	            "not a gzip stream (bad magic at compressed offset 0)");
	strbuf_reset(&g);
	expect_fail(
	        &g, &none,
	        "gzip stream truncated at compressed offset 0 (gzip member 1 "
	        "incomplete)");
	strbuf_addc(&g, 0x1f);
	expect_fail(
	        &g, &none,
	        "gzip stream truncated at compressed offset 1 (gzip member 1 "
	        "incomplete)");

	/* headers that are gzip but not ours */
	strbuf_reset(&g);
	small_stream(&g, &none, ends);
	none.len = 0;
	g.buf[2] = 7;
	expect_fail(&g, &none,
	            "bad gzip header in member 1 at compressed offset 0: "
	            "compression method 7 is not deflate");
	g.buf[2] = 8;
	g.buf[3] = 0x20;
	expect_fail(&g, &none,
	            "bad gzip header in member 1 at compressed offset 0: "
	            "reserved flag bits set");
	g.buf[3] = 0;
	g.buf[ends[0] + 10 + 2 + 6 + 7 + 2] ^= 1; /* member 2's header CRC */
	none.len = 300;
	{
		char msg[128];

		snprintf(msg, sizeof(msg),
		         "bad gzip header in member 2 at compressed offset "
		         "%zu: header CRC mismatch",
		         ends[0]);
		strbuf_reset(&none);
		make_json(&none, 300);
		expect_fail(&g, &none, msg);
	}
	strbuf_free(&g);
	strbuf_free(&none);
}

DEFINE_TEST(test_inflate_bomb_cap)
{
	inflater *z = inflater_new();
	strbuf zeros, g, out;
	ts_err err;
	char msg[320];
	unsigned long long off;
	int rc;

	sb_init(&zeros);
	sb_init(&g);
	sb_init(&out);
	strbuf_reserve(&zeros, 1 << 20);
	memset(zeros.buf, 0, 1 << 20);
	zeros.len = 1 << 20;
	gz_member(&g, zeros.buf, zeros.len, 9, NULL);
	assert_true(g.len < 2000);

	/* Below INFLATE_MIN_CAP nothing trips, whatever the ratio. */
	inflater_reset(z, 2);
	assert_int(run(z, g.buf, g.len, 1 << 20, 1 << 16, &out, &err), ==,
	           INFLATE_DONE);
	assert_int(out.len, ==, 1 << 20);

	/* With the floor lowered (test hook) a 10:1 cap trips, and exactly
	 * the output below the cap is delivered. */
	inflater_reset(z, 10);
	inflater_set_min_cap(z, 4096);
	strbuf_reset(&out);
	rc = run(z, g.buf, g.len, 1 << 20, 1 << 16, &out, &err);
	assert_int(rc, ==, TS_FAIL);
	snprintf(msg, sizeof(msg),
	         "decompressed size exceeds 10:1 ratio at compressed offset "
	         "%zu, decompressed %zu (possible decompression bomb; "
	         "CloudTrail logs compress about 10:1, and the cap is fixed: "
	         "what came before is kept, nothing after read)",
	         g.len, 10 * g.len);
	assert_str(err.msg, msg);
	assert_int(out.len, ==, 10 * g.len);

	/* Fed one byte at a time the cap follows the bytes seen. */
	inflater_reset(z, 10);
	inflater_set_min_cap(z, 4096);
	strbuf_reset(&out);
	rc = run(z, g.buf, g.len, 1, 1000, &out, &err);
	assert_int(rc, ==, TS_FAIL);
	assert_int(sscanf(err.msg,
	                  "decompressed size exceeds 10:1 ratio at compressed "
	                  "offset %llu (possible",
	                  &off),
	           ==, 1);
	assert_int(out.len, ==, 10 * off > 4096 ? 10 * off : 4096);
	assert_true(memcmp(out.buf, zeros.buf, out.len) == 0);
	inflater_free(z);
	strbuf_free(&zeros);
	strbuf_free(&g);
	strbuf_free(&out);
}

DEFINE_TEST(test_inflate_reuse)
{
	inflater *z = inflater_new();
	strbuf g, want, out, bad;
	size_t ends[3], used, made;
	ts_err err;
	uint8_t buf[64];

	sb_init(&g);
	sb_init(&want);
	sb_init(&out);
	sb_init(&bad);
	small_stream(&g, &want, ends);
	assert_int(inflater_in_total(z), ==, 0);
	assert_int(inflater_members(z), ==, 0);
	assert_int(run(z, g.buf, g.len, 100, 100, &out, &err), ==,
	           INFLATE_DONE);
	assert_int(inflater_in_total(z), ==, g.len);
	assert_int(inflater_members(z), ==, 3);
	/* DONE is sticky */
	assert_int(
	        inflater_run(z, "", 0, &used, buf, sizeof(buf), &made, 1, &err),
	        ==, INFLATE_DONE);
	assert_int(used + made, ==, 0);

	/* a failed stream, then the same inflater decodes a good one */
	strbuf_adds(&bad, "not gzip");
	inflater_reset(z, 0);
	assert_int(run(z, bad.buf, bad.len, 100, 100, &out, &err), ==, TS_FAIL);
	assert_int(inflater_members(z), ==, 0);
	/* FAIL is sticky and repeats the message */
	ts_err_clear(&err);
	assert_int(
	        inflater_run(z, "", 0, &used, buf, sizeof(buf), &made, 1, &err),
	        ==, TS_FAIL);
	assert_str(err.msg,
	           "not a gzip stream (bad magic at compressed offset 0)");
	inflater_reset(z, 0);
	strbuf_reset(&out);
	assert_int(run(z, g.buf, ends[0], 7, 5, &out, &err), ==, INFLATE_DONE);
	assert_int(out.len, ==, 300);
	assert_int(inflater_in_total(z), ==, ends[0]);
	assert_int(inflater_members(z), ==, 1);

	/* in_total counts what was consumed so far, mid-stream */
	inflater_reset(z, 0);
	assert_int(inflater_run(z, g.buf, 5, &used, buf, sizeof(buf), &made, 0,
	                        &err),
	           ==, TS_OK);
	assert_int(used, ==, 5);
	assert_int(inflater_in_total(z), ==, 5);
	assert_int(inflater_members(z), ==, 1);
	inflater_free(z);
	inflater_free(NULL);
	strbuf_free(&g);
	strbuf_free(&want);
	strbuf_free(&out);
	strbuf_free(&bad);
}

DEFINE_TEST(test_inflate_is_gzip)
{
	assert_true(inflate_is_gzip("\x1f\x8b\x08\x00", 4));
	assert_true(inflate_is_gzip("\x1f\x8b\x08", 3));
	assert_true(!inflate_is_gzip("\x1f\x8b", 2));
	assert_true(!inflate_is_gzip("\x1f\x8b\x07", 3));
	assert_true(!inflate_is_gzip("{\"Records\"", 10));
	assert_true(strcmp(inflate_backend(), "zlib") == 0 ||
	            strcmp(inflate_backend(), "isa-l") == 0);
}

/* fuzz finding (ISA-L build, strict mode): a member whose dynamic block
 * header declares a distance code zlib rejects ("invalid distances set")
 * but ISA-L decodes, into 60000 zeros that match the trailer.  The
 * decoders differ here; each build must give its own answer, and the
 * inflater must not crash or disagree with the trailer. */
DEFINE_TEST(test_inflate_fuzz_distance_set)
{
	static const uint8_t head[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00,
	                               0x00, 0x00, 0x03, 0xed, 0xc1, 0x31, 0x01,
	                               0x00, 0x00, 0x00, 0xc2, 0xa0, 0xf5, 0x4f,
	                               0x6d, 0x0d, 0x0f, 0xb0};
	static const uint8_t tail[] = {0xbe, 0x0c, 0x05, 0xaa, 0x27,
	                               0x51, 0x60, 0xea, 0x00, 0x00};
	inflater *z = inflater_new();
	strbuf g, out;
	ts_err err;
	int rc;

	sb_init(&g);
	sb_init(&out);
	strbuf_add(&g, head, sizeof(head));
	for (int i = 0; i < 58; i++) {
		strbuf_addc(&g, 0);
	}
	strbuf_add(&g, tail, sizeof(tail));
	assert_int(g.len, ==, 93);
	rc = run(z, g.buf, g.len, 1 << 16, 1 << 16, &out, &err);
	if (strcmp(inflate_backend(), "isa-l") == 0) {
		assert_int(rc, ==, INFLATE_DONE);
		assert_int(out.len, ==, 60000);
	} else {
		assert_int(rc, ==, TS_FAIL);
		assert_str(err.msg, "corrupt deflate data in gzip member 1 "
		                    "starting at compressed offset 0");
	}
	inflater_free(z);
	strbuf_free(&g);
	strbuf_free(&out);
}

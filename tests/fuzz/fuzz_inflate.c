/* fuzz_inflate.c -- libFuzzer target for inflate.c and zblock.c.
 *
 * The input is fed to the gzip inflater as one stream, in pieces whose
 * sizes are taken from the input's own bytes, into output buffers of
 * 1..256 bytes, with the bomb floor lowered so the cap is reachable.
 * Checked: consumed and produced stay within what was offered, every
 * call makes progress, DONE means every byte was consumed, and when the
 * inflater says DONE zlib's own gzip decoder, member by member, must
 * give the same bytes.  (With ISA-L a stream zlib rejects may still end
 * DONE -- the decoders do not reject the same corrupt deflate data --
 * so that direction is only enforced with TS_FUZZ_STRICT=1 set.)
 *
 * The same bytes then go to zblock_decompress() as a deflate block with
 * a length taken from the input, and through a zblock round trip. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "ingest/inflate.h"
#include "index/zblock.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* zlib's decoding of a gzip stream that inflate.c accepted: members
 * until the rest is empty or all zeros.  0 and the bytes in sb, or -1. */
static int
reference(const uint8_t *p, size_t n, size_t limit, strbuf *sb)
{
	uint8_t buf[4096];
	z_stream zs;
	int ret;

	while (n > 0) {
		size_t i = 0;

		while (i < n && p[i] == 0) {
			i++;
		}
		if (i == n) {
			return 0;
		}
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, 31) != Z_OK) {
			abort();
		}
		zs.next_in = (Bytef *)(uintptr_t)p;
		zs.avail_in = (uInt)n;
		do {
			zs.next_out = buf;
			zs.avail_out = sizeof(buf);
			ret = inflate(&zs, Z_NO_FLUSH);
			strbuf_add(sb, buf, sizeof(buf) - zs.avail_out);
		} while (ret == Z_OK && sb->len <= limit);
		p += n - zs.avail_in;
		n = zs.avail_in;
		inflateEnd(&zs);
		if (ret != Z_STREAM_END) {
			/* more than inflate.c gave: let the caller compare */
			return sb->len > limit ? 0 : -1;
		}
	}
	return 0;
}

static void
fuzz_gzip(const uint8_t *data, size_t size)
{
	static inflater *z;
	uint8_t out[256];
	strbuf got, want;
	size_t off = 0, k = 0, piece, used, made, cap;
	int rc, stuck = 0;
	ts_err err;

	if (z == NULL) {
		z = inflater_new();
	}
	strbuf_init(&got);
	strbuf_init(&want);
	ts_err_clear(&err);
	inflater_reset(z, size > 0 && (data[0] & 1) ? 4 : 64);
	inflater_set_min_cap(z, 1 << 16);
	do {
		uint8_t b = size ? data[k++ % size] : 0;

		piece = (size_t)1 + (b & 0x3f) * (b & 0x40 ? 37 : 1);
		piece = piece < size - off ? piece : size - off;
		cap = (size_t)1 + (b * 7u) % sizeof(out);
		rc = inflater_run(z, data + off, piece, &used, out, cap, &made,
		                  off + piece == size, &err);
		if (used > piece || made > cap) {
			__builtin_trap();
		}
		off += used;
		strbuf_add(&got, out, made);
		stuck = used || made ? 0 : stuck + 1;
		if (stuck > 2) {
			__builtin_trap(); /* the caller would loop forever */
		}
	} while (rc == TS_OK);
	if (rc == INFLATE_DONE) {
		if (off != size || inflater_in_total(z) != size) {
			__builtin_trap();
		}
		rc = reference(data, size, got.len, &want);
		if (rc == 0 && (want.len != got.len ||
		                memcmp(want.buf, got.buf, got.len) != 0)) {
			__builtin_trap();
		}
#if !defined(HAVE_ISAL)
		if (rc != 0) {
			__builtin_trap();
		}
#else
		if (rc != 0 && getenv("TS_FUZZ_STRICT")) {
			__builtin_trap();
		}
#endif
	} else if (rc != TS_FAIL || err.msg[0] == '\0') {
		__builtin_trap();
	}
	strbuf_free(&got);
	strbuf_free(&want);
}

static void
fuzz_zblock(const uint8_t *data, size_t size)
{
	strbuf out, z;
	size_t ulen;
	ts_err err;
	int codec;

	strbuf_init(&out);
	strbuf_init(&z);
	ts_err_clear(&err);
	ulen = size < 2 ? size : (size_t)(data[0] | data[1] << 8) * 4;
	zblock_decompress(ZBLOCK_DEFLATE, data, size, ulen, NULL, &out, &err);
	zblock_decompress(ZBLOCK_STORED, data, size, ulen, NULL, &out, &err);
	zblock_decompress(ZBLOCK_ZSTD, data, size, ulen, NULL, &out, &err);

	for (int c = ZBLOCK_DEFLATE; c <= ZBLOCK_ZSTD; c++) {
		codec = zblock_compress(c, data, size,
		                        size ? data[size - 1] % 10 : 0, NULL,
		                        &z);
		if (zblock_decompress(codec, z.buf, z.len, size, NULL, &out,
		                      &err) != TS_OK ||
		    out.len != size ||
		    (size && memcmp(out.buf, data, size) != 0)) {
			__builtin_trap();
		}
	}
	strbuf_free(&out);
	strbuf_free(&z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_gzip(data, size);
	fuzz_zblock(data, size);
	return 0;
}

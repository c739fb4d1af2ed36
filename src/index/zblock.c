/* zblock.c -- raw-record blocks for the index (see zblock.h).
 *
 * A block is compressed whole into a buffer one byte smaller than the
 * input; if deflate does not fit there, the block is stored.  So a block
 * never grows, and `len < ulen` holds for every deflate block, which the
 * reader checks along with the deflate ratio limit before it allocates.
 *
 * Decompression allocates its own decompressor per call (3-5 us against
 * 80-900 us for the work on 64 KiB blocks).  Compression keeps one
 * libdeflate compressor per thread; a thread-specific key frees it when
 * the thread ends, so worker threads leave nothing behind.
 *
 * The default level (ZBLOCK_DEFAULT_LEVEL) is zlib's 6 until measured
 * on CloudTrail records. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(HAVE_LIBDEFLATE)
#include <libdeflate.h>
#include <pthread.h>
#else
#include <zlib.h>
#endif

#include "zblock.h"

/* Level used when zblock_compress() is given 0 (see above). */
#define ZBLOCK_DEFAULT_LEVEL 1

/* Deflate cannot expand more than 1032:1 (a 258-byte match in two bits);
 * a deflate block claiming more is corrupt and is not allocated for. */
#define DEFLATE_MAX_RATIO 1032

const char *
zblock_backend(void)
{
#if defined(HAVE_LIBDEFLATE)
	return "libdeflate";
#else
	return "zlib";
#endif
}

static void
oom(const char *what)
{
	fprintf(stderr, "trailsift: out of memory in %s\n", what);
	abort();
}

#if defined(HAVE_LIBDEFLATE)
static pthread_key_t compressor_key;
static pthread_once_t compressor_once = PTHREAD_ONCE_INIT;

static void
free_compressor(void *c)
{
	libdeflate_free_compressor(c);
}

static void
make_compressor_key(void)
{
	pthread_key_create(&compressor_key, free_compressor);
}
#endif

/* Compress in[0..len) into out[0..cap); the compressed size, or 0 if it
 * does not fit. */
static size_t
compress_raw(const void *in, size_t len, int level, void *out, size_t cap)
{
#if defined(HAVE_LIBDEFLATE)
	static __thread struct libdeflate_compressor *c;
	static __thread int c_level;

	if (c == NULL || c_level != level) {
		libdeflate_free_compressor(c);
		c = libdeflate_alloc_compressor(level);
		c_level = level;
		/* Freed by free_compressor() when the thread exits. */
		pthread_once(&compressor_once, make_compressor_key);
		pthread_setspecific(compressor_key, c);
	}
	if (c == NULL) {
		oom("libdeflate_alloc_compressor");
	}
	return libdeflate_deflate_compress(c, in, len, out, cap);
#else
	z_stream zs;
	size_t n = 0;
	int ret;

	memset(&zs, 0, sizeof(zs));
	ret = deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	if (ret == Z_MEM_ERROR) {
		oom("deflateInit2");
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) == Z_STREAM_END) {
		n = cap - zs.avail_out;
	}
	deflateEnd(&zs);
	return n;
#endif
}

int
zblock_compress(const void *in, size_t len, int level, strbuf *out)
{
	size_t n = 0;

	if (level < 1 || level > 9) {
		level = ZBLOCK_DEFAULT_LEVEL;
	}
	strbuf_reset(out);
	strbuf_reserve(out, len);
	/* zlib counts in uInt; blocks are ZBLOCK_TARGET, far below that */
	if (len > 1 && len <= UINT_MAX) {
		n = compress_raw(in, len, level, out->buf, len - 1);
	}
	if (n == 0) {
		strbuf_add(out, in, len);
		return ZBLOCK_STORED;
	}
	out->len = n;
	out->buf[n] = '\0';
	return ZBLOCK_DEFLATE;
}

/* Inflate in[0..len) into out[0..ulen): the length it decodes to, ulen
 * + 1 standing for "more than ulen", or -1 if the data is corrupt or has
 * bytes after the end of the deflate stream. */
static long long
decompress_raw(const void *in, size_t len, void *out, size_t ulen)
{
#if defined(HAVE_LIBDEFLATE)
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	enum libdeflate_result r;
	size_t n_in = 0, n_out = 0;

	if (d == NULL) {
		oom("libdeflate_alloc_decompressor");
	}
	r = libdeflate_deflate_decompress_ex(d, in, len, out, ulen, &n_in,
	                                     &n_out);
	libdeflate_free_decompressor(d);
	if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
		return (long long)ulen + 1;
	}
	return r == LIBDEFLATE_SUCCESS && n_in == len ? (long long)n_out : -1;
#else
	z_stream zs;
	long long rc = -1;
	uint8_t one;
	int ret;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -15) != Z_OK) {
		oom("inflateInit2");
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)ulen;
	ret = inflate(&zs, Z_FINISH);
	if (ret == Z_BUF_ERROR && zs.avail_out == 0) {
		/* Full, and no end of stream: one more byte of room tells
		 * a longer block from corrupt data. */
		zs.next_out = &one;
		zs.avail_out = 1;
		ret = inflate(&zs, Z_FINISH);
		if (ret != Z_STREAM_END && ret != Z_DATA_ERROR &&
		    zs.avail_out == 0) {
			rc = (long long)ulen + 1;
		}
	}
	if (ret == Z_STREAM_END && zs.avail_in == 0) {
		rc = (long long)zs.total_out;
	}
	if (ret == Z_MEM_ERROR) {
		oom("inflate");
	}
	inflateEnd(&zs);
	return rc;
#endif
}

int
zblock_decompress(int codec, const void *in, size_t len, size_t ulen,
                  strbuf *out, ts_err *err)
{
	long long got;

	strbuf_reset(out);
	switch (codec) {
	case ZBLOCK_STORED:
		if (len != ulen) {
			return ts_fail(err, TS_FAIL,
			               "raw block: length %zu, expected %zu",
			               len, ulen);
		}
		strbuf_add(out, in, len);
		return TS_OK;
	case ZBLOCK_DEFLATE:
		break;
	default:
		return ts_fail(err, TS_FAIL, "raw block: unknown codec %d",
		               codec);
	}
	/* Checked before allocating: a deflate block is always smaller than
	 * its content and cannot expand beyond DEFLATE_MAX_RATIO. */
	if (len == 0 || len >= ulen || ulen > UINT_MAX ||
	    ulen / DEFLATE_MAX_RATIO > len) {
		return ts_fail(err, TS_FAIL,
		               "raw block: impossible length %zu for %zu "
		               "compressed bytes",
		               ulen, len);
	}
	strbuf_reserve(out, ulen);
	got = decompress_raw(in, len, out->buf, ulen);
	if (got < 0) {
		return ts_fail(err, TS_FAIL, "raw block: corrupt deflate data");
	}
	if (got > (long long)ulen) {
		return ts_fail(err, TS_FAIL,
		               "raw block: length > %zu, expected %zu", ulen,
		               ulen);
	}
	if (got < (long long)ulen) {
		return ts_fail(err, TS_FAIL,
		               "raw block: length %lld, expected %zu", got,
		               ulen);
	}
	out->len = ulen;
	out->buf[ulen] = '\0';
	return TS_OK;
}

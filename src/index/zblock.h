/* zblock.h -- compression of raw-record blocks in the index.
 *
 * The writer stores raw CloudTrail records concatenated in blocks of
 * about zblock_target() bytes, compressed with zstd (codec 2, one frame
 * with content size and checksum) when trailsift is built with libzstd,
 * else raw deflate (codec 1), or stored (codec 0) when compression does
 * not help.  `show` and the Lua engine (e.record) decompress one block
 * per record they fetch, so decompression must be fast and blocks small
 * enough for random access.  Every build reads codecs 0 and 1; codec 2
 * needs libzstd, and a build without it says so.  Deflate backends,
 * chosen at build time: libdeflate when configure found it, else zlib;
 * raw deflate is one format, either reads what the other wrote. */
#ifndef TS_ZBLOCK_H
#define TS_ZBLOCK_H

#include <stddef.h>

#include "../util/err.h"
#include "../util/strbuf.h"

#define ZBLOCK_TARGET (64u << 10)       /* deflate blocks */
#define ZBLOCK_TARGET_ZSTD (256u << 10) /* zstd blocks */

enum { ZBLOCK_STORED = 0, ZBLOCK_DEFLATE = 1, ZBLOCK_ZSTD = 2 };

/* The codec new blocks use: ZBLOCK_ZSTD when built with libzstd, else
 * ZBLOCK_DEFLATE. */
int zblock_default_codec(void);

/* Bytes of records a block of `codec` collects before it is compressed. */
size_t zblock_target(int codec);

/* Compress in[0..len) into out (replacing its content) with `codec`
 * (ZBLOCK_DEFLATE, ZBLOCK_ZSTD when built with it, or 0 for
 * zblock_default_codec()) at `level` (0 means the default chosen by
 * measurement).  Returns the codec used, or ZBLOCK_STORED (out holds a
 * copy) when compression would not make the block smaller. */
int zblock_compress(int codec, const void *in, size_t len, int level,
                    strbuf *out);

/* Decompress a block of `codec` into out (replacing its content); ulen
 * is the expected uncompressed length.  TS_OK, or TS_FAIL with err set
 * ("raw block: corrupt deflate data", "raw block: length N, expected M",
 * "raw block: length > M, expected M", "raw block: impossible length M
 * for N compressed bytes" -- the last checked before anything is
 * allocated, so a corrupt ulen cannot exhaust memory). */
int zblock_decompress(int codec, const void *in, size_t len, size_t ulen,
                      strbuf *out, ts_err *err);

/* Name of the codec new blocks use: "zstd", "libdeflate" or "zlib". */
const char *zblock_backend(void);

#endif

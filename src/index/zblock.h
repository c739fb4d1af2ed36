/* zblock.h -- compression of raw-record blocks in the index.
 *
 * The writer stores raw CloudTrail records concatenated in blocks of
 * about ZBLOCK_TARGET bytes, compressed with raw deflate (codec 1), or
 * stored (codec 0) when compression does not help.  `show` and the Lua
 * engine (e.record) decompress one block per record they fetch, so
 * decompression must be fast and blocks small enough for random access.
 * Backends, chosen at build time: libdeflate when configure found it
 * (whole-buffer, much faster than zlib both ways), else zlib.  Raw
 * deflate is one format: either backend reads what the other wrote. */
#ifndef TS_ZBLOCK_H
#define TS_ZBLOCK_H

#include <stddef.h>

#include "../util/err.h"
#include "../util/strbuf.h"

#define ZBLOCK_TARGET (64u << 10)

enum { ZBLOCK_STORED = 0, ZBLOCK_DEFLATE = 1 };

/* Compress in[0..len) into out (replacing its content) at `level`
 * (1..9; 0 means the default chosen by measurement).  Returns the codec
 * used: ZBLOCK_DEFLATE, or ZBLOCK_STORED (out holds a copy) when
 * deflate would not be smaller. */
int zblock_compress(const void *in, size_t len, int level, strbuf *out);

/* Decompress a block of `codec` into out (replacing its content); ulen
 * is the expected uncompressed length.  TS_OK, or TS_FAIL with err set
 * ("raw block: corrupt deflate data", "raw block: length N, expected M",
 * "raw block: length > M, expected M", "raw block: impossible length M
 * for N compressed bytes" -- the last checked before anything is
 * allocated, so a corrupt ulen cannot exhaust memory). */
int zblock_decompress(int codec, const void *in, size_t len, size_t ulen,
                      strbuf *out, ts_err *err);

/* Name of the block codec backend: "libdeflate" or "zlib". */
const char *zblock_backend(void);

#endif

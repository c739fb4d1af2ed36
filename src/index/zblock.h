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

/* A zstd dictionary for the blocks of one index (see zblock.c): trained
 * on the first blocks of an ingest, stored in the index's `zdict` table
 * in the transaction of the first block compressed with it, and named
 * by its id in the header of every such block.  Shared read-only by
 * threads once made. */
typedef struct zdict zdict;

/* A dictionary from its bytes (as trained, or as read from the index),
 * ready to compress at `level` (0: the default) and to decompress.
 * NULL with err set if the bytes are not a zstd dictionary, or the
 * build has no libzstd. */
zdict *zdict_new(const void *p, size_t len, int level, ts_err *err);
void zdict_free(zdict *d);

/* The dictionary's id (never 0) and bytes. */
unsigned zdict_id(const zdict *d);
const void *zdict_bytes(const zdict *d, size_t *len);

/* The id of the dictionary a block was compressed with; 0 for none. */
unsigned zblock_dict_id(int codec, const void *in, size_t len);

/* Training during an ingest, shared by the workers.  Until a dictionary
 * exists, ztrainer_offer() keeps a copy of the blocks it is shown (up to
 * `samples` bytes, 0 for ZDICT_SAMPLES) and returns NULL: compress
 * without one.  The call that completes the samples trains the
 * dictionary (about 0.1 s) and returns NULL; calls made meanwhile wait
 * for it, and from then on every call returns it.  ztrainer_new(have)
 * with the index's dictionary returns `have` from the start (not
 * owned).  Without libzstd, or when training fails, there is never one.
 * Thread-safe. */
#define ZDICT_SAMPLES (2u << 20)
typedef struct ztrainer ztrainer;

ztrainer *ztrainer_new(const zdict *have, int level, size_t samples);
const zdict *ztrainer_offer(ztrainer *t, const void *blk, size_t len);
void ztrainer_free(ztrainer *t);

/* Compress in[0..len) into out (replacing its content) with `codec`
 * (ZBLOCK_DEFLATE, ZBLOCK_ZSTD when built with it, or 0 for
 * zblock_default_codec()) at `level` (0 means the default chosen by
 * measurement), with dictionary `d` when not NULL and codec is zstd.
 * Returns the codec used, or ZBLOCK_STORED (out holds a copy) when
 * compression would not make the block smaller. */
int zblock_compress(int codec, const void *in, size_t len, int level,
                    const zdict *d, strbuf *out);

/* Decompress a block of `codec` into out (replacing its content); ulen
 * is the expected uncompressed length, d the dictionary its header
 * names (zblock_dict_id()), or NULL.  TS_OK, or TS_FAIL with err set
 * ("raw block: corrupt deflate data", "raw block: length N, expected M",
 * "raw block: length > M, expected M", "raw block: impossible length M
 * for N compressed bytes" -- the last checked before anything is
 * allocated, so a corrupt ulen cannot exhaust memory -- or "raw block:
 * needs zstd dictionary N, given M"). */
int zblock_decompress(int codec, const void *in, size_t len, size_t ulen,
                      const zdict *d, strbuf *out, ts_err *err);

/* Name of the codec new blocks use: "zstd", "libdeflate" or "zlib". */
const char *zblock_backend(void);

#endif

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
#include <stdint.h>

#include "../util/err.h"
#include "../util/strbuf.h"

#define ZBLOCK_TARGET (64u << 10)       /* deflate blocks */
#define ZBLOCK_TARGET_ZSTD (256u << 10) /* zstd blocks */

/* The most a block holds uncompressed.  The reader cuts a block after
 * the record that takes it to its target, so a block is at most the
 * larger target less a byte, plus one record; and no record is kept
 * over INGEST_MAX_RECORD (8 MiB, split.c; the bytes that stand for its
 * IDs add two at most, which the slack covers).  A block, or a
 * compressed document, claiming more is damage: zblock_decompress()
 * refuses it before allocating (a crafted 256 MiB block cost 512 MiB,
 * and rawrec.c keeps 32). */
#define ZBLOCK_MAX_ULEN (ZBLOCK_TARGET_ZSTD + (8u << 20) + 64)

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

/* The dictionary documents kept whole (digests) are compressed with,
 * or NULL without libzstd: built in (src/index/digest.dict, made by
 * tools/train-digest-dict), so that every worker has it from the first
 * digest on and every index gets the same bytes.  Its id is
 * ZDICT_DOCUMENTS; the writer stores it in the index's zdict table
 * with the first document that uses it. */
#define ZDICT_DOCUMENTS 0x74736431u /* "tsd1" */
const zdict *zdict_documents(void);

/* The id of the dictionary a block was compressed with; 0 for none. */
unsigned zblock_dict_id(int codec, const void *in, size_t len);

/* Training during an ingest, so that the index is the same whatever the
 * thread timing (see pipeline.c).  The dictionary is trained on the
 * first `samples` bytes (0: ZDICT_SAMPLES) of the index's raw blocks,
 * uncompressed, in the order the writer stores them: the blocks already
 * in the index first, then this run's.  Until then no block gets one,
 * and a worker may compress a block only once the writer has stored
 * every source before the block's own (ztrainer_offer() waits), so the
 * sources sampled are always the same ones.  The writer feeds the
 * samples (ztrainer_sample()), says which sources it has stored
 * (ztrainer_passed(), which trains, about 0.1 s, once the samples are
 * complete) and that no more will come (ztrainer_end()).  With the
 * index's dictionary (`have`, not owned) there is nothing to wait for.
 * Without libzstd, or when training fails, there is never one.
 * Thread-safe. */
#define ZDICT_SAMPLES (2u << 20)
typedef struct ztrainer ztrainer;

ztrainer *ztrainer_new(const zdict *have, int level, size_t samples);
void ztrainer_free(ztrainer *t);

/* Workers: the dictionary to compress a block of source `seq` with, or
 * NULL for none; waits while training is under way and a source before
 * seq is not stored yet. */
const zdict *ztrainer_offer(ztrainer *t, uint64_t seq);

/* The writer: bytes of samples still wanted (0 once decided); a stored
 * block's uncompressed bytes; every source up to seq is stored; no
 * more sources (waiters go on without a dictionary). */
size_t ztrainer_wanted(ztrainer *t);
void ztrainer_sample(ztrainer *t, const void *blk, size_t len);
void ztrainer_passed(ztrainer *t, uint64_t seq);
void ztrainer_end(ztrainer *t);

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
 * ("raw block: length M, more than a block holds (ZBLOCK_MAX_ULEN)",
 * "raw block: corrupt deflate data", "raw block: length N, expected M",
 * "raw block: length > M, expected M", "raw block: impossible length M
 * for N compressed bytes" -- the first and the last checked before
 * anything is allocated, so a corrupt ulen cannot exhaust memory -- or
 * "raw block: needs zstd dictionary N, given M").  out is reserved to
 * the exact length, with no slack: blocks are kept in caches. */
int zblock_decompress(int codec, const void *in, size_t len, size_t ulen,
                      const zdict *d, strbuf *out, ts_err *err);

/* The content length a zstd frame declares, or 0 (not a frame with
 * one, or built without zstd). */
size_t zblock_frame_ulen(const void *in, size_t len);

/* Name of the codec new blocks use: "zstd", "libdeflate" or "zlib". */
const char *zblock_backend(void);

#endif

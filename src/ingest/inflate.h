/* inflate.h -- streaming gzip decompression for ingest.
 *
 * One inflater decompresses one gzip stream at a time, fed in pieces of
 * any size (zlib style: the caller pushes input and provides output
 * space).  It is used by the ingest workers and the archive reader; the
 * SHA-256 of the compressed bytes is the caller's business.
 *
 * What it guarantees:
 * - multi-member gzip (members concatenated, as `gzip -c a b`, pigz and
 *   some S3 copy tools write) decompresses as one stream;
 * - each member's CRC-32 and ISIZE trailer are checked;
 * - errors name the compressed byte offset: truncated stream ("gzip
 *   stream truncated at compressed offset N (member 2 incomplete)"),
 *   corrupt data ("corrupt deflate data in gzip member 2 starting at
 *   compressed offset N": decoders detect corruption at different points,
 *   so the member's start is named), a bad header ("bad gzip header in
 *   member 1 at compressed offset N: ..."), CRC or length mismatch
 *   ("CRC-32 mismatch in gzip member 1 ending at compressed offset N",
 *   "length mismatch (ISIZE) in ..."), bytes after the last member that
 *   are not another member ("N bytes of trailing garbage after gzip data
 *   at compressed offset M"; trailing zero padding, as tape archives
 *   leave, is accepted and counted in inflater_in_total), input that is
 *   not gzip at all ("not a gzip stream (bad magic at compressed offset
 *   0)");
 * - a decompression bomb is stopped by a cap: output may not exceed
 *   max(INFLATE_MIN_CAP, ratio_cap * compressed bytes seen), where "seen"
 *   is every byte handed to inflater_run so far, consumed or not (so the
 *   cap does not depend on how far a backend reads ahead) -- the error
 *   says "decompressed size exceeds N:1 ratio at compressed offset M,
 *   decompressed D (possible decompression bomb; ...)", M being the
 *   bytes seen and D the bytes delivered;
 * - memory is bounded (the backend's state plus a small window), whatever
 *   the stream's size.
 * Backends, chosen at build time: ISA-L's igzip when configure found it
 * (several times faster than zlib), else zlib.  The gzip framing is
 * parsed here and the backend only inflates raw deflate data, so both
 * give identical output and the same error texts for valid streams and
 * for every framing error.  On corrupt deflate data they may stop after
 * different amounts of output, and ISA-L accepts some Huffman code sets
 * zlib rejects as invalid (found by fuzzing): such a member decodes in
 * an ISA-L build when its CRC-32 and length match, and fails as corrupt
 * in a zlib build.  Tests run against the backend built. */
#ifndef TS_INFLATE_H
#define TS_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* Output below this many bytes never trips the ratio cap. */
#define INFLATE_MIN_CAP (64u << 20)
/* Default ratio cap.  Real CloudTrail files compress 8:1 to 30:1;
 * deflate cannot exceed about 1032:1, so a cap near that would let every
 * bomb through. */
#define INFLATE_RATIO_CAP 200

typedef struct inflater inflater;

/* The bomb cap: output allowed after `seen` compressed bytes,
 * max(min_cap, ratio * seen), saturating.  Bundles hold their members
 * to it too. */
uint64_t inflate_cap(uint64_t seen, unsigned ratio, uint64_t min_cap);

/* Name of the inflater compiled in: "isa-l" or "zlib". */
const char *inflate_backend(void);

/* A new inflater, ready for a stream with the default ratio cap. */
inflater *inflater_new(void);
void inflater_free(inflater *z); /* NULL is a no-op */

/* Start a new stream.  ratio_cap 0 means INFLATE_RATIO_CAP. */
void inflater_reset(inflater *z, unsigned ratio_cap);

/* Push in[0..in_len) and decompress into out[0..out_cap).
 * *consumed: input bytes used; *produced: output bytes written.
 * `eof` says in[] ends the stream (no more input will come).
 * Returns:
 *   TS_OK      progress; call again with the remaining input (or more
 *              once consumed == in_len), or more output space
 *   INFLATE_DONE  eof was set, all input is consumed and the stream
 *              ended cleanly at a member boundary (everything produced)
 *   TS_FAIL    malformed stream; err holds the message (without a file
 *              name: the caller prefixes it).  Output produced before the
 *              error is valid and may be used.
 * The caller loops until INFLATE_DONE or TS_FAIL. */
#define INFLATE_DONE 10
int inflater_run(inflater *z, const void *in, size_t in_len, size_t *consumed,
                 void *out, size_t out_cap, size_t *produced, int eof,
                 ts_err *err);

/* Compressed bytes consumed so far in this stream, and members begun. */
uint64_t inflater_in_total(const inflater *z);
unsigned inflater_members(const inflater *z);

/* Bytes produced so far by members whose CRC-32 and ISIZE matched: the
 * output beyond them is not verified (yet, or ever if the stream fails). */
uint64_t inflater_out_checked(const inflater *z);

/* Move the INFLATE_MIN_CAP floor of the current stream (inflater_reset
 * restores it): tests and fuzzing lower it, so the ratio cap can trip on
 * inputs of a few kilobytes; UINT64_MAX turns the cap off (bundle.c,
 * whose members are capped where they are read). */
void inflater_set_min_cap(inflater *z, uint64_t min_cap);

/* True if buf starts with the gzip magic 1f 8b 08. */
int inflate_is_gzip(const void *buf, size_t len);

#endif

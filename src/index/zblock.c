/* zblock.c -- raw-record blocks for the index (see zblock.h).
 *
 * A block is compressed whole into a buffer one byte smaller than the
 * input; if the codec does not fit there, the block is stored.  So a
 * block never grows, and `len < ulen` holds for every compressed block,
 * which the reader checks (with the deflate ratio limit, or the length a
 * zstd frame records) before it allocates.
 *
 * Codec: zstd when configure found libzstd, else raw deflate.  Measured
 * on `tests/bench/ingest` (1M generated events, 1.63 GB of JSON in 219
 * MB of .json.gz, 2 cores, trailsift ingest -j 2):
 *
 *   blocks                   raw_block   ingest   record rule (10k e.record)
 *   libdeflate 6, 64 KiB      225 MB     10.8 s   1.16 s
 *   zstd 1, 256 KiB           150 MB      8.3 s   1.29 s
 *   zstd 3, 256 KiB           147 MB      8.7 s
 *   zstd 6, 256 KiB           130 MB     10.1 s
 *   zstd 1, 1 MiB             130 MB      7.3 s   2.47 s
 *
 * zstd's window spans the whole block, deflate's only 32 KiB, so bigger
 * blocks pay with zstd and hardly with deflate; zstd 1 also compresses
 * about four times as fast as libdeflate 6 (which was half of the
 * workers' time).  1 MiB blocks save another 20 MB but double the cost of
 * reading one record at random (`show`, e.record in rules), hence 256
 * KiB.  Level 6 saves 20 MB for 22% more ingest time; level 1 it is.
 * `make bench-codec` has the per-codec figures (its records repeat far
 * more than real ones, which flatters zstd's long matches).
 *
 * zstd contexts are kept per thread (a fresh compression context costs
 * tables as big as the block); deflate (de)compressors are made per call,
 * which costs 3-5 us against 80-900 us for compressing a 64 KiB block.
 *
 * Deflate's level 6 came from the same benchmark: levels 1-3 made the
 * blocks larger than the gzip input, level 9 saved two points for 1.8
 * times the CPU. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#if defined(HAVE_LIBDEFLATE)
#include <libdeflate.h>
#else
#include <zlib.h>
#endif
#if defined(HAVE_ZSTD)
#include <zdict.h>
#include <zstd.h>
#endif

#include "zblock.h"
#include "../ingest/ingest.h"
#include "../util/xmalloc.h"

_Static_assert(ZBLOCK_MAX_ULEN >= ZBLOCK_TARGET_ZSTD + INGEST_MAX_RECORD + 2,
               "a block holds its target and one more record");

/* Levels used when zblock_compress() is given 0 (see above). */
#define ZBLOCK_DEFAULT_LEVEL 6
#define ZSTD_DEFAULT_LEVEL 1

struct zdict {
	unsigned id; /* from the dictionary's header, never 0 */
	void *bytes; /* the dictionary as stored */
	size_t len;  /* its length */
#if defined(HAVE_ZSTD)
	ZSTD_CDict *cdict; /* digested for compression at the run's level */
	ZSTD_DDict *ddict; /* ... and for decompression */
#endif
};

/* Deflate cannot expand more than 1032:1 (a 258-byte match in two bits);
 * a deflate block claiming more is corrupt and is not allocated for. */
#define DEFLATE_MAX_RATIO 1032

const char *
zblock_backend(void)
{
#if defined(HAVE_ZSTD)
	return "zstd";
#elif defined(HAVE_LIBDEFLATE)
	return "libdeflate";
#else
	return "zlib";
#endif
}

int
zblock_default_codec(void)
{
#if defined(HAVE_ZSTD)
	return ZBLOCK_ZSTD;
#else
	return ZBLOCK_DEFLATE;
#endif
}

size_t
zblock_target(int codec)
{
	return codec == ZBLOCK_ZSTD ? ZBLOCK_TARGET_ZSTD : ZBLOCK_TARGET;
}

static void
oom(const char *what)
{
	fprintf(stderr, "trailsift: out of memory in %s\n", what);
	abort();
}

/* Compress in[0..len) into out[0..cap); the compressed size, or 0 if it
 * does not fit. */
static size_t
compress_raw(const void *in, size_t len, int level, void *out, size_t cap)
{
#if defined(HAVE_LIBDEFLATE)
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	size_t n;

	if (c == NULL) {
		oom("libdeflate_alloc_compressor");
	}
	n = libdeflate_deflate_compress(c, in, len, out, cap);
	libdeflate_free_compressor(c);
	return n;
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

#if defined(HAVE_ZSTD)
/* zstd contexts, one pair per thread, kept for the thread's life: a
 * fresh compression context costs tables as big as the block's. */
struct zstd_ctx {
	ZSTD_CCtx *c;
	ZSTD_DCtx *d;
};

static pthread_key_t zstd_key;
static pthread_once_t zstd_once = PTHREAD_ONCE_INIT;

static void
zstd_ctx_free(void *p)
{
	struct zstd_ctx *z = p;

	ZSTD_freeCCtx(z->c);
	ZSTD_freeDCtx(z->d);
	free(z);
}

static void
zstd_key_init(void)
{
	if (pthread_key_create(&zstd_key, zstd_ctx_free) != 0) {
		oom("pthread_key_create");
	}
}

static struct zstd_ctx *
zstd_ctx(void)
{
	struct zstd_ctx *z;

	pthread_once(&zstd_once, zstd_key_init);
	z = pthread_getspecific(zstd_key);
	if (z == NULL) {
		z = xcalloc(1, sizeof(*z));
		if (pthread_setspecific(zstd_key, z) != 0) {
			oom("zstd context");
		}
	}
	return z;
}

/* Like compress_raw(), for zstd: one frame, with dictionary d when it is
 * not NULL (its id goes into the frame header). */
static size_t
compress_zstd(const void *in, size_t len, int level, const zdict *d, void *out,
              size_t cap)
{
	struct zstd_ctx *z = zstd_ctx();
	size_t n;

	if (z->c == NULL && (z->c = ZSTD_createCCtx()) == NULL) {
		oom("ZSTD_createCCtx");
	}
	/* The frame carries its content size (checked before allocating)
	 * and a checksum: a damaged block is an error, never other bytes. */
	ZSTD_CCtx_reset(z->c, ZSTD_reset_session_and_parameters);
	ZSTD_CCtx_setParameter(z->c, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(z->c, ZSTD_c_checksumFlag, 1);
	if (d != NULL) {
		ZSTD_CCtx_refCDict(z->c, d->cdict);
	}
	n = ZSTD_compress2(z->c, out, cap, in, len);
	return ZSTD_isError(n) ? 0 : n;
}
#endif

int
zblock_compress(int codec, const void *in, size_t len, int level,
                const zdict *d, strbuf *out)
{
	size_t n = 0;

	if (codec == 0) {
		codec = zblock_default_codec();
	}
	strbuf_reset(out);
	strbuf_reserve(out, len);
	/* zlib counts in uInt; blocks are ZBLOCK_TARGET, far below that */
	if (len > 1 && len <= UINT_MAX) {
#if defined(HAVE_ZSTD)
		if (codec == ZBLOCK_ZSTD) {
			if (level < 1 || level > ZSTD_maxCLevel()) {
				level = ZSTD_DEFAULT_LEVEL;
			}
			n = compress_zstd(in, len, level, d, out->buf, len - 1);
		}
#else
		(void)d;
#endif
		if (codec == ZBLOCK_DEFLATE) {
			if (level < 1 || level > 9) {
				level = ZBLOCK_DEFAULT_LEVEL;
			}
			n = compress_raw(in, len, level, out->buf, len - 1);
		}
	}
	if (n == 0) {
		strbuf_add(out, in, len);
		return ZBLOCK_STORED;
	}
	out->len = n;
	out->buf[n] = '\0';
	return codec;
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

/* A zstd block: one frame whose recorded content size is ulen, and
 * whose header names d's id, or no dictionary when d is NULL. */
static int
decompress_zstd(const void *in, size_t len, size_t ulen, const zdict *d,
                strbuf *out, ts_err *err)
{
#if defined(HAVE_ZSTD)
	struct zstd_ctx *z;
	unsigned long long claimed;
	unsigned want = zblock_dict_id(ZBLOCK_ZSTD, in, len);
	size_t got;

	/* Checked before allocating: the frame must say how long it is, and
	 * agree with the event rows. */
	claimed = ZSTD_getFrameContentSize(in, len);
	if (len == 0 || len >= ulen || claimed != (unsigned long long)ulen) {
		return ts_fail(err, TS_FAIL,
		               "raw block: impossible length %zu for %zu "
		               "compressed bytes",
		               ulen, len);
	}
	if (want != (d ? d->id : 0)) {
		return ts_fail(err, TS_FAIL,
		               "raw block: needs zstd dictionary %u, given %u",
		               want, d ? d->id : 0);
	}
	z = zstd_ctx();
	if (z->d == NULL && (z->d = ZSTD_createDCtx()) == NULL) {
		oom("ZSTD_createDCtx");
	}
	strbuf_reserve_exact(out, ulen);
	got = d ? ZSTD_decompress_usingDDict(z->d, out->buf, ulen, in, len,
	                                     d->ddict)
	        : ZSTD_decompressDCtx(z->d, out->buf, ulen, in, len);
	if (ZSTD_isError(got)) {
		return ts_fail(err, TS_FAIL,
		               "raw block: corrupt zstd data (%s)",
		               ZSTD_getErrorName(got));
	}
	if (got != ulen) {
		return ts_fail(err, TS_FAIL,
		               "raw block: length %zu, expected %zu", got,
		               ulen);
	}
	out->len = ulen;
	out->buf[ulen] = '\0';
	return TS_OK;
#else
	(void)in;
	(void)len;
	(void)ulen;
	(void)d;
	(void)out;
	return ts_fail(err, TS_FAIL,
	               "raw block: zstd block, but this trailsift was built "
	               "without libzstd (install libzstd-dev and rebuild)");
#endif
}

int
zblock_decompress(int codec, const void *in, size_t len, size_t ulen,
                  const zdict *d, strbuf *out, ts_err *err)
{
	long long got;

	strbuf_reset(out);
	if (ulen > ZBLOCK_MAX_ULEN) {
		return ts_fail(err, TS_FAIL,
		               "raw block: length %zu, more than a block holds "
		               "(%u)",
		               ulen, ZBLOCK_MAX_ULEN);
	}
	switch (codec) {
	case ZBLOCK_STORED:
		if (len != ulen) {
			return ts_fail(err, TS_FAIL,
			               "raw block: length %zu, expected %zu",
			               len, ulen);
		}
		strbuf_reserve_exact(out, len);
		strbuf_add(out, in, len);
		return TS_OK;
	case ZBLOCK_DEFLATE:
		break;
	case ZBLOCK_ZSTD:
		return decompress_zstd(in, len, ulen, d, out, err);
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
	strbuf_reserve_exact(out, ulen);
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

size_t
zblock_frame_ulen(const void *in, size_t len)
{
#if defined(HAVE_ZSTD)
	unsigned long long n = ZSTD_getFrameContentSize(in, len);

	return n == ZSTD_CONTENTSIZE_UNKNOWN || n == ZSTD_CONTENTSIZE_ERROR ||
	                       n > ZBLOCK_MAX_ULEN
	               ? 0
	               : (size_t)n;
#else
	(void)in;
	(void)len;
	return 0;
#endif
}

/* --- dictionaries ------------------------------------------------------ */

unsigned
zblock_dict_id(int codec, const void *in, size_t len)
{
#if defined(HAVE_ZSTD)
	return codec == ZBLOCK_ZSTD ? ZSTD_getDictID_fromFrame(in, len) : 0;
#else
	(void)codec;
	(void)in;
	(void)len;
	return 0;
#endif
}

zdict *
zdict_new(const void *p, size_t len, int level, ts_err *err)
{
#if defined(HAVE_ZSTD)
	unsigned id = ZDICT_getDictID(p, len);
	zdict *d;

	if (id == 0) {
		ts_fail(err, TS_FAIL, "not a zstd dictionary (%zu bytes)", len);
		return NULL;
	}
	if (level < 1 || level > ZSTD_maxCLevel()) {
		level = ZSTD_DEFAULT_LEVEL;
	}
	d = xcalloc(1, sizeof(*d));
	d->bytes = xmalloc(len);
	memcpy(d->bytes, p, len);
	d->len = len;
	d->id = id;
	d->cdict = ZSTD_createCDict(d->bytes, len, level);
	d->ddict = ZSTD_createDDict(d->bytes, len);
	if (d->cdict == NULL || d->ddict == NULL) {
		zdict_free(d);
		ts_fail(err, TS_FAIL, "zstd dictionary %u is damaged", id);
		return NULL;
	}
	return d;
#else
	(void)p;
	(void)len;
	(void)level;
	ts_fail(err, TS_FAIL,
	        "zstd dictionary, but this trailsift was built without libzstd "
	        "(install libzstd-dev and rebuild)");
	return NULL;
#endif
}

void
zdict_free(zdict *d)
{
	if (d == NULL) {
		return;
	}
#if defined(HAVE_ZSTD)
	ZSTD_freeCDict(d->cdict);
	ZSTD_freeDDict(d->ddict);
#endif
	free(d->bytes);
	free(d);
}

#if defined(HAVE_ZSTD)
static const unsigned char documents_dict[] = {
#include "index/digest-dict.inc"
};
static zdict *documents;
static pthread_once_t documents_once = PTHREAD_ONCE_INIT;

static void
documents_init(void)
{
	documents = zdict_new(documents_dict, sizeof(documents_dict), 0, NULL);
}
#endif

const zdict *
zdict_documents(void)
{
#if defined(HAVE_ZSTD)
	pthread_once(&documents_once, documents_init);
	return documents;
#else
	return NULL;
#endif
}

unsigned
zdict_id(const zdict *d)
{
	return d->id;
}

const void *
zdict_bytes(const zdict *d, size_t *len)
{
	*len = d->len;
	return d->bytes;
}

/* Training.  Measured on blocks of the 1M-event bench archive (zstd 1,
 * 256 KiB blocks): a 64 KiB dictionary trained on 2 MiB of blocks cut in
 * 4 KiB samples makes blocks 16% smaller and compresses them 10% faster
 * (the first records of a block find their keys, ARNs and user agents
 * in the dictionary instead of spelling them out); training takes 0.1
 * s.  1 MiB of samples gave 15%, 4 MiB 16%, and a 32 KiB dictionary 1
 * point less.  In the index, where most blocks hold one delivery file
 * (about 170 KiB), raw_block went from 141.7 to 115.5 MB (-18%).  On the
 * real records of ../shared/corpus (trained on half, tested on the
 * other) the gain was 10%. */
#define ZDICT_CAP (64u << 10)
#define ZDICT_SAMPLE (4u << 10)

struct ztrainer {
	pthread_mutex_t mu;
	pthread_cond_t moved; /* passed grew, or the dictionary is decided */
	int decided;          /* use is final (NULL: none this run) */
	int level;            /* for the dictionary's compression tables */
	size_t want;          /* bytes of samples to train on */
	uint64_t passed;      /* every source up to this seq is stored */
	const zdict *use;     /* what offer() returns once decided */
	zdict *own;           /* the dictionary trained here */
	strbuf samples;       /* stored blocks, uncompressed, in order */
};

ztrainer *
ztrainer_new(const zdict *have, int level, size_t samples)
{
	ztrainer *t = xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->moved, NULL);
	t->level = level;
	t->want = samples ? samples : ZDICT_SAMPLES;
	t->use = have;
	strbuf_init(&t->samples);
#if defined(HAVE_ZSTD)
	t->decided = have != NULL;
#else
	t->decided = 1;
#endif
	return t;
}

#if defined(HAVE_ZSTD)
/* Train on t->samples, cut in ZDICT_SAMPLE pieces. */
static zdict *
train(ztrainer *t)
{
	size_t n = (t->samples.len + ZDICT_SAMPLE - 1) / ZDICT_SAMPLE;
	size_t *sizes = xmalloc(n * sizeof(*sizes));
	void *buf = xmalloc(ZDICT_CAP);
	zdict *d = NULL;
	size_t got;

	for (size_t i = 0; i < n; i++) {
		sizes[i] = i + 1 < n ? ZDICT_SAMPLE
		                     : t->samples.len - i * ZDICT_SAMPLE;
	}
	got = ZDICT_trainFromBuffer(buf, ZDICT_CAP, t->samples.buf, sizes,
	                            (unsigned)n);
	/* Failure only costs the gain: blocks go on without one. */
	if (!ZDICT_isError(got)) {
		d = zdict_new(buf, got, t->level, NULL);
	}
	free(sizes);
	free(buf);
	return d;
}
#endif

const zdict *
ztrainer_offer(ztrainer *t, uint64_t seq)
{
	const zdict *d;

	if (t == NULL) {
		return NULL;
	}
	pthread_mutex_lock(&t->mu);
	while (!t->decided && seq > t->passed + 1) {
		pthread_cond_wait(&t->moved, &t->mu);
	}
	d = t->decided ? t->use : NULL;
	pthread_mutex_unlock(&t->mu);
	return d;
}

size_t
ztrainer_wanted(ztrainer *t)
{
	size_t n;

	pthread_mutex_lock(&t->mu);
	n = t->decided ? 0 : t->want - t->samples.len;
	pthread_mutex_unlock(&t->mu);
	return n;
}

void
ztrainer_sample(ztrainer *t, const void *blk, size_t len)
{
	pthread_mutex_lock(&t->mu);
	if (!t->decided) {
		size_t room = t->want - t->samples.len;

		strbuf_add(&t->samples, blk, len < room ? len : room);
	}
	pthread_mutex_unlock(&t->mu);
}

/* Decide (the lock held): train if the samples are complete. */
static void
decide(ztrainer *t, int at_end)
{
	if (t->decided || (t->samples.len < t->want && !at_end)) {
		return;
	}
#if defined(HAVE_ZSTD)
	if (!at_end) {
		t->own = train(t);
		t->use = t->own;
	}
#endif
	t->decided = 1;
	strbuf_free(&t->samples);
}

void
ztrainer_passed(ztrainer *t, uint64_t seq)
{
	pthread_mutex_lock(&t->mu);
	if (seq > t->passed) {
		t->passed = seq;
	}
	decide(t, 0);
	pthread_cond_broadcast(&t->moved);
	pthread_mutex_unlock(&t->mu);
}

void
ztrainer_end(ztrainer *t)
{
	if (t == NULL) {
		return;
	}
	pthread_mutex_lock(&t->mu);
	decide(t, 1);
	pthread_cond_broadcast(&t->moved);
	pthread_mutex_unlock(&t->mu);
}

void
ztrainer_free(ztrainer *t)
{
	if (t == NULL) {
		return;
	}
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->moved);
	zdict_free(t->own);
	strbuf_free(&t->samples);
	free(t);
}

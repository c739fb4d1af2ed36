/* codec_bench.c -- measurements behind the codec choices: gzip inflate
 * (trailsift's inflater and the raw libraries, against `gzip -dc` and
 * `zcat`), raw-block compression for the index (zlib, libdeflate and
 * ISA-L levels: ratio, speed both ways, cost of one random block), and
 * SHA-256 (portable against SHA-NI).  Not part of `make check`; timings
 * are printed, never asserted.  Build and run with
 *
 *	make bench-codec
 *
 * Data: CloudTrail records from ../shared/corpus/{*}/{*}.jsonl, minified,
 * given fresh eventID, requestID and eventTime values, written as
 * {"Records":[...]} files of about 1 MB, each drawing its records from
 * MIX corpus records picked at random, some far more often than others
 * (a file is one account and region over five minutes), each gzipped
 * at level 6 (as CloudTrail delivers them) and concatenated into one
 * multi-member file of about -s MB, cached in the work directory.  For
 * the raw blocks the same kind of records get eventID, requestID and
 * eventTime replaced by the marker bytes 01, 02, 03 (quotes kept), as the
 * index writer stores them, and are packed whole into blocks of up to
 * 64 KiB (-k). */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>
#if defined(HAVE_LIBDEFLATE)
#include <libdeflate.h>
#endif
#if defined(HAVE_ISAL)
#if __has_include(<isa-l/igzip_lib.h>)
#include <isa-l/igzip_lib.h>
#else
#include <isa-l.h>
#endif
#endif

#include "index/zblock.h"
#include "ingest/inflate.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define MB 1e6
#define FILE_TARGET 1000000 /* bytes of JSON per CloudTrail file */
#define MIX 24              /* kinds of record in one file */

static char **pool;                         /* minified corpus records */
static size_t n_pool;                       /* records in pool */
static uint64_t rng = 88172645463325252ull; /* xorshift state */
static time_t clock_s = 1709760000; /* 2024-03-06T21:20:00Z, advancing */
static int repeats = 3;             /* timing runs; the best is reported */
static size_t block_target = ZBLOCK_TARGET; /* -k: bytes per raw block */
static strbuf dict; /* preset dictionary for the zlib+dict rows */

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --- data ------------------------------------------------------------- */

/* Copy a JSON line without whitespace outside strings. */
static char *
minify(const char *s, size_t n)
{
	char *o = xmalloc(n + 1), *p = o;
	int in_str = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (in_str) {
			*p++ = c;
			if (c == '\\' && i + 1 < n) {
				*p++ = s[++i];
			} else if (c == '"') {
				in_str = 0;
			}
		} else if (c == '"') {
			in_str = 1;
			*p++ = c;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			*p++ = c;
		}
	}
	*p = '\0';
	return o;
}

static void
load_corpus(const char *dir)
{
	DIR *d = opendir(dir), *sd;
	struct dirent *de, *fe;
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	if (d == NULL) {
		fprintf(stderr, "codec_bench: no corpus at %s\n", dir);
		exit(2);
	}
	while ((de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || (sd = opendir(path)) == NULL) {
			continue;
		}
		while ((fe = readdir(sd)) != NULL) {
			size_t l = strlen(fe->d_name);

			if (l < 6 || strcmp(fe->d_name + l - 6, ".jsonl") ||
			    strncmp(fe->d_name, "NON_CLOUDTRAIL", 14) == 0) {
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s/%s", dir,
			         de->d_name, fe->d_name);
			if ((fp = fopen(path, "r")) == NULL) {
				continue;
			}
			while ((n = getline(&line, &cap, fp)) > 0) {
				if (strstr(line, "\"eventVersion\"") == NULL) {
					continue;
				}
				pool = xrealloc(pool,
				                (n_pool + 1) * sizeof(*pool));
				pool[n_pool++] = minify(line, (size_t)n);
			}
			fclose(fp);
		}
		closedir(sd);
	}
	closedir(d);
	free(line);
	if (n_pool == 0) {
		fprintf(stderr, "codec_bench: no records under %s\n", dir);
		exit(2);
	}
}

static void
uuid(char *o)
{
	static const char hx[] = "0123456789abcdef";
	uint64_t a = rnd(), b = rnd();

	for (int i = 0, k = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			o[i] = '-';
			continue;
		}
		o[i] = hx[(k < 16 ? a >> (4 * k) : b >> (4 * (k - 16))) & 15];
		k++;
	}
	o[14] = '4';
	o[36] = '\0';
}

/* Append record r to sb with its eventID, requestID and eventTime
 * values replaced: by fresh values, or by the markers 01 02 03. */
static void
add_record(strbuf *sb, const char *r, int markers)
{
	static const char *const keys[] = {"\"eventID\":\"", "\"requestID\":\"",
	                                   "\"eventTime\":\""};
	char val[40];
	int seen[3] = {0, 0, 0};
	const char *p = r, *q;

	clock_s += (time_t)(rnd() % 3);
	while (*p) {
		int k = -1;

		for (int i = 0; i < 3; i++) {
			if (strncmp(p, keys[i], strlen(keys[i])) == 0) {
				k = i;
			}
		}
		if (k < 0) {
			strbuf_addc(sb, *p++);
			continue;
		}
		strbuf_adds(sb, keys[k]);
		p += strlen(keys[k]);
		q = strchr(p, '"');
		p = q ? q : p + strlen(p);
		seen[k] = 1;
		if (markers) {
			strbuf_addc(sb, k + 1);
		} else if (k == 2) {
			strftime(val, sizeof(val), "%Y-%m-%dT%H:%M:%SZ",
			         gmtime(&clock_s));
			strbuf_adds(sb, val);
		} else if (k == 1 && (rnd() & 3) == 0) {
			/* S3-style request IDs are 16 upper-case hex digits */
			snprintf(val, sizeof(val), "%016llX",
			         (unsigned long long)rnd());
			strbuf_adds(sb, val);
		} else {
			uuid(val);
			strbuf_adds(sb, val);
		}
	}
	/* every real record has an eventID and an eventTime */
	if (!seen[0] || !seen[2]) {
		sb->len--; /* the closing brace */
		for (int k = 0; k < 3; k += 2) {
			if (!seen[k]) {
				strbuf_addc(sb, ',');
				strbuf_adds(sb, keys[k]);
				if (markers) {
					strbuf_addc(sb, k + 1);
				} else if (k == 2) {
					strftime(val, sizeof(val),
					         "%Y-%m-%dT%H:%M:%SZ",
					         gmtime(&clock_s));
					strbuf_adds(sb, val);
				} else {
					uuid(val);
					strbuf_adds(sb, val);
				}
				strbuf_addc(sb, '"');
			}
		}
		strbuf_addc(sb, '}');
	}
}

/* One CloudTrail file of about FILE_TARGET bytes into json; with marked
 * != NULL the same records, marked, are appended to it and their lengths
 * to *lens. */
static void
make_file(strbuf *json, strbuf *marked, size_t **lens, size_t *n_lens)
{
	uint64_t save_rng;
	time_t save_clock;

	const char *mix[MIX];

	/* A file holds one account's region for five minutes: a few kinds
	 * of event, some far more often than others. */
	for (int i = 0; i < MIX; i++) {
		mix[i] = pool[rnd() % n_pool];
	}
	strbuf_reset(json);
	strbuf_adds(json, "{\"Records\":[");
	while (json->len < FILE_TARGET) {
		uint64_t u = rnd() % 1000;
		const char *r = mix[u * u * MIX / 1000000];

		if (json->buf[json->len - 1] == '}') {
			strbuf_addc(json, ',');
		}
		save_rng = rng;
		save_clock = clock_s;
		add_record(json, r, 0);
		if (marked) {
			size_t before = marked->len;

			rng = save_rng;
			clock_s = save_clock;
			add_record(marked, r, 1);
			*lens = xrealloc(*lens, (*n_lens + 1) * sizeof(**lens));
			(*lens)[(*n_lens)++] = marked->len - before;
		}
	}
	strbuf_adds(json, "]}");
}

/* gzip -6 of p[0..n), appended to out. */
static void
gzip6(strbuf *out, const void *p, size_t n)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	strbuf_reserve(out, deflateBound(&zs, n));
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	zs.next_out = (Bytef *)out->buf + out->len;
	zs.avail_out = (uInt)(out->cap - out->len - 1);
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		abort();
	}
	out->len += zs.total_out;
	deflateEnd(&zs);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (fp == NULL || fstat(fileno(fp), &st) != 0) {
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	return buf;
}

/* The ~size_mb MB multi-member gzip file, made once and cached. */
static char *
big_gzip(const char *path, double size_mb, size_t *len, size_t *n_json)
{
	strbuf json, gz;
	char *buf;
	FILE *fp;
	double t0 = now();

	if ((buf = slurp(path, len)) != NULL) {
		*n_json = 0;
		return buf;
	}
	strbuf_init(&json);
	strbuf_init(&gz);
	*n_json = 0;
	while ((double)gz.len < size_mb * MB) {
		make_file(&json, NULL, NULL, NULL);
		*n_json += json.len;
		gzip6(&gz, json.buf, json.len);
	}
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(gz.buf, 1, gz.len, fp) != gz.len || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	printf("made %s: %zu files, %.1f MB JSON -> %.1f MB gzip -6 "
	       "(%.1f:1) in %.1f s\n",
	       path, *n_json / FILE_TARGET, *n_json / MB, gz.len / MB,
	       (double)*n_json / (double)gz.len, now() - t0);
	strbuf_free(&json);
	*len = gz.len;
	return strbuf_detach(&gz, NULL);
}

/* --- gzip inflate ----------------------------------------------------- */

/* trailsift's inflater over the whole file, 1 MiB in, 256 KiB out. */
static size_t
run_inflater(const char *gz, size_t len)
{
	static uint8_t out[256 << 10];
	inflater *z = inflater_new();
	size_t off = 0, total = 0, used, made, k;
	ts_err err;
	int rc;

	ts_err_clear(&err);
	do {
		k = len - off < (1 << 20) ? len - off : (1 << 20);
		rc = inflater_run(z, gz + off, k, &used, out, sizeof(out),
		                  &made, off + k == len, &err);
		off += used;
		total += made;
	} while (rc == TS_OK);
	if (rc != INFLATE_DONE) {
		fprintf(stderr, "codec_bench: inflater: %s\n", err.msg);
		exit(1);
	}
	inflater_free(z);
	return total;
}

/* zlib's own gzip decoding, member after member. */
static size_t
run_zlib(const char *gz, size_t len)
{
	static uint8_t out[256 << 10];
	z_stream zs;
	size_t total = 0;
	int ret;

	memset(&zs, 0, sizeof(zs));
	inflateInit2(&zs, 31);
	zs.next_in = (Bytef *)(uintptr_t)gz;
	zs.avail_in = (uInt)len;
	while (zs.avail_in > 0) {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		ret = inflate(&zs, Z_NO_FLUSH);
		total += sizeof(out) - zs.avail_out;
		if (ret == Z_STREAM_END) {
			inflateReset(&zs);
		} else if (ret != Z_OK) {
			abort();
		}
	}
	inflateEnd(&zs);
	return total;
}

#if defined(HAVE_ISAL)
/* ISA-L's own gzip decoding (crc_flag ISAL_GZIP), member after member. */
static size_t
run_isal(const char *gz, size_t len)
{
	static uint8_t out[256 << 10];
	static struct inflate_state st;
	size_t total = 0;

	isal_inflate_init(&st);
	st.crc_flag = ISAL_GZIP;
	st.next_in = (uint8_t *)(uintptr_t)gz;
	st.avail_in = (uint32_t)len;
	while (st.avail_in > 0) {
		st.next_out = out;
		st.avail_out = sizeof(out);
		if (isal_inflate(&st) != ISAL_DECOMP_OK) {
			abort();
		}
		total += sizeof(out) - st.avail_out;
		if (st.block_state == ISAL_BLOCK_FINISH) {
			uint8_t *next = st.next_in;
			uint32_t avail = st.avail_in;

			isal_inflate_reset(&st);
			st.crc_flag = ISAL_GZIP;
			st.next_in = next;
			st.avail_in = avail;
		}
	}
	return total;
}
#endif

#if defined(HAVE_LIBDEFLATE)
/* libdeflate, whole member at a time (it cannot stream). */
static size_t
run_libdeflate(const char *gz, size_t len)
{
	static uint8_t out[4 << 20];
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	size_t off = 0, total = 0, n_in, n_out;

	while (off < len) {
		if (libdeflate_gzip_decompress_ex(d, gz + off, len - off, out,
		                                  sizeof(out), &n_in, &n_out) !=
		    LIBDEFLATE_SUCCESS) {
			abort();
		}
		off += n_in;
		total += n_out;
	}
	libdeflate_free_decompressor(d);
	return total;
}
#endif

static void
time_inflate(const char *name, size_t (*fn)(const char *, size_t),
             const char *gz, size_t len)
{
	double best = 1e9, t;
	size_t out = 0;

	for (int i = 0; i < repeats; i++) {
		t = now();
		out = fn(gz, len);
		t = now() - t;
		best = t < best ? t : best;
	}
	printf("  %-34s %8.0f MB/s  (%.0f MB in %.3f s)\n", name,
	       out / MB / best, out / MB, best);
}

static void
time_command(const char *cmd, size_t out_len)
{
	double best = 1e9, t;

	for (int i = 0; i < repeats; i++) {
		t = now();
		if (system(cmd) != 0) {
			printf("  %-34s failed\n", cmd);
			return;
		}
		t = now() - t;
		best = t < best ? t : best;
	}
	printf("  %-34s %8.0f MB/s  (%.3f s)\n", cmd, out_len / MB / best,
	       best);
}

static void
bench_inflate(const char *work, double size_mb)
{
	char path[4096], cmd[4200];
	size_t len, n_json, out;
	char *gz;

	snprintf(path, sizeof(path), "%s/cloudtrail-%.0fMB.json.gz", work,
	         size_mb);
	gz = big_gzip(path, size_mb, &len, &n_json);
	out = run_inflater(gz, len);
	printf("\ngzip inflate: %s, %.1f MB -> %.1f MB (%.1f:1), MB/s of "
	       "decompressed output, best of %d, one thread\n",
	       path, len / MB, out / MB, (double)out / (double)len, repeats);
	time_inflate(inflate_backend(), run_inflater, gz, len);
	printf("    (trailsift inflater, backend %s)\n", inflate_backend());
	time_inflate("zlib inflate (raw library)", run_zlib, gz, len);
#if defined(HAVE_ISAL)
	time_inflate("ISA-L isal_inflate (raw library)", run_isal, gz, len);
#endif
#if defined(HAVE_LIBDEFLATE)
	time_inflate("libdeflate, whole members", run_libdeflate, gz, len);
#endif
	snprintf(cmd, sizeof(cmd), "gzip -dc %s >/dev/null", path);
	time_command(cmd, out);
	snprintf(cmd, sizeof(cmd), "zcat %s >/dev/null", path);
	time_command(cmd, out);

	{
		double t, t_ni = 1e9, t_pt = 1e9;
		uint8_t d[32];
		int ni = sha256_force_portable(0);
		const char *fast = sha256_backend();

		for (int r = 0; r < repeats; r++) {
			t = now();
			sha256(gz, len, d);
			t = now() - t;
			t_ni = t < t_ni ? t : t_ni;
			sha256_force_portable(1);
			t = now();
			sha256(gz, len, d);
			t = now() - t;
			t_pt = t < t_pt ? t : t_pt;
			sha256_force_portable(0);
		}
		printf("\nSHA-256 of the %.1f MB file, best of %d: portable "
		       "%.0f MB/s, %s %.0f MB/s\n",
		       len / MB, repeats, len / MB / t_pt,
		       ni ? fast : "nothing faster, default", len / MB / t_ni);
	}
	free(gz);
}

/* --- raw blocks --------------------------------------------------------- */

struct blocks {
	strbuf data;      /* marked records, concatenated */
	size_t *start;    /* block i is data[start[i]..start[i+1]) */
	size_t n;         /* blocks */
	size_t gzip_size; /* gzip -6 size of the same records' files */
	size_t json_size; /* and their JSON size */
};

static void
make_blocks(struct blocks *b, double size_mb)
{
	strbuf json, gz;
	size_t *lens = NULL, n_lens = 0, cur = 0;

	strbuf_init(&json);
	strbuf_init(&gz);
	strbuf_init(&b->data);
	b->json_size = 0;
	while ((double)b->data.len < size_mb * MB) {
		make_file(&json, &b->data, &lens, &n_lens);
		b->json_size += json.len;
		gzip6(&gz, json.buf, json.len);
	}
	b->gzip_size = gz.len;
	/* whole records, up to ZBLOCK_TARGET bytes a block */
	b->start = xmalloc((n_lens + 2) * sizeof(*b->start));
	b->n = 0;
	b->start[0] = 0;
	for (size_t i = 0, off = 0; i < n_lens; i++) {
		if (cur > 0 && cur + lens[i] > block_target) {
			b->start[++b->n] = off;
			cur = 0;
		}
		cur += lens[i];
		off += lens[i];
	}
	b->start[++b->n] = b->data.len;
	free(lens);
	strbuf_free(&json);
	strbuf_free(&gz);
}

/* One codec at one level: compress with a fresh (de)compressor per block,
 * as zblock.c does, into out[0..cap) of cap = len - 1; 0 = stored. */
typedef size_t (*compress_fn)(int level, const void *in, size_t len, void *out,
                              size_t cap);
typedef int (*decompress_fn)(const void *in, size_t len, void *out,
                             size_t ulen);

static size_t
zlib_compress(int level, const void *in, size_t len, void *out, size_t cap)
{
	z_stream zs;
	size_t n = 0;

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) == Z_STREAM_END) {
		n = zs.total_out;
	}
	deflateEnd(&zs);
	return n;
}

static int
zlib_decompress(const void *in, size_t len, void *out, size_t ulen)
{
	z_stream zs;
	int ok;

	memset(&zs, 0, sizeof(zs));
	inflateInit2(&zs, -15);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)ulen;
	ok = inflate(&zs, Z_FINISH) == Z_STREAM_END && zs.total_out == ulen;
	inflateEnd(&zs);
	return ok;
}

/* zlib with a preset dictionary of typical marked records: what a
 * shared dictionary would buy small blocks (libdeflate has none). */
static size_t
zdict_compress(int level, const void *in, size_t len, void *out, size_t cap)
{
	z_stream zs;
	size_t n = 0;

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	deflateSetDictionary(&zs, (Bytef *)dict.buf, (uInt)dict.len);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) == Z_STREAM_END) {
		n = zs.total_out;
	}
	deflateEnd(&zs);
	return n;
}

static int
zdict_decompress(const void *in, size_t len, void *out, size_t ulen)
{
	z_stream zs;
	int ok;

	memset(&zs, 0, sizeof(zs));
	inflateInit2(&zs, -15);
	inflateSetDictionary(&zs, (Bytef *)dict.buf, (uInt)dict.len);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)ulen;
	ok = inflate(&zs, Z_FINISH) == Z_STREAM_END && zs.total_out == ulen;
	inflateEnd(&zs);
	return ok;
}

#if defined(HAVE_LIBDEFLATE)
static size_t
ld_compress(int level, const void *in, size_t len, void *out, size_t cap)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	size_t n = libdeflate_deflate_compress(c, in, len, out, cap);

	libdeflate_free_compressor(c);
	return n;
}

static int
ld_decompress(const void *in, size_t len, void *out, size_t ulen)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	int ok = libdeflate_deflate_decompress(d, in, len, out, ulen, NULL) ==
	         LIBDEFLATE_SUCCESS;

	libdeflate_free_decompressor(d);
	return ok;
}
#endif

#if defined(HAVE_ISAL)
static size_t
isal_compress(int level, const void *in, size_t len, void *out, size_t cap)
{
	static const uint32_t lvl_buf[] = {0, ISAL_DEF_LVL1_DEFAULT,
	                                   ISAL_DEF_LVL2_DEFAULT,
	                                   ISAL_DEF_LVL3_DEFAULT};
	struct isal_zstream *zs = xcalloc(1, sizeof(*zs));
	size_t n = 0;

	isal_deflate_stateless_init(zs);
	zs->level = (uint32_t)level;
	zs->level_buf_size = lvl_buf[level];
	zs->level_buf = lvl_buf[level] ? xmalloc(lvl_buf[level]) : NULL;
	zs->gzip_flag = IGZIP_DEFLATE;
	zs->end_of_stream = 1;
	zs->flush = NO_FLUSH;
	zs->next_in = (uint8_t *)(uintptr_t)in;
	zs->avail_in = (uint32_t)len;
	zs->next_out = out;
	zs->avail_out = (uint32_t)cap;
	if (isal_deflate_stateless(zs) == COMP_OK) {
		n = zs->total_out;
	}
	free(zs->level_buf);
	free(zs);
	return n;
}
#endif

#if defined(HAVE_LIBDEFLATE)
#define fast_decompress ld_decompress
#else
#define fast_decompress zlib_decompress
#endif

/* The codec zblock_comp() and zblock_dec() use. */
static int zb_codec = ZBLOCK_DEFLATE;

/* zblock_compress() with zb_codec; 0 when it stored the block. */
static size_t
zblock_comp(int level, const void *in, size_t len, void *out, size_t cap)
{
	static strbuf sb;

	if (zblock_compress(zb_codec, in, len, level, NULL, &sb) != zb_codec ||
	    sb.len > cap) {
		return 0;
	}
	memcpy(out, sb.buf, sb.len);
	return sb.len;
}

/* The zblock_decompress() of the build, as `show` will call it (into
 * its own buffer: out is not used). */
static int
zblock_dec(const void *in, size_t len, void *out, size_t ulen)
{
	static strbuf sb;
	ts_err err;

	(void)out;
	ts_err_clear(&err);
	return zblock_decompress(zb_codec, in, len, ulen, NULL, &sb, &err) ==
	       TS_OK;
}

static void
bench_codec(const struct blocks *b, const char *name, int level,
            compress_fn comp, decompress_fn dec)
{
	uint8_t *z = xmalloc(b->data.len), *back = xmalloc(block_target * 4);
	size_t *zoff = xmalloc((b->n + 1) * sizeof(*zoff)), n_stored = 0;
	double tc = 1e9, td = 1e9, t, t_one;

	for (int r = 0; r < repeats; r++) {
		t = now();
		zoff[0] = 0;
		for (size_t i = 0; i < b->n; i++) {
			size_t len = b->start[i + 1] - b->start[i];
			size_t n = comp(level, b->data.buf + b->start[i], len,
			                z + zoff[i], len - 1);

			if (n == 0) {
				memcpy(z + zoff[i], b->data.buf + b->start[i],
				       len);
			}
			zoff[i + 1] = zoff[i] + (n ? n : len);
		}
		t = now() - t;
		tc = t < tc ? t : tc;
	}
	for (int r = 0; r < repeats; r++) {
		n_stored = 0;
		t = now();
		for (size_t i = 0; i < b->n; i++) {
			size_t len = b->start[i + 1] - b->start[i];
			size_t zl = zoff[i + 1] - zoff[i];

			if (zl == len) {
				n_stored++; /* stored: a copy */
				memcpy(back, z + zoff[i], len);
			} else if (!dec(z + zoff[i], zl, back, len)) {
				fprintf(stderr, "%s %d: block %zu bad\n", name,
				        level, i);
				exit(1);
			}
		}
		t = now() - t;
		td = t < td ? t : td;
	}
	/* random access: one block with a fresh decompressor, averaged */
	t_one = 1e9;
	for (int r = 0; r < repeats; r++) {
		t = now();
		for (int k = 0; k < 2000; k++) {
			size_t i = (size_t)(rnd() % b->n);
			size_t len = b->start[i + 1] - b->start[i];

			if (zoff[i + 1] - zoff[i] < len) {
				dec(z + zoff[i], zoff[i + 1] - zoff[i], back,
				    len);
			}
		}
		t = (now() - t) / 2000;
		t_one = t < t_one ? t : t_one;
	}
	printf("  %-12s %d  %6.2f:1  %5.1f%% of gzip -6  %7.0f MB/s  "
	       "%7.0f MB/s  %6.1f us  %zu stored\n",
	       name, level, (double)b->data.len / (double)zoff[b->n],
	       100.0 * (double)zoff[b->n] / (double)b->gzip_size,
	       b->data.len / MB / tc, b->data.len / MB / td, t_one * 1e6,
	       n_stored);
	free(z);
	free(back);
	free(zoff);
}

static void
bench_blocks(double size_mb)
{
	struct blocks b;
	double t0 = now();

	/* the same records whether or not the gzip file was cached */
	rng = 2463534242ull;
	clock_s = 1709760000;
	make_blocks(&b, size_mb);
	printf("\nraw blocks: %.1f MB of marked records in %zu blocks of up "
	       "to %zu KiB (avg %.0f B); their files: %.1f MB JSON, %.1f MB "
	       "gzip -6 (made in %.1f s)\n",
	       b.data.len / MB, b.n, block_target >> 10,
	       (double)b.data.len / (double)b.n, b.json_size / MB,
	       b.gzip_size / MB, now() - t0);
	printf("  %-12s %s  %7s  %17s  %12s  %12s  %9s\n", "codec", "lvl",
	       "ratio", "size", "compress", "decompress", "1 block");
	for (int l = 1; l <= 9; l += l == 1 ? 2 : 3) {
		bench_codec(&b, "zlib", l, zlib_compress, zlib_decompress);
	}
#if defined(HAVE_LIBDEFLATE)
	for (int l = 1; l <= 9; l += l == 1 ? 2 : 3) {
		bench_codec(&b, "libdeflate", l, ld_compress, ld_decompress);
	}
	bench_codec(&b, "libdeflate", 12, ld_compress, ld_decompress);
#endif
#if defined(HAVE_ISAL)
	for (int l = 0; l <= 3; l++) {
		bench_codec(&b, "isa-l", l, isal_compress, fast_decompress);
	}
#endif
#if defined(HAVE_ZSTD)
	/* through zblock.c: a context per thread, reused */
	zb_codec = ZBLOCK_ZSTD;
	for (int l = 1; l <= 9; l += l < 3 ? 1 : 3) {
		bench_codec(&b, "zstd", l, zblock_comp, zblock_dec);
	}
	zb_codec = ZBLOCK_DEFLATE;
#endif
	{
		/* 32 KiB of records from files not measured */
		strbuf json, marked;
		size_t *lens = NULL, n_lens = 0;

		strbuf_init(&json);
		strbuf_init(&marked);
		while (marked.len < 32768) {
			make_file(&json, &marked, &lens, &n_lens);
		}
		strbuf_add(&dict, marked.buf + marked.len - 32768, 32768);
		for (int l = 1; l <= 6; l += 5) {
			bench_codec(&b, "zlib+dict", l, zdict_compress,
			            zdict_decompress);
		}
		free(lens);
		strbuf_free(&json);
		strbuf_free(&marked);
	}
	printf("  (decompress: the library itself; zblock_decompress of this "
	       "build, %s, below)\n",
	       zblock_backend());
	bench_codec(&b, "zblock", 0, zblock_comp, zblock_dec);
	free(b.start);
	strbuf_free(&b.data);
}

int
main(int argc, char **argv)
{
	const char *work = "tests/bench/work", *corpus = "../shared/corpus";
	double gz_mb = 100, block_mb = 64;
	int c;

	while ((c = getopt(argc, argv, "d:c:s:b:r:k:")) != -1) {
		switch (c) {
		case 'd':
			work = optarg;
			break;
		case 'c':
			corpus = optarg;
			break;
		case 's':
			gz_mb = atof(optarg);
			break;
		case 'b':
			block_mb = atof(optarg);
			break;
		case 'r':
			repeats = atoi(optarg);
			break;
		case 'k':
			block_target = (size_t)atoi(optarg) << 10;
			break;
		default:
			fprintf(stderr,
			        "usage: codec_bench [-d WORKDIR] [-c CORPUS] "
			        "[-s GZIP_MB] [-b BLOCK_MB] [-r REPEATS] "
			        "[-k BLOCK_KIB]\n");
			return 2;
		}
	}
	mkdir(work, 0777);
	load_corpus(corpus);
	printf("codec_bench: %zu corpus records; inflate backend %s, zblock "
	       "backend %s\n",
	       n_pool, inflate_backend(), zblock_backend());
	bench_inflate(work, gz_mb);
	bench_blocks(block_mb);
	return 0;
}

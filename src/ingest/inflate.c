/* inflate.c -- streaming gzip decompression (see inflate.h).
 *
 * The gzip framing (RFC 1952) is parsed here by one state machine that
 * both backends share: the member header with its optional fields, the
 * CRC-32/ISIZE trailer, and what may follow the last member (another
 * member, zero padding, or garbage).  The backend -- ISA-L's igzip or
 * zlib -- only inflates each member's raw deflate data.  Doing the framing
 * once is what makes the error texts identical across backends and lets
 * every state stop after any byte, so one-byte input and output steps
 * work.  (ISA-L's own header reader is not used: in 2.30 it reports a
 * header CRC error for a valid header with FHCRC that arrives in pieces
 * of 16 bytes or fewer.)
 *
 * The bomb cap limits the output window handed to the backend to one
 * byte past what the cap allows; if the backend fills that byte, the cap
 * is exceeded and the stream fails with everything below the cap
 * delivered.  The cap grows with the bytes handed in ("seen"), not with
 * the bytes a backend has consumed: ISA-L decodes up to 64 KiB ahead into
 * its own buffer, zlib does not, and the error must not depend on that.
 *
 * After the last deflate block ISA-L may hold up to seven bytes it has
 * already read into its bit buffer; those are the start of the trailer
 * and are moved into trl[].  zlib hands unused bytes back itself. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#if defined(HAVE_ISAL)
#if defined(__has_include)
#if __has_include(<isa-l/igzip_lib.h>)
#include <isa-l/igzip_lib.h>
#else
#include <isa-l.h>
#endif
#else
#include <isa-l/igzip_lib.h>
#endif
#endif

#include "inflate.h"
#include "../util/xmalloc.h"

/* gzip header flag bits (RFC 1952 2.3.1) */
#define FHCRC 0x02
#define FEXTRA 0x04
#define FNAME 0x08
#define FCOMMENT 0x10
#define FRESERVED 0xe0

/* Largest piece handed to a backend or to crc32() in one call. */
#define CHUNK_MAX ((size_t)1 << 30)

enum phase {
	PH_MAGIC,   /* before a member: 1f 8b, or what follows the last */
	PH_HEADER,  /* rest of a member header */
	PH_DEFLATE, /* the member's deflate data, through the backend */
	PH_TRAILER, /* CRC-32 and ISIZE */
	PH_PADDING, /* zero bytes after the last member */
	PH_GARBAGE, /* other bytes after the last member, counted to eof */
	PH_DONE,    /* the stream ended cleanly */
	PH_FAILED,  /* an error was reported; msg repeats it */
};

/* Header fields in file order; H_FIXED is the 10-byte base. */
enum field { H_FIXED, H_XLEN, H_EXTRA, H_NAME, H_COMMENT, H_HCRC, H_END };

/* What one step of the state machine asks of inflater_run(). */
enum step {
	STEP_GO,   /* progress made: step again */
	STEP_NEED, /* needs more input (or, at eof, the end decides) */
	STEP_FULL, /* needs output space */
	STEP_FAIL, /* z->msg says why */
};

/* What one backend call did. */
enum { DEFL_OK, DEFL_END, DEFL_BAD };

struct inflater {
	enum phase phase;      /* where in the framing the next byte goes */
	enum field field;      /* header field being read (PH_HEADER) */
	uint8_t hdr[10];       /* fixed header bytes read so far */
	unsigned n_hdr;        /* bytes in hdr[] */
	uint8_t fld[2];        /* XLEN or header CRC bytes read so far */
	unsigned n_fld;        /* bytes in fld[] */
	uint32_t n_extra;      /* FEXTRA bytes still to skip */
	uint32_t hcrc;         /* CRC-32 of the header so far, for FHCRC */
	uint8_t trl[8];        /* trailer bytes read so far */
	unsigned n_trl;        /* bytes in trl[] */
	uint32_t crc;          /* CRC-32 of this member's output */
	uint32_t isize;        /* this member's output length mod 2^32 */
	uint64_t in_total;     /* compressed bytes consumed */
	uint64_t seen;         /* compressed bytes handed in (bomb cap) */
	uint64_t out_total;    /* bytes produced in this stream */
	uint64_t out_checked;  /* ... of them in members whose trailer
	                        * matched */
	uint64_t member_start; /* offset of the current member's 1f byte */
	uint64_t data_end;     /* offset just past the last whole member */
	uint64_t min_cap;      /* output that never trips the cap */
	unsigned ratio;        /* ratio cap, N in N:1 */
	unsigned members;      /* members begun (magic seen) */
	char msg[256];         /* the error, repeated by later calls */
#if defined(HAVE_ISAL)
	struct inflate_state *st; /* igzip state, reset per member */
	int avx;                  /* CPU has AVX: clear_upper() after igzip */
#else
	z_stream zs; /* raw inflate (windowBits -15) */
#endif
};

/* The unconsumed input and unused output of one inflater_run() call. */
struct io {
	const uint8_t *in; /* next input byte */
	size_t n_in;       /* input bytes left */
	uint8_t *out;      /* next output byte */
	size_t n_out;      /* output space left */
};

const char *
inflate_backend(void)
{
#if defined(HAVE_ISAL)
	return "isa-l";
#else
	return "zlib";
#endif
}

/* --- backends ----------------------------------------------------------
 * backend_new/free own the decoder; backend_member starts a member's raw
 * deflate data; backend_run inflates from in[0..n_in) into out[0..n_out),
 * reports what it used and made, and says whether the deflate data ended
 * (then z->crc is the member's CRC-32 and z->trl holds any bytes already
 * read past the end). */

#if defined(HAVE_ISAL)

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/* isal_inflate returns with the upper halves of the vector registers
 * dirty; legacy-SSE code run next on the thread (SHA-NI, an SSE2 JSON
 * scanner) then slows down (1.8 times for SHA-256 on EPYC).  vzeroupper
 * after each call costs nothing measurable. */
__attribute__((target("avx"))) static void
clear_upper(void)
{
	_mm256_zeroupper();
}
#define HAVE_CLEAR_UPPER 1
#endif

static void
backend_new(inflater *z)
{
	z->st = xmalloc(sizeof(*z->st));
	isal_inflate_init(z->st);
#if defined(HAVE_CLEAR_UPPER)
	z->avx = __builtin_cpu_supports("avx");
#endif
}

static void
backend_free(inflater *z)
{
	free(z->st);
}

static void
backend_member(inflater *z)
{
	isal_inflate_init(z->st);
	z->st->crc_flag = ISAL_GZIP_NO_HDR; /* keep the CRC; we check it */
	z->st->hist_bits = 0;
}

static int
backend_run(inflater *z, const uint8_t *in, size_t n_in, size_t *used,
            uint8_t *out, size_t n_out, size_t *made)
{
	struct inflate_state *st = z->st;
	uint64_t bits;
	int ret, n_bits;

	st->next_in = (uint8_t *)(uintptr_t)in;
	st->avail_in = (uint32_t)(n_in < CHUNK_MAX ? n_in : CHUNK_MAX);
	st->next_out = out;
	st->avail_out = (uint32_t)(n_out < CHUNK_MAX ? n_out : CHUNK_MAX);
	ret = isal_inflate(st);
#if defined(HAVE_CLEAR_UPPER)
	if (z->avx) {
		clear_upper();
	}
#endif
	*used = (size_t)(st->next_in - in);
	*made = (size_t)(st->next_out - out);
	if (ret != ISAL_DECOMP_OK) {
		return DEFL_BAD;
	}
	if (st->block_state != ISAL_BLOCK_FINISH) {
		return DEFL_OK;
	}
	/* Whole bytes left in the bit buffer were read past the final
	 * block: they begin the trailer.  The partial byte is padding. */
	n_bits = st->read_in_length > 0 ? st->read_in_length : 0;
	bits = st->read_in >> (n_bits % 8);
	for (z->n_trl = 0; z->n_trl < (unsigned)n_bits / 8; z->n_trl++) {
		z->trl[z->n_trl] = (uint8_t)(bits >> (8 * z->n_trl));
	}
	z->crc = st->crc;
	return DEFL_END;
}

#else /* zlib */

static void
backend_new(inflater *z)
{
	memset(&z->zs, 0, sizeof(z->zs));
	if (inflateInit2(&z->zs, -15) != Z_OK) {
		fprintf(stderr, "trailsift: zlib inflateInit2 failed\n");
		abort();
	}
}

static void
backend_free(inflater *z)
{
	inflateEnd(&z->zs);
}

static void
backend_member(inflater *z)
{
	inflateReset(&z->zs);
	z->crc = (uint32_t)crc32(0, Z_NULL, 0);
}

static int
backend_run(inflater *z, const uint8_t *in, size_t n_in, size_t *used,
            uint8_t *out, size_t n_out, size_t *made)
{
	int ret;

	z->zs.next_in = (Bytef *)(uintptr_t)in;
	z->zs.avail_in = (uInt)(n_in < CHUNK_MAX ? n_in : CHUNK_MAX);
	z->zs.next_out = out;
	z->zs.avail_out = (uInt)(n_out < CHUNK_MAX ? n_out : CHUNK_MAX);
	ret = inflate(&z->zs, Z_NO_FLUSH);
	*used = (size_t)(z->zs.next_in - in);
	*made = (size_t)(z->zs.next_out - out);
	z->crc = (uint32_t)crc32(z->crc, out, (uInt)*made);
	if (ret == Z_MEM_ERROR) {
		fprintf(stderr, "trailsift: out of memory in zlib inflate\n");
		abort();
	}
	if (ret == Z_STREAM_END) {
		return DEFL_END; /* zlib leaves unused input unconsumed */
	}
	return ret == Z_OK || ret == Z_BUF_ERROR ? DEFL_OK : DEFL_BAD;
}

#endif

/* --- the framing ------------------------------------------------------- */

static int fail(inflater *z, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static int
fail(inflater *z, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z->msg, sizeof(z->msg), fmt, ap);
	va_end(ap);
	z->phase = PH_FAILED;
	return STEP_FAIL;
}

static void
eat(inflater *z, struct io *io, size_t n)
{
	io->in += n;
	io->n_in -= n;
	z->in_total += n;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t
inflate_cap(uint64_t seen, unsigned ratio, uint64_t min_cap)
{
	uint64_t cap = seen > UINT64_MAX / ratio ? UINT64_MAX : seen * ratio;

	return cap > min_cap ? cap : min_cap;
}

/* Output allowed so far. */
static uint64_t
cap_now(const inflater *z)
{
	return inflate_cap(z->seen, z->ratio, z->min_cap);
}

static int
bad_header(inflater *z, const char *why)
{
	return fail(z,
	            "bad gzip header in member %u at compressed offset "
	            "%" PRIu64 ": %s",
	            z->members, z->member_start, why);
}

/* PH_MAGIC: the first two bytes of a member, or the start of what
 * follows the last member. */
static int
magic_step(inflater *z, struct io *io)
{
	uint8_t c = io->in[0];

	if (c == (z->n_hdr == 0 ? 0x1f : 0x8b)) {
		if (z->n_hdr == 0) {
			z->member_start = z->in_total;
		}
		z->hdr[z->n_hdr++] = c;
		eat(z, io, 1);
		if (z->n_hdr == 2) {
			z->members++;
			z->field = H_FIXED;
			z->phase = PH_HEADER;
		}
		return STEP_GO;
	}
	if (z->members == 0) {
		return fail(z, "not a gzip stream (bad magic at compressed "
		               "offset 0)");
	}
	/* A lone 1f is garbage too; zeros right after a member are padding. */
	z->phase = c == 0 && z->n_hdr == 0 ? PH_PADDING : PH_GARBAGE;
	return STEP_GO;
}

/* Move to the next header field present, or start the deflate data. */
static void
next_field(inflater *z)
{
	uint8_t flg = z->hdr[3];

	z->n_fld = 0;
	for (z->field++; z->field < H_END; z->field++) {
		if ((z->field == H_XLEN && (flg & FEXTRA)) ||
		    (z->field == H_NAME && (flg & FNAME)) ||
		    (z->field == H_COMMENT && (flg & FCOMMENT)) ||
		    (z->field == H_HCRC && (flg & FHCRC))) {
			return;
		}
	}
	backend_member(z);
	z->isize = 0;
	z->n_trl = 0;
	z->phase = PH_DEFLATE;
}

/* Feed header bytes p[0..n) to the FHCRC check. */
static void
header_crc(inflater *z, const uint8_t *p, size_t n)
{
	if (z->hdr[3] & FHCRC) {
		z->hcrc = (uint32_t)crc32(z->hcrc, p, (uInt)n);
	}
}

/* A two-byte little-endian field (XLEN, header CRC); true when whole. */
static int
field2(inflater *z, struct io *io)
{
	z->fld[z->n_fld++] = io->in[0];
	eat(z, io, 1);
	return z->n_fld == 2;
}

/* PH_HEADER: one field (or part of one) of the member header. */
static int
header_step(inflater *z, struct io *io)
{
	const uint8_t *p = io->in, *nul;
	size_t n = io->n_in < CHUNK_MAX ? io->n_in : CHUNK_MAX;

	switch (z->field) {
	case H_FIXED:
		z->hdr[z->n_hdr++] = p[0];
		eat(z, io, 1);
		if (z->n_hdr == 3 && z->hdr[2] != 8) {
			char why[64];

			snprintf(why, sizeof(why),
			         "compression method %u is not deflate",
			         z->hdr[2]);
			return bad_header(z, why);
		}
		if (z->n_hdr == 4 && (z->hdr[3] & FRESERVED)) {
			return bad_header(z, "reserved flag bits set");
		}
		if (z->n_hdr == 10) {
			z->hcrc = (uint32_t)crc32(0, Z_NULL, 0);
			header_crc(z, z->hdr, 10);
			next_field(z);
		}
		break;
	case H_XLEN:
		header_crc(z, p, 1);
		if (field2(z, io)) {
			z->n_extra = z->fld[0] | (uint32_t)z->fld[1] << 8;
			z->field = H_EXTRA;
			if (z->n_extra == 0) {
				next_field(z);
			}
		}
		break;
	case H_EXTRA:
		n = n < z->n_extra ? n : z->n_extra;
		header_crc(z, p, n);
		eat(z, io, n);
		z->n_extra -= (uint32_t)n;
		if (z->n_extra == 0) {
			next_field(z);
		}
		break;
	case H_NAME:
	case H_COMMENT:
		/* zero-terminated; nothing is kept, so any length is fine */
		nul = memchr(p, 0, n);
		n = nul ? (size_t)(nul - p) + 1 : n;
		header_crc(z, p, n);
		eat(z, io, n);
		if (nul) {
			next_field(z);
		}
		break;
	case H_HCRC:
		if (field2(z, io)) {
			if ((z->hcrc & 0xffff) !=
			    (z->fld[0] | (uint32_t)z->fld[1] << 8)) {
				return bad_header(z, "header CRC mismatch");
			}
			next_field(z);
		}
		break;
	case H_END:
		break;
	}
	return STEP_GO;
}

/* PH_DEFLATE: one backend call, its output window cut to one byte past
 * the bomb cap. */
static int
deflate_step(inflater *z, struct io *io)
{
	static uint8_t dummy; /* zlib wants an output pointer even for 0 */
	uint64_t cap = cap_now(z), room;
	size_t win = io->n_out, used, made;
	int r;

	/* (a test may lower min_cap below what was already produced) */
	room = cap > z->out_total ? cap - z->out_total : 0;
	if (room < win) {
		win = (size_t)room + 1;
	}
	r = backend_run(z, io->in, io->n_in, &used, io->out ? io->out : &dummy,
	                win, &made);
	eat(z, io, used);
	if (made > room) {
		io->out += room;
		io->n_out -= room;
		z->out_total += room;
		return fail(z,
		            "decompressed size exceeds %u:1 ratio at "
		            "compressed offset %" PRIu64
		            ", decompressed %" PRIu64
		            " (possible decompression bomb; CloudTrail logs "
		            "compress about 10:1, and the cap is fixed: what "
		            "came before is kept, nothing after read)",
		            z->ratio, z->seen, z->out_total);
	}
	io->out += made;
	io->n_out -= made;
	z->out_total += made;
	z->isize += (uint32_t)made;
	if (r == DEFL_BAD) {
		return fail(z,
		            "corrupt deflate data in gzip member %u "
		            "starting at compressed offset %" PRIu64,
		            z->members, z->member_start);
	}
	if (r == DEFL_END) {
		z->phase = PH_TRAILER;
		return STEP_GO;
	}
	if (used > 0 || made > 0) {
		return STEP_GO;
	}
	if (io->n_out == 0) {
		return STEP_FULL;
	}
	if (io->n_in == 0) {
		return STEP_NEED;
	}
	/* Input and output space but no progress: never seen; fail rather
	 * than have the caller loop forever. */
	return fail(z,
	            "corrupt deflate data in gzip member %u starting at "
	            "compressed offset %" PRIu64,
	            z->members, z->member_start);
}

/* PH_TRAILER: CRC-32 and ISIZE, little-endian. */
static int
trailer_step(inflater *z, struct io *io)
{
	size_t n = 8 - z->n_trl;

	n = n < io->n_in ? n : io->n_in;
	memcpy(z->trl + z->n_trl, io->in, n);
	z->n_trl += (unsigned)n;
	eat(z, io, n);
	if (z->n_trl < 8) {
		return STEP_NEED;
	}
	if (le32(z->trl) != z->crc) {
		return fail(z,
		            "CRC-32 mismatch in gzip member %u ending at "
		            "compressed offset %" PRIu64,
		            z->members, z->in_total);
	}
	if (le32(z->trl + 4) != z->isize) {
		return fail(z,
		            "length mismatch (ISIZE) in gzip member %u "
		            "ending at compressed offset %" PRIu64,
		            z->members, z->in_total);
	}
	z->data_end = z->in_total;
	z->out_checked = z->out_total;
	z->n_hdr = 0;
	z->phase = PH_MAGIC;
	return STEP_GO;
}

/* PH_PADDING: zeros are accepted; anything else turns them into garbage. */
static int
padding_step(inflater *z, struct io *io)
{
	size_t i = 0;

	while (i < io->n_in && io->in[i] == 0) {
		i++;
	}
	eat(z, io, i);
	if (io->n_in > 0) {
		z->phase = PH_GARBAGE;
	}
	return STEP_GO;
}

/* The caller said eof and every byte is consumed: is this a clean end? */
static int
end_of_input(inflater *z)
{
	switch (z->phase) {
	case PH_MAGIC:
		if (z->n_hdr == 0 && z->members > 0) {
			break;
		}
		return fail(z,
		            "gzip stream truncated at compressed offset "
		            "%" PRIu64 " (gzip member %u incomplete)",
		            z->in_total, z->members + 1);
	case PH_PADDING:
		break;
	case PH_GARBAGE:
		return fail(z,
		            "%" PRIu64 " bytes of trailing garbage after "
		            "gzip data at compressed offset %" PRIu64,
		            z->in_total - z->data_end, z->data_end);
	default:
		return fail(z,
		            "gzip stream truncated at compressed offset "
		            "%" PRIu64 " (gzip member %u incomplete)",
		            z->in_total, z->members);
	}
	z->phase = PH_DONE;
	return STEP_GO;
}

/* One step of whatever the current phase is. */
static int
step(inflater *z, struct io *io)
{
	switch (z->phase) {
	case PH_DEFLATE:
		return deflate_step(z, io);
	case PH_TRAILER:
		return trailer_step(z, io);
	case PH_DONE:
	case PH_FAILED:
		return STEP_NEED; /* not reached: inflater_run stops first */
	default:
		break;
	}
	if (io->n_in == 0) {
		return STEP_NEED;
	}
	switch (z->phase) {
	case PH_MAGIC:
		return magic_step(z, io);
	case PH_HEADER:
		return header_step(z, io);
	case PH_PADDING:
		return padding_step(z, io);
	default:
		eat(z, io, io->n_in); /* PH_GARBAGE: counted at eof */
		return STEP_GO;
	}
}

int
inflater_run(inflater *z, const void *in, size_t in_len, size_t *consumed,
             void *out, size_t out_cap, size_t *produced, int eof, ts_err *err)
{
	struct io io = {in, in_len, out, out_cap};
	uint64_t start_in = z->in_total;
	int rc = TS_OK, r = STEP_GO;

	if (z->in_total + in_len > z->seen) {
		z->seen = z->in_total + in_len;
	}
	while (z->phase != PH_DONE && z->phase != PH_FAILED) {
		r = step(z, &io);
		if (r == STEP_NEED && eof && io.n_in == 0) {
			r = end_of_input(z);
		}
		if (r != STEP_GO) {
			break;
		}
	}
	if (z->phase == PH_FAILED) {
		rc = ts_fail(err, TS_FAIL, "%s", z->msg);
	} else if (z->phase == PH_DONE) {
		rc = INFLATE_DONE;
	}
	*consumed = (size_t)(z->in_total - start_in);
	*produced = out_cap - io.n_out;
	return rc;
}

inflater *
inflater_new(void)
{
	inflater *z = xcalloc(1, sizeof(*z));

	backend_new(z);
	inflater_reset(z, 0);
	return z;
}

void
inflater_free(inflater *z)
{
	if (z == NULL) {
		return;
	}
	backend_free(z);
	free(z);
}

void
inflater_reset(inflater *z, unsigned ratio_cap)
{
	z->phase = PH_MAGIC;
	z->n_hdr = 0;
	z->in_total = 0;
	z->seen = 0;
	z->out_total = 0;
	z->out_checked = 0;
	z->member_start = 0;
	z->data_end = 0;
	z->min_cap = INFLATE_MIN_CAP;
	z->ratio = ratio_cap ? ratio_cap : INFLATE_RATIO_CAP;
	z->members = 0;
	z->msg[0] = '\0';
}

void
inflater_set_min_cap(inflater *z, uint64_t min_cap)
{
	z->min_cap = min_cap;
}

uint64_t
inflater_in_total(const inflater *z)
{
	return z->in_total;
}

unsigned
inflater_members(const inflater *z)
{
	return z->members;
}

uint64_t
inflater_out_checked(const inflater *z)
{
	return z->out_checked;
}

int
inflate_is_gzip(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

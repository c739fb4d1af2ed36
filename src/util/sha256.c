/* sha256.c -- SHA-256 as FIPS 180-4 specifies it (see sha256.h).
 *
 * Two compression functions process whole 64-byte blocks: portable C
 * (section 6.2.2 with a rolling 16-word message schedule) and, on x86
 * CPUs that have them, the SHA extensions (SHA-NI), which do two rounds
 * per SHA256RNDS2 and the schedule with SHA256MSG1/MSG2.  The choice is
 * made per call from CPUID, cached; both give the same chaining value,
 * which the unit tests check on random data.  Padding and the length
 * (section 5.1.1) are done once, in sha256_final().
 *
 * Where configure found OpenSSL's libcrypto, a context hashes with it
 * instead: without the SHA extensions its AVX2 code is 2.3 times as fast
 * as ours (385 against 168 MB/s), and every byte of evidence is hashed.
 * Its low-level SHA256_CTX, deprecated in OpenSSL 3 but kept, lives
 * inside our context by value, so that a context still needs no
 * allocation and no freeing (EVP's would, and a context is dropped
 * unfinished where a bundle fails); configure checks that the
 * functions link and otherwise leaves this code in use. */
#include "config.h"

#include <string.h>

#if defined(HAVE_LIBCRYPTO)
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#endif

#include "sha256.h"

#if defined(HAVE_LIBCRYPTO)
_Static_assert(sizeof(SHA256_CTX) <= sizeof(((sha256_ctx *)0)->ossl),
               "sha256_ctx.ossl holds a SHA256_CTX");
#define LIB(c) ((SHA256_CTX *)(void *)(c)->ossl)
#endif

#if (defined(__x86_64__) || defined(__i386__)) &&                              \
        (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHANI_CODE 1
#include <cpuid.h>
#include <immintrin.h>
#endif

/* Section 4.2.2: first 32 bits of the fractional parts of the cube roots
 * of the first 64 primes. */
static const uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
        0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Section 5.3.3: first 32 bits of the fractional parts of the square
 * roots of the first 8 primes. */
static const uint32_t H0[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static int force_portable; /* set by sha256_force_portable() */
static int force_own;      /* set by sha256_force_own() */

/* --- portable ---------------------------------------------------------- */

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
blocks_portable(uint32_t h[8], const uint8_t *p, size_t n_blocks)
{
	uint32_t w[16], a, b, c, d, e, f, g, hh, t1, t2;

	for (; n_blocks > 0; n_blocks--, p += 64) {
		a = h[0];
		b = h[1];
		c = h[2];
		d = h[3];
		e = h[4];
		f = h[5];
		g = h[6];
		hh = h[7];
		for (int t = 0; t < 64; t++) {
			/* W_t in a ring of 16: W_t-16 is where W_t goes */
			if (t < 16) {
				w[t] = be32(p + 4 * t);
			} else {
				w[t & 15] += SSIG1(w[(t - 2) & 15]) +
				             w[(t - 7) & 15] +
				             SSIG0(w[(t - 15) & 15]);
			}
			t1 = hh + BSIG1(e) + CH(e, f, g) + K[t] + w[t & 15];
			t2 = BSIG0(a) + MAJ(a, b, c);
			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
	}
}

/* --- SHA-NI ------------------------------------------------------------ */

#if defined(HAVE_SHANI_CODE)

enum { CPU_SHANI = 1, CPU_AVX = 2 };

/* CPUID: leaf 7 EBX bit 29 is SHA; leaf 1 ECX bits 9 and 19 are SSSE3
 * and SSE4.1, which the shuffles and blends need.  AVX (with the OS
 * saving its state) is noted for clear_upper(). */
static int
cpu_features(void)
{
	static int known = -1; /* -1 until the first check */
	unsigned a, b, c, d;
	int f;

	f = __atomic_load_n(&known, __ATOMIC_RELAXED);
	if (f >= 0) {
		return f;
	}
	f = 0;
	if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) &&
	    (c & (1u << 19)) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
	    (b & (1u << 29))) {
		f |= CPU_SHANI;
	}
	if (__builtin_cpu_supports("avx")) {
		f |= CPU_AVX;
	}
	__atomic_store_n(&known, f, __ATOMIC_RELAXED);
	return f;
}

/* The SHA instructions exist only in the legacy SSE encoding.  Run after
 * AVX code that left the upper halves of the vector registers dirty --
 * ISA-L's inflate does, and ingest workers inflate and hash in turn --
 * they slow down by 1.8 times (measured on EPYC), so clear them first. */
__attribute__((target("avx"))) static void
clear_upper(void)
{
	_mm256_zeroupper();
}

/* Four rounds: W+K for rounds 4i..4i+3 from the message vector w; each
 * SHA256RNDS2 does two rounds with the low half of its third operand. */
#define QUAD(i, w)                                                             \
	do {                                                                   \
		m = _mm_add_epi32(                                             \
		        w, _mm_loadu_si128((const __m128i *)&K[4 * (i)]));     \
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);                   \
		m = _mm_shuffle_epi32(m, 0x0e);                                \
		abef = _mm_sha256rnds2_epu32(abef, cdgh, m);                   \
	} while (0)

/* W[4i..4i+3] into w4 (which holds W[4i-16..]) from the three vectors
 * after it: W[t-16] + s0(W[t-15]) + W[t-7] + s1(W[t-2]). */
#define SCHED(w4, w3, w2, w1)                                                  \
	(w4 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w4, w3), \
	                                         _mm_alignr_epi8(w1, w2, 4)),  \
	                           w1))

/* The state lives in two registers as SHA256RNDS2 wants it: ABEF and
 * CDGH, A in the highest lane.  The message vectors are named, not
 * indexed, so they stay in registers. */
__attribute__((target("sha,sse4.1"))) static void
blocks_shani(uint32_t h[8], const uint8_t *p, size_t n_blocks)
{
	const __m128i bswap =
	        _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i abef, cdgh, t, save_abef, save_cdgh, w0, w1, w2, w3, m;

	t = _mm_loadu_si128((const __m128i *)&h[0]);    /* D C B A */
	cdgh = _mm_loadu_si128((const __m128i *)&h[4]); /* H G F E */
	t = _mm_shuffle_epi32(t, 0xb1);                 /* C D A B */
	cdgh = _mm_shuffle_epi32(cdgh, 0x1b);           /* E F G H */
	abef = _mm_alignr_epi8(t, cdgh, 8);             /* A B E F */
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);          /* C D G H */

	for (; n_blocks > 0; n_blocks--, p += 64) {
		save_abef = abef;
		save_cdgh = cdgh;
		w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p),
		                      bswap);
		w1 = _mm_shuffle_epi8(
		        _mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		w2 = _mm_shuffle_epi8(
		        _mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		w3 = _mm_shuffle_epi8(
		        _mm_loadu_si128((const __m128i *)(p + 48)), bswap);
		QUAD(0, w0);
		QUAD(1, w1);
		QUAD(2, w2);
		QUAD(3, w3);
		for (int i = 4; i < 16; i += 4) {
			SCHED(w0, w1, w2, w3);
			QUAD(i, w0);
			SCHED(w1, w2, w3, w0);
			QUAD(i + 1, w1);
			SCHED(w2, w3, w0, w1);
			QUAD(i + 2, w2);
			SCHED(w3, w0, w1, w2);
			QUAD(i + 3, w3);
		}
		abef = _mm_add_epi32(abef, save_abef);
		cdgh = _mm_add_epi32(cdgh, save_cdgh);
	}

	t = _mm_shuffle_epi32(abef, 0x1b);     /* F E B A */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);  /* D C H G */
	abef = _mm_blend_epi16(t, cdgh, 0xf0); /* D C B A */
	cdgh = _mm_alignr_epi8(cdgh, t, 8);    /* H G F E */
	_mm_storeu_si128((__m128i *)&h[0], abef);
	_mm_storeu_si128((__m128i *)&h[4], cdgh);
}

#endif

static void
blocks(uint32_t h[8], const uint8_t *p, size_t n_blocks)
{
#if defined(HAVE_SHANI_CODE)
	int f = cpu_features();

	if ((f & CPU_SHANI) &&
	    !__atomic_load_n(&force_portable, __ATOMIC_RELAXED)) {
		if (f & CPU_AVX) {
			clear_upper();
		}
		blocks_shani(h, p, n_blocks);
		return;
	}
#endif
	blocks_portable(h, p, n_blocks);
}

static int
has_shani(void)
{
#if defined(HAVE_SHANI_CODE)
	return (cpu_features() & CPU_SHANI) != 0;
#else
	return 0;
#endif
}

/* Whether a context initialised now hashes with libcrypto. */
static int
use_lib(void)
{
#if defined(HAVE_LIBCRYPTO)
	return !__atomic_load_n(&force_portable, __ATOMIC_RELAXED) &&
	       !__atomic_load_n(&force_own, __ATOMIC_RELAXED);
#else
	return 0;
#endif
}

int
sha256_force_portable(int on)
{
	__atomic_store_n(&force_portable, on != 0, __ATOMIC_RELAXED);
#if defined(HAVE_LIBCRYPTO)
	return 1;
#else
	return has_shani();
#endif
}

int
sha256_force_own(int on)
{
	__atomic_store_n(&force_own, on != 0, __ATOMIC_RELAXED);
#if defined(HAVE_LIBCRYPTO)
	return 1;
#else
	return 0;
#endif
}

const char *
sha256_backend(void)
{
	if (use_lib()) {
		return "openssl";
	}
	return has_shani() && !__atomic_load_n(&force_portable,
	                                       __ATOMIC_RELAXED)
	               ? "sha-ni"
	               : "portable";
}

/* --- the incremental interface ----------------------------------------- */

void
sha256_init(sha256_ctx *c)
{
	memcpy(c->h, H0, sizeof(H0));
	c->n_bytes = 0;
	c->n_buf = 0;
	c->lib = use_lib();
#if defined(HAVE_LIBCRYPTO)
	if (c->lib) {
		SHA256_Init(LIB(c));
	}
#endif
}

void
sha256_update(sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

#if defined(HAVE_LIBCRYPTO)
	if (c->lib) {
		SHA256_Update(LIB(c), data, len);
		return;
	}
#endif
	c->n_bytes += len;
	if (c->n_buf > 0) {
		n = 64 - c->n_buf < len ? 64 - c->n_buf : len;
		memcpy(c->buf + c->n_buf, p, n);
		c->n_buf += n;
		p += n;
		len -= n;
		if (c->n_buf < 64) {
			return;
		}
		blocks(c->h, c->buf, 1);
		c->n_buf = 0;
	}
	if (len >= 64) {
		blocks(c->h, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	if (len > 0) {
		memcpy(c->buf, p, len);
		c->n_buf = len;
	}
}

void
sha256_final(sha256_ctx *c, uint8_t digest[32])
{
	uint64_t n_bits = c->n_bytes * 8;

#if defined(HAVE_LIBCRYPTO)
	if (c->lib) {
		SHA256_Final(digest, LIB(c));
		memset(c, 0, sizeof(*c));
		return;
	}
#endif
	/* 0x80, zeros to 56 mod 64, then the length in bits, big-endian */
	c->buf[c->n_buf++] = 0x80;
	if (c->n_buf > 56) {
		memset(c->buf + c->n_buf, 0, 64 - c->n_buf);
		blocks(c->h, c->buf, 1);
		c->n_buf = 0;
	}
	memset(c->buf + c->n_buf, 0, 56 - c->n_buf);
	for (int i = 0; i < 8; i++) {
		c->buf[56 + i] = (uint8_t)(n_bits >> (56 - 8 * i));
	}
	blocks(c->h, c->buf, 1);
	for (int i = 0; i < 8; i++) {
		digest[4 * i] = (uint8_t)(c->h[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		digest[4 * i + 3] = (uint8_t)c->h[i];
	}
	memset(c, 0, sizeof(*c));
}

void
sha256(const void *p, size_t len, uint8_t digest[32])
{
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, p, len);
	sha256_final(&c, digest);
}

void
sha256_hex(const uint8_t digest[32], char hex[65])
{
	static const char xd[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		hex[2 * i] = xd[digest[i] >> 4];
		hex[2 * i + 1] = xd[digest[i] & 15];
	}
	hex[64] = '\0';
}

/* sha256.h -- SHA-256 (FIPS 180-4), for the digest of every evidence
 * file as found (source.sha256) and, later, digest-file validation.
 * Incremental: init, update any number of times, final.  Hashes with
 * OpenSSL's libcrypto when configure found it (AVX2 assembly, or the
 * SHA extensions), else with the x86 SHA extensions when the CPU has
 * them (checked at run time), else with portable C; all give identical
 * results, which the unit tests check. */
#ifndef TS_SHA256_H
#define TS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
	uint32_t h[8];    /* chaining state */
	uint64_t n_bytes; /* message length so far */
	uint8_t buf[64];  /* partial block */
	size_t n_buf;     /* bytes in buf */
	int lib;          /* hashed by libcrypto instead, in `ossl` */
	_Alignas(16) unsigned char ossl[128]; /* its SHA256_CTX */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *p, size_t len);
void sha256_final(sha256_ctx *c, uint8_t digest[32]);
/* One call: digest of p[0..len). */
void sha256(const void *p, size_t len, uint8_t digest[32]);
/* Lowercase hex of a digest into hex[65] (NUL-terminated). */
void sha256_hex(const uint8_t digest[32], char hex[65]);
/* For tests and benchmarks: on != 0 makes contexts initialised from
 * now on use the portable code even where libcrypto or SHA-NI would be
 * used, on == 0 undoes that (process-wide; do not switch while other
 * threads hash).  Returns 1 if this build and CPU have something faster
 * than the portable code (see sha256_backend()), else 0. */
int sha256_force_portable(int on);
/* For tests: on != 0 leaves libcrypto out (SHA-NI or portable, as
 * above), on == 0 undoes that.  Returns 1 if this build has libcrypto. */
int sha256_force_own(int on);
/* What hashes, as things stand: "openssl", "sha-ni" or "portable". */
const char *sha256_backend(void);

#endif

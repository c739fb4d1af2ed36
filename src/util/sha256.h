/* sha256.h -- SHA-256 (FIPS 180-4), for the digest of every evidence
 * file as found (source.sha256) and, later, digest-file validation.
 * Incremental: init, update any number of times, final.  Uses the x86
 * SHA extensions when the CPU has them (checked at run time), else
 * portable C; both give identical results. */
#ifndef TS_SHA256_H
#define TS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
	uint32_t h[8];    /* chaining state */
	uint64_t n_bytes; /* message length so far */
	uint8_t buf[64];  /* partial block */
	size_t n_buf;     /* bytes in buf */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *p, size_t len);
void sha256_final(sha256_ctx *c, uint8_t digest[32]);
/* One call: digest of p[0..len). */
void sha256(const void *p, size_t len, uint8_t digest[32]);
/* Lowercase hex of a digest into hex[65] (NUL-terminated). */
void sha256_hex(const uint8_t digest[32], char hex[65]);
/* For tests and benchmarks: on != 0 makes every context use the portable
 * code even where SHA-NI exists, on == 0 undoes that (process-wide; do
 * not switch while other threads hash).  Returns 1 if this build and CPU
 * have SHA-NI, else 0. */
int sha256_force_portable(int on);

#endif

/* gsha256.h -- a small SHA-256 for trailsift-gen's digest files.
 *
 * CloudTrail digest files list the SHA-256 of each log file's
 * uncompressed content and of the previous digest.  The generator
 * carries its own portable implementation (FIPS 180-4) so that it does
 * not depend on src/util/sha256.c, which belongs to the ingest side.
 * Plain data, no allocation; safe from any thread with its own context. */
#ifndef TS_GEN_GSHA256_H
#define TS_GEN_GSHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct gsha256 {
	uint32_t h[8];    /* chaining state */
	uint64_t n_bytes; /* message length so far */
	uint8_t buf[64];  /* partial block */
	size_t n_buf;     /* bytes in buf */
} gsha256;

void gsha256_init(gsha256 *c);
void gsha256_update(gsha256 *c, const void *p, size_t len);
void gsha256_final(gsha256 *c, uint8_t digest[32]);
/* Lowercase hex digest of p[0..len) into hex[65]. */
void gsha256_hex(const void *p, size_t len, char hex[65]);

#endif

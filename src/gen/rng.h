/* rng.h -- the generator's own pseudo-random numbers (xoshiro256**).
 *
 * trailsift-gen must write byte-identical archives from the same
 * arguments on any machine, so it never uses rand(), time or addresses.
 * Every stream of decisions gets its own generator, seeded with
 * rng_derive() from the master seed and stable indexes (a tag naming the
 * kind of stream, an account+region number, a 5-minute slot number...),
 * never from the order in which work happens to be done.  All helpers
 * use integer arithmetic or exact double operations only, so results do
 * not depend on the C library's maths.  A zeroed rng must be seeded
 * before use; the struct is plain data, copy it freely. */
#ifndef TS_GEN_RNG_H
#define TS_GEN_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct rng {
	uint64_t s[4]; /* xoshiro256** state, never all zero */
} rng;

/* Seed from one 64-bit value (expanded with splitmix64). */
void rng_seed(rng *r, uint64_t seed);
/* Seed from the master seed, a stream tag and two indexes. */
void rng_derive(rng *r, uint64_t seed, uint64_t tag, uint64_t a, uint64_t b);
/* A 64-bit hash of the four values (splitmix64 rounds). */
uint64_t rng_mix(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b);
/* Hash of a NUL-terminated string, for deriving seeds from names. */
uint64_t rng_hash_str(const char *s);

uint64_t rng_next(rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t rng_below(rng *r, uint32_t n);
/* Uniform in [lo, hi], inclusive; lo <= hi. */
int64_t rng_range(rng *r, int64_t lo, int64_t hi);
/* True with probability p (0..1). */
int rng_chance(rng *r, double p);
/* Uniform double in [0, 1), 53 bits. */
double rng_unit(rng *r);
/* Index in [0, n) drawn with the given non-negative integer weights. */
size_t rng_weighted(rng *r, const unsigned *w, size_t n);
/* Uniform element of an array of strings. */
const char *rng_pick(rng *r, const char *const *v, size_t n);

/* Lowercase random (version 4) UUID into out[37]. */
void rng_uuid(rng *r, char out[37]);
/* n characters of the alphabet into out, NUL-terminated (out[n+1]). */
void rng_chars(rng *r, char *out, size_t n, const char *alphabet);
/* n lowercase hex digits into out[n+1]. */
void rng_hex(rng *r, char *out, size_t n);

#define RNG_UPPER_ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define RNG_ALNUM                                                              \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define RNG_LOWER_ALNUM "abcdefghijklmnopqrstuvwxyz0123456789"
#define RNG_B64                                                                \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

#define RNG_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif

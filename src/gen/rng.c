/* rng.c -- xoshiro256** seeded by splitmix64 (see rng.h).
 *
 * Both algorithms are public domain (Blackman and Vigna).  rng_below()
 * uses Lemire's multiply-and-reject method, so it is unbiased and needs
 * no division in the common case. */
#include "config.h"

#include <string.h>

#include "gen/rng.h"

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
rng_seed(rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++) {
		r->s[i] = splitmix(&x);
	}
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) {
		r->s[0] = 1;
	}
}

uint64_t
rng_mix(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b)
{
	uint64_t x = seed;
	uint64_t h = splitmix(&x);

	x = h ^ (tag * 0xd6e8feb86659fd93ULL);
	h = splitmix(&x);
	x = h ^ (a * 0xa0761d6478bd642fULL);
	h = splitmix(&x);
	x = h ^ (b * 0xe7037ed1a0b428dbULL);
	return splitmix(&x);
}

uint64_t
rng_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
rng_derive(rng *r, uint64_t seed, uint64_t tag, uint64_t a, uint64_t b)
{
	rng_seed(r, rng_mix(seed, tag, a, b));
}

uint64_t
rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t
rng_below(rng *r, uint32_t n)
{
	uint64_t m = (rng_next(r) >> 32) * (uint64_t)n;
	uint32_t low = (uint32_t)m;

	if (low < n) {
		uint32_t floor = (uint32_t)(-n) % n;

		while (low < floor) {
			m = (rng_next(r) >> 32) * (uint64_t)n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

int64_t
rng_range(rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;

	if (span <= UINT32_MAX) {
		return lo + (int64_t)rng_below(r, (uint32_t)span);
	}
	return lo + (int64_t)(rng_next(r) % span);
}

double
rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

int
rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

size_t
rng_weighted(rng *r, const unsigned *w, size_t n)
{
	uint64_t total = 0;
	uint64_t x;

	for (size_t i = 0; i < n; i++) {
		total += w[i];
	}
	if (total == 0) {
		return 0;
	}
	x = rng_next(r) % total;
	for (size_t i = 0; i < n; i++) {
		if (x < w[i]) {
			return i;
		}
		x -= w[i];
	}
	return n - 1;
}

const char *
rng_pick(rng *r, const char *const *v, size_t n)
{
	return v[rng_below(r, (uint32_t)n)];
}

void
rng_chars(rng *r, char *out, size_t n, const char *alphabet)
{
	uint32_t k = (uint32_t)strlen(alphabet);

	for (size_t i = 0; i < n; i++) {
		out[i] = alphabet[rng_below(r, k)];
	}
	out[n] = '\0';
}

void
rng_hex(rng *r, char *out, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t x = 0;

	for (size_t i = 0; i < n; i++) {
		if (i % 16 == 0) {
			x = rng_next(r);
		}
		out[i] = hex[x & 15];
		x >>= 4;
	}
	out[n] = '\0';
}

void
rng_uuid(rng *r, char out[37])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a = rng_next(r), b = rng_next(r);
	int j = 0;

	a = (a & ~0xf000ULL) | 0x4000ULL;       /* version 4 */
	b = (b & ~(3ULL << 62)) | (2ULL << 62); /* RFC 4122 variant */
	for (int i = 0; i < 32; i++) {
		uint64_t v = i < 16 ? a >> (60 - 4 * i) : b >> (124 - 4 * i);

		if (i == 8 || i == 12 || i == 16 || i == 20) {
			out[j++] = '-';
		}
		out[j++] = hex[v & 15];
	}
	out[j] = '\0';
}

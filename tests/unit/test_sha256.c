/* test_sha256.c -- SHA-256 against the FIPS 180-4 / NIST examples, and
 * libcrypto and the SHA-NI code against the portable code. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "../../src/util/sha256.h"

static const struct {
	const char *msg;
	const char *hex;
} vectors[] = {
        {"",
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        /* 448 bits: the padding needs a second block */
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        /* 896 bits */
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
         "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

static void
check_vectors(void)
{
	uint8_t d[32];
	char hex[65];

	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		sha256(vectors[i].msg, strlen(vectors[i].msg), d);
		sha256_hex(d, hex);
		assert_str(hex, vectors[i].hex);
	}
}

/* One million 'a', fed in pieces of 1, 2, 3, ... 97 bytes, over again. */
static void
check_million(void)
{
	static char a[97];
	sha256_ctx c;
	uint8_t d[32];
	char hex[65];
	size_t left = 1000000, k = 1;

	memset(a, 'a', sizeof(a));
	sha256_init(&c);
	while (left > 0) {
		size_t n = k < left ? k : left;

		sha256_update(&c, a, n);
		left -= n;
		k = k % sizeof(a) + 1;
	}
	sha256_final(&c, d);
	sha256_hex(d, hex);
	assert_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	                "f1809a48a497200e046d39ccc7112cd0");
}

DEFINE_TEST(test_sha256_vectors)
{
	check_vectors();
	check_million();
}

DEFINE_TEST(test_sha256_vectors_portable)
{
	sha256_force_portable(1);
	check_vectors();
	check_million();
	sha256_force_portable(0);
}

DEFINE_TEST(test_sha256_pieces)
{
	uint8_t buf[1000], d1[32], d2[32];
	sha256_ctx c;

	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (uint8_t)(i * 7 + 3);
	}
	sha256(buf, sizeof(buf), d1);
	/* every split point of the message into two updates */
	for (size_t cut = 0; cut <= sizeof(buf); cut += 13) {
		sha256_init(&c);
		sha256_update(&c, buf, cut);
		sha256_update(&c, buf + cut, sizeof(buf) - cut);
		sha256_final(&c, d2);
		assert_mem(d1, 32, d2, 32);
	}
}

/* The digest of `len` pseudo-random bytes (the same for every len). */
static void
digest_random(size_t len, uint8_t d[32])
{
	uint8_t buf[300] = {0};
	uint32_t x = 2463534242u;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	sha256(buf, len, d);
}

/* Every length up to several blocks, hashed as things stand and with
 * force(1) in effect. */
static void
compare_forced(int (*force)(int))
{
	uint8_t d1[32], d2[32];

	for (size_t len = 0; len <= 300; len++) {
		digest_random(len, d1);
		force(1);
		digest_random(len, d2);
		force(0);
		assert_mem(d1, 32, d2, 32);
	}
}

/* The fast code (libcrypto, else SHA-NI) against the portable code. */
DEFINE_TEST(test_sha256_fast_matches_portable)
{
	if (!sha256_force_portable(0)) {
		test_skip("neither libcrypto in this build nor SHA-NI here");
		return;
	}
	compare_forced(sha256_force_portable);
}

/* Where libcrypto is in use, our own code (SHA-NI where the CPU has it)
 * against it, and the vectors through our own code. */
DEFINE_TEST(test_sha256_own_matches_libcrypto)
{
	if (!sha256_force_own(0)) {
		test_skip("built without libcrypto");
		return;
	}
	assert_str(sha256_backend(), "openssl");
	compare_forced(sha256_force_own);
	sha256_force_own(1);
	check_vectors();
	check_million();
	sha256_force_own(0);
}

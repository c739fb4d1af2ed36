/* test_gen.c -- trailsift-gen's building blocks: the PRNG, the JSON
 * writer, SHA-256, time formats, user agents, and the stale-access
 * truth of a small scripted world.  Output of the generator must be
 * byte-identical everywhere, so these pin exact values, not just
 * properties. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/gen/gsha256.h"
#include "../../src/gen/jw.h"
#include "../../src/gen/ops.h"
#include "../../src/gen/rec.h"
#include "../../src/gen/rng.h"
#include "../../src/gen/stale.h"
#include "../../src/gen/ua.h"
#include "../../src/gen/world.h"

DEFINE_TEST(test_gen_rng)
{
	rng a, b;
	char u[37], h[17];
	int seen[10] = {0};

	rng_derive(&a, 1, 2, 3, 4);
	rng_derive(&b, 1, 2, 3, 4);
	for (int i = 0; i < 1000; i++) {
		assert_true(rng_next(&a) == rng_next(&b));
	}
	rng_derive(&b, 1, 2, 3, 5);
	assert_true(rng_next(&a) != rng_next(&b));
	/* pinned: a change here changes every sample archive */
	rng_seed(&a, 1);
	assert_true(rng_next(&a) == UINT64_C(0xb3f2af6d0fc710c5));
	for (int i = 0; i < 10000; i++) {
		uint32_t x = rng_below(&a, 10);

		assert_int(x, <, 10);
		seen[x]++;
	}
	for (int i = 0; i < 10; i++) {
		assert_int(seen[i], >, 800);
	}
	rng_uuid(&a, u);
	assert_int(strlen(u), ==, 36);
	assert_true(u[8] == '-' && u[13] == '-' && u[14] == '4');
	assert_true(strchr("89ab", u[19]) != NULL);
	rng_hex(&a, h, 16);
	assert_int(strspn(h, "0123456789abcdef"), ==, 16);
	for (int i = 0; i < 1000; i++) {
		int64_t v = rng_range(&a, -3, 3);

		assert_true(v >= -3 && v <= 3);
	}
}

DEFINE_TEST(test_gen_jw)
{
	strbuf sb;
	jw w;

	strbuf_init(&sb);
	jw_init(&w, &sb, 0);
	jw_obj(&w);
	jw_kstr(&w, "a",
	        "q\"b\\s/\n\t\x01"
	        "caf\xc3\xa9");
	jw_karr(&w, "e");
	jw_end_arr(&w);
	jw_kobj(&w, "o");
	jw_kint(&w, "n", -42);
	jw_kbool(&w, "t", 1);
	jw_knull(&w, "z");
	jw_end_obj(&w);
	jw_key(&w, "x");
	jw_str_ascii(&w, "a/b caf\xc3\xa9 \xf0\x9f\x98\x80");
	jw_end_obj(&w);
	assert_str(sb.buf,
	           "{\"a\":\"q\\\"b\\\\s/\\n\\t\\u0001caf\xc3\xa9\",\"e\":[],"
	           "\"o\":{\"n\":-42,\"t\":true,\"z\":null},"
	           "\"x\":\"a\\/b caf\\u00e9 \\ud83d\\ude00\"}");
	strbuf_reset(&sb);
	jw_init(&w, &sb, 4);
	jw_obj(&w);
	jw_karr(&w, "Users");
	jw_obj(&w);
	jw_kstr(&w, "UserName", "x");
	jw_end_obj(&w);
	jw_end_arr(&w);
	jw_karr(&w, "Empty");
	jw_end_arr(&w);
	jw_end_obj(&w);
	assert_str(sb.buf,
	           "{\n    \"Users\": [\n        {\n"
	           "            \"UserName\": \"x\"\n        }\n    ],\n"
	           "    \"Empty\": []\n}");
	strbuf_free(&sb);
}

DEFINE_TEST(test_gen_sha256)
{
	char hex[65];
	char big[1000];

	gsha256_hex("", 0, hex);
	assert_str(hex,
	           "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	           "7852b855");
	gsha256_hex("abc", 3, hex);
	assert_str(hex,
	           "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
	           "f20015ad");
	memset(big, 'a', sizeof(big));
	gsha256_hex(big, sizeof(big), hex);
	assert_str(hex,
	           "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1"
	           "b9737ea3");
}

DEFINE_TEST(test_gen_times)
{
	char buf[40];
	/* 2024-10-10T13:23:45Z and 2025-05-24T14:48:54Z */
	int64_t t1 = INT64_C(1728566625000), t2 = INT64_C(1748098134000);

	assert_str(rec_iso(t1, buf), "2024-10-10T13:23:45Z");
	assert_str(rec_basic(t1, buf), "20241010T132345Z");
	assert_str(rec_iso_ms(t1 + 7, buf), "2024-10-10T13:23:45.007Z");
	assert_str(rec_iso_cli(t1 + 7, buf),
	           "2024-10-10T13:23:45.007000+00:00");
	assert_str(rec_iso_cli(t1, buf), "2024-10-10T13:23:45+00:00");
	assert_str(rec_java(t1, JD_COMMA, buf), "Oct 10, 2024, 1:23:45 PM");
	assert_str(rec_java(t1, JD_OLD, buf), "Oct 10, 2024 1:23:45 PM");
	assert_str(rec_java(t2, JD_NNBSP, buf),
	           "May 24, 2025, 2:48:54\xe2\x80\xafPM");
	assert_str(rec_java(INT64_C(1728518400000), JD_COMMA, buf),
	           "Oct 10, 2024, 12:00:00 AM");
}

DEFINE_TEST(test_gen_user_agents)
{
	strbuf sb;
	char cmd[96];
	rng r;

	rng_seed(&r, 7);
	strbuf_init(&sb);
	ua_cli_command(cmd, sizeof(cmd), "identitystore.amazonaws.com",
	               "CreateGroupMembership");
	assert_str(cmd, "identitystore.create-group-membership");
	ua_cli_command(cmd, sizeof(cmd), "sso.amazonaws.com",
	               "CreateAccountAssignment");
	assert_str(cmd, "sso-admin.create-account-assignment");
	ua_cli_command(cmd, sizeof(cmd), "lambda.amazonaws.com",
	               "GetFunction20150331v2");
	assert_str(cmd, "lambda.get-function");
	/* CloudShell from 2025-09-20: ua/2.1, exec-env, sid */
	ua_write(&sb, UA_CLOUDSHELL, &r, INT64_C(1758326400000), cmd,
	         "6de1aa4bb086");
	assert_true(strncmp(sb.buf, "aws-cli/2.30.0 ", 15) == 0);
	assert_true(strstr(sb.buf, " ua/2.1 ") != NULL);
	assert_true(strstr(sb.buf, " exec-env/CloudShell ") != NULL);
	assert_true(strstr(sb.buf, " sid/6de1aa4bb086 ") != NULL);
	assert_true(strstr(sb.buf, "md/command#lambda.get-function") != NULL);
	/* before April 2024: the legacy form */
	strbuf_reset(&sb);
	ua_write(&sb, UA_CLI_MAC, &r, INT64_C(1704067200000), "sts.x", NULL);
	assert_true(strstr(sb.buf, "command/sts.x") != NULL);
	assert_true(strstr(sb.buf, "ua/2") == NULL);
	strbuf_reset(&sb);
	ua_write(&sb, UA_OKTA, &r, 0, NULL, NULL);
	assert_str(sb.buf, "Okta SCIM Client 1.0.0");
	strbuf_free(&sb);
}

/* Line n (0-based) of sb holds access of this type through group gid
 * (NULL: "group":null) and the text `also`. */
static void
check_row(const strbuf *sb, int n, const char *type, const char *gid,
          const char *also, int line)
{
	const char *p = sb->buf;
	char want[200], row[1024];

	for (; n > 0 && p; n--) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	snprintf(row, sizeof(row), "%.*s", p ? (int)strcspn(p, "\n") : 0,
	         p ? p : "");
	if (gid) {
		snprintf(want, sizeof(want),
		         "\"type\":\"%s\",\"group\":{\"id\":\"%s\"", type, gid);
	} else {
		snprintf(want, sizeof(want), "\"type\":\"%s\",\"group\":null",
		         type);
	}
	if (strstr(row, want) == NULL || strstr(row, also) == NULL) {
		test_failed(__FILE__, line, "row %s\n  want %s and %s", row,
		            want, also);
	}
}

/* Stale access through a group's assignments is its own finding, and
 * rows are ordered by identity, access type, group, account and
 * permission set whatever the order of the script. */
DEFINE_TEST(test_gen_stale)
{
	int64_t t0 = INT64_C(1735689600000); /* 2025-01-01 */
	world *w = world_new("unit", 1, t0, 30);
	int acct = world_account(w, "111122223333", "identity-center", "ic",
	                         "us-east-1", 1);
	int u = world_user_idc(w, "x@example.com", "X", "Y", "x@example.com");
	int g1 = world_group_idc(w, "g-one", "one");
	int g2 = world_group_idc(w, "g-two", "two");
	int ps = world_pset(w, "ReadOnlyAccess");
	int admin =
	        world_actor_sso(w, acct, "admin@example.com", ps, CL_BROWSER);
	const char *lo, *hi; /* the two group ids, in order */
	strbuf sb;

	w->ic_acct = acct;
	w->ic_region = "us-east-1";
	ops_premember(w, g2, u);
	ops_premember(w, g1, u);
	ops_preassign(w, acct, ps, 1, g2);
	ops_preassign(w, acct, ps, 0, u);
	ops_preassign(w, acct, ps, 1, g1);
	ops_disable_user(w, t0 + DAY_MS, admin, CL_BROWSER, u);
	world_finish(w);
	strbuf_init(&sb);
	assert_int(stale_write(w, t0 + 11 * DAY_MS, &sb), ==, 5);
	lo = w->groups[g1].id;
	hi = w->groups[g2].id;
	if (strcmp(lo, hi) > 0) {
		lo = w->groups[g2].id;
		hi = w->groups[g1].id;
	}
	check_row(&sb, 0, "account-assignment", NULL,
	          "\"days_stale\":10,\"severity\":\"medium\"", __LINE__);
	check_row(&sb, 1, "account-assignment", lo,
	          "\"account\":\"111122223333\",\"permission_set\":{\"arn\"",
	          __LINE__);
	check_row(&sb, 2, "account-assignment", hi, "ReadOnlyAccess", __LINE__);
	check_row(&sb, 3, "group-membership", lo,
	          "\"account\":null,\"permission_set\":null", __LINE__);
	check_row(&sb, 4, "group-membership", hi, "x@example.com", __LINE__);
	strbuf_free(&sb);
	world_free(w);
}

/* test_json_tok.c -- the strict tokenizer (json_tok.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "../../src/ingest/json_tok.h"

/* Tokenize doc fully; return "TYPE[:text]" per token, then "END" or
 * "ERR@off:msg". */
static const char *
toks(const char *doc, size_t len)
{
	static const char *const names[] = {"{", "}", "[", "]", "K",
	                                    "S", "N", "T", "F", "n"};
	static char out[8192];
	json_tok_state t;
	json_tok k;
	json_tok_type ty;
	size_t o = 0;

	json_tok_init(&t, doc, len);
	out[0] = '\0';
	while ((ty = json_tok_next(&t, &k)) > JT_END) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s",
		                      names[ty - 1]);
		if (ty == JT_KEY || ty == JT_STRING || ty == JT_NUMBER) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, ":%.*s",
			                      (int)k.len, k.p);
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, " ");
	}
	if (ty == JT_END) {
		snprintf(out + o, sizeof(out) - o, "END");
	} else {
		snprintf(out + o, sizeof(out) - o, "ERR@%zu:%s", t.err_off,
		         t.err_msg);
	}
	return out;
}

#define TOKS(doc) toks(doc, sizeof(doc) - 1)

DEFINE_TEST(test_json_tok_valid)
{
	assert_str(TOKS("{}"), "{ } END");
	assert_str(TOKS(" [ ] "), "[ ] END");
	assert_str(TOKS("{\"a\":[1,-2.5e+3,true,false,null,\"x\"]}"),
	           "{ K:a [ N:1 N:-2.5e+3 T F n S:x ] } END");
	assert_str(TOKS("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""),
	           "S:\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 END");
	assert_str(TOKS("0"), "N:0 END");
	assert_str(TOKS("-0.0e-0"), "N:-0.0e-0 END");
	assert_str(TOKS("123456789012345678901234567890"),
	           "N:123456789012345678901234567890 END");
	assert_str(TOKS("\"caf\xc3\xa9 \xe2\x80\xaf \xf0\x9f\x98\x80\""),
	           "S:caf\xc3\xa9 \xe2\x80\xaf \xf0\x9f\x98\x80 END");
	assert_str(TOKS("{\"k\\u0022\":{\"\":[]}}"),
	           "{ K:k\\u0022 { K: [ ] } } END");
}

DEFINE_TEST(test_json_tok_malformed)
{
	static const struct {
		const char *doc;
		const char *want;
	} cases[] = {
	        {"", "ERR@0:unexpected end of input"},
	        {"   ", "ERR@3:unexpected end of input"},
	        {"{", "{ ERR@1:unexpected end of input"},
	        {"{\"a\"}", "{ K:a ERR@4:expected ':' after object key"},
	        {"{\"a\":1,}",
	         "{ K:a N:1 ERR@7:expected a string key in object"},
	        {"[1,]", "[ N:1 ERR@3:unexpected character (a value was "
	                 "expected)"},
	        {"[1 2]", "[ N:1 ERR@3:expected ',' or ']'"},
	        {"{\"a\":1]", "{ K:a N:1 ERR@6:expected ',' or '}'"},
	        {"{a:1}", "{ ERR@1:expected a string key in object"},
	        {"[01]", "[ ERR@2:leading zero in number"},
	        {"[-]", "[ ERR@2:invalid number (digit wanted)"},
	        {"[1.]", "[ ERR@3:invalid number (digit wanted after '.')"},
	        {"[.5]", "[ ERR@1:unexpected character (a value was expected)"},
	        {"[1e]", "[ ERR@3:invalid number (digit wanted in exponent)"},
	        {"[+1]", "[ ERR@1:unexpected character (a value was expected)"},
	        {"[NaN]",
	         "[ ERR@1:unexpected character (a value was expected)"},
	        {"[tru]", "[ ERR@4:invalid literal"},
	        {"[TRUE]", "[ ERR@1:unexpected character (a value was "
	                   "expected)"},
	        {"[nulls]", "[ n ERR@5:expected ',' or ']'"},
	        {"\"\\x\"", "ERR@1:invalid escape in string"},
	        {"\"\\u12\"", "ERR@1:invalid \\u escape (four hex digits "
	                      "wanted)"},
	        {"\"\\udc00\"", "ERR@1:unpaired surrogate escape (low half "
	                        "alone)"},
	        {"\"\\ud800\"", "ERR@1:unpaired surrogate escape (high half "
	                        "alone)"},
	        {"\"\\ud800\\u0041\"", "ERR@1:unpaired surrogate escape (high "
	                               "half alone)"},
	        {"\"a\tb\"", "ERR@2:control character in string"},
	        {"\"abc", "ERR@4:unexpected end of input in a string"},
	        {"\"\xc0\xaf\"", "ERR@1:invalid UTF-8 in string"},
	        {"\"\xed\xa0\x80\"", "ERR@1:invalid UTF-8 in string"},
	        {"\"\xf4\x90\x80\x80\"", "ERR@1:invalid UTF-8 in string"},
	        {"\"\xe2\x82\"", "ERR@1:invalid UTF-8 in string"},
	        {"\"\x80\"", "ERR@1:invalid UTF-8 in string"},
	        {"\xef\xbb\xbf{}", "ERR@0:unexpected character (a value was "
	                           "expected)"},
	        {"{} {}", "{ } ERR@3:trailing data after JSON value"},
	        {"{}x", "{ } ERR@2:trailing data after JSON value"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = toks(cases[i].doc, strlen(cases[i].doc));

		if (strcmp(got, cases[i].want) != 0) {
			test_failed(__FILE__, __LINE__,
			            "case %zu\n  doc  %s\n  got  %s\n  want %s",
			            i, cases[i].doc, got, cases[i].want);
		}
	}
	/* a NUL byte inside a string is a control character */
	assert_str(toks("\"a\0b\"", 5), "ERR@2:control character in string");
}

DEFINE_TEST(test_json_tok_depth)
{
	char doc[2 * JSON_TOK_MAX_DEPTH + 4];
	size_t n = 0;

	for (int i = 0; i < JSON_TOK_MAX_DEPTH; i++) {
		doc[n++] = '[';
	}
	for (int i = 0; i < JSON_TOK_MAX_DEPTH; i++) {
		doc[n++] = ']';
	}
	assert_true(strstr(toks(doc, n), "END") != NULL);
	memmove(doc + 1, doc, n);
	doc[0] = '[';
	doc[n + 1] = ']';
	assert_true(strstr(toks(doc, n + 2), "ERR@512:nesting deeper than "
	                                     "512") != NULL);
}

DEFINE_TEST(test_json_tok_skip_and_offsets)
{
	const char *doc = "{\"a\":{\"b\":[1,{\"c\":\"}\"}]},\"d\":\"x\","
	                  "\"e\":12}";
	json_tok_state t;
	json_tok k, v;
	size_t end;

	json_tok_init(&t, doc, strlen(doc));
	assert_int(json_tok_next(&t, &k), ==, JT_OBJ_BEGIN);
	assert_int(k.depth, ==, 0);
	assert_int(json_tok_next(&t, &k), ==, JT_KEY);
	assert_int(k.depth, ==, 1);
	assert_int(k.off, ==, 1);
	assert_int(json_tok_next(&t, &v), ==, JT_OBJ_BEGIN);
	assert_int(v.depth, ==, 1);
	assert_int(json_tok_skip(&t, &v, &end), ==, JT_OBJ_END);
	assert_int(end, ==, 24);
	assert_int(doc[end - 1], ==, '}');
	assert_int(json_tok_next(&t, &k), ==, JT_KEY);
	assert_true(json_tok_eq(&k, "d"));
	assert_int(json_tok_next(&t, &v), ==, JT_STRING);
	assert_int(json_tok_skip(&t, &v, &end), ==, JT_STRING);
	assert_int(end, ==, 32);
	assert_int(json_tok_next(&t, &k), ==, JT_KEY);
	assert_int(json_tok_next(&t, &v), ==, JT_NUMBER);
	assert_int(json_tok_skip(&t, &v, &end), ==, JT_NUMBER);
	assert_int(end, ==, strlen(doc) - 1);
	assert_int(json_tok_next(&t, &k), ==, JT_OBJ_END);
	assert_int(json_tok_next(&t, &k), ==, JT_END);
	assert_int(json_tok_next(&t, &k), ==, JT_END);
	/* skip validates: an error inside the skipped value is reported */
	doc = "{\"a\":[1,{\"b\":tru}],\"c\":1}";
	json_tok_init(&t, doc, strlen(doc));
	json_tok_next(&t, &k);
	json_tok_next(&t, &k);
	json_tok_next(&t, &v);
	assert_int(json_tok_skip(&t, &v, NULL), ==, JT_ERROR);
	assert_int(t.err_off, ==, 16);
	assert_int(json_tok_next(&t, &k), ==, JT_ERROR);
}

DEFINE_TEST(test_json_tok_unescape)
{
	strbuf sb;
	json_tok_state t;
	json_tok k;
	const char *doc =
	        "\"\\\"a\\\\b\\/c\\n\\u0000\\u00e9\\u20ac\\ud83d\\ude00"
	        "\\uD834\\uDD1E\"";

	strbuf_init(&sb);
	json_tok_init(&t, doc, strlen(doc));
	assert_int(json_tok_next(&t, &k), ==, JT_STRING);
	assert_true(k.escaped);
	assert_int(json_tok_unescape(k.p, k.len, &sb), ==, 0);
	assert_mem(sb.buf, sb.len,
	           "\"a\\b/c\n\0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
	           "\xf0\x9d\x84\x9e",
	           21);
	strbuf_reset(&sb);
	assert_int(json_tok_unescape("a\\q", 3, &sb), ==, -1);
	json_tok_init(&t, "\"ev\\u0065ntID\"", 14);
	json_tok_next(&t, &k);
	assert_true(json_tok_eq(&k, "eventID"));
	assert_true(!json_tok_eq(&k, "eventId"));
	strbuf_free(&sb);
}

DEFINE_TEST(test_json_tok_truncations)
{
	/* every prefix of a realistic record is an error, never END */
	const char *rec =
	        "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":"
	        "\"AssumedRole\",\"sessionContext\":{\"attributes\":{"
	        "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":"
	        "\"2025-10-08T18:30:50Z\",\"requestParameters\":{\"key\":"
	        "\"caf\\u00e9 \\\"x\\\"\",\"n\":[1,2.5e3,true,null]},"
	        "\"readOnly\":false}";
	size_t n = strlen(rec);
	json_tok_state t;
	json_tok k;
	json_tok_type ty;

	for (size_t len = 0; len < n; len++) {
		json_tok_init(&t, rec, len);
		while ((ty = json_tok_next(&t, &k)) > JT_END) {
		}
		if (ty != JT_ERROR) {
			test_failed(__FILE__, __LINE__, "prefix %zu gave %d",
			            len, ty);
		}
	}
	json_tok_init(&t, rec, n);
	while ((ty = json_tok_next(&t, &k)) > JT_END) {
	}
	assert_int(ty, ==, JT_END);
}

DEFINE_TEST(test_json_tok_utf8_check)
{
	size_t bad = 0;

	assert_int(json_tok_utf8_check("abc \xc3\xa9", 6, &bad), ==, 0);
	assert_int(json_tok_utf8_check("ab\xff", 3, &bad), ==, -1);
	assert_int(bad, ==, 2);
}

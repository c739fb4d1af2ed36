/* test_json_tok.c -- the strict JSON tokenizer: tokens, offsets and
 * depths, every escape and UTF-8 rule, the number grammar, nesting
 * limits, json_tok_skip() from every kind of token, unescaping, and every
 * truncation of real CloudTrail records.  Malformed inputs are tables of
 * (document, error offset, message); each is run both by pulling tokens
 * and by skipping from the first token, which must agree. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "../../src/ingest/json_tok.h"
#include "../../src/util/strbuf.h"

/* A document given as a literal, NULs and all. */
#define DOC(s) s, sizeof(s) - 1

typedef struct bad_case {
	const char *doc;
	size_t len;
	size_t off;      /* expected err_off */
	const char *msg; /* expected err_msg */
} bad_case;

/* Pull every token; return the final type, with the error if any. */
static json_tok_type
pull_all(const char *doc, size_t len, size_t *n_toks, size_t *err_off,
         const char **err_msg)
{
	json_tok_state t;
	json_tok tok;
	size_t n = 0;

	json_tok_init(&t, doc, len);
	while (json_tok_next(&t, &tok) > JT_END) {
		n++;
	}
	if (n_toks != NULL) {
		*n_toks = n;
	}
	*err_off = t.err_off;
	*err_msg = t.err_msg;
	return tok.type;
}

/* Read the first token and json_tok_skip() the rest of the value; then
 * the document must end.  Returns the final type like pull_all(). */
static json_tok_type
skip_all(const char *doc, size_t len, size_t *err_off, const char **err_msg)
{
	json_tok_state t;
	json_tok tok;

	json_tok_init(&t, doc, len);
	if (json_tok_next(&t, &tok) > JT_END &&
	    json_tok_skip(&t, &tok, NULL) != JT_ERROR) {
		json_tok_next(&t, &tok);
	}
	*err_off = t.err_off;
	*err_msg = t.err_msg;
	return t.done;
}

static int
accepts(const char *doc, size_t len)
{
	size_t off, off2;
	const char *msg, *msg2;
	json_tok_type a = pull_all(doc, len, NULL, &off, &msg);
	json_tok_type b = skip_all(doc, len, &off2, &msg2);

	if (a != b) {
		test_failed(__FILE__, __LINE__, "pull %d, skip %d on '%.*s'", a,
		            b, (int)len, doc);
	}
	return a == JT_END;
}

/* Check a table of malformed documents, pulled and skipped. */
static void
check_bad(const bad_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const bad_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->doc);
		size_t off = 0, off2 = 0;
		const char *msg = NULL, *msg2 = NULL;
		json_tok_type a = pull_all(c->doc, len, NULL, &off, &msg);
		json_tok_type b = skip_all(c->doc, len, &off2, &msg2);

		if (a != JT_ERROR || off != c->off || msg == NULL ||
		    strcmp(msg, c->msg) != 0) {
			test_failed(__FILE__, __LINE__,
			            "case %zu '%.*s': got %d at %zu \"%s\", "
			            "want error at %zu \"%s\"",
			            i, (int)len, c->doc, a, off, msg ? msg : "",
			            c->off, c->msg);
		}
		if (b != JT_ERROR || off2 != off || msg2 == NULL ||
		    msg == NULL || strcmp(msg, msg2) != 0) {
			test_failed(
			        __FILE__, __LINE__,
			        "case %zu '%.*s': skip gave %d at %zu \"%s\"",
			        i, (int)len, c->doc, b, off2, msg2 ? msg2 : "");
		}
	}
}

DEFINE_TEST(test_json_tok_tokens)
{
	static const char doc[] =
	        " {\"a\" : [ 1 , \"x\\n\" ,true,false,null,-2.5e3 ] ,\n"
	        "\t\"b\":{}, \"c\":[]}\r\n";
	static const struct {
		json_tok_type type;
		size_t off;
		int depth;
		const char *text; /* p[0..len) */
		int escaped;
	} want[] = {
	        {JT_OBJ_BEGIN, 1, 0, "{", 0},    {JT_KEY, 2, 1, "a", 0},
	        {JT_ARR_BEGIN, 8, 1, "[", 0},    {JT_NUMBER, 10, 2, "1", 0},
	        {JT_STRING, 14, 2, "x\\n", 1},   {JT_TRUE, 21, 2, "true", 0},
	        {JT_FALSE, 26, 2, "false", 0},   {JT_NULL, 32, 2, "null", 0},
	        {JT_NUMBER, 37, 2, "-2.5e3", 0}, {JT_ARR_END, 44, 1, "]", 0},
	        {JT_KEY, 49, 1, "b", 0},         {JT_OBJ_BEGIN, 53, 1, "{", 0},
	        {JT_OBJ_END, 54, 1, "}", 0},     {JT_KEY, 57, 1, "c", 0},
	        {JT_ARR_BEGIN, 61, 1, "[", 0},   {JT_ARR_END, 62, 1, "]", 0},
	        {JT_OBJ_END, 63, 0, "}", 0},
	};
	json_tok_state t;
	json_tok tok;

	json_tok_init(&t, doc, sizeof(doc) - 1);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int(json_tok_next(&t, &tok), ==, want[i].type);
		assert_int(tok.type, ==, want[i].type);
		assert_int(tok.off, ==, want[i].off);
		assert_int(tok.depth, ==, want[i].depth);
		assert_int(tok.escaped, ==, want[i].escaped);
		assert_mem(tok.p, tok.len, want[i].text, strlen(want[i].text));
		if (tok.type == JT_KEY || tok.type == JT_STRING) {
			assert_true(tok.p == doc + tok.off + 1);
		} else {
			assert_true(tok.p == doc + tok.off);
		}
	}
	assert_int(json_tok_next(&t, &tok), ==, JT_END);
	assert_int(tok.off, ==, sizeof(doc) - 1);
	assert_int(t.done, ==, JT_END);
	/* JT_END is sticky. */
	assert_int(json_tok_next(&t, &tok), ==, JT_END);
	assert_int(json_tok_next(&t, &tok), ==, JT_END);
	assert_true(t.err_msg == NULL);
}

DEFINE_TEST(test_json_tok_scalars_at_top)
{
	static const struct {
		const char *doc;
		json_tok_type type;
	} cases[] = {
	        {"0", JT_NUMBER},      {" 7 ", JT_NUMBER},
	        {"\"\"", JT_STRING},   {"true", JT_TRUE},
	        {"false\n", JT_FALSE}, {"null", JT_NULL},
	        {"{}", JT_OBJ_BEGIN},  {"[]", JT_ARR_BEGIN},
	};
	json_tok_state t;
	json_tok tok;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_tok_init(&t, cases[i].doc, strlen(cases[i].doc));
		assert_int(json_tok_next(&t, &tok), ==, cases[i].type);
		assert_int(tok.depth, ==, 0);
		if (tok.type == JT_OBJ_BEGIN || tok.type == JT_ARR_BEGIN) {
			assert_int(json_tok_next(&t, &tok), ==,
			           cases[i].type + 1);
			assert_int(tok.depth, ==, 0);
		}
		assert_int(json_tok_next(&t, &tok), ==, JT_END);
	}
	/* Empty containers at depth, and an empty key. */
	assert_true(accepts(DOC("[[],{},[[]],{\"\":{}}]")));
	assert_true(accepts(DOC("{\"\":\"\"}")));
}

DEFINE_TEST(test_json_tok_whitespace)
{
	json_tok_state t;
	json_tok tok;

	/* All four whitespace bytes, everywhere whitespace may go. */
	assert_true(
	        accepts(DOC(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1"
	                    " \t\r\n, \t\r\nnull \t\r\n] \t\r\n, \t\r\n\"b\""
	                    ":\"\" \t\r\n} \t\r\n")));
	static const bad_case bad[] = {
	        /* Not JSON whitespace: \f, \v, NBSP (C2 A0), NUL. */
	        {"\f1", 0, 0, "expected a JSON value"},
	        {"[1,\v2]", 0, 3, "expected a JSON value"},
	        {"[1\xc2\xa0]", 0, 2, "expected ',' or ']'"},
	        {DOC("1\0"), 1, "trailing data after JSON value"},
	        {DOC("{\"a\":1}\0"), 7, "trailing data after JSON value"},
	};
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
	/* An empty buffer, and one of only whitespace. */
	json_tok_init(&t, "", 0);
	assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
	assert_int(t.err_off, ==, 0);
	assert_str(t.err_msg, "unexpected end of input");
	json_tok_init(&t, " \n\t", 3);
	assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
	assert_int(t.err_off, ==, 3);
	assert_str(t.err_msg, "unexpected end of input");
	/* A NULL buffer of length 0 is an empty document, not a crash. */
	json_tok_init(&t, NULL, 0);
	assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
}

DEFINE_TEST(test_json_tok_trailing_and_bom)
{
	static const bad_case bad[] = {
	        {"\xef\xbb\xbf{}", 0, 0, "byte-order mark is not JSON"},
	        {"\xef\xbb\xbf", 0, 0, "byte-order mark is not JSON"},
	        {" \xef\xbb\xbf{}", 0, 1, "expected a JSON value"},
	        {"{}\xef\xbb\xbf", 0, 2, "trailing data after JSON value"},
	        {"{} {}", 0, 3, "trailing data after JSON value"},
	        {"[1]]", 0, 3, "trailing data after JSON value"},
	        {"{}}", 0, 2, "trailing data after JSON value"},
	        {"1 2", 0, 2, "trailing data after JSON value"},
	        {"\"a\"\"b\"", 0, 3, "trailing data after JSON value"},
	        {"nulls", 0, 4, "trailing data after JSON value"},
	        {"true false", 0, 5, "trailing data after JSON value"},
	        {"{\"a\":1}x", 0, 7, "trailing data after JSON value"},
	        {"{\"a\":1}\n\n,", 0, 9, "trailing data after JSON value"},
	};
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
}

DEFINE_TEST(test_json_tok_escapes)
{
	static const struct {
		const char *doc;  /* a JSON string, quotes included */
		const char *want; /* decoded bytes */
		size_t want_len;
	} cases[] = {
	        {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", DOC("\"\\/\b\f\n\r\t")},
	        {"\"\\u0000\"", DOC("\0")},
	        {"\"a\\u0000b\"", DOC("a\0b")},
	        {"\"\\u001f\\u0020\\u007F\"", DOC("\x1f \x7f")},
	        {"\"\\u0080\\u07ff\"", DOC("\xc2\x80\xdf\xbf")},
	        {"\"\\u0800\\uFFFF\\uffFe\"", DOC("\xe0\xa0\x80\xef\xbf\xbf"
	                                          "\xef\xbf\xbe")},
	        {"\"\\ud7ff\\ue000\"", DOC("\xed\x9f\xbf\xee\x80\x80")},
	        /* Surrogate pairs: the first and last astral code points. */
	        {"\"\\uD800\\uDC00\"", DOC("\xf0\x90\x80\x80")},
	        {"\"\\udbff\\udfff\"", DOC("\xf4\x8f\xbf\xbf")},
	        {"\"x\\ud83d\\ude00y\"", DOC("x\xf0\x9f\x98\x80y")},
	        /* Lone surrogates, which JSON's grammar allows (RFC 8259
	         * section 8.2) and attacker-set fields such as userAgent can
	         * hold: lone high, lone low, high + non-low, reversed pair,
	         * high + high, high + simple escape.  Each decodes to U+FFFD
	         * (the record keeps its bytes as found). */
	        {"\"\\ud800\"", DOC("\xef\xbf\xbd")},
	        {"\"a\\udbff b\"", DOC("a\xef\xbf\xbd b")},
	        {"\"aws-cli/2.0 \\udc00\"", DOC("aws-cli/2.0 \xef\xbf\xbd")},
	        {"\"\\ud800\\u0041\"", DOC("\xef\xbf\xbd"
	                                   "A")},
	        {"\"\\ude00\\ud83d\"", DOC("\xef\xbf\xbd\xef\xbf\xbd")},
	        {"\"\\ud800\\ud800\\udc00\"",
	         DOC("\xef\xbf\xbd\xf0\x90\x80\x80")},
	        {"\"\\ud800\\n\"", DOC("\xef\xbf\xbd\n")},
	        /* Escapes next to raw UTF-8, and a lone '/' unescaped. */
	        {"\"\xc3\xa9\\u00e9/\"", DOC("\xc3\xa9\xc3\xa9/")},
	        /* A long string: the fast loop's 16-byte steps. */
	        {"\"0123456789abcdef0123456789abcdef\\n0123456789abcdef\"",
	         DOC("0123456789abcdef0123456789abcdef\n0123456789abcdef")},
	};
	json_tok_state t;
	json_tok tok;
	strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_tok_init(&t, cases[i].doc, strlen(cases[i].doc));
		assert_int(json_tok_next(&t, &tok), ==, JT_STRING);
		assert_true(tok.escaped ==
		            (strchr(cases[i].doc, '\\') != NULL));
		strbuf_reset(&sb);
		assert_int(json_tok_unescape(tok.p, tok.len, &sb), ==, 0);
		assert_mem(sb.buf, sb.len, cases[i].want, cases[i].want_len);
		assert_int(json_tok_next(&t, &tok), ==, JT_END);
	}
	strbuf_free(&sb);
}

DEFINE_TEST(test_json_tok_string_errors)
{
	static const bad_case bad[] = {
	        /* Unknown escapes, reported at the backslash. */
	        {"\"\\x\"", 0, 1, "invalid escape in string"},
	        {"\"ab\\a\"", 0, 3, "invalid escape in string"},
	        {"\"\\017\"", 0, 1, "invalid escape in string"},
	        {"\"\\U0041\"", 0, 1, "invalid escape in string"},
	        {"\"\\'\"", 0, 1, "invalid escape in string"},
	        {"\"\\\xc3\xa9\"", 0, 1, "invalid escape in string"},
	        {"\"\\u00G0\"", 0, 1, "invalid \\u escape in string"},
	        {"\"\\u12\"", 0, 1, "invalid \\u escape in string"},
	        {"\"\\u-123\"", 0, 1, "invalid \\u escape in string"},
	        /* A lone surrogate is valid; the escape after it is still
	         * checked, at its own backslash. */
	        {"\"\\ud800\\uZZZZ\"", 0, 7, "invalid \\u escape in string"},
	        {"\"\\udc00\\x\"", 0, 7, "invalid escape in string"},
	        {"\"x\\ud83d\\udE0\"", 0, 8, "invalid \\u escape in string"},
	        /* Raw control characters (DEL 0x7f is allowed). */
	        {"\"a\nb\"", 0, 2, "control character in string"},
	        {"\"\t\"", 0, 1, "control character in string"},
	        {"\"\x1f\"", 0, 1, "control character in string"},
	        {DOC("\"\0\""), 1, "control character in string"},
	        {"[\"0123456789abcdefghij\x01\"]", 0, 22,
	         "control character in string"},
	        /* Unterminated. */
	        {"\"abc", 0, 4, "unexpected end of input"},
	        {"\"abc\\", 0, 5, "unexpected end of input"},
	        {"\"abc\\\"", 0, 6, "unexpected end of input"},
	        {"\"\\u00", 0, 5, "unexpected end of input"},
	        {"\"\\ud83d", 0, 7, "unexpected end of input"},
	        {"\"\\ud83d\\", 0, 8, "unexpected end of input"},
	        {"\"\\ud83d\\u", 0, 9, "unexpected end of input"},
	        {"\"\\ud83d\\ude0", 0, 12, "unexpected end of input"},
	        /* Single quotes are not strings. */
	        {"'a'", 0, 0, "expected a JSON value"},
	};
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
	assert_true(accepts(DOC("\"\x7f\"")));
}

/* UTF-8 cases, each both inside a JSON string and through
 * json_tok_utf8_check(); bad offsets are relative to the raw bytes. */
static const struct {
	const char *s;
	int ok;
	size_t bad; /* first bad byte (the lead byte of the sequence) */
} utf8_cases[] = {
        {"plain ascii", 1, 0},
        {"\xc2\x80", 1, 0},         /* U+0080 */
        {"\xdf\xbf", 1, 0},         /* U+07FF */
        {"\xe0\xa0\x80", 1, 0},     /* U+0800 */
        {"\xed\x9f\xbf", 1, 0},     /* U+D7FF */
        {"\xee\x80\x80", 1, 0},     /* U+E000 */
        {"\xef\xbf\xbf", 1, 0},     /* U+FFFF */
        {"\xf0\x90\x80\x80", 1, 0}, /* U+10000 */
        {"\xf4\x8f\xbf\xbf", 1, 0}, /* U+10FFFF */
        {"a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 1, 0},
        /* Overlong forms of '/', U+07FF and U+FFFF. */
        {"\xc0\xaf", 0, 0},
        {"\xc1\xbf", 0, 0},
        {"x\xe0\x9f\xbf", 0, 1},
        {"\xe0\x80\xaf", 0, 0},
        {"\xf0\x8f\xbf\xbf", 0, 0},
        {"\xf0\x80\x80\xaf", 0, 0},
        /* Surrogates encoded in UTF-8. */
        {"\xed\xa0\x80", 0, 0},
        {"ab\xed\xbf\xbf", 0, 2},
        {"\xed\xa0\xbd\xed\xb8\x80", 0, 0},
        /* Above U+10FFFF, and bytes that never occur. */
        {"\xf4\x90\x80\x80", 0, 0},
        {"\xf5\x80\x80\x80", 0, 0},
        {"\xf7\xbf\xbf\xbf", 0, 0},
        {"\xf8\x88\x80\x80\x80", 0, 0},
        {"\xfc\x84\x80\x80\x80\x80", 0, 0},
        {"\xfe", 0, 0},
        {"\xff", 0, 0},
        /* Truncated sequences. */
        {"\xc3", 0, 0},
        {"\xe2\x82", 0, 0},
        {"\xf0\x9f\x98", 0, 0},
        {"\xc3z", 0, 0},
        {"\xe2\x82z", 0, 0},
        {"\xf0\x9f\x98z", 0, 0},
        {"\xe2z\x82", 0, 0},
        /* Stray continuation bytes. */
        {"\x80", 0, 0},
        {"\xbf", 0, 0},
        {"a\xc3\xa9\xa9", 0, 3},
        {"\xf0\x9f\x98\x80\x80", 0, 4},
        /* The bad byte after a long ASCII run (the 8-byte fast path). */
        {"0123456789abcdefghijklmnopqrstu\xc0\x80", 0, 31},
};

DEFINE_TEST(test_json_tok_utf8)
{
	char doc[128];

	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]);
	     i++) {
		const char *s = utf8_cases[i].s;
		size_t len = strlen(s), bad = 999, off = 0;
		const char *msg = NULL;
		json_tok_type type;

		assert_int(json_tok_utf8_check(s, len, &bad), ==,
		           utf8_cases[i].ok ? 0 : -1);
		if (!utf8_cases[i].ok) {
			assert_int(bad, ==, utf8_cases[i].bad);
		}
		/* As a key and as a value; offsets shift by the prefix. */
		snprintf(doc, sizeof(doc), "{\"%s\":\"%s\"}", s, s);
		type = pull_all(doc, strlen(doc), NULL, &off, &msg);
		if (utf8_cases[i].ok) {
			assert_int(type, ==, JT_END);
			assert_true(accepts(doc, strlen(doc)));
		} else {
			assert_int(type, ==, JT_ERROR);
			assert_int(off, ==, 2 + utf8_cases[i].bad);
			assert_str(msg, "invalid UTF-8 in string");
		}
		snprintf(doc, sizeof(doc), "[\"\",\"%s\"]", s);
		type = pull_all(doc, strlen(doc), NULL, &off, &msg);
		assert_int(type, ==, utf8_cases[i].ok ? JT_END : JT_ERROR);
		if (!utf8_cases[i].ok) {
			assert_int(off, ==, 5 + utf8_cases[i].bad);
		}
	}
	/* A sequence cut by the end of the buffer is bad at its lead byte. */
	{
		size_t bad = 999;

		assert_int(json_tok_utf8_check("ab\xe2\x82\xac", 4, &bad), ==,
		           -1);
		assert_int(bad, ==, 2);
		assert_int(json_tok_utf8_check("", 0, &bad), ==, 0);
	}
}

DEFINE_TEST(test_json_tok_numbers)
{
	static const char *const good[] = {
	        "0",
	        "-0",
	        "1",
	        "-1",
	        "10",
	        "1234567890",
	        "0.5",
	        "-0.0",
	        "1.25",
	        "1e5",
	        "1E5",
	        "1e+5",
	        "1e-5",
	        "1E-05",
	        "0e0",
	        "-0.0e-0",
	        "1.5e308",
	        "2.2250738585072014e-308",
	        "123456789012345678901234567890123456789012345678901234567890",
	        "1e999999999999999999",
	        "-1e-999999999999",
	        "0.000000000001",
	        "9007199254740993",
	        "-9223372036854775809",
	        "3.14159265358979323846264338327950288419716939937510582097",
	};
	json_tok_state t;
	json_tok tok;
	char doc[256];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		/* Alone, where the end of input ends the number ... */
		json_tok_init(&t, good[i], strlen(good[i]));
		assert_int(json_tok_next(&t, &tok), ==, JT_NUMBER);
		assert_mem(tok.p, tok.len, good[i], strlen(good[i]));
		assert_int(json_tok_next(&t, &tok), ==, JT_END);
		/* ... and in containers, where a delimiter does. */
		snprintf(doc, sizeof(doc), "[%s,{\"n\":%s}]", good[i], good[i]);
		assert_true(accepts(doc, strlen(doc)));
		json_tok_init(&t, doc, strlen(doc));
		json_tok_next(&t, &tok);
		assert_int(json_tok_next(&t, &tok), ==, JT_NUMBER);
		assert_int(tok.off, ==, 1);
		assert_mem(tok.p, tok.len, good[i], strlen(good[i]));
	}
}

DEFINE_TEST(test_json_tok_number_errors)
{
	static const bad_case bad[] = {
	        {"01", 0, 1, "leading zero in number"},
	        {"-01", 0, 2, "leading zero in number"},
	        {"00", 0, 1, "leading zero in number"},
	        {"[00.5]", 0, 2, "leading zero in number"},
	        {"-00e0", 0, 2, "leading zero in number"},
	        {"-", 0, 1, "unexpected end of input"},
	        {"[-]", 0, 2, "expected digit after '-'"},
	        {"-a", 0, 1, "expected digit after '-'"},
	        {"- 1", 0, 1, "expected digit after '-'"},
	        {"--1", 0, 1, "expected digit after '-'"},
	        {"-.5", 0, 1, "expected digit after '-'"},
	        {"1.", 0, 2, "unexpected end of input"},
	        {"[1.]", 0, 3, "expected digit after '.'"},
	        {"1.e5", 0, 2, "expected digit after '.'"},
	        {"1..2", 0, 2, "expected digit after '.'"},
	        {".5", 0, 0, "expected a JSON value"},
	        {"[.5]", 0, 1, "expected a JSON value"},
	        {"1e", 0, 2, "unexpected end of input"},
	        {"[1e]", 0, 3, "expected digit in exponent"},
	        {"[1E+]", 0, 4, "expected digit in exponent"},
	        {"[1e-x]", 0, 4, "expected digit in exponent"},
	        {"1e+-1", 0, 3, "expected digit in exponent"},
	        {"1.5e", 0, 4, "unexpected end of input"},
	        {"+1", 0, 0, "expected a JSON value"},
	        {"[+1]", 0, 1, "expected a JSON value"},
	        {"NaN", 0, 0, "expected a JSON value"},
	        {"-NaN", 0, 1, "expected digit after '-'"},
	        {"Infinity", 0, 0, "expected a JSON value"},
	        {"-Infinity", 0, 1, "expected digit after '-'"},
	        {"[Infinity]", 0, 1, "expected a JSON value"},
	        {"0x1F", 0, 1, "trailing data after JSON value"},
	        {"[0x1F]", 0, 2, "expected ',' or ']'"},
	        {"1.5.5", 0, 3, "trailing data after JSON value"},
	        {"1e5e5", 0, 3, "trailing data after JSON value"},
	        {"[1 000]", 0, 3, "expected ',' or ']'"},
	        {"{\"a\":1a}", 0, 6, "expected ',' or '}'"},
	        {"\xef\xbc\x91", 0, 0, "expected a JSON value"},
	};
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
}

DEFINE_TEST(test_json_tok_literals)
{
	static const bad_case bad[] = {
	        {"tru", 0, 3, "unexpected end of input"},
	        {"t", 0, 1, "unexpected end of input"},
	        {"[tru]", 0, 4, "invalid literal"},
	        {"trUe", 0, 2, "invalid literal"},
	        {"TRUE", 0, 0, "expected a JSON value"},
	        {"True", 0, 0, "expected a JSON value"},
	        {"fals", 0, 4, "unexpected end of input"},
	        {"falsy", 0, 4, "invalid literal"},
	        {"nul", 0, 3, "unexpected end of input"},
	        {"nil", 0, 1, "invalid literal"},
	        {"NULL", 0, 0, "expected a JSON value"},
	        {"nulls", 0, 4, "trailing data after JSON value"},
	        {"[nulls]", 0, 5, "expected ',' or ']'"},
	        {"[truefalse]", 0, 5, "expected ',' or ']'"},
	        {"undefined", 0, 0, "expected a JSON value"},
	};
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
	assert_true(accepts(DOC("[true,false,null]")));
	assert_true(accepts(DOC("{\"t\":true,\"f\":false,\"n\":null}")));
}

/* Build n nested containers, alternating '[' and {"k": ... }, around a 0. */
static char *
nest(int n, int objects, size_t *len)
{
	char *doc = malloc((size_t)n * 6 + 2), *p = doc;

	for (int i = 0; i < n; i++) {
		if (objects && i % 2) {
			memcpy(p, "{\"k\":", 5);
			p += 5;
		} else {
			*p++ = '[';
		}
	}
	*p++ = '0';
	for (int i = n - 1; i >= 0; i--) {
		*p++ = objects && i % 2 ? '}' : ']';
	}
	*len = (size_t)(p - doc);
	return doc;
}

DEFINE_TEST(test_json_tok_depth)
{
	for (int objects = 0; objects < 2; objects++) {
		size_t len, off, n_toks;
		const char *msg;
		char *doc = nest(JSON_TOK_MAX_DEPTH, objects, &len);
		json_tok_state t;
		json_tok tok;
		int max = -1;

		assert_int(pull_all(doc, len, &n_toks, &off, &msg), ==, JT_END);
		assert_true(accepts(doc, len));
		json_tok_init(&t, doc, len);
		while (json_tok_next(&t, &tok) > JT_END) {
			max = tok.depth > max ? tok.depth : max;
		}
		/* The 0 sits inside all 512 containers. */
		assert_int(max, ==, JSON_TOK_MAX_DEPTH);
		free(doc);

		doc = nest(JSON_TOK_MAX_DEPTH + 1, objects, &len);
		assert_int(pull_all(doc, len, NULL, &off, &msg), ==, JT_ERROR);
		assert_str(msg, "nesting deeper than 512");
		/* At the 513th opening bracket. */
		assert_int(off, ==, objects ? 256 * 6 : 512);
		assert_int(skip_all(doc, len, &off, &msg), ==, JT_ERROR);
		assert_str(msg, "nesting deeper than 512");
		assert_int(off, ==, objects ? 256 * 6 : 512);
		free(doc);
	}
}

/* Tokens of a whole document, for comparing skip against pull. */
typedef struct toks {
	json_tok v[256];
	size_t n;
} toks;

static void
pull_into(const char *doc, size_t len, toks *out)
{
	json_tok_state t;

	json_tok_init(&t, doc, len);
	out->n = 0;
	while (out->n < 256 && json_tok_next(&t, &out->v[out->n]) > JT_END) {
		out->n++;
	}
}

/* Index of the last token of the value starting at token i. */
static size_t
value_end(const toks *all, size_t i)
{
	int level = 0;

	if (all->v[i].type == JT_KEY) {
		i++;
	}
	if (all->v[i].type != JT_OBJ_BEGIN && all->v[i].type != JT_ARR_BEGIN) {
		return i;
	}
	for (;; i++) {
		json_tok_type ty = all->v[i].type;

		level += ty == JT_OBJ_BEGIN || ty == JT_ARR_BEGIN;
		level -= ty == JT_OBJ_END || ty == JT_ARR_END;
		if (level == 0) {
			return i;
		}
	}
}

static size_t
raw_end(const json_tok *tok)
{
	int str = tok->type == JT_KEY || tok->type == JT_STRING;

	return tok->off + tok->len + (str ? 2 : 0);
}

/* For every token of doc: pull up to it, skip, and check the type
 * returned, end_off and that pulling goes on exactly as without it. */
static void
check_skip_everywhere(const char *doc, size_t len)
{
	toks all;

	pull_into(doc, len, &all);
	assert_true(all.n > 0 && all.n < 256);
	for (size_t i = 0; i < all.n; i++) {
		size_t j = value_end(&all, i), end_off = 0;
		json_tok_state t;
		json_tok tok;

		json_tok_init(&t, doc, len);
		for (size_t k = 0; k <= i; k++) {
			json_tok_next(&t, &tok);
		}
		assert_int(json_tok_skip(&t, &tok, &end_off), ==,
		           all.v[j].type);
		assert_int(end_off, ==, raw_end(&all.v[j]));
		for (size_t k = j + 1; k < all.n; k++) {
			assert_int(json_tok_next(&t, &tok), ==, all.v[k].type);
			assert_int(tok.off, ==, all.v[k].off);
			assert_int(tok.depth, ==, all.v[k].depth);
		}
		assert_int(json_tok_next(&t, &tok), ==, JT_END);
	}
}

static const char embedded_record[] =
        "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\","
        "\"principalId\":\"AROAEXAMPLE:j\\u00f6rg@example.com\",\"arn\":"
        "\"arn:aws:sts::111122223333:assumed-role/Admin/j\xc3\xb6rg\","
        "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE\","
        "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
        "\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::"
        "111122223333:role/Admin\",\"accountId\":\"111122223333\","
        "\"userName\":\"Admin\"},\"webIdFederationData\":{},\"attributes\":"
        "{\"creationDate\":\"2023-05-01T10:00:00Z\",\"mfaAuthenticated\":"
        "\"true\"}}},\"eventTime\":\"2023-05-01T10:05:07Z\",\"eventSource\":"
        "\"iam.amazonaws.com\",\"eventName\":\"PutRolePolicy\",\"awsRegion\":"
        "\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":"
        "\"aws-cli/2.11.0 Python/3.11.2 \\\"quoted\\\" \\ud83d\\ude80\","
        "\"requestParameters\":{\"roleName\":\"Admin\",\"policyName\":\"p\","
        "\"policyDocument\":\"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n"
        "  \\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\"}]\\n}\","
        "\"tags\":[{\"key\":\"team\",\"value\":\"s\xc3\xa9\xc3\xa7\"},"
        "{\"key\":\"n\",\"value\":\"\"}],\"maxSessionDuration\":3600,"
        "\"ratio\":-0.25e-3,\"empty\":[]},\"responseElements\":null,"
        "\"requestID\":\"c0ffee00-1111-2222-3333-444455556666\",\"eventID\":"
        "\"deadbeef-1111-2222-3333-444455556666\",\"readOnly\":false,"
        "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
        "\"recipientAccountId\":\"111122223333\",\"eventCategory\":"
        "\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\"}}";

DEFINE_TEST(test_json_tok_skip_every_token)
{
	static const char *const docs[] = {
	        "{\"k\":\"v\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,"
	        "\"o\":{\"a\":[1,{\"b\":[]}]},\"a\":[[],{},\"s\",2],\"e\":{}}",
	        " [ { \"a\" : [ [ ] , { } ] } , 1 , \"x\\\"y\" , [ null ] ] ",
	        "[[[[[[[[1]]]]]]]]",
	        "{\"\\u0061\":{\"\\\"\":[true,{\"x\":{}}]}}",
	        "\"just a string\"",
	        "-12.5",
	        "{}",
	        "[]",
	};

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		check_skip_everywhere(docs[i], strlen(docs[i]));
	}
	check_skip_everywhere(embedded_record, sizeof(embedded_record) - 1);
}

DEFINE_TEST(test_json_tok_skip_edges)
{
	static const char doc[] = "{\"a\":[1,2],\"b\":3}";
	json_tok_state t;
	json_tok tok, obj;
	size_t end_off = 0;

	/* Skipping from JT_END and after an error keeps the result. */
	json_tok_init(&t, "1", 1);
	json_tok_next(&t, &tok);
	assert_int(json_tok_next(&t, &tok), ==, JT_END);
	assert_int(json_tok_skip(&t, &tok, &end_off), ==, JT_END);
	assert_int(end_off, ==, 1);
	json_tok_init(&t, "[1,}", 4);
	json_tok_next(&t, &obj);
	assert_int(json_tok_skip(&t, &obj, &end_off), ==, JT_ERROR);
	assert_int(end_off, ==, 3);
	assert_str(t.err_msg, "expected a JSON value");
	assert_int(json_tok_skip(&t, &obj, &end_off), ==, JT_ERROR);
	assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
	assert_int(tok.off, ==, 3);

	/* A skipped subtree is validated as strictly as a pulled one. */
	json_tok_init(&t, "{\"a\":[1,\"\\x\"],\"b\":3}", 20);
	json_tok_next(&t, &obj);
	json_tok_next(&t, &tok);
	assert_int(json_tok_skip(&t, &tok, &end_off), ==, JT_ERROR);
	assert_int(t.err_off, ==, 9);
	assert_str(t.err_msg, "invalid escape in string");

	/* Skipping the top-level value leaves only the end. */
	json_tok_init(&t, doc, sizeof(doc) - 1);
	json_tok_next(&t, &obj);
	assert_int(json_tok_skip(&t, &obj, &end_off), ==, JT_OBJ_END);
	assert_int(end_off, ==, sizeof(doc) - 1);
	assert_int(json_tok_next(&t, &tok), ==, JT_END);

	/* Skipped top-level value followed by trailing data. */
	json_tok_init(&t, "[1] x", 5);
	json_tok_next(&t, &obj);
	assert_int(json_tok_skip(&t, &obj, NULL), ==, JT_ARR_END);
	assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
	assert_int(t.err_off, ==, 4);

	/* Skipping a key's value when the ':' is missing. */
	json_tok_init(&t, "{\"a\" 1}", 7);
	json_tok_next(&t, &obj);
	json_tok_next(&t, &tok);
	assert_int(json_tok_skip(&t, &tok, &end_off), ==, JT_ERROR);
	assert_int(end_off, ==, 5);
	assert_str(t.err_msg, "expected ':' after object key");
}

DEFINE_TEST(test_json_tok_skip_misuse)
{
	static const char doc[] = "{\"a\":[1,2],\"b\":3}";
	json_tok_state t;
	json_tok tok, obj;
	size_t end_off = 0;

	/* Skipping from a token that is not the last one read is a
	 * caller's bug: it fails loudly instead of skipping something
	 * else. */
	json_tok_init(&t, doc, sizeof(doc) - 1);
	json_tok_next(&t, &obj);
	json_tok_next(&t, &tok);
	assert_int(json_tok_skip(&t, &obj, &end_off), ==, JT_ERROR);
	assert_str(t.err_msg, "json_tok_skip: not the token just read");
	assert_int(t.err_off, ==, 4);
	/* Also at the end of the buffer, and for a made-up token. */
	json_tok_init(&t, "{}", 2);
	json_tok_next(&t, &obj);
	json_tok_next(&t, &tok);
	tok.type = JT_ARR_BEGIN;
	assert_int(json_tok_skip(&t, &tok, &end_off), ==, JT_ERROR);
	assert_str(t.err_msg, "json_tok_skip: not the token just read");
	assert_int(end_off, ==, 2);
	json_tok_init(&t, "[1]", 3);
	json_tok_next(&t, &obj);
	tok = obj;
	tok.type = JT_END;
	assert_int(json_tok_skip(&t, &tok, &end_off), ==, JT_ERROR);
	json_tok_init(&t, "[1]", 3);
	json_tok_next(&t, &obj);
	tok = obj;
	tok.off = 12345;
	assert_int(json_tok_skip(&t, &tok, &end_off), ==, JT_ERROR);
	assert_int(end_off, ==, 1);
}

/* Malformed documents: structure.  Offsets are of the offending byte. */
static const bad_case structure_cases[] = {
        {"{", 0, 1, "unexpected end of input"},
        {"[", 0, 1, "unexpected end of input"},
        {"{\"a\"", 0, 4, "unexpected end of input"},
        {"{\"a\":", 0, 5, "unexpected end of input"},
        {"{\"a\":1", 0, 6, "unexpected end of input"},
        {"{\"a\":1,", 0, 7, "unexpected end of input"},
        {"[1,", 0, 3, "unexpected end of input"},
        {"]", 0, 0, "expected a JSON value"},
        {"}", 0, 0, "expected a JSON value"},
        {":", 0, 0, "expected a JSON value"},
        {",1", 0, 0, "expected a JSON value"},
        {"[,1]", 0, 1, "expected a JSON value"},
        {"[1,]", 0, 3, "expected a JSON value"},
        {"[1,,2]", 0, 3, "expected a JSON value"},
        {"[1 2]", 0, 3, "expected ',' or ']'"},
        {"[1:2]", 0, 2, "expected ',' or ']'"},
        {"[1}", 0, 2, "expected ',' or ']'"},
        {"{]", 0, 1, "expected '\"' to start an object key"},
        {"{\"a\":1]", 0, 6, "expected ',' or '}'"},
        {"{,}", 0, 1, "expected '\"' to start an object key"},
        {"{\"a\":1,}", 0, 7, "expected '\"' to start an object key"},
        {"{\"a\":1,,\"b\":2}", 0, 7, "expected '\"' to start an object key"},
        {"{a:1}", 0, 1, "expected '\"' to start an object key"},
        {"{'a':1}", 0, 1, "expected '\"' to start an object key"},
        {"{1:1}", 0, 1, "expected '\"' to start an object key"},
        {"{null:1}", 0, 1, "expected '\"' to start an object key"},
        {"{\"a\" 1}", 0, 5, "expected ':' after object key"},
        {"{\"a\"=1}", 0, 4, "expected ':' after object key"},
        {"{\"a\"::1}", 0, 5, "expected a JSON value"},
        {"{\"a\":}", 0, 5, "expected a JSON value"},
        {"{\"a\",\"b\"}", 0, 4, "expected ':' after object key"},
        {"{\"a\":1 \"b\":2}", 0, 7, "expected ',' or '}'"},
        {"{\"a\":1}}", 0, 7, "trailing data after JSON value"},
        {"[\"a\":1]", 0, 4, "expected ',' or ']'"},
        {"{\"a\":{\"b\":[}}", 0, 11, "expected a JSON value"},
        {"[{\"a\":[1,{\"b\":2]}]", 0, 15, "expected ',' or '}'"},
        {"{\"a\":1} /* c */", 0, 8, "trailing data after JSON value"},
        {"[1, // c\n2]", 0, 4, "expected a JSON value"},
        {"[\x01]", 0, 1, "expected a JSON value"},
        {"[\xc3\xa9]", 0, 1, "expected a JSON value"},
        {"{\"a\":1, \"b\"\n", 0, 12, "unexpected end of input"},
};

DEFINE_TEST(test_json_tok_malformed)
{
	check_bad(structure_cases,
	          sizeof(structure_cases) / sizeof(structure_cases[0]));
}

DEFINE_TEST(test_json_tok_error_sticky)
{
	json_tok_state t;
	json_tok tok;

	json_tok_init(&t, "[1,x,2]", 7);
	assert_int(json_tok_next(&t, &tok), ==, JT_ARR_BEGIN);
	assert_int(json_tok_next(&t, &tok), ==, JT_NUMBER);
	assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
	assert_int(tok.off, ==, 3);
	assert_int(t.err_off, ==, 3);
	assert_int(t.done, ==, JT_ERROR);
	for (int i = 0; i < 3; i++) {
		assert_int(json_tok_next(&t, &tok), ==, JT_ERROR);
		assert_int(tok.off, ==, 3);
		assert_str(t.err_msg, "expected a JSON value");
	}
}

DEFINE_TEST(test_json_tok_unescape)
{
	static const char *const invalid[] = {
	        "\\",      "a\\",       "\\x",        "\\u",          "\\u12",
	        "\\u12G4", "\\ud800\\", "\\ud800\\u", "\\udc00\\u12", "\\U0041",
	};
	strbuf sb;

	/* Appends: what is already in the buffer stays. */
	strbuf_init(&sb);
	strbuf_adds(&sb, "pre:");
	assert_int(json_tok_unescape("a\\tb\\u00e9c", 11, &sb), ==, 0);
	assert_str(sb.buf, "pre:a\tb\xc3\xa9"
	                   "c");
	assert_int(json_tok_unescape("", 0, &sb), ==, 0);
	assert_int(json_tok_unescape("plain", 5, &sb), ==, 0);
	assert_str(sb.buf, "pre:a\tb\xc3\xa9"
	                   "cplain");
	/* Only p[0..len) is read. */
	assert_int(json_tok_unescape("ab\\n", 2, &sb), ==, 0);
	assert_str(sb.buf, "pre:a\tb\xc3\xa9"
	                   "cplainab");
	strbuf_reset(&sb);
	assert_int(json_tok_unescape("\\ud83d\\ude00\\u0000!", 19, &sb), ==, 0);
	assert_mem(sb.buf, sb.len, "\xf0\x9f\x98\x80\0!", 6);
	/* A lone surrogate (no character of its own) becomes U+FFFD. */
	strbuf_reset(&sb);
	assert_int(json_tok_unescape("\\ud800x\\udc00", 13, &sb), ==, 0);
	assert_str(sb.buf, "\xef\xbf\xbdx\xef\xbf\xbd");
	/* Invalid escapes fail and leave the buffer as it was. */
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "keep");
		assert_int(
		        json_tok_unescape(invalid[i], strlen(invalid[i]), &sb),
		        ==, -1);
		assert_str(sb.buf, "keep");
		assert_int(sb.len, ==, 4);
	}
	strbuf_free(&sb);
}

DEFINE_TEST(test_json_tok_eq)
{
	static const char doc[] =
	        "{\"eventName\":1,\"\\u0065ventName\":2,\"a\\\"b\":3,"
	        "\"\\ud83d\\ude00\":4,\"nul\\u0000\":5,\"\":6,\"x\\/y\":7}";
	json_tok_state t;
	json_tok k;
	strbuf sb;

	strbuf_init(&sb);
	json_tok_init(&t, doc, sizeof(doc) - 1);
	json_tok_next(&t, &k);

	json_tok_next(&t, &k); /* eventName, unescaped */
	assert_true(!k.escaped);
	assert_true(json_tok_eq(&k, "eventName"));
	assert_true(!json_tok_eq(&k, "eventNam"));
	assert_true(!json_tok_eq(&k, "eventNames"));
	assert_true(!json_tok_eq(&k, ""));
	json_tok_next(&t, &k);
	/* A number token is never equal to a string. */
	assert_true(!json_tok_eq(&k, "1"));

	json_tok_next(&t, &k); /* \u0065ventName */
	assert_true(k.escaped);
	assert_true(json_tok_eq(&k, "eventName"));
	assert_true(!json_tok_eq(&k, "eventNam"));
	assert_true(!json_tok_eq(&k, "eventNamex"));
	assert_true(!json_tok_eq(&k, "\\u0065ventName"));
	strbuf_reset(&sb);
	assert_int(json_tok_unescape(k.p, k.len, &sb), ==, 0);
	assert_str(sb.buf, "eventName");
	json_tok_next(&t, &k);

	json_tok_next(&t, &k); /* a\"b */
	assert_true(json_tok_eq(&k, "a\"b"));
	assert_true(!json_tok_eq(&k, "a\\\"b"));
	assert_true(!json_tok_eq(&k, "a"));
	json_tok_next(&t, &k);

	json_tok_next(&t, &k); /* a surrogate pair */
	assert_true(json_tok_eq(&k, "\xf0\x9f\x98\x80"));
	assert_true(!json_tok_eq(&k, "\xf0\x9f\x98"));
	json_tok_next(&t, &k);

	json_tok_next(&t, &k); /* nul\u0000: no C string equals it */
	assert_true(!json_tok_eq(&k, "nul"));
	assert_true(!json_tok_eq(&k, ""));
	json_tok_next(&t, &k);

	json_tok_next(&t, &k); /* the empty key */
	assert_true(json_tok_eq(&k, ""));
	assert_true(!json_tok_eq(&k, "x"));
	json_tok_next(&t, &k);

	json_tok_next(&t, &k); /* x\/y */
	assert_true(json_tok_eq(&k, "x/y"));
	json_tok_next(&t, &k);
	assert_int(json_tok_next(&t, &k), ==, JT_OBJ_END);
	strbuf_free(&sb);
}

/* Every proper prefix of a valid record is invalid, and says where:
 * at the end of input, or at the lead byte of a cut UTF-8 sequence. */
static void
check_truncations(const char *rec, size_t len)
{
	size_t off, n_toks;
	const char *msg;

	assert_int(pull_all(rec, len, &n_toks, &off, &msg), ==, JT_END);
	for (size_t cut = 0; cut < len; cut++) {
		/* A private copy, so ASan sees a read past the cut. */
		char *p = malloc(cut + 1);
		json_tok_type a, b;
		size_t off2;
		const char *msg2;

		memcpy(p, rec, cut);
		a = pull_all(p, cut, NULL, &off, &msg);
		b = skip_all(p, cut, &off2, &msg2);
		if (a != JT_ERROR || b != JT_ERROR || off != off2) {
			test_failed(
			        __FILE__, __LINE__,
			        "cut at %zu: pull %d at %zu, skip %d at %zu",
			        cut, a, off, b, off2);
		} else if (off != cut &&
		           !(strcmp(msg, "invalid UTF-8 in string") == 0 &&
		             cut - off < 4)) {
			test_failed(__FILE__, __LINE__,
			            "cut at %zu: error at %zu: %s", cut, off,
			            msg);
		}
		free(p);
	}
}

DEFINE_TEST(test_json_tok_truncate_embedded)
{
	check_truncations(embedded_record, sizeof(embedded_record) - 1);
}

DEFINE_TEST(test_json_tok_truncate_corpus)
{
	static const char *const files[] = {
	        "panther-analysis/panther_rule_tests.jsonl",
	        "plaso/test_data__aws_cloudtrail.jsonl",
	};
	int found = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[1024];
		size_t len;
		char *data, *nl;

		snprintf(path, sizeof(path), "%s/../../shared/corpus/%s",
		         test_srcdir(), files[i]);
		if ((data = test_slurp(path, &len)) == NULL) {
			continue;
		}
		found++;
		/* The first record of the file, without its line end (some
		 * files have CRLF: a cut '\r' leaves valid JSON). */
		nl = memchr(data, '\n', len);
		len = nl ? (size_t)(nl - data) : len;
		while (len > 0 &&
		       (data[len - 1] == '\r' || data[len - 1] == ' ')) {
			len--;
		}
		check_truncations(data, len);
		free(data);
	}
	if (!found) {
		test_skip("../shared/corpus not present");
	}
}

DEFINE_TEST(test_json_tok_corpus_lines)
{
	char path[1024];
	size_t len, n = 0;
	char *data;

	snprintf(path, sizeof(path),
	         "%s/../../shared/corpus/panther-analysis/"
	         "panther_rule_tests.jsonl",
	         test_srcdir());
	if ((data = test_slurp(path, &len)) == NULL) {
		test_skip("../shared/corpus not present");
		return;
	}
	/* Every line is a valid record, pulled and skipped alike. */
	for (char *p = data, *end = data + len; p < end; n++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!accepts(p, l)) {
			test_failed(__FILE__, __LINE__, "line %zu rejected",
			            n + 1);
		}
		p += l + 1;
	}
	assert_true(n > 400);
	free(data);
}

/* json_tok.c -- strict, zero-copy JSON tokenizer (see json_tok.h).
 *
 * A pull parser: json_tok_next() skips whitespace, looks at what the
 * grammar allows at this point (t->state) and reads exactly one token.
 * Containers are tracked on a bit stack (1 = object), so nesting costs
 * one bit per level and no allocation.  Most of a CloudTrail record's
 * bytes are inside strings, so scan_string() is the hot loop: a 256-byte
 * class table lets it run over plain ASCII without a branch per kind of
 * byte, and only escapes and non-ASCII bytes take the slow path, where
 * every rule of RFC 8259 and RFC 3629 is checked. */
#include "config.h"

#include <string.h>

#include "json_tok.h"

/* What the grammar expects next. */
enum {
	ST_VALUE,     /* a value (top level, after ':' or ',' in an array) */
	ST_ARR_FIRST, /* after '[': a value or ']' */
	ST_KEY_FIRST, /* after '{': a key or '}' */
	ST_KEY,       /* after ',' in an object: a key */
	ST_COLON,     /* after a key */
	ST_NEXT,      /* after a value inside a container: ',' or end */
	ST_END,       /* the top-level value is complete */
};

/* Byte classes inside strings. */
enum { C_PLAIN = 0, C_QUOTE, C_BSLASH, C_CTRL, C_HIGH };

static const unsigned char str_class[256] = {
        /* 0x00-0x1f: control characters must be escaped */
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0, /* '"' */
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        2,
        0,
        0,
        0, /* '\\' */
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        /* 0x80-0xff: UTF-8, validated on the slow path */
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
};

void
json_tok_init(json_tok_state *t, const char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->pos = 0;
	t->depth = 0;
	t->state = ST_VALUE;
	t->done = JT_OBJ_BEGIN; /* neither JT_END nor JT_ERROR: not done */
	t->err_off = 0;
	t->err_msg = NULL;
}

static json_tok_type
fail(json_tok_state *t, json_tok *tok, size_t at, const char *msg)
{
	if (t->err_msg == NULL) {
		t->err_off = at;
		t->err_msg = msg;
	}
	t->done = JT_ERROR;
	tok->type = JT_ERROR;
	tok->off = t->err_off;
	tok->p = t->buf + (t->err_off < t->len ? t->err_off : t->len);
	tok->len = 0;
	tok->depth = t->depth;
	tok->escaped = 0;
	return JT_ERROR;
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static int
hex4(const unsigned char *p, unsigned *v)
{
	unsigned x = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];

		x <<= 4;
		if (c >= '0' && c <= '9') {
			x |= c - '0';
		} else if (c >= 'a' && c <= 'f') {
			x |= c - 'a' + 10;
		} else if (c >= 'A' && c <= 'F') {
			x |= c - 'A' + 10;
		} else {
			return -1;
		}
	}
	*v = x;
	return 0;
}

/* Length of the valid UTF-8 sequence at p[0..n), or 0 (RFC 3629:
 * shortest form, no surrogates, at most U+10FFFF). */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80) {
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	}
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80;
		unsigned char hi = c == 0xed ? 0x9f : 0xbf;

		return n >= 3 && p[1] >= lo && p[1] <= hi &&
		                       (p[2] & 0xc0) == 0x80
		               ? 3
		               : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xf4 ? 0x8f : 0xbf;

		return n >= 4 && p[1] >= lo && p[1] <= hi &&
		                       (p[2] & 0xc0) == 0x80 &&
		                       (p[3] & 0xc0) == 0x80
		               ? 4
		               : 0;
	}
	return 0;
}

int
json_tok_utf8_check(const char *buf, size_t len, size_t *bad_off)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0, k;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_len(p + i, len - i)) == 0) {
			if (bad_off) {
				*bad_off = i;
			}
			return -1;
		}
		i += k;
	}
	return 0;
}

/* One escape at p[i] (the backslash); returns the bytes it spans or 0
 * with *msg set. */
static size_t
scan_escape(const unsigned char *p, size_t i, size_t n, const char **msg)
{
	unsigned u, lo;

	if (i + 1 >= n) {
		*msg = "unexpected end of input in an escape";
		return 0;
	}
	switch (p[i + 1]) {
	case '"':
	case '\\':
	case '/':
	case 'b':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		return 2;
	case 'u':
		break;
	default:
		*msg = "invalid escape in string";
		return 0;
	}
	if (i + 6 > n || hex4(p + i + 2, &u) < 0) {
		*msg = "invalid \\u escape (four hex digits wanted)";
		return 0;
	}
	if (u >= 0xdc00 && u <= 0xdfff) {
		*msg = "unpaired surrogate escape (low half alone)";
		return 0;
	}
	if (u < 0xd800 || u > 0xdbff) {
		return 6;
	}
	if (i + 12 > n || p[i + 6] != '\\' || p[i + 7] != 'u' ||
	    hex4(p + i + 8, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
		*msg = "unpaired surrogate escape (high half alone)";
		return 0;
	}
	return 12;
}

/* The string whose opening quote is at t->pos.  Fills p/len/escaped and
 * leaves t->pos after the closing quote. */
static json_tok_type
scan_string(json_tok_state *t, json_tok *tok, json_tok_type type)
{
	const unsigned char *p = (const unsigned char *)t->buf;
	size_t n = t->len, i = t->pos + 1, k;
	const char *msg = NULL;
	int escaped = 0;

	for (;;) {
		/* the hot loop: plain bytes, four at a time while possible */
		while (i + 4 <= n &&
		       !(str_class[p[i]] | str_class[p[i + 1]] |
		         str_class[p[i + 2]] | str_class[p[i + 3]])) {
			i += 4;
		}
		while (i < n && str_class[p[i]] == C_PLAIN) {
			i++;
		}
		if (i >= n) {
			return fail(t, tok, n,
			            "unexpected end of input in a "
			            "string");
		}
		switch (str_class[p[i]]) {
		case C_QUOTE:
			tok->type = type;
			tok->off = t->pos;
			tok->p = t->buf + t->pos + 1;
			tok->len = i - t->pos - 1;
			tok->escaped = escaped;
			tok->depth = t->depth;
			t->pos = i + 1;
			return type;
		case C_BSLASH:
			if ((k = scan_escape(p, i, n, &msg)) == 0) {
				return fail(t, tok, i, msg);
			}
			escaped = 1;
			i += k;
			break;
		case C_CTRL:
			return fail(t, tok, i, "control character in string");
		default:
			if ((k = utf8_len(p + i, n - i)) == 0) {
				return fail(t, tok, i,
				            "invalid UTF-8 in string");
			}
			i += k;
		}
	}
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static json_tok_type
scan_number(json_tok_state *t, json_tok *tok)
{
	const unsigned char *p = (const unsigned char *)t->buf;
	size_t n = t->len, i = t->pos;

	if (p[i] == '-') {
		i++;
	}
	if (i >= n || !is_digit(p[i])) {
		return fail(t, tok, i, "invalid number (digit wanted)");
	}
	if (p[i] == '0') {
		i++;
		if (i < n && is_digit(p[i])) {
			return fail(t, tok, i, "leading zero in number");
		}
	} else {
		while (i < n && is_digit(p[i])) {
			i++;
		}
	}
	if (i < n && p[i] == '.') {
		i++;
		if (i >= n || !is_digit(p[i])) {
			return fail(t, tok, i,
			            "invalid number (digit wanted after '.')");
		}
		while (i < n && is_digit(p[i])) {
			i++;
		}
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-')) {
			i++;
		}
		if (i >= n || !is_digit(p[i])) {
			return fail(t, tok, i,
			            "invalid number (digit wanted in "
			            "exponent)");
		}
		while (i < n && is_digit(p[i])) {
			i++;
		}
	}
	tok->type = JT_NUMBER;
	tok->off = t->pos;
	tok->p = t->buf + t->pos;
	tok->len = i - t->pos;
	tok->escaped = 0;
	tok->depth = t->depth;
	t->pos = i;
	return JT_NUMBER;
}

static json_tok_type
scan_literal(json_tok_state *t, json_tok *tok, const char *word,
             json_tok_type type)
{
	size_t n = strlen(word);

	for (size_t i = 0; i < n; i++) {
		if (t->pos + i >= t->len || t->buf[t->pos + i] != word[i]) {
			return fail(t, tok, t->pos + i,
			            t->pos + i >= t->len
			                    ? "unexpected end of input"
			                    : "invalid literal");
		}
	}
	tok->type = type;
	tok->off = t->pos;
	tok->p = t->buf + t->pos;
	tok->len = n;
	tok->escaped = 0;
	tok->depth = t->depth;
	t->pos += n;
	return type;
}

static void
set_kind(json_tok_state *t, int level, int object)
{
	if (object) {
		t->kinds[level >> 3] |= (uint8_t)(1u << (level & 7));
	} else {
		t->kinds[level >> 3] &= (uint8_t) ~(1u << (level & 7));
	}
}

static int
in_object(const json_tok_state *t)
{
	int level = t->depth - 1;

	return (t->kinds[level >> 3] >> (level & 7)) & 1;
}

/* The state after a complete value. */
static void
after_value(json_tok_state *t)
{
	t->state = t->depth == 0 ? ST_END : ST_NEXT;
}

static json_tok_type
begin(json_tok_state *t, json_tok *tok, int object)
{
	if (t->depth >= JSON_TOK_MAX_DEPTH) {
		return fail(t, tok, t->pos, "nesting deeper than 512");
	}
	tok->type = object ? JT_OBJ_BEGIN : JT_ARR_BEGIN;
	tok->off = t->pos;
	tok->p = t->buf + t->pos;
	tok->len = 1;
	tok->escaped = 0;
	tok->depth = t->depth;
	set_kind(t, t->depth, object);
	t->depth++;
	t->pos++;
	t->state = object ? ST_KEY_FIRST : ST_ARR_FIRST;
	return tok->type;
}

static json_tok_type
end(json_tok_state *t, json_tok *tok)
{
	int object = in_object(t);

	t->depth--;
	tok->type = object ? JT_OBJ_END : JT_ARR_END;
	tok->off = t->pos;
	tok->p = t->buf + t->pos;
	tok->len = 1;
	tok->escaped = 0;
	tok->depth = t->depth;
	t->pos++;
	after_value(t);
	return tok->type;
}

static json_tok_type
value(json_tok_state *t, json_tok *tok)
{
	json_tok_type ty;

	switch (t->buf[t->pos]) {
	case '{':
		return begin(t, tok, 1);
	case '[':
		return begin(t, tok, 0);
	case '"':
		ty = scan_string(t, tok, JT_STRING);
		break;
	case 't':
		ty = scan_literal(t, tok, "true", JT_TRUE);
		break;
	case 'f':
		ty = scan_literal(t, tok, "false", JT_FALSE);
		break;
	case 'n':
		ty = scan_literal(t, tok, "null", JT_NULL);
		break;
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		ty = scan_number(t, tok);
		break;
	default:
		return fail(t, tok, t->pos,
		            "unexpected character (a value "
		            "was expected)");
	}
	if (ty != JT_ERROR) {
		after_value(t);
	}
	return ty;
}

json_tok_type
json_tok_next(json_tok_state *t, json_tok *tok)
{
	const char *b = t->buf;
	unsigned char c;

	if (t->done == JT_ERROR) {
		return fail(t, tok, t->err_off, t->err_msg);
	}
	while (t->pos < t->len && is_ws((unsigned char)b[t->pos])) {
		t->pos++;
	}
	if (t->state == ST_END) {
		if (t->pos < t->len) {
			return fail(t, tok, t->pos,
			            "trailing data after JSON value");
		}
		t->done = JT_END;
		tok->type = JT_END;
		tok->off = t->pos;
		tok->p = b + t->pos;
		tok->len = 0;
		tok->depth = 0;
		tok->escaped = 0;
		return JT_END;
	}
	if (t->pos >= t->len) {
		return fail(t, tok, t->len, "unexpected end of input");
	}
	c = (unsigned char)b[t->pos];
	switch (t->state) {
	case ST_VALUE:
		return value(t, tok);
	case ST_ARR_FIRST:
		return c == ']' ? end(t, tok) : value(t, tok);
	case ST_KEY_FIRST:
		if (c == '}') {
			return end(t, tok);
		}
		/* fall through */
	case ST_KEY:
		if (c != '"') {
			return fail(t, tok, t->pos,
			            "expected a string key in object");
		}
		t->state = ST_COLON;
		return scan_string(t, tok, JT_KEY);
	case ST_COLON:
		if (c != ':') {
			return fail(t, tok, t->pos,
			            "expected ':' after object key");
		}
		t->pos++;
		while (t->pos < t->len && is_ws((unsigned char)b[t->pos])) {
			t->pos++;
		}
		if (t->pos >= t->len) {
			return fail(t, tok, t->len, "unexpected end of input");
		}
		return value(t, tok);
	case ST_NEXT:
		if (c == ',') {
			t->pos++;
			t->state = in_object(t) ? ST_KEY : ST_VALUE;
			return json_tok_next(t, tok);
		}
		if (c == (in_object(t) ? '}' : ']')) {
			return end(t, tok);
		}
		return fail(t, tok, t->pos,
		            in_object(t) ? "expected ',' or '}'"
		                         : "expected ',' or ']'");
	}
	return fail(t, tok, t->pos, "internal tokenizer state");
}

json_tok_type
json_tok_skip(json_tok_state *t, const json_tok *first, size_t *end_off)
{
	json_tok tok;
	json_tok_type ty;

	if (first->type != JT_OBJ_BEGIN && first->type != JT_ARR_BEGIN) {
		if (end_off) {
			*end_off = first->type == JT_STRING ||
			                           first->type == JT_KEY
			                   ? (size_t)(first->p - t->buf) +
			                             first->len + 1
			                   : first->off + first->len;
		}
		return first->type;
	}
	while ((ty = json_tok_next(t, &tok)) > JT_END) {
		if ((ty == JT_OBJ_END || ty == JT_ARR_END) &&
		    tok.depth == first->depth) {
			if (end_off) {
				*end_off = tok.off + 1;
			}
			return ty;
		}
	}
	if (ty == JT_END) {
		/* cannot happen for a BEGIN the tokenizer returned */
		return fail(t, &tok, t->pos, "unbalanced container");
	}
	return JT_ERROR;
}

/* Append code point cp as UTF-8. */
static void
put_utf8(strbuf *out, unsigned cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		strbuf_add(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 4);
	}
}

int
json_tok_unescape(const char *s, size_t len, strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	const char *msg;

	strbuf_reserve(out, len);
	while (i < len) {
		unsigned u, lo;
		size_t k;

		if (p[i] != '\\') {
			i++;
			run++;
			continue;
		}
		strbuf_add(out, s + i - run, run);
		run = 0;
		if ((k = scan_escape(p, i, len, &msg)) == 0) {
			return -1;
		}
		switch (p[i + 1]) {
		case 'b':
			strbuf_addc(out, '\b');
			break;
		case 'f':
			strbuf_addc(out, '\f');
			break;
		case 'n':
			strbuf_addc(out, '\n');
			break;
		case 'r':
			strbuf_addc(out, '\r');
			break;
		case 't':
			strbuf_addc(out, '\t');
			break;
		case 'u':
			hex4(p + i + 2, &u);
			if (k == 12) {
				hex4(p + i + 8, &lo);
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			put_utf8(out, u);
			break;
		default: /* " \ / */
			strbuf_addc(out, p[i + 1]);
		}
		i += k;
	}
	strbuf_add(out, s + i - run, run);
	return 0;
}

int
json_tok_eq(const json_tok *tok, const char *s)
{
	size_t n = strlen(s);
	strbuf tmp;
	int eq;

	if (!tok->escaped) {
		return tok->len == n && memcmp(tok->p, s, n) == 0;
	}
	if (tok->len < n) {
		return 0; /* escapes only make the decoded text shorter */
	}
	strbuf_init(&tmp);
	eq = json_tok_unescape(tok->p, tok->len, &tmp) == 0 && tmp.len == n &&
	     memcmp(tmp.buf, s, n) == 0;
	strbuf_free(&tmp);
	return eq;
}

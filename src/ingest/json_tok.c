/* json_tok.c -- strict, zero-copy JSON tokenizer (see json_tok.h).
 *
 * Two scanners share one set of lexical helpers.  json_tok_next() is a
 * pull parser: t->state says what the grammar expects next, and each call
 * reads exactly one token.  json_tok_skip() runs its own loop over a whole
 * container with the state held in locals, because requestParameters and
 * responseElements are most of a CloudTrail record's bytes and nobody
 * looks at them during ingest.  Both must accept and reject exactly the
 * same documents with the same error offsets and messages; the fuzz target
 * checks that.
 *
 * Strings are the bulk of the input, so the string scanner runs a fast
 * loop (SSE2 16 bytes at a time on x86-64, a class table elsewhere) that
 * stops only on '"', '\\', a control byte or a non-ASCII byte; escapes and
 * UTF-8 are checked out of line.
 *
 * Error offsets: the byte where the document stops being a prefix of valid
 * JSON, except that a bad escape or an ill-formed UTF-8 sequence is
 * reported at its first byte (the backslash, the lead byte), which is
 * where a reader wants to look.  An error at the end of the buffer is
 * always "unexpected end of input".
 */
#include "config.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "json_tok.h"

/* What json_tok_next() expects next (json_tok_state.state). */
enum {
	ST_START,       /* the top-level value */
	ST_OBJ_FIRST,   /* just after '{': a key or '}' */
	ST_ARR_FIRST,   /* just after '[': a value or ']' */
	ST_AFTER_KEY,   /* ':' then a value */
	ST_AFTER_VALUE, /* ',' or the closing bracket, or the end */
	ST_DONE         /* JT_END or JT_ERROR returned; see t->done */
};

#define SCAN_FAIL ((size_t)-1) /* scanners' "see the scan_err" result */

static const char MSG_EOF[] = "unexpected end of input";
static const char MSG_VALUE[] = "expected a JSON value";
static const char MSG_KEY[] = "expected '\"' to start an object key";
static const char MSG_COLON[] = "expected ':' after object key";
static const char MSG_OBJ_NEXT[] = "expected ',' or '}'";
static const char MSG_ARR_NEXT[] = "expected ',' or ']'";
static const char MSG_TRAILING[] = "trailing data after JSON value";
static const char MSG_DEPTH[] = "nesting deeper than 512";
static const char MSG_BOM[] = "byte-order mark is not JSON";
static const char MSG_UTF8[] = "invalid UTF-8 in string";
static const char MSG_CTRL[] = "control character in string";
static const char MSG_ESCAPE[] = "invalid escape in string";
static const char MSG_HEX[] = "invalid \\u escape in string";
static const char MSG_ZERO[] = "leading zero in number";
static const char MSG_MINUS[] = "expected digit after '-'";
static const char MSG_FRAC[] = "expected digit after '.'";
static const char MSG_EXP[] = "expected digit in exponent";
static const char MSG_LITERAL[] = "invalid literal";
static const char MSG_MISUSE[] = "json_tok_skip: not the token just read";

typedef struct scan_err {
	size_t off;      /* offset of the offending byte */
	const char *msg; /* static message */
} scan_err;

/* Bytes a string may hold without a closer look: printable ASCII other
 * than '"' and '\\'.  0 = plain, 1 = stop. */
static const unsigned char str_stop[256] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 '"' */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x30 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50 '\\' */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x70 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x80 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x90 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xa0 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xb0 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xc0 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xd0 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xe0 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xf0 */
};

static inline int
is_ws(unsigned c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline size_t
skip_ws(const unsigned char *b, size_t i, size_t n)
{
	/* Compact CloudTrail has no whitespace: test the common case once. */
	while (i < n && b[i] <= ' ' && is_ws(b[i])) {
		i++;
	}
	return i;
}

static inline int
is_digit(unsigned c)
{
	return c - '0' < 10;
}

static inline size_t
skip_digits(const unsigned char *b, size_t i, size_t n)
{
	while (i < n && is_digit(b[i])) {
		i++;
	}
	return i;
}

/* Length of the well-formed UTF-8 sequence starting with the non-ASCII
 * byte b[i] (RFC 3629 table 3-7: no overlongs, no surrogates, nothing
 * above U+10FFFF), or 0 if it is ill-formed or cut short by n. */
static inline size_t
utf8_seq(const unsigned char *b, size_t i, size_t n)
{
	unsigned c = b[i], lo = 0x80, hi = 0xbf;
	size_t k;

	if (c < 0xc2) {
		return 0; /* stray continuation, or C0/C1 overlong lead */
	} else if (c < 0xe0) {
		k = 2;
	} else if (c < 0xf0) {
		k = 3;
		lo = c == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = c == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else if (c < 0xf5) {
		k = 4;
		lo = c == 0xf0 ? 0x90 : 0x80; /* overlong */
		hi = c == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n - i < k || b[i + 1] < lo || b[i + 1] > hi) {
		return 0;
	}
	for (size_t j = 2; j < k; j++) {
		if ((b[i + j] & 0xc0) != 0x80) {
			return 0;
		}
	}
	return k;
}

static inline int
hex_val(unsigned c)
{
	if (c - '0' < 10) {
		return (int)(c - '0');
	}
	c |= 0x20;
	if (c - 'a' < 6) {
		return (int)(c - 'a' + 10);
	}
	return -1;
}

/* Read the four hex digits of a \u escape at b[i..i+4); -1 if one is
 * missing (at the end of the buffer) or not hex: *bad says which byte. */
static long
hex4(const unsigned char *b, size_t i, size_t n, size_t *bad)
{
	long v = 0;

	for (size_t j = i; j < i + 4; j++) {
		int h = j < n ? hex_val(b[j]) : -1;

		if (h < 0) {
			*bad = j;
			return -1;
		}
		v = v << 4 | h;
	}
	return v;
}

/* Skip to the next byte of a string body that is not plain ASCII. */
static inline size_t
skip_plain(const unsigned char *b, size_t i, size_t n)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(' ');

	/* A signed compare with ' ' catches both the control bytes and the
	 * bytes >= 0x80, which are negative as int8. */
	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(b + i));
		__m128i m =
		        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
		                                  _mm_cmpeq_epi8(v, bslash)),
		                     _mm_cmplt_epi8(v, space));
		unsigned mask = (unsigned)_mm_movemask_epi8(m);

		if (mask != 0) {
			return i + (size_t)__builtin_ctz(mask);
		}
		i += 16;
	}
#endif
	while (i < n && !str_stop[b[i]]) {
		i++;
	}
	return i;
}

/* The escape starting at the backslash b[i]: return the offset after it,
 * or SCAN_FAIL.  Bad escapes are reported at their backslash. */
static size_t
scan_escape(const unsigned char *b, size_t i, size_t n, scan_err *e)
{
	size_t bad = 0;
	long u, lo;

	if (i + 1 >= n) {
		e->off = n;
		e->msg = MSG_EOF;
		return SCAN_FAIL;
	}
	switch (b[i + 1]) {
	case '"':
	case '\\':
	case '/':
	case 'b':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		return i + 2;
	case 'u':
		break;
	default:
		e->off = i;
		e->msg = MSG_ESCAPE;
		return SCAN_FAIL;
	}
	if ((u = hex4(b, i + 2, n, &bad)) < 0) {
		goto bad_hex;
	}
	/* A high surrogate with its low one is one escape; any other
	 * surrogate stands alone, which JSON's grammar allows (RFC 8259
	 * section 8.2): decoders read it as U+FFFD (see decode_escape). */
	if (u < 0xd800 || u > 0xdbff || i + 11 >= n || b[i + 6] != '\\' ||
	    b[i + 7] != 'u' || (lo = hex4(b, i + 8, n, &bad)) < 0xdc00 ||
	    lo > 0xdfff) {
		return i + 6;
	}
	return i + 12;
bad_hex:
	/* A bad digit is reported at the backslash of its own escape. */
	e->off = bad >= n ? n : (bad >= i + 8 ? i + 6 : i);
	e->msg = bad >= n ? MSG_EOF : MSG_HEX;
	return SCAN_FAIL;
}

/* Scan a string body from b[i], just past the opening quote.  Returns the
 * offset of the closing quote, or SCAN_FAIL.  Sets *escaped if a
 * backslash occurs. */
static inline size_t
scan_string(const unsigned char *b, size_t i, size_t n, int *escaped,
            scan_err *e)
{
	for (;;) {
		size_t k;

		i = skip_plain(b, i, n);
		if (i >= n) {
			e->off = n;
			e->msg = MSG_EOF;
			return SCAN_FAIL;
		}
		if (b[i] == '"') {
			return i;
		}
		if (b[i] == '\\') {
			*escaped = 1;
			if ((i = scan_escape(b, i, n, e)) == SCAN_FAIL) {
				return SCAN_FAIL;
			}
		} else if (b[i] < 0x20) {
			e->off = i;
			e->msg = MSG_CTRL;
			return SCAN_FAIL;
		} else {
			/* Stay here for a run of non-ASCII characters rather
			 * than probing 16 bytes after each one. */
			do {
				if ((k = utf8_seq(b, i, n)) == 0) {
					e->off = i;
					e->msg = MSG_UTF8;
					return SCAN_FAIL;
				}
				i += k;
			} while (i < n && b[i] >= 0x80);
		}
	}
}

/* Scan a number starting at b[i] ('-' or a digit); returns the offset
 * just past it, or SCAN_FAIL. */
static inline size_t
scan_number(const unsigned char *b, size_t i, size_t n, scan_err *e)
{
	if (b[i] == '-') {
		i++;
		if (i >= n || !is_digit(b[i])) {
			e->msg = MSG_MINUS;
			goto fail;
		}
	}
	if (b[i] == '0') {
		i++;
		if (i < n && is_digit(b[i])) {
			e->msg = MSG_ZERO;
			goto fail;
		}
	} else {
		i = skip_digits(b, i + 1, n);
	}
	if (i < n && b[i] == '.') {
		i++;
		if (i >= n || !is_digit(b[i])) {
			e->msg = MSG_FRAC;
			goto fail;
		}
		i = skip_digits(b, i + 1, n);
	}
	if (i < n && (b[i] | 0x20) == 'e') {
		i++;
		if (i < n && (b[i] == '+' || b[i] == '-')) {
			i++;
		}
		if (i >= n || !is_digit(b[i])) {
			e->msg = MSG_EXP;
			goto fail;
		}
		i = skip_digits(b, i + 1, n);
	}
	return i;
fail:
	e->off = i;
	return SCAN_FAIL;
}

/* Match the literal word (whose first byte is b[i]); returns the offset
 * past it, or SCAN_FAIL at the first byte that differs. */
static inline size_t
scan_literal(const unsigned char *b, size_t i, size_t n, const char *word,
             size_t wlen, scan_err *e)
{
	if (n - i >= wlen && memcmp(b + i, word, wlen) == 0) {
		return i + wlen;
	}
	for (size_t j = 1; j < wlen; j++) {
		if (i + j >= n || b[i + j] != (unsigned char)word[j]) {
			e->off = i + j;
			e->msg = MSG_LITERAL;
			break;
		}
	}
	return SCAN_FAIL;
}

/* Scan the scalar value starting at b[i] into *type; returns the offset
 * past it or SCAN_FAIL.  Containers are the caller's business. */
static inline size_t
scan_scalar(const unsigned char *b, size_t i, size_t n, json_tok_type *type,
            int *escaped, scan_err *e)
{
	size_t end;

	switch (b[i]) {
	case '"':
		*type = JT_STRING;
		end = scan_string(b, i + 1, n, escaped, e);
		return end == SCAN_FAIL ? end : end + 1;
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
		*type = JT_NUMBER;
		return scan_number(b, i, n, e);
	case 't':
		*type = JT_TRUE;
		return scan_literal(b, i, n, "true", 4, e);
	case 'f':
		*type = JT_FALSE;
		return scan_literal(b, i, n, "false", 5, e);
	case 'n':
		*type = JT_NULL;
		return scan_literal(b, i, n, "null", 4, e);
	default:
		e->off = i;
		e->msg = MSG_VALUE;
		return SCAN_FAIL;
	}
}

static inline int
level_is_obj(const json_tok_state *t, int level)
{
	return t->kinds[level >> 3] >> (level & 7) & 1;
}

static inline void
level_set(json_tok_state *t, int level, int obj)
{
	unsigned char bit = (unsigned char)(1u << (level & 7));

	if (obj) {
		t->kinds[level >> 3] |= bit;
	} else {
		t->kinds[level >> 3] &= (unsigned char)~bit;
	}
}

/* Enter the final state and describe it in *tok. */
static json_tok_type
finish(json_tok_state *t, json_tok *tok, json_tok_type type, size_t off,
       const char *msg)
{
	if (type == JT_ERROR) {
		t->err_off = off;
		t->err_msg = off >= t->len && msg != MSG_MISUSE ? MSG_EOF : msg;
	} else {
		t->pos = t->len;
	}
	t->state = ST_DONE;
	t->done = type;
	tok->type = type;
	tok->off = off;
	tok->p = t->buf != NULL ? t->buf + off : NULL;
	tok->len = 0;
	tok->depth = t->depth;
	tok->escaped = 0;
	return type;
}

static json_tok_type
fail(json_tok_state *t, json_tok *tok, size_t off, const char *msg)
{
	return finish(t, tok, JT_ERROR, off, msg);
}

void
json_tok_init(json_tok_state *t, const char *buf, size_t len)
{
	/* kinds[] needs no clearing: a level's bit is written when it opens. */
	t->buf = buf;
	t->len = len;
	t->pos = 0;
	t->depth = 0;
	t->state = ST_START;
	t->done = JT_END;
	t->err_off = 0;
	t->err_msg = NULL;
	t->last_off = (size_t)-1;
}

/* Read the value starting at b[i] (after any whitespace). */
static json_tok_type
read_value(json_tok_state *t, json_tok *tok, size_t i)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t end;
	scan_err e;

	if (i >= t->len) {
		return fail(t, tok, i, MSG_EOF);
	}
	tok->off = i;
	tok->depth = t->depth;
	tok->escaped = 0;
	t->last_off = i;
	if (b[i] == '{' || b[i] == '[') {
		if (t->depth >= JSON_TOK_MAX_DEPTH) {
			return fail(t, tok, i, MSG_DEPTH);
		}
		level_set(t, t->depth++, b[i] == '{');
		tok->type = b[i] == '{' ? JT_OBJ_BEGIN : JT_ARR_BEGIN;
		tok->p = t->buf + i;
		tok->len = 1;
		t->state = b[i] == '{' ? ST_OBJ_FIRST : ST_ARR_FIRST;
		t->pos = i + 1;
		return tok->type;
	}
	end = scan_scalar(b, i, t->len, &tok->type, &tok->escaped, &e);
	if (end == SCAN_FAIL) {
		return fail(t, tok, e.off, e.msg);
	}
	if (tok->type == JT_STRING) {
		tok->p = t->buf + i + 1;
		tok->len = end - i - 2;
	} else {
		tok->p = t->buf + i;
		tok->len = end - i;
	}
	t->state = ST_AFTER_VALUE;
	t->pos = end;
	return tok->type;
}

/* Read the object key starting at b[i]. */
static json_tok_type
read_key(json_tok_state *t, json_tok *tok, size_t i)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t end;
	scan_err e;

	if (i >= t->len || b[i] != '"') {
		return fail(t, tok, i, MSG_KEY);
	}
	tok->escaped = 0;
	end = scan_string(b, i + 1, t->len, &tok->escaped, &e);
	if (end == SCAN_FAIL) {
		return fail(t, tok, e.off, e.msg);
	}
	tok->type = JT_KEY;
	tok->p = t->buf + i + 1;
	tok->len = end - i - 1;
	tok->off = i;
	tok->depth = t->depth;
	t->last_off = i;
	t->state = ST_AFTER_KEY;
	t->pos = end + 1;
	return JT_KEY;
}

/* The closing bracket b[i] ends the innermost container. */
static json_tok_type
read_close(json_tok_state *t, json_tok *tok, size_t i)
{
	t->depth--;
	tok->type = level_is_obj(t, t->depth) ? JT_OBJ_END : JT_ARR_END;
	tok->p = t->buf + i;
	tok->len = 1;
	tok->off = i;
	tok->depth = t->depth;
	tok->escaped = 0;
	t->last_off = i;
	t->state = ST_AFTER_VALUE;
	t->pos = i + 1;
	return tok->type;
}

/* After a value inside a container: ',' and the next member, or the
 * closing bracket; after the top-level value: nothing. */
static json_tok_type
read_after_value(json_tok_state *t, json_tok *tok, size_t i)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t n = t->len;
	int obj;

	if (t->depth == 0) {
		if (i < n) {
			return fail(t, tok, i, MSG_TRAILING);
		}
		return finish(t, tok, JT_END, n, NULL);
	}
	obj = level_is_obj(t, t->depth - 1);
	if (i < n && b[i] == ',') {
		i = skip_ws(b, i + 1, n);
		return obj ? read_key(t, tok, i) : read_value(t, tok, i);
	}
	if (i < n && b[i] == (obj ? '}' : ']')) {
		return read_close(t, tok, i);
	}
	return fail(t, tok, i, obj ? MSG_OBJ_NEXT : MSG_ARR_NEXT);
}

json_tok_type
json_tok_next(json_tok_state *t, json_tok *tok)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t n = t->len, i;

	if (t->state == ST_DONE) {
		return finish(t, tok, t->done,
		              t->done == JT_ERROR ? t->err_off : t->len,
		              t->err_msg);
	}
	i = skip_ws(b, t->pos, n);
	switch (t->state) {
	case ST_AFTER_VALUE:
		return read_after_value(t, tok, i);
	case ST_AFTER_KEY:
		if (i >= n || b[i] != ':') {
			return fail(t, tok, i, MSG_COLON);
		}
		return read_value(t, tok, skip_ws(b, i + 1, n));
	case ST_OBJ_FIRST:
		if (i < n && b[i] == '}') {
			return read_close(t, tok, i);
		}
		return read_key(t, tok, i);
	case ST_ARR_FIRST:
		if (i < n && b[i] == ']') {
			return read_close(t, tok, i);
		}
		return read_value(t, tok, i);
	default:
		if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0) {
			return fail(t, tok, 0, MSG_BOM);
		}
		return read_value(t, tok, i);
	}
}

/* Skip the member name at b[i], the ':' and the whitespace after it;
 * returns the offset of the value, or SCAN_FAIL. */
static size_t
skip_key(const unsigned char *b, size_t i, size_t n, scan_err *e)
{
	int esc;

	if (i >= n || b[i] != '"') {
		e->off = i;
		e->msg = MSG_KEY;
		return SCAN_FAIL;
	}
	if ((i = scan_string(b, i + 1, n, &esc, e)) == SCAN_FAIL) {
		return SCAN_FAIL;
	}
	i = skip_ws(b, i + 1, n);
	if (i >= n || b[i] != ':') {
		e->off = i;
		e->msg = MSG_COLON;
		return SCAN_FAIL;
	}
	return skip_ws(b, i + 1, n);
}

/* The body of json_tok_skip() for a container just opened: the grammar
 * of json_tok_next() with its state in locals and no tokens.  On success
 * the tokenizer stands just past the matching close. */
static json_tok_type
skip_container(json_tok_state *t, json_tok *tok)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t n = t->len, i = t->pos;
	int depth = t->depth, base = t->depth - 1;
	int obj = level_is_obj(t, depth - 1);
	int first = 1; /* nothing read yet in the innermost container */
	json_tok_type type;
	scan_err e = {0, NULL};

	for (;;) {
		i = skip_ws(b, i, n);
		if (i < n && b[i] == (obj ? '}' : ']')) {
			if (--depth == base) {
				break;
			}
			obj = level_is_obj(t, depth - 1);
			first = 0;
			i++;
			continue;
		}
		if (!first) {
			if (i >= n || b[i] != ',') {
				e.off = i;
				e.msg = obj ? MSG_OBJ_NEXT : MSG_ARR_NEXT;
				goto out;
			}
			i = skip_ws(b, i + 1, n);
		}
		first = 0;
		if (obj && (i = skip_key(b, i, n, &e)) == SCAN_FAIL) {
			goto out;
		}
		if (i >= n) {
			e.off = n;
			e.msg = MSG_EOF;
			goto out;
		}
		if (b[i] == '{' || b[i] == '[') {
			if (depth >= JSON_TOK_MAX_DEPTH) {
				e.off = i;
				e.msg = MSG_DEPTH;
				goto out;
			}
			obj = b[i] == '{';
			level_set(t, depth++, obj);
			first = 1;
			i++;
		} else {
			int esc;

			if ((i = scan_scalar(b, i, n, &type, &esc, &e)) ==
			    SCAN_FAIL) {
				goto out;
			}
		}
	}
out:
	t->depth = depth;
	if (e.msg != NULL) {
		return fail(t, tok, e.off, e.msg);
	}
	t->last_off = i;
	t->state = ST_AFTER_VALUE;
	t->pos = i + 1;
	return obj ? JT_OBJ_END : JT_ARR_END;
}

/* Is *first the token json_tok_next() returned last?  Skipping from any
 * other token would silently skip the wrong thing, so json_tok_skip()
 * fails instead, at the tokenizer's position (the token may be junk). */
static int
is_current(const json_tok_state *t, const json_tok *first)
{
	if (first->off != t->last_off) {
		return 0;
	}
	switch (first->type) {
	case JT_KEY:
		return t->state == ST_AFTER_KEY;
	case JT_OBJ_BEGIN:
		return t->state == ST_OBJ_FIRST && t->depth == first->depth + 1;
	case JT_ARR_BEGIN:
		return t->state == ST_ARR_FIRST && t->depth == first->depth + 1;
	case JT_OBJ_END:
	case JT_ARR_END:
	case JT_STRING:
	case JT_NUMBER:
	case JT_TRUE:
	case JT_FALSE:
	case JT_NULL:
		return t->state == ST_AFTER_VALUE;
	default:
		return 0;
	}
}

json_tok_type
json_tok_skip(json_tok_state *t, const json_tok *first, size_t *end_off)
{
	json_tok tok;
	json_tok_type rc;

	if (t->state == ST_DONE) {
		rc = t->done;
	} else if (!is_current(t, first)) {
		rc = fail(t, &tok, t->pos, MSG_MISUSE);
	} else if (first->type == JT_KEY) {
		rc = json_tok_next(t, &tok);
		if (rc == JT_OBJ_BEGIN || rc == JT_ARR_BEGIN) {
			rc = skip_container(t, &tok);
		}
	} else if (first->type == JT_OBJ_BEGIN || first->type == JT_ARR_BEGIN) {
		rc = skip_container(t, &tok);
	} else {
		rc = first->type;
	}
	if (end_off != NULL) {
		*end_off = rc == JT_ERROR ? t->err_off : t->pos;
	}
	return rc;
}

/* Decode the escape at p[i] (a backslash) into out[]; returns the number
 * of bytes written and advances *i, or -1 if the escape is invalid. */
static int
decode_escape(const unsigned char *p, size_t len, size_t *i, char out[4])
{
	static const char simple_from[] = "\"\\/bfnrt";
	static const char simple_to[] = "\"\\/\b\f\n\r\t";
	const char *s;
	size_t bad;
	long u, lo;

	if (*i + 1 >= len) {
		return -1;
	}
	if (p[*i + 1] != 'u') {
		s = memchr(simple_from, p[*i + 1], sizeof(simple_from) - 1);
		if (s == NULL) {
			return -1;
		}
		out[0] = simple_to[s - simple_from];
		*i += 2;
		return 1;
	}
	if ((u = hex4(p, *i + 2, len, &bad)) < 0) {
		return -1;
	}
	*i += 6;
	if (u >= 0xd800 && u <= 0xdbff && *i + 1 < len && p[*i] == '\\' &&
	    p[*i + 1] == 'u' && (lo = hex4(p, *i + 2, len, &bad)) >= 0xdc00 &&
	    lo <= 0xdfff) {
		*i += 6;
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
	} else if (u >= 0xd800 && u <= 0xdfff) {
		u = 0xfffd; /* a lone surrogate: no character of its own */
	}
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	} else if (u < 0x800) {
		out[0] = (char)(0xc0 | u >> 6);
		out[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	} else if (u < 0x10000) {
		out[0] = (char)(0xe0 | u >> 12);
		out[1] = (char)(0x80 | (u >> 6 & 0x3f));
		out[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | u >> 18);
	out[1] = (char)(0x80 | (u >> 12 & 0x3f));
	out[2] = (char)(0x80 | (u >> 6 & 0x3f));
	out[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

int
json_tok_unescape(const char *p, size_t len, strbuf *out)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t i = 0, start = out->len;
	char *w;

	/* Decoding never lengthens: \uXXXX is 6 bytes for at most 3. */
	strbuf_reserve(out, len);
	w = out->buf + out->len;
	while (i < len) {
		const unsigned char *bs = memchr(b + i, '\\', len - i);
		size_t run = bs != NULL ? (size_t)(bs - b) - i : len - i;
		int k;

		memcpy(w, b + i, run);
		w += run;
		i += run;
		if (i == len) {
			break;
		}
		if ((k = decode_escape(b, len, &i, w)) < 0) {
			out->len = start;
			out->buf[start] = '\0';
			return -1;
		}
		w += k;
	}
	out->len = (size_t)(w - out->buf);
	out->buf[out->len] = '\0';
	return 0;
}

int
json_tok_eq(const json_tok *tok, const char *s)
{
	const unsigned char *b = (const unsigned char *)tok->p;
	size_t i = 0;

	if (tok->type != JT_KEY && tok->type != JT_STRING) {
		return 0;
	}
	if (!tok->escaped) {
		/* Record readers try several names per key: most calls fail
		 * on the first byte, so no strlen().  s is never read past
		 * its NUL, which a token byte never equals. */
		for (; i < tok->len; i++) {
			if ((unsigned char)s[i] != b[i] || s[i] == '\0') {
				return 0;
			}
		}
		return s[i] == '\0';
	}
	while (i < tok->len) {
		char dec[4];
		int k;

		if (b[i] != '\\') {
			if (*s == '\0' || *s++ != (char)b[i++]) {
				return 0;
			}
			continue;
		}
		/* s cannot hold a NUL, so a decoded U+0000 never matches. */
		if ((k = decode_escape(b, tok->len, &i, dec)) < 0 ||
		    memchr(dec, 0, (size_t)k) != NULL ||
		    strncmp(s, dec, (size_t)k) != 0) {
			return 0;
		}
		s += k;
	}
	return *s == '\0';
}

int
json_tok_utf8_check(const char *buf, size_t len, size_t *bad_off)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		size_t k;

		/* Eight ASCII bytes at a time: the usual case. */
		while (len - i >= 8) {
			uint64_t w;

			memcpy(&w, b + i, 8);
			if (w & 0x8080808080808080ull) {
				break;
			}
			i += 8;
		}
		while (i < len && b[i] < 0x80) {
			i++;
		}
		if (i == len) {
			break;
		}
		if ((k = utf8_seq(b, i, len)) == 0) {
			*bad_off = i;
			return -1;
		}
		i += k;
	}
	return 0;
}

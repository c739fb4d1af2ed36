/* json_tok.h -- strict, zero-copy JSON tokenizer.
 *
 * Pulls tokens one at a time from a complete buffer holding exactly one
 * JSON value (a CloudTrail record, a decoded lookup-events string, one
 * JSON Lines line).  Used by record.c (columns of a record), by the Lua
 * engine (e.record), by sniff.c and by the snapshot readers.
 *
 * Zero-copy: tokens point into the caller's buffer, which must outlive
 * them.  Strings are reported raw -- the bytes between the quotes, escapes
 * intact -- with a flag saying whether a backslash occurs;
 * json_tok_unescape() decodes them exactly (surrogate pairs included).
 *
 * Strict (RFC 8259): every string is valid UTF-8 (no overlongs, no
 * surrogates encoded in UTF-8, nothing above U+10FFFF) with no raw
 * control characters; escapes are the eight simple ones or \uXXXX (a
 * surrogate escape not in a high-low pair stands alone, as the grammar
 * allows, and decodes to U+FFFD); numbers follow the JSON grammar (no leading zeros,
 * no '+', no bare '.', no NaN); literals are exactly true/false/null;
 * ':' and ',' appear exactly where the grammar puts them; nesting is at
 * most JSON_TOK_MAX_DEPTH deep; after the value only whitespace may
 * follow.  A leading UTF-8 byte-order mark is not JSON and is rejected.
 * Any violation yields JT_ERROR with the byte offset of the offending
 * byte and a short message; the tokenizer never reads outside
 * buf[0..len) and never allocates.  After JT_ERROR or JT_END, further
 * calls keep returning the same type.
 *
 * Typical use:
 *
 *	json_tok_state t;
 *	json_tok tok;
 *	json_tok_init(&t, buf, len);
 *	while (json_tok_next(&t, &tok) > JT_END) ...
 *	if (tok.type == JT_ERROR)
 *		fail("offset %zu: %s", t.err_off, t.err_msg);
 */
#ifndef TS_JSON_TOK_H
#define TS_JSON_TOK_H

#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

/* Deeper documents are rejected (CloudTrail records nest about 12 deep). */
#define JSON_TOK_MAX_DEPTH 512

typedef enum json_tok_type {
	JT_ERROR = -1,	/* malformed input: see err_off, err_msg */
	JT_END = 0,	/* the value is complete and only whitespace followed */
	JT_OBJ_BEGIN,	/* { */
	JT_OBJ_END,	/* } */
	JT_ARR_BEGIN,	/* [ */
	JT_ARR_END,	/* ] */
	JT_KEY,		/* an object member name (a string) */
	JT_STRING,	/* a string value */
	JT_NUMBER,	/* a number; p/len cover its text */
	JT_TRUE,
	JT_FALSE,
	JT_NULL,
} json_tok_type;

typedef struct json_tok {
	json_tok_type type;	/* what was read */
	const char *p;		/* JT_KEY/JT_STRING: first byte after the
				 * opening quote; others: first byte */
	size_t len;		/* bytes in p (strings: up to, not including,
				 * the closing quote) */
	size_t off;		/* offset in the buffer of the token's first
				 * byte (the opening quote for strings) */
	int depth;		/* containers enclosing the token; for
				 * BEGIN/END tokens, the container's own depth
				 * (the top-level value is depth 0) */
	int escaped;		/* strings: a backslash occurs in p[0..len) */
} json_tok;

typedef struct json_tok_state {
	const char *buf;	/* the document; not owned */
	size_t len;		/* its length */
	size_t pos;		/* next byte to read */
	int depth;		/* open containers */
	int state;		/* what the grammar expects next (private) */
	uint8_t kinds[(JSON_TOK_MAX_DEPTH + 7) / 8]; /* bit per level: 1 =
				 * object, 0 = array (private) */
	json_tok_type done;	/* JT_END or JT_ERROR once reached
				 * (meaningless before) */
	size_t err_off;		/* JT_ERROR: offset of the offending byte */
	const char *err_msg;	/* JT_ERROR: static message, e.g.
				 * "expected ',' or '}'" */
	size_t last_off;	/* offset of the last token read, for
				 * json_tok_skip()'s check (private) */
} json_tok_state;

/* Start tokenizing buf[0..len). */
void json_tok_init(json_tok_state *t, const char *buf, size_t len);

/* Read the next token into *tok and return its type.  Returns JT_END
 * once the single top-level value is complete and only whitespace
 * remains, JT_ERROR on malformed input (tok->off and t->err_off give the
 * offset). */
json_tok_type json_tok_next(json_tok_state *t, json_tok *tok);

/* Having just received `first` from json_tok_next(), consume the rest of
 * that value, validating it, so the next json_tok_next() returns what
 * follows it.  For JT_OBJ_BEGIN/JT_ARR_BEGIN this skips to the matching
 * end; for scalars and closing brackets it does nothing; for JT_KEY it
 * reads and skips the member's value (not yet read), so a caller can skip
 * "requestParameters" straight from its key.  Returns the type of the
 * last token consumed (the END token, the scalar's type, or `first`'s
 * type), or JT_ERROR, with the same offset and message json_tok_next()
 * would have given.  *end_off receives the offset just past the value, or
 * err_off (may be NULL).  Passing any token other than the one just read
 * is a caller's bug and yields JT_ERROR.  After JT_END or JT_ERROR it
 * returns that again.  Faster than pulling tokens: it is the hot path for
 * requestParameters and responseElements. */
json_tok_type json_tok_skip(json_tok_state *t, const json_tok *first,
			    size_t *end_off);

/* Decode the raw string p[0..len) (as reported in a JT_KEY or JT_STRING
 * token of a validated document) and append the UTF-8 result to out.
 * Escaped surrogate pairs become one 4-byte sequence, a lone surrogate
 * escape U+FFFD.  Returns 0, or -1
 * if the escapes are invalid (never for tokens json_tok_next produced). */
int json_tok_unescape(const char *p, size_t len, strbuf *out);

/* True if the raw string token equals the C string s after unescaping
 * (cheap when the token has no escapes).  False for tokens other than
 * JT_KEY/JT_STRING, and for strings holding \u0000, which no C string
 * can equal. */
int json_tok_eq(const json_tok *tok, const char *s);

/* Validate that buf[0..len) is well-formed UTF-8 in the strict sense
 * above; returns 0 or -1 with *bad_off set to the first bad byte (for an
 * ill-formed or truncated sequence, its lead byte). */
int json_tok_utf8_check(const char *buf, size_t len, size_t *bad_off);

#endif

/* fuzz_json_tok.c -- libFuzzer target for the JSON tokenizer.
 *
 * Built by `make fuzz` as fuzz-json_tok; run it with, for example,
 *   mkdir -p tests/fuzz/corpus-json_tok
 *   ./fuzz-json_tok -max_total_time=600 -dict=tests/fuzz/json_tok.dict \
 *     tests/fuzz/corpus-json_tok tests/fuzz/seeds/json_tok
 *
 * Each input is tokenized three ways, and the ways must agree:
 *   1. every token pulled with json_tok_next(), each checked on its own
 *      (bounds, bytes under it, depth against our own stack, grammar
 *      order, strings valid UTF-8 that unescape and compare equal);
 *   2. the first token pulled and the rest of the value skipped;
 *   3. tokens pulled, skipping from keys and container starts picked by
 *      a generator seeded from the input.
 * Skipping must land exactly where pulling would have (same following
 * tokens, same end_off) and must fail exactly where pulling fails (same
 * offset, same message).  Any disagreement aborts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/json_tok.h"
#include "util/strbuf.h"

#define CHECK(e)                                                               \
	do {                                                                   \
		if (!(e)) {                                                    \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #e);                                 \
			abort();                                               \
		}                                                              \
	} while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

typedef struct result {
	json_tok_type type;  /* JT_END or JT_ERROR */
	size_t err_off;      /* JT_ERROR: where */
	const char *err_msg; /* JT_ERROR: why */
} result;

static int
is_string(json_tok_type type)
{
	return type == JT_KEY || type == JT_STRING;
}

static int
is_begin(json_tok_type type)
{
	return type == JT_OBJ_BEGIN || type == JT_ARR_BEGIN;
}

static int
is_end(json_tok_type type)
{
	return type == JT_OBJ_END || type == JT_ARR_END;
}

/* Offset just past the token's bytes (strings: past the closing quote). */
static size_t
raw_end(const json_tok *tok)
{
	return tok->off + tok->len + (is_string(tok->type) ? 2 : 0);
}

/* A string token: its bytes, unescaping and comparison. */
static void
check_string(const char *buf, size_t size, const json_tok *tok, strbuf *sb)
{
	size_t bad;

	CHECK(tok->off + 1 + tok->len < size);
	CHECK(buf[tok->off] == '"' && tok->p == buf + tok->off + 1);
	CHECK(tok->p[tok->len] == '"');
	CHECK(tok->escaped == (memchr(tok->p, '\\', tok->len) != NULL));
	CHECK(json_tok_utf8_check(tok->p, tok->len, &bad) == 0);
	strbuf_reset(sb);
	CHECK(json_tok_unescape(tok->p, tok->len, sb) == 0);
	CHECK(sb->len <= tok->len);
	/* Escaped lone surrogates decode to U+FFFD: output is UTF-8 too. */
	CHECK(json_tok_utf8_check(sb->buf, sb->len, &bad) == 0);
	if (!tok->escaped) {
		CHECK(sb->len == tok->len && !memcmp(sb->buf, tok->p, sb->len));
	}
	if (memchr(sb->buf, '\0', sb->len) == NULL) {
		CHECK(json_tok_eq(tok, sb->buf));
		strbuf_addc(sb, 'x');
		CHECK(!json_tok_eq(tok, sb->buf));
		sb->buf[--sb->len] = '\0';
		if (sb->len > 0) {
			sb->buf[--sb->len] = '\0';
			CHECK(!json_tok_eq(tok, sb->buf));
		}
	}
}

/* Any token other than JT_END/JT_ERROR: the bytes under it. */
static void
check_token(const char *buf, size_t size, const json_tok *tok, strbuf *sb)
{
	static const char *const words[] = {"true", "false", "null"};

	CHECK(tok->off < size && raw_end(tok) <= size);
	switch (tok->type) {
	case JT_KEY:
	case JT_STRING:
		check_string(buf, size, tok, sb);
		break;
	case JT_OBJ_BEGIN:
	case JT_OBJ_END:
	case JT_ARR_BEGIN:
	case JT_ARR_END:
		CHECK(tok->len == 1 && tok->p == buf + tok->off);
		CHECK(*tok->p == "{}[]"[tok->type - JT_OBJ_BEGIN]);
		break;
	case JT_NUMBER:
		CHECK(tok->len > 0 && tok->p == buf + tok->off);
		CHECK(*tok->p == '-' || (*tok->p >= '0' && *tok->p <= '9'));
		CHECK(tok->p[tok->len - 1] >= '0' &&
		      tok->p[tok->len - 1] <= '9');
		break;
	default:
		CHECK(tok->type >= JT_TRUE && tok->type <= JT_NULL);
		CHECK(tok->len == strlen(words[tok->type - JT_TRUE]));
		CHECK(!memcmp(tok->p, words[tok->type - JT_TRUE], tok->len));
		break;
	}
}

/* Pass 1: pull everything into toks[], checking as we go. */
static result
pull_all(const char *buf, size_t size, json_tok *toks, size_t *n_toks,
         strbuf *sb)
{
	static unsigned char stack[JSON_TOK_MAX_DEPTH + 1]; /* 1 = object */
	json_tok_state t;
	json_tok tok;
	size_t n = 0, prev_end = 0;
	int depth = 0, after_key = 0, n_values = 0;
	result r;

	json_tok_init(&t, buf, size);
	while (json_tok_next(&t, &tok) > JT_END) {
		check_token(buf, size, &tok, sb);
		CHECK(tok.off >= prev_end);
		prev_end = raw_end(&tok);
		CHECK(n < size);
		toks[n++] = tok;
		if (is_end(tok.type)) {
			CHECK(depth > 0 && !after_key);
			CHECK(stack[depth - 1] == (tok.type == JT_OBJ_END));
			depth--;
			CHECK(tok.depth == depth);
		} else if (tok.type == JT_KEY) {
			CHECK(depth > 0 && stack[depth - 1] && !after_key);
			CHECK(tok.depth == depth);
			after_key = 1;
			continue;
		} else {
			CHECK(tok.depth == depth);
			/* A value in an object always follows its key. */
			CHECK(depth == 0 || stack[depth - 1] == after_key);
			CHECK(depth > 0 || n_values == 0);
			if (is_begin(tok.type)) {
				CHECK(depth < JSON_TOK_MAX_DEPTH);
				stack[depth++] = tok.type == JT_OBJ_BEGIN;
			}
		}
		after_key = 0;
		n_values += depth == 0;
	}
	r.type = tok.type;
	r.err_off = t.err_off;
	r.err_msg = t.err_msg;
	if (tok.type == JT_END) {
		/* Only after one complete value, and only whitespace after. */
		CHECK(depth == 0 && n_values == 1 && n > 0);
		for (size_t i = prev_end; i < size; i++) {
			CHECK(strchr(" \t\r\n", buf[i]) && buf[i] != '\0');
		}
		CHECK(json_tok_utf8_check(buf, size, &prev_end) == 0);
	} else {
		CHECK(tok.type == JT_ERROR && t.err_msg != NULL);
		CHECK(t.err_off <= size && tok.off == t.err_off);
		CHECK(t.err_off >= prev_end);
	}
	/* The result is sticky. */
	CHECK(json_tok_next(&t, &tok) == r.type &&
	      tok.off == (r.type == JT_END ? size : r.err_off));
	*n_toks = n;
	return r;
}

/* Index of the last token of the value starting at toks[i], or n_toks if
 * pass 1 failed before it. */
static size_t
value_end(const json_tok *toks, size_t n_toks, size_t i)
{
	int level = 0;

	if (toks[i].type == JT_KEY) {
		i++;
	}
	if (i < n_toks && !is_begin(toks[i].type)) {
		return i; /* a scalar, or a closing bracket */
	}
	for (; i < n_toks; i++) {
		level += is_begin(toks[i].type);
		level -= is_end(toks[i].type);
		if (level == 0) {
			return i;
		}
	}
	return n_toks;
}

/* Passes 2 and 3: pull, skipping where pick() says, and compare. */
static void
pull_skipping(const char *buf, size_t size, const json_tok *toks, size_t n_toks,
              const result *want, unsigned seed)
{
	json_tok_state t;
	json_tok tok;
	size_t k = 0;

	json_tok_init(&t, buf, size);
	while (json_tok_next(&t, &tok) > JT_END) {
		size_t j, end_off = 0;
		json_tok_type type;

		CHECK(k < n_toks && tok.off == toks[k].off);
		CHECK(tok.type == toks[k].type && tok.depth == toks[k].depth);
		/* xorshift; seed 0 means "skip the first token only". */
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		if (seed == 0 ? k != 0 : (seed & 3) != 0) {
			k++;
			continue;
		}
		type = json_tok_skip(&t, &tok, &end_off);
		j = value_end(toks, n_toks, k);
		if (j == n_toks) {
			CHECK(type == JT_ERROR && want->type == JT_ERROR);
			CHECK(end_off == want->err_off);
			CHECK(t.err_off == want->err_off);
			CHECK(strcmp(t.err_msg, want->err_msg) == 0);
			return;
		}
		CHECK(type == toks[j].type && end_off == raw_end(&toks[j]));
		k = j + 1;
	}
	CHECK(k == n_toks && tok.type == want->type);
	if (want->type == JT_ERROR) {
		CHECK(t.err_off == want->err_off);
		CHECK(strcmp(t.err_msg, want->err_msg) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *buf = (const char *)data;
	json_tok *toks = malloc((size + 1) * sizeof(*toks));
	size_t n_toks = 0;
	unsigned seed = 2166136261u;
	strbuf sb;
	result r;

	strbuf_init(&sb);
	r = pull_all(buf, size, toks, &n_toks, &sb);
	pull_skipping(buf, size, toks, n_toks, &r, 0);
	for (size_t i = 0; i < size && i < 64; i++) {
		seed = (seed ^ data[i]) * 16777619u;
	}
	pull_skipping(buf, size, toks, n_toks, &r, seed | 1);
	pull_skipping(buf, size, toks, n_toks, &r, (seed >> 7) | 1);
	strbuf_free(&sb);
	free(toks);
	return 0;
}

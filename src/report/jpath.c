/* jpath.c -- values out of a JSON document by a dotted path (see
 * jpath.h).  One pass of the tokenizer: members that are not on the path
 * are skipped with json_tok_skip(), so a lookup costs one scan at most. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "jpath.h"

/* Does the raw key token equal seg[0..n)? */
static int
key_is(const json_tok *tok, const char *seg, size_t n)
{
	if (!tok->escaped) {
		return tok->len == n && memcmp(tok->p, seg, n) == 0;
	}
	{
		char buf[256];

		if (n >= sizeof(buf)) {
			return 0;
		}
		memcpy(buf, seg, n);
		buf[n] = '\0';
		return json_tok_eq(tok, buf);
	}
}

/* Is seg[0..n) an array index?  Then its value in *i. */
static int
index_of(const char *seg, size_t n, size_t *i)
{
	size_t v = 0;

	if (n == 0 || n > 9) {
		return 0;
	}
	for (size_t k = 0; k < n; k++) {
		if (seg[k] < '0' || seg[k] > '9') {
			return 0;
		}
		v = v * 10 + (size_t)(seg[k] - '0');
	}
	*i = v;
	return 1;
}

/* Having just read tok (the start of a value), fill v and consume it. */
static int
take(json_tok_state *t, const json_tok *tok, struct jval *v)
{
	size_t end;

	v->type = tok->type;
	v->doc = t->buf;
	v->off = tok->off;
	v->tok = *tok;
	if (tok->type == JT_OBJ_BEGIN || tok->type == JT_ARR_BEGIN) {
		if (json_tok_skip(t, tok, &end) == JT_ERROR) {
			return -1;
		}
		v->end = end;
	} else {
		v->end = tok->type == JT_STRING ? tok->off + tok->len + 2
		                                : tok->off + tok->len;
	}
	return 1;
}

/* Read the rest of the document: 0 when it is valid, else -1 (the
 * whole document must be valid, whatever the path finds). */
static int
drain(json_tok_state *t)
{
	json_tok tok;

	while (json_tok_next(t, &tok) > JT_END) {
	}
	return tok.type == JT_ERROR ? -1 : 0;
}

int
jpath_find(const char *doc, size_t len, const char *path, struct jval *v)
{
	json_tok_state t;
	json_tok tok;
	const char *seg = path ? path : "";

	json_tok_init(&t, doc, len);
	if (json_tok_next(&t, &tok) <= JT_END) {
		return -1;
	}
	while (*seg) {
		size_t n = strcspn(seg, "."), want = 0, i = 0;
		int found = 0;

		if (tok.type == JT_OBJ_BEGIN) {
			while (json_tok_next(&t, &tok) == JT_KEY) {
				if (key_is(&tok, seg, n)) {
					found = json_tok_next(&t, &tok) >
					        JT_END;
					break;
				}
				if (json_tok_skip(&t, &tok, NULL) == JT_ERROR) {
					return -1;
				}
			}
		} else if (tok.type == JT_ARR_BEGIN &&
		           index_of(seg, n, &want)) {
			while (json_tok_next(&t, &tok) > JT_END &&
			       tok.type != JT_ARR_END) {
				if (i++ == want) {
					found = 1;
					break;
				}
				if (json_tok_skip(&t, &tok, NULL) == JT_ERROR) {
					return -1;
				}
			}
		}
		if (t.done == JT_ERROR || tok.type == JT_ERROR) {
			return -1;
		}
		if (!found) {
			return drain(&t);
		}
		seg += n;
		if (*seg == '.') {
			seg++;
		}
	}
	if (take(&t, &tok, v) < 0 || drain(&t) < 0) {
		return -1;
	}
	return 1;
}

static void
scalar_text(const json_tok *tok, strbuf *out)
{
	switch (tok->type) {
	case JT_STRING:
		json_tok_unescape(tok->p, tok->len, out);
		break;
	case JT_NUMBER:
	case JT_TRUE:
	case JT_FALSE:
		strbuf_add(out, tok->p, tok->len);
		break;
	default:
		break;
	}
}

/* Append the texts of an array of scalars joined by ", "; 0 when an
 * element is an array or object. */
static int
scalars_text(const struct jval *v, strbuf *out)
{
	json_tok_state t;
	json_tok tok;
	int first = 1;

	json_tok_init(&t, v->doc + v->off, v->end - v->off);
	json_tok_next(&t, &tok);
	while (json_tok_next(&t, &tok) > JT_END && tok.type != JT_ARR_END) {
		if (tok.type == JT_OBJ_BEGIN || tok.type == JT_ARR_BEGIN) {
			return 0;
		}
		if (tok.type == JT_NULL) {
			continue;
		}
		if (!first) {
			strbuf_adds(out, ", ");
		}
		first = 0;
		scalar_text(&tok, out);
	}
	return tok.type == JT_ARR_END;
}

void
jpath_text(const struct jval *v, strbuf *out)
{
	size_t mark = out->len;

	if (v->type != JT_OBJ_BEGIN && v->type != JT_ARR_BEGIN) {
		scalar_text(&v->tok, out);
		return;
	}
	if (v->type == JT_ARR_BEGIN && scalars_text(v, out)) {
		return;
	}
	strbuf_truncate(out, mark);
	strbuf_add(out, v->doc + v->off, v->end - v->off);
}

int
jpath_get_text(const char *doc, size_t len, const char *path, strbuf *out)
{
	struct jval v;
	int rc = jpath_find(doc, len, path, &v);

	if (rc == 1) {
		jpath_text(&v, out);
	}
	return rc;
}

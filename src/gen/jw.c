/* jw.c -- streaming JSON writer (see jw.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen/jw.h"

void
jw_init(jw *w, strbuf *sb, int indent)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
	w->indent = indent;
}

static void
newline(jw *w)
{
	strbuf_addc(w->sb, '\n');
	for (int i = 0; i < w->depth * w->indent; i++) {
		strbuf_addc(w->sb, ' ');
	}
}

/* Separator before a value or a key at the current level. */
static void
before(jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0) {
		return;
	}
	if (w->n_items[w->depth - 1]) {
		strbuf_addc(w->sb, ',');
	}
	w->n_items[w->depth - 1] = 1;
	if (w->indent) {
		newline(w);
	}
}

static void
push(jw *w, int c)
{
	before(w);
	strbuf_addc(w->sb, c);
	if (w->depth < JW_MAX_DEPTH) {
		w->n_items[w->depth] = 0;
	}
	w->depth++;
}

static void
pop(jw *w, int c)
{
	int had = w->n_items[w->depth - 1];

	w->depth--;
	if (w->indent && had) {
		newline(w);
	}
	strbuf_addc(w->sb, c);
}

void
jw_obj(jw *w)
{
	push(w, '{');
}

void
jw_end_obj(jw *w)
{
	pop(w, '}');
}

void
jw_arr(jw *w)
{
	push(w, '[');
}

void
jw_end_arr(jw *w)
{
	pop(w, ']');
}

void
jw_key(jw *w, const char *k)
{
	before(w);
	jw_escape(w->sb, k, strlen(k));
	strbuf_add(w->sb, w->indent ? ": " : ":", w->indent ? 2 : 1);
	w->after_key = 1;
}

void
jw_escape(strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	strbuf_reserve(sb, len + 2);
	strbuf_addc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[6] = {'\\', 'u', '0', '0', 0, 0};

		if (c >= 0x20 && c != '"' && c != '\\') {
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
		case '\\':
			e[1] = (char)c;
			strbuf_add(sb, e, 2);
			break;
		case '\n':
			strbuf_add(sb, "\\n", 2);
			break;
		case '\t':
			strbuf_add(sb, "\\t", 2);
			break;
		case '\r':
			strbuf_add(sb, "\\r", 2);
			break;
		default:
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			strbuf_add(sb, e, 6);
		}
	}
	strbuf_add(sb, s + run, len - run);
	strbuf_addc(sb, '"');
}

void
jw_strn(jw *w, const char *s, size_t len)
{
	before(w);
	jw_escape(w->sb, s, len);
}

void
jw_str(jw *w, const char *s)
{
	jw_strn(w, s, strlen(s));
}

/* Decode one UTF-8 sequence at s; returns its length (1 on bad bytes). */
static int
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0xe0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] < 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0f) << 12) |
		      ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	if ((s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) |
		      ((uint32_t)(s[1] & 0x3f) << 12) |
		      ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return 4;
	}
	*cp = 0xfffd;
	return 1;
}

/* One ASCII byte, escaped as jw_escape() would. */
static void
add_ascii(strbuf *sb, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '"':
		strbuf_add(sb, "\\\"", 2);
		break;
	case '\\':
		strbuf_add(sb, "\\\\", 2);
		break;
	case '\n':
		strbuf_add(sb, "\\n", 2);
		break;
	case '\t':
		strbuf_add(sb, "\\t", 2);
		break;
	case '\r':
		strbuf_add(sb, "\\r", 2);
		break;
	case '/':
		strbuf_add(sb, "\\/", 2);
		break;
	default:
		if (c < 0x20) {
			char e[6] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};

			strbuf_add(sb, e, 6);
		} else {
			strbuf_addc(sb, c);
		}
	}
}

void
jw_str_ascii(jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	before(w);
	strbuf_addc(w->sb, '"');
	while (*p) {
		if (*p < 0x80) {
			add_ascii(w->sb, *p++);
			continue;
		}
		p += utf8_decode(p, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			strbuf_addf(w->sb, "\\u%04x\\u%04x",
			            (unsigned)(0xd800 + (cp >> 10)),
			            (unsigned)(0xdc00 + (cp & 0x3ff)));
		} else {
			strbuf_addf(w->sb, "\\u%04x", (unsigned)cp);
		}
	}
	strbuf_addc(w->sb, '"');
}

void
jw_strf(jw *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0) {
		n = 0;
	}
	jw_strn(w, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void
jw_raw(jw *w, const char *json)
{
	before(w);
	strbuf_adds(w->sb, json);
}

void
jw_int(jw *w, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);

	before(w);
	strbuf_add(w->sb, buf, (size_t)n);
}

void
jw_bool(jw *w, int b)
{
	jw_raw(w, b ? "true" : "false");
}

void
jw_null(jw *w)
{
	jw_raw(w, "null");
}

void
jw_str_or_null(jw *w, const char *s)
{
	if (s) {
		jw_str(w, s);
	} else {
		jw_null(w);
	}
}

void
jw_kstr(jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s);
}

void
jw_kstrf(jw *w, const char *k, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0) {
		n = 0;
	}
	jw_key(w, k);
	jw_strn(w, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void
jw_kraw(jw *w, const char *k, const char *json)
{
	jw_key(w, k);
	jw_raw(w, json);
}

void
jw_kint(jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

void
jw_kbool(jw *w, const char *k, int b)
{
	jw_key(w, k);
	jw_bool(w, b);
}

void
jw_knull(jw *w, const char *k)
{
	jw_key(w, k);
	jw_null(w);
}

void
jw_kobj(jw *w, const char *k)
{
	jw_key(w, k);
	jw_obj(w);
}

void
jw_karr(jw *w, const char *k)
{
	jw_key(w, k);
	jw_arr(w);
}

void
jw_kstr_or_null(jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str_or_null(w, s);
}

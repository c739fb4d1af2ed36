/* jw.h -- a small streaming JSON writer appending to a strbuf.
 *
 * Used by every part of trailsift-gen that writes JSON: CloudTrail
 * records (compact, keys in the order they are written, which is how the
 * generator reproduces AWS's key order), digests, ground-truth lines and
 * the pretty-printed side files that mimic `aws ... --output json`.
 * The writer inserts commas, colons and (when indent > 0) newlines and
 * indentation; callers only say what comes next.  It does not validate
 * nesting beyond an assert-free depth limit (JW_MAX_DEPTH), and it never
 * allocates except through the strbuf, which the caller owns.
 *
 * Strings are escaped as CloudTrail's Java writer does: '"', '\\' and
 * control characters; other bytes (UTF-8) pass through.  jw_str_ascii()
 * also writes '/' as "\/" and non-ASCII as \uXXXX (surrogate pairs when
 * needed), the other legal spelling, so parsers meet both. */
#ifndef TS_GEN_JW_H
#define TS_GEN_JW_H

#include <stdint.h>

#include "util/strbuf.h"

#define JW_MAX_DEPTH 48

typedef struct jw {
	strbuf *sb;                          /* output, owned by the caller */
	int depth;                           /* open containers */
	int indent;                          /* spaces per level; 0 = compact */
	unsigned char n_items[JW_MAX_DEPTH]; /* values so far (0, 1, 2=many) */
	int after_key;                       /* a key was written, value next */
} jw;

/* Start writing into sb (appending); indent 0 gives compact JSON. */
void jw_init(jw *w, strbuf *sb, int indent);

void jw_obj(jw *w);
void jw_end_obj(jw *w);
void jw_arr(jw *w);
void jw_end_arr(jw *w);
void jw_key(jw *w, const char *k);

void jw_str(jw *w, const char *s);
void jw_strn(jw *w, const char *s, size_t len);
void jw_str_ascii(jw *w, const char *s);
void jw_strf(jw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A value already rendered as JSON text (object, number, literal...). */
void jw_raw(jw *w, const char *json);
void jw_int(jw *w, int64_t v);
void jw_bool(jw *w, int b);
void jw_null(jw *w);
/* A string or null when s is NULL. */
void jw_str_or_null(jw *w, const char *s);

/* key + value shorthands */
void jw_kstr(jw *w, const char *k, const char *s);
void jw_kstrf(jw *w, const char *k, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void jw_kraw(jw *w, const char *k, const char *json);
void jw_kint(jw *w, const char *k, int64_t v);
void jw_kbool(jw *w, const char *k, int b);
void jw_knull(jw *w, const char *k);
void jw_kobj(jw *w, const char *k);
void jw_karr(jw *w, const char *k);
void jw_kstr_or_null(jw *w, const char *k, const char *s);

/* Append s to sb as a JSON string literal (quotes included). */
void jw_escape(strbuf *sb, const char *s, size_t len);

#endif

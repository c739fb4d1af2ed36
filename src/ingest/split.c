/* split.c -- cut a decompressed JSON stream into items (see split.h).
 *
 * The stream is appended to one buffer.  `pos` is where scanning stands,
 * `keep` the first byte still needed (the start of the item being
 * scanned); everything before `keep` is dropped when room is needed.  The
 * scanner is a small state machine that can stop at any byte and resume
 * when more data arrives, so each byte is looked at once whatever the
 * chunk sizes.  Inside an item it tracks only strings, escapes and a
 * stack of bracket kinds; that is enough to find where the item ends and
 * to notice unbalanced brackets, and it runs at memory speed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "split.h"
#include "../util/xmalloc.h"

enum state {
	S_TOP,        /* before a top-level value */
	S_PEEK,       /* after a top-level '{': looking at its first key */
	S_ELEM,       /* in a container array, before an element or ']' */
	S_ELEM_REQ,   /* after ',': an element must follow */
	S_AFTER_ELEM, /* after an element: ',' or ']' */
	S_ITEM,       /* inside an item (object, array, string, scalar) */
	S_REST,       /* skipping the rest of a container object */
	S_MEMBER,     /* after a member of a list document: ',' or '}' */
	S_KEY,        /* after its ',': the next member's name */
	S_LINE,       /* skipping a bad line (JSON Lines) */
	S_DONE,       /* stopped: error or callback said stop */
};

/* What the item scanner is inside of. */
enum item_kind { K_NESTED, K_STRING, K_SCALAR };

/* How a top-level object turned out broken (see bad_line()). */
enum damage {
	D_END,     /* the stream ends inside it */
	D_BRACKET, /* a bracket that does not match */
	D_SIZE,    /* it outgrew max_item */
	D_SPAN,    /* it ended, but past its line, in a line starting '{' */
};

/* Why a line of JSON Lines is bad (split_item.problem). */
#define P_GARBAGE "not a JSON object or array"
#define P_LINE "the record does not end on its line (truncated?)"
#define P_END "the data ends inside the record (truncated?)"
#define P_AFTER "unexpected data after the record on its line"

struct splitter {
	char *buf;             /* stream bytes from `base` on */
	size_t cap;            /* bytes allocated */
	size_t len;            /* bytes held */
	size_t pos;            /* next byte to scan */
	size_t keep;           /* first byte still needed */
	uint64_t base;         /* stream offset of buf[0] */
	enum state st;         /* scanner state */
	enum state after;      /* where S_ITEM returns when the item ends */
	enum item_kind kind;   /* S_ITEM: shape of the item */
	int in_str;            /* S_ITEM/S_REST: inside a string */
	int esc;               /* ... and the previous byte was a backslash */
	uint8_t *stack;        /* bracket kinds: '{' or '[' */
	size_t depth;          /* entries used in stack */
	size_t stack_cap;      /* entries allocated */
	size_t item_start;     /* buffer index of the current item */
	uint64_t item_off;     /* stream offset of the current item */
	int skipping;          /* current item exceeded max_item */
	size_t max_item;       /* largest item kept in memory */
	char too_big[128];     /* the problem of an item over max_item */
	split_container from;  /* container of the current items */
	split_container first; /* first container seen */
	int n_top;             /* top-level values begun */
	uint64_t n_items;      /* items emitted */
	int nonblank;          /* saw anything but whitespace */
	int multi;             /* the document holds several lists */
	int silent;            /* S_ITEM: skip the item, do not emit it */
	int newline;           /* a newline since the last top-level value */
	int lines;             /* a top-level object began and ended on one
	                        * line: the stream is JSON Lines */
	int nl_seen;           /* S_ITEM: its first newline was looked at */
	uint64_t strict_until; /* a top-level object that begins before this
	                        * stream offset must end on its line: the
	                        * bytes a broken object took were read once
	                        * already (see bad_line()) */
	const char *line_why;  /* S_LINE: the problem of the line */
	int line_big;          /* S_LINE: the object outgrew max_item: its
	                        * lines over max_item are too big, not cut */
	split_fn fn;           /* item callback */
	void *ctx;             /* its argument */
	split_measure_fn measure; /* optional: finds where an object ends */
	int measured;             /* the item's end came from it */
	char err[160];            /* structural error message */
	uint64_t err_off;         /* its stream offset */
};

static const struct {
	const char *name; /* the first key */
	split_container c;
	char open; /* '[': each element is an item; '{': the object is */
	int multi; /* 1: other members may be lists of the same document */
} containers[] = {
        {"Records", SPLIT_RECORDS, '[', 0},
        {"Events", SPLIT_EVENTS, '[', 0},
        {"Users", SPLIT_USERS, '[', 0},
        {"Groups", SPLIT_GROUPS, '[', 0},
        {"GroupMemberships", SPLIT_MEMBERSHIPS, '[', 0},
        {"AccountAssignments", SPLIT_ASSIGNMENTS, '[', 0},
        {"PermissionSet", SPLIT_PERMISSION_SET, '{', 0},
        {"UserDetailList", SPLIT_IAM_USERS, '[', 1},
        {"GroupDetailList", SPLIT_IAM_GROUPS, '[', 1},
        {"RoleDetailList", SPLIT_IAM_ROLES, '[', 1},
        {"Policies", SPLIT_IAM_POLICIES, '[', 1},
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The entry of containers[] named k[0..n), or -1. */
static int
container_of(const char *k, size_t n)
{
	for (size_t c = 0; c < sizeof(containers) / sizeof(containers[0]);
	     c++) {
		if (strlen(containers[c].name) == n &&
		    memcmp(containers[c].name, k, n) == 0) {
			return (int)c;
		}
	}
	return -1;
}

splitter *
split_new(size_t max_item, split_fn fn, void *ctx)
{
	splitter *s = xcalloc(1, sizeof(*s));

	s->max_item = max_item;
	s->fn = fn;
	s->ctx = ctx;
	s->st = S_TOP;
	s->first = SPLIT_TOP;
	s->stack_cap = 64;
	s->stack = xmalloc(s->stack_cap);
	return s;
}

void
split_set_measure(splitter *s, split_measure_fn fn)
{
	s->measure = fn;
}

void
split_set_offset(splitter *s, uint64_t off)
{
	s->base = off;
}

void
split_free(splitter *s)
{
	if (s == NULL) {
		return;
	}
	free(s->buf);
	free(s->stack);
	free(s);
}

static int
fail(splitter *s, size_t at, const char *what)
{
	s->err_off = s->base + at;
	snprintf(s->err, sizeof(s->err), "invalid JSON at offset %llu: %s",
	         (unsigned long long)s->err_off, what);
	s->st = S_DONE;
	return -1;
}

static void
push(splitter *s, uint8_t kind)
{
	if (s->depth == s->stack_cap) {
		s->stack_cap *= 2;
		s->stack = xrealloc(s->stack, s->stack_cap);
	}
	s->stack[s->depth++] = kind;
}

/* Why an item of len bytes is not kept.  The limit is the build's
 * (INGEST_MAX_RECORD): no option changes it. */
static const char *
too_big(splitter *s, size_t len)
{
	if (s->max_item % (1u << 20) == 0) {
		snprintf(
		        s->too_big, sizeof(s->too_big),
		        "record of %zu bytes exceeds the size limit of %zu MiB "
		        "(fixed: no option raises it)",
		        len, s->max_item >> 20);
	} else {
		snprintf(s->too_big, sizeof(s->too_big),
		         "record of %zu bytes exceeds the size limit of %zu "
		         "bytes (fixed: no option raises it)",
		         len, s->max_item);
	}
	return s->too_big;
}

/* Emit the item that ends just before buffer index `end`. */
static int
emit(splitter *s, size_t end, const char *problem)
{
	split_item it;

	it.off = s->item_off;
	it.no = ++s->n_items;
	it.from = s->from;
	it.top_index = s->n_top - 1;
	it.problem = problem;
	it.measured = s->measured;
	s->measured = 0;
	if (s->skipping) {
		it.p = NULL;
		it.len = (size_t)(s->base + end - s->item_off);
		if (problem == NULL) {
			it.problem = too_big(s, it.len);
		}
	} else {
		it.p = s->buf + s->item_start;
		it.len = end - s->item_start;
	}
	s->skipping = 0;
	s->keep = end;
	if (it.p != NULL && it.len > s->max_item) {
		it.p = NULL;
		if (problem == NULL) {
			it.problem = too_big(s, it.len);
		}
	}
	if (s->fn(s->ctx, &it) != 0) {
		s->st = S_DONE;
		snprintf(s->err, sizeof(s->err), "stopped");
		s->err_off = s->base + end;
		return -1;
	}
	return 0;
}

static void
begin_item(splitter *s, size_t at, enum item_kind kind, enum state after)
{
	s->item_start = at;
	s->item_off = s->base + at;
	s->keep = at;
	s->kind = kind;
	s->after = after;
	s->in_str = kind == K_STRING;
	s->esc = 0;
	s->depth = 0;
	s->skipping = 0;
	s->nl_seen = 0;
	s->st = S_ITEM;
}

/* Bytes that may end a bare scalar (number, true, false, null). */
static int
ends_scalar(char c)
{
	return is_ws(c) || c == ',' || c == ']' || c == '}';
}

/* Skip string bytes up to the next '"' or '\\' (or n).  Most bytes of
 * a record are inside strings; 16 at a time this is 3x the byte loop. */
static inline size_t
skip_in_string(const char *b, size_t i, size_t n)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');

	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(b + i));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		        _mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));

		if (mask != 0) {
			return i + (size_t)__builtin_ctz(mask);
		}
		i += 16;
	}
#endif
	while (i < n && b[i] != '"' && b[i] != '\\') {
		i++;
	}
	return i;
}

/* Skip bytes outside strings up to the next '"', '{', '}', '[' or ']'
 * (or n).  '[' and ']' differ from '{' and '}' in bit 0x20 only. */
static inline size_t
skip_to_structure(const char *b, size_t i, size_t n)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bit = _mm_set1_epi8(0x20);
	const __m128i open = _mm_set1_epi8('{');
	const __m128i close = _mm_set1_epi8('}');

	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(b + i));
		__m128i f = _mm_or_si128(v, bit);
		unsigned mask = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_cmpeq_epi8(v, quote),
		                     _mm_or_si128(_mm_cmpeq_epi8(f, open),
		                                  _mm_cmpeq_epi8(f, close))));

		if (mask != 0) {
			return i + (size_t)__builtin_ctz(mask);
		}
		i += 16;
	}
#endif
	while (i < n && b[i] != '"' && (b[i] | 0x20) != '{' &&
	       (b[i] | 0x20) != '}') {
		i++;
	}
	return i;
}

/* Scan inside an item from s->pos up to buffer index n.  Returns 1 when
 * the item ended (the end index in *end), 0 when it goes on past n, -2
 * at a bracket that does not match (s->pos at it). */
static int
scan_item(splitter *s, size_t n, size_t *end)
{
	const char *b = s->buf;
	size_t i = s->pos;

	if (s->kind == K_SCALAR) {
		while (i < n && !ends_scalar(b[i])) {
			i++;
		}
		s->pos = i;
		if (i < n) {
			*end = i;
			return 1;
		}
		return 0;
	}
	while (i < n) {
		if (s->in_str) {
			if ((i = skip_in_string(b, i, n)) == n) {
				break;
			}
			if (b[i] == '\\') {
				if (i + 1 == n) {
					s->esc = 1;
					i++;
					break;
				}
				i += 2;
				continue;
			}
			s->in_str = 0;
			i++;
			if (s->kind == K_STRING) {
				s->pos = i;
				*end = i;
				return 1;
			}
			continue;
		}
		if ((i = skip_to_structure(b, i, n)) == n) {
			break;
		}
		switch (b[i]) {
		case '"':
			s->in_str = 1;
			break;
		case '{':
		case '[':
			push(s, (uint8_t)b[i]);
			break;
		case '}':
		case ']':
			if (s->depth == 0 ||
			    s->stack[s->depth - 1] !=
			            (b[i] == '}' ? '{' : '[')) {
				s->pos = i;
				return -2;
			}
			if (--s->depth == 0) {
				s->pos = i + 1;
				*end = i + 1;
				return 1;
			}
			break;
		}
		i++;
	}
	s->pos = i;
	return 0;
}

static const char *
unbalanced(const splitter *s)
{
	return s->buf[s->pos] == '}' ? "unbalanced '}'" : "unbalanced ']'";
}

/* Must the current top-level object end on its line? */
static int
strict(const splitter *s)
{
	return s->item_off < s->strict_until;
}

/* Before the first byte of an object item is scanned, let the measure
 * callback find its end in buf[item_start..n): n is where the scan
 * would stop, which in JSON Lines is the item's first newline, so the
 * measure does not read the lines after a record (a line of broken
 * records would cost a read of the buffer each; in a strict tail, up to
 * max_item), and one on several lines is left to the scan.  Returns 1
 * with *end set, else 0: scan. */
static int
measure_item(splitter *s, size_t n, size_t *end)
{
	size_t k, avail = n - s->item_start;

	if (s->measure == NULL || s->kind != K_NESTED || s->silent ||
	    s->skipping || s->pos != s->item_start ||
	    s->buf[s->item_start] != '{') {
		return 0;
	}
	k = s->measure(s->ctx, s->buf + s->item_start, avail);
	if (k == 0 || k > s->max_item || k > avail) {
		return 0;
	}
	*end = s->pos = s->item_start + k;
	s->depth = 0;
	s->measured = 1;
	return 1;
}

/* A backslash ended the previous chunk: skip the escaped byte. */
static void
resume_escape(splitter *s)
{
	if (s->esc && s->pos < s->len) {
		s->pos++;
		s->esc = 0;
	}
}

/* Top-level keys that make an object a record (CloudTrail's, an
 * EventBridge envelope's, a lookup-events entry's): such an object is an
 * item, and its other keys are not looked through for a list. */
static int
record_key(const char *k, size_t n)
{
	static const char *const keys[] = {
	        "eventVersion",
	        "userIdentity",
	        "eventTime",
	        "eventSource",
	        "eventName",
	        "awsRegion",
	        "sourceIPAddress",
	        "userAgent",
	        "eventID",
	        "requestID",
	        "eventType",
	        "recipientAccountId",
	        "additionalEventData",
	        "apiVersion",
	        "errorCode",
	        "errorMessage",
	        "readOnly",
	        "requestParameters",
	        "responseElements",
	        "resources",
	        "eventCategory",
	        "managementEvent",
	        "version",
	        "id",
	        "detail-type",
	        "detail",
	        "source",
	        "EventId",
	        "EventName",
	        "EventTime",
	        "EventSource",
	        "CloudTrailEvent",
	        "Username",
	        "AccessKeyId",
	        "ReadOnly",
	        "Resources",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i]) == n && memcmp(keys[i], k, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Past the JSON value at b[i..n): 1 with *end after it, 2 when it runs
 * past n.  Only for looking ahead: the value is not checked beyond its
 * brackets and strings (the scan proper finds what is malformed). */
static int
skip_value(const char *b, size_t i, size_t n, size_t *end)
{
	size_t depth = 0;
	int in_str = 0;

	for (; i < n; i++) {
		char c = b[i];

		if (in_str) {
			if (c == '\\' && ++i == n) {
				return 2; /* the escaped byte is not here yet */
			} else if (c == '"') {
				in_str = 0;
				if (depth == 0) {
					*end = i + 1;
					return 1;
				}
			}
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0) {
				*end = i; /* a scalar ended by its container */
				return 1;
			}
			if (--depth == 0) {
				*end = i + 1;
				return 1;
			}
		} else if (depth == 0 && (c == ',' || is_ws(c))) {
			*end = i;
			return 1;
		}
	}
	return 2;
}

/* How far into a top-level object the keys before its list are looked
 * through ({"exportedBy":"x","Records":[...]}, {"NextToken":..,
 * "Events":[...]}); an object whose list comes later is an item. */
#define PEEK_MAX (64u << 10)

/* S_PEEK: is the top-level object {"Records":[ ... ?  Returns 1 with
 * s->from set and s->pos after the '[', 3 for {"PermissionSet":{ ...
 * with s->pos at the '{', 0 when it is a whole item, 2 when more data is
 * needed.  The list may follow other members, unless the first is a
 * record's (record_key()).  The look goes no further than PEEK_MAX
 * bytes, however much the buffer holds (a strict tail, bad_line(), holds
 * up to max_item), and in a strict tail no further than the object's
 * line, where it must end. */
static int
peek_container(splitter *s)
{
	const char *b = s->buf, *nl;
	size_t i = s->item_start + 1, n = s->len, k0;
	int first = 1, c, more = 2;

	if (n - s->item_start > PEEK_MAX) {
		n = s->item_start + PEEK_MAX + 1;
		more = 0;
	}
	if (strict(s) &&
	    (nl = memchr(b + s->item_start, '\n', n - s->item_start)) != NULL) {
		n = (size_t)(nl - b);
		more = 0;
	}

next_key:
	while (i < n && is_ws(b[i])) {
		i++;
	}
	if (i == n) {
		return more;
	}
	if (b[i] != '"') {
		return 0;
	}
	k0 = ++i;
	while (i < n && b[i] != '"' && b[i] != '\\' && i - k0 < 32) {
		i++;
	}
	if (i == n) {
		return more;
	}
	if (b[i] != '"') {
		return 0;
	}
	c = container_of(b + k0, i - k0);
	if (c < 0) {
		size_t end;
		int rc;

		if ((first && record_key(b + k0, i - k0)) ||
		    i - s->item_start > PEEK_MAX) {
			return 0;
		}
		first = 0;
		/* skip the member's value, then look at the next key */
		i++;
		while (i < n && is_ws(b[i])) {
			i++;
		}
		if (i < n && b[i] != ':') {
			return 0;
		}
		i++;
		while (i < n && is_ws(b[i])) {
			i++;
		}
		rc = i < n ? skip_value(b, i, n, &end) : 2;
		if (rc != 1) {
			return rc == 2 ? more : 0;
		}
		i = end;
		while (i < n && is_ws(b[i])) {
			i++;
		}
		if (i == n) {
			return more;
		}
		if (b[i] != ',') {
			return 0; /* '}': no list in it, an item */
		}
		i++;
		goto next_key;
	}
	i++;
	while (i < n && is_ws(b[i])) {
		i++;
	}
	if (i < n && b[i] == ':') {
		i++;
		while (i < n && is_ws(b[i])) {
			i++;
		}
	} else if (i < n) {
		return 0;
	}
	if (i == n) {
		return more;
	}
	if (b[i] != containers[c].open) {
		return 0;
	}
	s->from = containers[c].c;
	s->multi = containers[c].multi;
	if (b[i] == '{') {
		s->pos = i;
		return 3;
	}
	s->pos = i + 1;
	return 1;
}

static void
note_container(splitter *s, split_container c)
{
	s->from = c;
	if (s->n_top == 1) {
		s->first = c;
	}
}

/* Start of a top-level value at index i. */
static void
top_value(splitter *s, size_t i)
{
	s->n_top++;
	s->nonblank = 1;
	s->item_off = s->base + i;
	if (s->buf[i] == '{') {
		s->item_start = i;
		s->keep = i;
		s->pos = i;
		s->st = S_PEEK;
	} else if (s->buf[i] == '[') {
		note_container(s, SPLIT_ARRAY);
		s->keep = i + 1;
		s->pos = i + 1;
		s->depth = 0;
		s->st = S_ELEM;
	} else {
		/* A scalar or garbage at top level: JSON Lines resync. */
		s->item_start = i;
		s->keep = i;
		s->pos = i;
		s->line_why = P_GARBAGE;
		s->st = S_LINE;
	}
}

/* Element start in a container array at index i. */
static int
element(splitter *s, size_t i)
{
	char c = s->buf[i];

	if (c == '{' || c == '[') {
		begin_item(s, i, K_NESTED, S_AFTER_ELEM);
	} else if (c == '"') {
		begin_item(s, i, K_STRING, S_AFTER_ELEM);
		s->pos = i + 1;
		return 0;
	} else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
	           c == 'n') {
		begin_item(s, i, K_SCALAR, S_AFTER_ELEM);
	} else {
		return fail(s, i, "expected a value in the array");
	}
	s->pos = i;
	return 0;
}

/* S_KEY at a member of a list document ({"UserDetailList":[...],
 * "GroupDetailList":[...],"IsTruncated":false}): a list of the same
 * document is split like the first; any other value is skipped.  Needs
 * the name, the ':' and the value's first byte in the buffer: returns 0
 * to wait for more data, 1 when the state moved on, -1 on error. */
static int
next_member(splitter *s)
{
	const char *b = s->buf;
	size_t i = s->pos, n = s->len, k0, kl;
	int k;

	if (b[i] != '"') {
		return fail(s, i, "expected a member name");
	}
	k0 = ++i;
	while (i < n && b[i] != '"') {
		i += b[i] == '\\' ? 2 : 1;
		if (i - k0 > 256) {
			return fail(s, k0, "member name too long");
		}
	}
	if (i >= n) {
		return 0;
	}
	kl = i - k0;
	for (i++; i < n && is_ws(b[i]); i++) {
	}
	if (i == n) {
		return 0;
	}
	if (b[i] != ':') {
		return fail(s, i, "expected ':' after a member name");
	}
	for (i++; i < n && is_ws(b[i]); i++) {
	}
	if (i == n) {
		return 0;
	}
	k = container_of(b + k0, kl);
	if (k >= 0 && containers[k].multi && b[i] == '[') {
		s->from = containers[k].c;
		s->pos = s->keep = i + 1;
		s->st = S_ELEM;
		return 1;
	}
	if (element(s, i) < 0) {
		return -1;
	}
	s->after = S_MEMBER;
	s->silent = 1;
	return 1;
}

/* --- damaged lines of JSON Lines ----------------------------------------
 *
 * In JSON Lines a record that does not end on its line (cut short, a
 * bracket too few) would otherwise swallow the lines after it, and a
 * structural error would stop the stream there.  Instead the line is one
 * bad item and splitting goes on with the next line.  Only top-level
 * objects of a stream of top-level values are treated so: elements of
 * {"Records":[...]} and of arrays are never guessed at, and a document
 * that is not JSON Lines (one record pretty-printed, or several one after
 * the other) keeps stopping at its first damage.
 *
 * The stream is JSON Lines when an earlier top-level object began and
 * ended on one line (`lines`).  A broken object then gives up its line
 * when the next line starts with '{' -- what no pretty-printed object
 * has on its second line, where a key must come first -- or when it is
 * the last line, or when the damage is on its line.  So does an object
 * that did end, but on a later line, when its second line starts with
 * '{' (a cut string puts the quotes out of step, and the brackets may
 * balance again lines later); a valid object laid out like that is not
 * JSON Lines either.  Before any evidence, for the first value, only a
 * broken object is given up, the next line must hold one whole object
 * ('{' to '}'), and the first line must not end in ',', ':' or '[',
 * after which a '{' line is more likely an element or member of a
 * damaged document than a record.  Every decision looks only at bytes
 * up to where the damage was seen (at most max_item bytes of the
 * object), so it is the same whatever the chunk sizes. */

/* The item being scanned is a top-level object of a stream of values. */
static int
top_item(const splitter *s)
{
	return s->st == S_PEEK ||
	       (s->st == S_ITEM && s->after == S_TOP && !s->silent);
}

int
split_whole_line(const char *p, size_t n, int complete)
{
	const char *nl = memchr(p, '\n', n);
	size_t e = nl ? (size_t)(nl - p) : n;

	if (n == 0 || p[0] != '{' || (nl == NULL && !complete)) {
		return 0;
	}
	while (e > 0 && is_ws(p[e - 1])) {
		e--;
	}
	return e > 1 && p[e - 1] == '}';
}

/* Make the current item's line a bad item (problem `why`): rescan from
 * its start as a bad line (an oversized item's bytes are gone: from
 * where it was seen to be bad, within its first line).  Returns 1. */
static int
to_line(splitter *s, const char *why)
{
	s->st = S_LINE;
	if (!s->skipping) {
		s->pos = s->item_start;
	}
	s->line_why = why;
	s->line_big = 0;
	s->from = SPLIT_TOP;
	s->depth = 0;
	s->in_str = 0;
	s->esc = 0;
	s->measured = 0;
	return 1;
}

/* The top-level object from item_start turned out broken (`d`), seen at
 * buffer index `at`; eof: the stream has ended.  In JSON Lines, make its
 * first line a bad item and return 1; otherwise return 0 (structural
 * damage: the caller stops). */
static int
bad_line(splitter *s, enum damage d, size_t at, int eof)
{
	const char *b = s->buf, *nl;
	size_t j, e;

	if (!top_item(s) || s->skipping) {
		return 0;
	}
	if (at - s->item_start > s->max_item) {
		/* decide as when it outgrew max_item in a smaller chunk */
		d = D_SIZE;
		at = s->item_start + s->max_item;
		eof = 0;
	}
	nl = memchr(b + s->item_start, '\n', at - s->item_start);
	if (nl == NULL) {
		/* broken on its own line: the last one, or a stray bracket */
		if (!s->lines || (d != D_END && d != D_BRACKET)) {
			return 0;
		}
		return to_line(s, d == D_END ? P_END : unbalanced(s));
	}
	if (strict(s)) {
		return to_line(s, P_LINE);
	}
	j = (size_t)(nl - b) + 1;
	while (j < at && (b[j] == '\n' || b[j] == '\r')) {
		j++;
	}
	if (j == at) { /* only blank lines follow */
		return eof && s->lines && to_line(s, P_LINE);
	}
	if (b[j] != '{') {
		/* The data ended inside it, or it outgrew max_item: it was
		 * no record on lines, and the lines after its first may
		 * still hold records.  Its first line is the bad item (with
		 * the lines after it that start no object, to_line()), and
		 * the bytes it took are read again as strict JSON Lines,
		 * each object ending on its line, so never a third time. */
		if (s->lines && (d == D_SIZE || (eof && d == D_END))) {
			s->strict_until = s->base + at;
			to_line(s, P_LINE);
			s->line_big = d == D_SIZE;
			return 1;
		}
		return 0;
	}
	if (s->lines) {
		return to_line(s, P_LINE);
	}
	e = (size_t)(nl - b);
	while (e > s->item_start && is_ws(b[e - 1])) {
		e--;
	}
	if (d == D_SPAN || b[e - 1] == ',' || b[e - 1] == ':' ||
	    b[e - 1] == '[' ||
	    !split_whole_line(b + j, at - j, eof && at == s->len)) {
		return 0;
	}
	return to_line(s, P_LINE);
}

/* A top-level object ended at `end`: note one that sat on one line (the
 * stream is JSON Lines); returns 1 when it ran past its line into the
 * next record's and became a bad line instead (a cut string can make
 * the bytes balance again further on). */
static int
top_item_ended(splitter *s, size_t end)
{
	if (s->skipping) { /* oversized, its bytes gone: emit it as such */
		return 0;
	}
	if (end - s->item_start <= s->max_item &&
	    memchr(s->buf + s->item_start, '\n', end - s->item_start) == NULL) {
		s->lines = 1;
		return 0;
	}
	return bad_line(s, D_SPAN, end, 0);
}

/* The problem of the bad line ending at pos: for an object that outgrew
 * max_item, its size when its lines are over it (NULL: emit() says
 * so), else the line's. */
static const char *
line_problem(const splitter *s)
{
	if (s->line_big &&
	    (s->skipping || s->pos - s->item_start > s->max_item)) {
		return NULL;
	}
	return s->line_why;
}

/* Run the state machine over buf[pos..len). */
static int
scan(splitter *s)
{
	size_t end;
	int rc;

	while (s->pos < s->len || s->st == S_PEEK) {
		char c = s->pos < s->len ? s->buf[s->pos] : 0;

		switch (s->st) {
		case S_DONE:
			return -1;
		case S_TOP:
			if (is_ws(c)) {
				s->newline |= c == '\n';
				s->pos++;
				s->keep = s->pos;
				break;
			}
			/* Debris after a document (on its line, or after a
			 * container document) is damage; a bad line in JSON
			 * Lines is one bad record. */
			if (c != '{' && c != '[' && s->n_top > 0 &&
			    (s->first != SPLIT_TOP || !s->newline)) {
				/* In JSON Lines the record stands and the
				 * rest of its line is one bad item; not
				 * after the first value, which may be one
				 * document with debris (zalando-fullstop's
				 * "{...}}, eventVersion=1.02}"). */
				if (s->first == SPLIT_TOP && s->lines &&
				    s->n_top > 1) {
					top_value(s, s->pos);
					s->line_why = P_AFTER;
					break;
				}
				return fail(s, s->pos,
				            "unexpected data after the end of "
				            "the JSON value");
			}
			s->newline = 0;
			top_value(s, s->pos);
			break;
		case S_PEEK:
			rc = peek_container(s);
			if (rc == 2) {
				return 0;
			}
			if (rc == 1) {
				note_container(s, s->from);
				s->keep = s->pos;
				s->st = S_ELEM;
				break;
			}
			if (rc == 3) {
				/* the object is the item; then skip the rest */
				note_container(s, s->from);
				begin_item(s, s->pos, K_NESTED, S_REST);
				break;
			}
			note_container(s, SPLIT_TOP);
			begin_item(s, s->item_start, K_NESTED, S_TOP);
			s->pos = s->item_start;
			break;
		case S_ELEM:
		case S_ELEM_REQ:
			if (is_ws(c)) {
				s->pos++;
				s->keep = s->pos;
			} else if (c == ']' && s->st == S_ELEM) {
				s->pos++;
				goto array_done;
			} else if (element(s, s->pos) < 0) {
				return -1;
			}
			break;
		case S_AFTER_ELEM:
			if (is_ws(c)) {
				s->pos++;
				s->keep = s->pos;
			} else if (c == ',') {
				s->pos++;
				s->keep = s->pos;
				s->st = S_ELEM_REQ;
			} else if (c == ']') {
				s->pos++;
				goto array_done;
			} else {
				return fail(
				        s, s->pos,
				        "expected ',' or ']' after a record");
			}
			break;
		case S_ITEM: {
			/* JSON Lines: an item whose first newline is followed
			 * by a line starting '{' is a bad line (bad_line()).
			 * Decided at that newline, not after scanning to the
			 * end of the stream: cut lines one after another
			 * would each scan all the rest (quadratic). */
			size_t n = s->len, j;
			const char *nl = NULL;

			if ((s->lines || strict(s)) && top_item(s) &&
			    !s->nl_seen) {
				nl = memchr(s->buf + s->pos, '\n',
				            s->len - s->pos);
			}
			if (nl != NULL && !s->skipping &&
			    (size_t)(nl - s->buf) - s->item_start >
			            s->max_item) {
				/* oversized before its newline: scan to the
				 * limit, then skip on to the newline */
				n = s->item_start + s->max_item + 1;
				nl = NULL;
			} else if (nl != NULL) {
				n = (size_t)(nl - s->buf);
			}
			resume_escape(s);
			rc = measure_item(s, n, &end) ? 1
			                              : scan_item(s, n, &end);
			if (rc == 0 && nl != NULL) {
				for (j = n + 1;
				     j < s->len &&
				     (s->buf[j] == '\n' || s->buf[j] == '\r');
				     j++) {
				}
				/* an object over max_item is no record
				 * whatever follows: in JSON Lines it ends
				 * with its line (and the lines after it
				 * that begin no value), not with the lines
				 * it would swallow */
				if (strict(s) ||
				    (j < s->len &&
				     (s->skipping || s->buf[j] == '{'))) {
					int big = s->skipping && !strict(s) &&
					          s->buf[j] != '{';

					to_line(s, P_LINE);
					s->line_big = big;
					break;
				}
				if (j < s->len) {
					s->nl_seen = 1; /* a record on lines */
					break;
				}
				if (s->skipping ||
				    s->len - s->item_start <= s->max_item) {
					s->keep = s->skipping ? n : s->keep;
					return 0; /* the next line is not here
					           */
				}
			}
			if (rc == -2) {
				if (bad_line(s, D_BRACKET, s->pos, 0)) {
					break;
				}
				return fail(s, s->pos, unbalanced(s));
			}
			if (rc == 0) {
				if (!s->skipping &&
				    s->len - s->item_start > s->max_item) {
					if (bad_line(s, D_SIZE,
					             s->item_start +
					                     s->max_item,
					             0)) {
						break;
					}
					s->skipping = 1;
				}
				if (s->skipping) {
					s->keep = s->pos;
				}
				if (s->pos < s->len) {
					break; /* stopped at the limit */
				}
				return 0;
			}
			if (s->after == S_TOP && !s->silent &&
			    top_item_ended(s, end)) {
				break;
			}
			if (s->silent) {
				s->silent = 0;
				s->keep = end;
			} else if (emit(s, end, NULL) < 0) {
				return -1;
			}
			s->st = s->after;
			if (s->st == S_REST) {
				push(s, '{'); /* inside the container object */
			}
			break;
		}
		case S_REST:
			resume_escape(s);
			rc = scan_item(s, s->len, &end);
			if (rc < 0) {
				return fail(s, s->pos, unbalanced(s));
			}
			s->keep = s->pos;
			if (rc == 0) {
				return 0;
			}
			s->st = S_TOP;
			break;
		case S_MEMBER:
			if (is_ws(c)) {
				s->pos++;
				s->keep = s->pos;
			} else if (c == ',') {
				s->pos++;
				s->keep = s->pos;
				s->st = S_KEY;
			} else if (c == '}') {
				s->pos++;
				s->keep = s->pos;
				s->multi = 0;
				s->st = S_TOP;
			} else {
				return fail(
				        s, s->pos,
				        "expected ',' or '}' after a member");
			}
			break;
		case S_KEY:
			if (is_ws(c)) {
				s->pos++;
				s->keep = s->pos;
				break;
			}
			rc = next_member(s);
			if (rc < 0) {
				return -1;
			}
			if (rc == 0) {
				return 0;
			}
			break;
		case S_LINE: {
			const char *nl =
			        memchr(s->buf + s->pos, '\n', s->len - s->pos);

			s->pos = nl ? (size_t)(nl - s->buf) : s->len;
			if (!s->skipping &&
			    s->pos - s->item_start > s->max_item) {
				s->skipping = 1;
			}
			if (s->skipping) {
				s->keep = s->pos; /* memory stays bounded */
			}
			if (s->pos == s->len) {
				return 0;
			}
			/* A record given up at its first line keeps the
			 * lines after it that begin no value (the rest of a
			 * cut record, debris): they are its bytes, not
			 * records of their own. */
			if (strcmp(s->line_why, P_LINE) == 0) {
				size_t j = s->pos + 1;

				/* as S_ITEM tells a record's line: by its
				 * first byte (an indented '{' is inside) */
				if (j == s->len) {
					return 0; /* decided on the next line */
				}
				if (s->buf[j] != '{' && s->buf[j] != '[' &&
				    s->buf[j] != '\n' && s->buf[j] != '\r') {
					s->pos = j;
					break;
				}
			}
			if (emit(s, s->pos, line_problem(s)) < 0) {
				return -1;
			}
			s->st = S_TOP;
			break;
		}
		}
		continue;
	array_done:
		s->keep = s->pos;
		if (s->from == SPLIT_ARRAY) {
			s->st = S_TOP;
		} else if (s->multi) {
			s->st = S_MEMBER;
		} else {
			/* Skip the container object's other members. */
			s->kind = K_NESTED;
			s->in_str = 0;
			s->esc = 0;
			s->depth = 0;
			push(s, '{');
			s->st = S_REST;
		}
	}
	return 0;
}

char *
split_space(splitter *s, size_t want, size_t *avail)
{
	if (s->keep > 0 && (s->cap - s->len < want || s->keep == s->len)) {
		size_t k = s->keep;

		memmove(s->buf, s->buf + k, s->len - k);
		s->len -= k;
		s->pos -= k;
		s->item_start = s->item_start >= k ? s->item_start - k : 0;
		s->base += k;
		s->keep = 0;
	}
	if (s->cap - s->len < want) {
		size_t cap = s->cap ? s->cap : 65536;

		while (cap - s->len < want) {
			cap *= 2;
		}
		s->buf = xrealloc(s->buf, cap);
		s->cap = cap;
	}
	*avail = s->cap - s->len;
	return s->buf + s->len;
}

int
split_commit(splitter *s, size_t n)
{
	if (s->st == S_DONE) {
		return -1;
	}
	s->len += n;
	return scan(s);
}

int
split_feed(splitter *s, const void *p, size_t n)
{
	size_t avail;
	char *dst;

	while (n > 0) {
		size_t k = n < 65536 ? n : 65536;

		dst = split_space(s, k, &avail);
		memcpy(dst, p, k);
		if (split_commit(s, k) < 0) {
			return -1;
		}
		p = (const char *)p + k;
		n -= k;
	}
	return 0;
}

int
split_finish(splitter *s)
{
	for (;;) {
		switch (s->st) {
		case S_DONE:
			return -1;
		case S_TOP:
			return 0;
		case S_LINE:
			/* never empty: it begins at a byte that is not
			 * blank */
			return emit(s, s->pos, line_problem(s));
		case S_ITEM:
		case S_PEEK:
			/* The last line of JSON Lines over max_item, its
			 * bytes gone: one bad item to the end. */
			if (s->st == S_ITEM && s->skipping && s->lines &&
			    top_item(s)) {
				return emit(s, s->len, P_END);
			}
			/* In JSON Lines: a bad line, then the rest again
			 * (the lines after it may end inside a record too). */
			if (bad_line(s, D_END, s->len, 1)) {
				if (scan(s) < 0) {
					return -1;
				}
				continue;
			}
			/* An element of the record array cut off: its bytes
			 * are evidence too, kept as a rejected record, as a
			 * cut last line of JSON Lines is. */
			if (s->st == S_ITEM && s->after == S_AFTER_ELEM &&
			    emit(s, s->len,
			         "cut off: the data ends inside this record") <
			            0) {
				return -1;
			}
			return fail(s, s->len,
			            "the data ends inside a record "
			            "(truncated?)");
		default:
			return fail(s, s->len,
			            "the data ends inside the record array "
			            "(truncated?)");
		}
	}
}

const char *
split_error(const splitter *s)
{
	return s->err;
}

uint64_t
split_error_offset(const splitter *s)
{
	return s->err_off;
}

split_container
split_first_container(const splitter *s)
{
	return s->first;
}

uint64_t
split_offset(const splitter *s)
{
	return s->base + s->pos;
}

uint64_t
split_items(const splitter *s)
{
	return s->n_items;
}

int
split_multi_top(const splitter *s)
{
	return s->n_top > 1;
}

int
split_empty(const splitter *s)
{
	return !s->nonblank;
}

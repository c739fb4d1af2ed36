/* record.c -- one JSON item -> event row columns (see record.h).
 *
 * One pass of json_tok over the item: top-level keys are looked up in a
 * table; the values we store are remembered as spans; userIdentity and
 * its sessionContext.sessionIssuer are descended into; everything else
 * (requestParameters, responseElements, ...) is skipped with
 * json_tok_skip(), which still validates it.  Duplicate keys among the
 * ones we read make a record ambiguous, so it is rejected rather than
 * indexed with one of the two values. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_tok.h"
#include "record.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

enum key {
	K_OTHER = 0,
	K_EVENT_VERSION,
	K_USER_IDENTITY,
	K_EVENT_TIME,
	K_EVENT_SOURCE,
	K_EVENT_NAME,
	K_AWS_REGION,
	K_SOURCE_IP,
	K_USER_AGENT,
	K_ERROR_CODE,
	K_ERROR_MESSAGE,
	K_REQUEST_ID,
	K_EVENT_ID,
	K_READ_ONLY,
	K_EVENT_TYPE,
	K_RECIPIENT,
	K_AT_TIMESTAMP,
	K_CLOUDTRAIL_EVENT,
	K_DETAIL_TYPE,
	K_DETAIL,
	K_DIGEST_START,
	K_DIGEST_OBJECT,
	K_AWS_ACCOUNT_ID,
	K_INSIGHT_DETAILS,
	K_LOOKUP_EVENT_ID,
	/* inside userIdentity */
	K_TYPE,
	K_PRINCIPAL_ID,
	K_ARN,
	K_ACCOUNT_ID,
	K_ACCESS_KEY_ID,
	K_USER_NAME,
	K_SESSION_CONTEXT,
	K_SESSION_ISSUER,
	N_KEYS
};

struct keydef {
	const char *name; /* key as written */
	size_t len;       /* its length (lookup() runs on every key) */
	enum key key;     /* its id */
	int col;          /* string column it fills, or -1 */
};

#define KEY(s) s, sizeof(s) - 1

static const struct keydef top_keys[] = {
        {KEY("eventVersion"), K_EVENT_VERSION, -1},
        {KEY("userIdentity"), K_USER_IDENTITY, -1},
        {KEY("eventTime"), K_EVENT_TIME, -1},
        {KEY("eventSource"), K_EVENT_SOURCE, COL_EVENT_SOURCE},
        {KEY("eventName"), K_EVENT_NAME, COL_EVENT_NAME},
        {KEY("awsRegion"), K_AWS_REGION, COL_AWS_REGION},
        {KEY("sourceIPAddress"), K_SOURCE_IP, COL_SOURCE_IP},
        {KEY("userAgent"), K_USER_AGENT, COL_USER_AGENT},
        {KEY("errorCode"), K_ERROR_CODE, COL_ERROR_CODE},
        {KEY("errorMessage"), K_ERROR_MESSAGE, COL_ERROR_MESSAGE},
        {KEY("requestID"), K_REQUEST_ID, -1},
        {KEY("eventID"), K_EVENT_ID, -1},
        {KEY("readOnly"), K_READ_ONLY, -1},
        {KEY("eventType"), K_EVENT_TYPE, COL_EVENT_TYPE},
        {KEY("recipientAccountId"), K_RECIPIENT, COL_ACCOUNT},
        {KEY("@timestamp"), K_AT_TIMESTAMP, -1},
        {KEY("CloudTrailEvent"), K_CLOUDTRAIL_EVENT, -1},
        {KEY("detail-type"), K_DETAIL_TYPE, -1},
        {KEY("detail"), K_DETAIL, -1},
        {KEY("digestStartTime"), K_DIGEST_START, -1},
        {KEY("digestS3Object"), K_DIGEST_OBJECT, -1},
        {KEY("awsAccountId"), K_AWS_ACCOUNT_ID, -1},
        {KEY("insightDetails"), K_INSIGHT_DETAILS, -1},
        {KEY("EventId"), K_LOOKUP_EVENT_ID, -1},
        {NULL, 0, K_OTHER, -1},
};

static const struct keydef identity_keys[] = {
        {KEY("type"), K_TYPE, COL_PRINCIPAL_TYPE},
        {KEY("principalId"), K_PRINCIPAL_ID, COL_PRINCIPAL_ID},
        {KEY("arn"), K_ARN, COL_PRINCIPAL_ARN},
        {KEY("accountId"), K_ACCOUNT_ID, COL_PRINCIPAL_ACCOUNT},
        {KEY("accessKeyId"), K_ACCESS_KEY_ID, COL_ACCESS_KEY_ID},
        {KEY("sessionContext"), K_SESSION_CONTEXT, -1},
        {NULL, 0, K_OTHER, -1},
};

static const struct keydef context_keys[] = {
        {KEY("sessionIssuer"), K_SESSION_ISSUER, -1},
        {NULL, 0, K_OTHER, -1},
};

static const struct keydef issuer_keys[] = {
        {KEY("userName"), K_USER_NAME, COL_SESSION_ISSUER},
        {NULL, 0, K_OTHER, -1},
};

/* Parser state for one item. */
struct pstate {
	json_tok_state t;           /* tokenizer */
	const char *base;           /* the item */
	struct record *r;           /* result */
	unsigned char seen[N_KEYS]; /* keys met, for duplicate checks */
	const struct keydef *dup;   /* first duplicated key we care about */
	struct record_span at_ts;   /* "@timestamp" value */
	int has_detail_type;        /* envelope marker present */
	int looks_ct;               /* a CloudTrail field was present */
	int digest;                 /* digest fields present */
	int insight;                /* Insights fields present */
	int has_version;            /* eventVersion present */
	int is_lookup;              /* CloudTrailEvent string or object */
	int is_detail;              /* detail object present */
};

static const struct keydef *
lookup(const struct keydef *defs, const json_tok *tok)
{
	for (const struct keydef *d = defs; d->name; d++) {
		if (tok->escaped) {
			if (json_tok_eq(tok, d->name)) {
				return d;
			}
		} else if (d->len == tok->len && d->name[0] == tok->p[0] &&
		           memcmp(d->name, tok->p, tok->len) == 0) {
			return d;
		}
	}
	return NULL;
}

static void
set_span(struct record_span *s, const json_tok *tok)
{
	s->p = tok->p;
	s->len = tok->len;
	s->escaped = tok->escaped;
}

static int
invalid(struct pstate *ps)
{
	ps->r->kind = REC_INVALID;
	ps->r->err_off = ps->t.err_off;
	snprintf(ps->r->why, sizeof(ps->r->why),
	         "invalid JSON at record offset %zu: %s", ps->t.err_off,
	         ps->t.err_msg ? ps->t.err_msg : "malformed");
	return -1;
}

/* Skip the value whose first token is `v` (a scalar or a BEGIN). */
static int
skip_value(struct pstate *ps, const json_tok *v)
{
	if (v->type == JT_OBJ_BEGIN || v->type == JT_ARR_BEGIN) {
		if (json_tok_skip(&ps->t, v, NULL) == JT_ERROR) {
			return invalid(ps);
		}
	}
	return 0;
}

/* Where a key of userIdentity lives, for messages ("" at the top). */
static const char *
key_parent(enum key k)
{
	switch (k) {
	case K_TYPE:
	case K_PRINCIPAL_ID:
	case K_ARN:
	case K_ACCOUNT_ID:
	case K_ACCESS_KEY_ID:
	case K_SESSION_CONTEXT:
		return "userIdentity.";
	case K_SESSION_ISSUER:
		return "userIdentity.sessionContext.";
	case K_USER_NAME:
		return "userIdentity.sessionContext.sessionIssuer.";
	default:
		return "";
	}
}

static void
mark_seen(struct pstate *ps, const struct keydef *d)
{
	if (ps->seen[d->key] && ps->dup == NULL) {
		ps->dup = d;
	}
	ps->seen[d->key] = 1;
}

static int members(struct pstate *ps, const struct keydef *defs, int level);

/* The value of key d, first token v, at nesting `level`. */
static int
value(struct pstate *ps, const struct keydef *d, const json_tok *v, int level)
{
	struct record *r = ps->r;

	if (d->col >= 0) {
		if (v->type == JT_STRING) {
			set_span(&r->col[d->col], v);
		}
		return skip_value(ps, v);
	}
	switch (d->key) {
	case K_USER_IDENTITY:
	case K_SESSION_CONTEXT:
	case K_SESSION_ISSUER:
		if (v->type != JT_OBJ_BEGIN) {
			return skip_value(ps, v);
		}
		return members(ps,
		               d->key == K_USER_IDENTITY     ? identity_keys
		               : d->key == K_SESSION_CONTEXT ? context_keys
		                                             : issuer_keys,
		               level + 1);
	case K_EVENT_ID:
		if (v->type == JT_STRING) {
			set_span(&r->event_id, v);
		}
		break;
	case K_REQUEST_ID:
		if (v->type == JT_STRING) {
			set_span(&r->request_id, v);
		}
		break;
	case K_EVENT_TIME:
		if (v->type == JT_STRING) {
			set_span(&r->event_time, v);
		}
		break;
	case K_AT_TIMESTAMP:
		if (v->type == JT_STRING) {
			set_span(&ps->at_ts, v);
		}
		break;
	case K_READ_ONLY:
		if (v->type == JT_TRUE ||
		    (v->type == JT_STRING && v->len == 4 &&
		     strncasecmp(v->p, "true", 4) == 0)) {
			r->read_only = 1;
		} else if (v->type == JT_FALSE ||
		           (v->type == JT_STRING && v->len == 5 &&
		            strncasecmp(v->p, "false", 5) == 0)) {
			r->read_only = 0;
		}
		break;
	case K_CLOUDTRAIL_EVENT:
		if (v->type == JT_STRING) {
			r->inner = v->p;
			r->inner_len = v->len;
			r->inner_escaped = v->escaped;
			ps->is_lookup = 1;
		} else if (v->type == JT_OBJ_BEGIN) {
			/* the record itself, as some exporters write it */
			size_t end;

			if (json_tok_skip(&ps->t, v, &end) == JT_ERROR) {
				return invalid(ps);
			}
			r->inner = ps->base + v->off;
			r->inner_len = end - v->off;
			r->inner_object = 1;
			ps->is_lookup = 1;
			return 0;
		}
		break;
	case K_DETAIL:
		if (v->type == JT_OBJ_BEGIN) {
			size_t end;

			if (json_tok_skip(&ps->t, v, &end) == JT_ERROR) {
				return invalid(ps);
			}
			r->inner = ps->base + v->off;
			r->inner_len = end - v->off;
			ps->is_detail = 1;
			return 0;
		}
		break;
	case K_DETAIL_TYPE:
		ps->has_detail_type = 1;
		if (v->type == JT_STRING) {
			set_span(&r->detail_type, v);
		}
		break;
	case K_DIGEST_START:
	case K_DIGEST_OBJECT:
		ps->digest++;
		break;
	case K_INSIGHT_DETAILS:
		ps->insight = 1;
		break;
	case K_EVENT_VERSION:
		ps->has_version = 1;
		break;
	default:
		break;
	}
	return skip_value(ps, v);
}

/* Members of the object just opened, until its end. */
static int
members(struct pstate *ps, const struct keydef *defs, int level)
{
	json_tok k, v;
	const struct keydef *d;

	for (;;) {
		json_tok_type ty = json_tok_next(&ps->t, &k);

		if (ty == JT_OBJ_END) {
			return 0;
		}
		if (ty != JT_KEY) {
			return invalid(ps);
		}
		if (json_tok_next(&ps->t, &v) == JT_ERROR) {
			return invalid(ps);
		}
		d = lookup(defs, &k);
		if (d == NULL) {
			if (skip_value(ps, &v) < 0) {
				return -1;
			}
			continue;
		}
		/* userIdentity's keys too: a copy that says another arn
		 * is as much a second value as a second eventName */
		mark_seen(ps, d);
		if (value(ps, d, &v, level) < 0) {
			return -1;
		}
	}
}

static void
reason(struct record *r, enum record_kind kind, const char *why)
{
	r->kind = kind;
	snprintf(r->why, sizeof(r->why), "%s", why);
}

/* Is a time that tstime_parse() accepted exactly what tstime_format()
 * writes, "YYYY-MM-DDTHH:MM:SSZ"?  Then the stored record may leave it
 * out (marker 0x03).  Checked by shape, without formatting: every
 * record passes here.  A leap second ("...:60Z") is parsed as :59.999,
 * so it is not canonical. */
static int
canonical_time(const struct record_span *t)
{
	const char *p = t->p;

	return !t->escaped && t->len == 20 && p[4] == '-' && p[7] == '-' &&
	       p[10] == 'T' && p[13] == ':' && p[16] == ':' && p[19] == 'Z' &&
	       !(p[17] == '6' && p[18] == '0');
}

/* Decide what a valid JSON object is. */
static void
classify(struct pstate *ps)
{
	struct record *r = ps->r;
	struct record_span *ts;
	strbuf tmp;
	int bad;

	if (ps->is_lookup && !ps->is_detail) {
		r->kind = REC_LOOKUP;
		return;
	}
	if (ps->has_detail_type && ps->is_detail && !ps->is_lookup) {
		r->kind = REC_ENVELOPE;
		return;
	}
	ps->looks_ct = ps->has_version || ps->seen[K_USER_IDENTITY] ||
	               ps->seen[K_EVENT_SOURCE] || ps->seen[K_EVENT_NAME] ||
	               ps->seen[K_EVENT_ID] || ps->seen[K_EVENT_TIME];
	/* An Event of lookup-events without its record: foreign, as
	 * any item without CloudTrail fields is (another program's JSON
	 * may have an "EventId" too), but saying what it lacks; the
	 * reader knows whether it sits in lookup-events' list. */
	if (ps->seen[K_LOOKUP_EVENT_ID] && !ps->looks_ct) {
		if (ps->seen[K_CLOUDTRAIL_EVENT]) {
			reason(r, REC_REJECT,
			       "lookup-events entry whose CloudTrailEvent is "
			       "neither a string nor an object");
		} else {
			reason(r, REC_FOREIGN,
			       "lookup-events entry without CloudTrailEvent");
			r->lookup_entry = 1;
		}
		return;
	}
	if (ps->digest >= 1 && ps->seen[K_AWS_ACCOUNT_ID]) {
		r->kind = REC_DIGEST;
		return;
	}
	if (ps->insight ||
	    (r->col[COL_EVENT_TYPE].p && r->col[COL_EVENT_TYPE].len == 20 &&
	     memcmp(r->col[COL_EVENT_TYPE].p, "AwsCloudTrailInsight", 20) ==
	             0)) {
		r->kind = REC_INSIGHT;
		return;
	}
	if (!ps->looks_ct) {
		reason(r, REC_FOREIGN,
		       "not a CloudTrail record: no eventVersion, "
		       "eventSource, eventName, eventID, eventTime or "
		       "userIdentity");
		return;
	}
	if (ps->dup) {
		r->kind = REC_REJECT;
		snprintf(r->why, sizeof(r->why), "duplicate key \"%s%s\"",
		         key_parent(ps->dup->key), ps->dup->name);
		return;
	}
	if (r->event_id.p == NULL) {
		reason(r, REC_REJECT, "no eventID");
		return;
	}
	if (r->event_id.len == 0 || r->event_id.len > RECORD_EVENT_ID_MAX) {
		_Static_assert(RECORD_EVENT_ID_MAX == 256, "the message");
		reason(r, REC_REJECT,
		       "eventID is empty or longer than 256 bytes");
		return;
	}
	ts = r->event_time.p ? &r->event_time : &ps->at_ts;
	if (ts->p == NULL) {
		reason(r, REC_REJECT, "no eventTime");
		return;
	}
	strbuf_init(&tmp);
	if (ts->escaped) {
		json_tok_unescape(ts->p, ts->len, &tmp);
	} else {
		strbuf_add(&tmp, ts->p, ts->len);
	}
	if ((bad = tstime_parse(strbuf_str(&tmp), tmp.len, &r->time_ms)) != 0) {
		r->kind = REC_REJECT;
		snprintf(r->why, sizeof(r->why), "eventTime \"%.*s\" %s",
		         (int)(ts->len > 64 ? 64 : ts->len), ts->p,
		         bad == -2 ? "is outside the years 0001 to 9999 (UTC)"
		                   : "is not a timestamp");
		strbuf_free(&tmp);
		return;
	}
	strbuf_free(&tmp);
	r->time_is_canonical = ts == &r->event_time && canonical_time(ts);
	r->kind = REC_EVENT;
}

/* Parse p[0..len).  With `end` set, stop after the first value, which
 * must be an object, and store its length there: 0 when it is not
 * complete and valid within len. */
static void
parse(const char *p, size_t len, struct record *r, size_t *end)
{
	struct pstate ps;
	json_tok tok;

	memset(r, 0, sizeof(*r));
	memset(&ps, 0, sizeof(ps));
	r->read_only = -1;
	ps.r = r;
	ps.base = p;
	json_tok_init(&ps.t, p, len);
	switch (json_tok_next(&ps.t, &tok)) {
	case JT_ERROR:
		invalid(&ps);
		return;
	case JT_OBJ_BEGIN:
		break;
	default:
		if (end != NULL) {
			return;
		}
		if (skip_value(&ps, &tok) == 0 &&
		    json_tok_next(&ps.t, &tok) == JT_ERROR) {
			invalid(&ps);
			return;
		}
		if (r->kind != REC_INVALID) {
			reason(r, REC_FOREIGN, "record is not a JSON object");
		}
		return;
	}
	if (members(&ps, top_keys, 0) < 0) {
		return;
	}
	if (end != NULL) {
		*end = ps.t.pos;
	} else if (json_tok_next(&ps.t, &tok) != JT_END) {
		invalid(&ps);
		return;
	}
	classify(&ps);
}

void
record_parse(const char *p, size_t len, struct record *r)
{
	parse(p, len, r, NULL);
}

size_t
record_parse_prefix(const char *p, size_t avail, struct record *r)
{
	size_t end = 0;

	parse(p, avail, r, &end);
	return end;
}

/* Session part of an ARN: assumed-role/ROLE/SESSION or
 * federated-user/NAME; NULL otherwise. */
static const char *
arn_session(const char *arn, size_t *len)
{
	const char *r = strstr(arn, ":assumed-role/");
	const char *slash;

	if (r != NULL) {
		slash = strrchr(r, '/');
		if (slash && slash > r + 14) {
			*len = strlen(slash + 1);
			return slash + 1;
		}
		return NULL;
	}
	if ((r = strstr(arn, ":federated-user/")) != NULL) {
		*len = strlen(r + 16);
		return r + 16;
	}
	return NULL;
}

/* A column is C text, and SQLite text ends at a NUL for most tools: a
 * \u0000 in a value is kept as those six characters (the raw record
 * keeps the byte), not cut there.  `from` is where the value starts. */
static void
nul_as_escape(strbuf *arena, size_t from)
{
	size_t n = arena->len - from;
	char *v;

	if (memchr(arena->buf + from, '\0', n) == NULL) {
		return;
	}
	v = xmemdup(arena->buf + from, n);
	arena->len = from;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '\0') {
			strbuf_adds(arena, "\\u0000");
		} else {
			strbuf_addc(arena, v[i]);
		}
	}
	free(v);
}

int
record_columns(const struct record *r, strbuf *arena, long off[N_RECORD_COLS])
{
	const char *s;
	size_t n;

	strbuf_reset(arena);
	for (int c = 0; c < N_RECORD_COLS; c++) {
		const struct record_span *sp = &r->col[c];

		off[c] = -1;
		if (sp->p == NULL) {
			continue;
		}
		off[c] = (long)arena->len;
		if (sp->escaped) {
			if (json_tok_unescape(sp->p, sp->len, arena) < 0) {
				return -1;
			}
			nul_as_escape(arena, (size_t)off[c]);
		} else {
			strbuf_add(arena, sp->p, sp->len);
		}
		strbuf_addc(arena, '\0');
	}
	/* The session name is derived; record_parse never fills it. */
	s = NULL;
	if (off[COL_PRINCIPAL_ARN] >= 0) {
		s = arn_session(arena->buf + off[COL_PRINCIPAL_ARN], &n);
	}
	if (s == NULL && off[COL_PRINCIPAL_ID] >= 0 &&
	    off[COL_PRINCIPAL_TYPE] >= 0 &&
	    strcmp(arena->buf + off[COL_PRINCIPAL_TYPE], "AssumedRole") == 0) {
		const char *pid = arena->buf + off[COL_PRINCIPAL_ID];
		const char *colon = strchr(pid, ':');

		if (colon) {
			s = colon + 1;
			n = strlen(s);
		}
	}
	if (s != NULL && n > 0) {
		size_t at = (size_t)(s - arena->buf);

		off[COL_SESSION_NAME] = (long)arena->len;
		/* s points into arena, which strbuf_add may move. */
		strbuf_reserve(arena, n + 1);
		strbuf_add(arena, arena->buf + at, n);
		strbuf_addc(arena, '\0');
	}
	return 0;
}

static int
hexval(char c)
{
	/* A table: random hex digits make the branches of a range test
	 * mispredict, and every record has two UUIDs. */
	static const signed char v[256] = {
	        ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,
	        ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
	        ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	        ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	};

	return v[(unsigned char)c] - 1;
}

int
record_uuid16(const char *s, size_t len, uint8_t out[16])
{
	/* where each byte's two digits start: 8-4-4-4-12 */
	static const unsigned char at[16] = {0,  2,  4,  6,  9,  11, 14, 16,
	                                     19, 21, 24, 26, 28, 30, 32, 34};
	int bad = 0;

	if (len != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' ||
	    s[23] != '-') {
		return 0;
	}
	for (int k = 0; k < 16; k++) {
		int hi = hexval(s[at[k]]), lo = hexval(s[at[k] + 1]);

		bad |= hi | lo; /* negative if either is not a digit */
		out[k] = (uint8_t)((hi & 15) << 4 | (lo & 15));
	}
	return bad >= 0;
}

void
record_uuid_format(const uint8_t u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			*p++ = '-';
		}
		*p++ = hex[u[i] >> 4];
		*p++ = hex[u[i] & 15];
	}
	*p = '\0';
}

void
record_id_encode(const struct record_span *s, strbuf *out, int *blob)
{
	uint8_t u[16];

	strbuf_reset(out);
	*blob = !s->escaped && record_uuid16(s->p, s->len, u);
	if (*blob) {
		strbuf_add(out, u, 16);
	} else if (s->escaped) {
		json_tok_unescape(s->p, s->len, out);
	} else {
		strbuf_add(out, s->p, s->len);
	}
	if (out->len > RECORD_ID_MAX) {
		strbuf_truncate(out, RECORD_ID_MAX);
	}
}

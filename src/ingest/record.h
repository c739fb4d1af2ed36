/* record.h -- one JSON item -> a CloudTrail event row, or why not.
 *
 * record_parse() validates an item completely with json_tok and picks out
 * what the index stores: the string columns of the `event` table as raw
 * token spans (escapes intact, zero-copy), the eventTime in milliseconds,
 * readOnly, and where eventID, requestID and eventTime sit in the bytes
 * (the writer replaces those values by marker bytes in stored raw
 * records).  It also recognises the other shapes an item can have:
 * a lookup-events entry (the record is the CloudTrailEvent string, to be
 * decoded and parsed again), an EventBridge envelope (the record is the
 * `detail` object, a span of the same bytes), a digest document, an
 * Insights record, JSON that is not CloudTrail, and malformed JSON.
 * record_columns() then turns the spans into NUL-terminated strings in an
 * arena and derives session_name.  Pure functions: safe on any thread.
 *
 * A record is indexed when it is a JSON object with a string eventID and
 * an eventTime that tstime_parse() accepts (Logstash copies that carry
 * "@timestamp" instead of eventTime use that).  An object with none of
 * eventVersion, eventSource, eventName, eventID, eventTime or
 * userIdentity is not CloudTrail at all (REC_FOREIGN); one with some but
 * not a usable eventID and eventTime is rejected (REC_REJECT). */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

/* String columns of the event table, in schema order. */
enum record_col {
	COL_EVENT_SOURCE,
	COL_EVENT_NAME,
	COL_AWS_REGION,
	COL_ACCOUNT, /* recipientAccountId */
	COL_PRINCIPAL_TYPE,
	COL_PRINCIPAL_ARN,
	COL_PRINCIPAL_ACCOUNT,
	COL_PRINCIPAL_ID,
	COL_SESSION_ISSUER,
	COL_SESSION_NAME, /* derived: see record_columns() */
	COL_ACCESS_KEY_ID,
	COL_USER_AGENT,
	COL_SOURCE_IP,
	COL_ERROR_CODE,
	COL_ERROR_MESSAGE,
	COL_EVENT_TYPE,
	N_RECORD_COLS
};

enum record_kind {
	REC_EVENT,    /* an event to index */
	REC_LOOKUP,   /* lookup-events entry: parse `inner` (a JSON string
	               * token) again after unescaping, or with
	               * inner_object the object as it is */
	REC_ENVELOPE, /* EventBridge envelope: parse `inner` (a span) */
	REC_DIGEST,   /* a CloudTrail digest document */
	REC_INSIGHT,  /* a CloudTrail Insights record (not an API event) */
	REC_REJECT,   /* looks like CloudTrail but cannot be indexed */
	REC_FOREIGN,  /* valid JSON, but not a CloudTrail record */
	REC_INVALID,  /* malformed JSON */
};

/* A raw string token inside the item (p NULL when absent). */
struct record_span {
	const char *p; /* first byte after the opening quote */
	size_t len;    /* bytes up to the closing quote */
	int escaped;   /* a backslash occurs in p[0..len) */
};

struct record {
	enum record_kind kind; /* what the item is */
	char why[256];         /* REJECT/FOREIGN/INVALID: reason */
	size_t err_off;        /* INVALID: offset in the item */
	struct record_span col[N_RECORD_COLS]; /* string columns */
	struct record_span event_id;           /* eventID value */
	struct record_span request_id;         /* requestID value */
	struct record_span event_time;         /* eventTime value as written */
	int time_is_canonical; /* event_time == tstime_format(ms) */
	int64_t time_ms;       /* eventTime in ms since the epoch */
	int read_only;         /* 1, 0, or -1 when absent/odd */
	const char *inner;     /* LOOKUP: string token; ENVELOPE: the
	                        * detail object's bytes */
	size_t inner_len;      /* its length */
	int inner_escaped;     /* LOOKUP: the token has escapes */
	int inner_object;      /* LOOKUP: `inner` is the object's bytes (an
	                        * exporter's CloudTrailEvent not as a string) */
	struct record_span detail_type; /* ENVELOPE: "detail-type" value */
	int lookup_entry;               /* FOREIGN: has EventId, as an Event of
	                                 * lookup-events, but no CloudTrailEvent */
};

/* Parse and classify item p[0..len).  Always fills r->kind; for
 * REC_EVENT the columns and times, for LOOKUP/ENVELOPE `inner`, for
 * REJECT/FOREIGN/INVALID the reason in r->why. */
void record_parse(const char *p, size_t len, struct record *r);

/* record_parse() of the JSON object that starts at p[0] and ends
 * somewhere in p[0..avail), for the splitter, which then need not scan
 * the bytes itself: returns the object's length and fills *r exactly as
 * record_parse(p, length, r) would; 0 (and *r meaningless) when p[0] is
 * not '{', or the data ends or turns malformed before the object does. */
size_t record_parse_prefix(const char *p, size_t avail, struct record *r);

/* Unescape the columns of a REC_EVENT into `arena` (cleared first) and
 * set off[c] to each column's offset in arena->buf, or -1 for a missing
 * column.  The strings are NUL-terminated.  session_name is the session
 * part of an assumed-role or federated-user ARN (after the last '/'), or
 * of principalId (after the ':') when the ARN is absent.  Returns 0, or
 * -1 if a column is not valid after unescaping (never for records
 * record_parse accepted). */
int record_columns(const struct record *r, strbuf *arena,
                   long off[N_RECORD_COLS]);

/* Canonical 16-byte form of a lowercase hex UUID (8-4-4-4-12), for
 * eventID and requestID columns.  Returns 1 and fills out[16] when
 * s[0..len) is one, else 0 (the value is then stored as text). */
int record_uuid16(const char *s, size_t len, uint8_t out[16]);

/* Format a 16-byte UUID as 36 lowercase characters plus NUL. */
void record_uuid_format(const uint8_t u[16], char out[37]);

/* The longest eventID a record may have, in bytes of its JSON text
 * (unescaped, never longer); longer ones are rejected. */
#define RECORD_EVENT_ID_MAX 256

/* The most bytes of an ID's text the index keeps (event.request_id;
 * an eventID longer than RECORD_EVENT_ID_MAX is rejected before). */
#define RECORD_ID_MAX 65535

/* The bytes the index stores for an eventID or requestID span s (not
 * absent) into out, cleared first: the 16 bytes of record_uuid16() for
 * a lowercase UUID written without escapes (*blob = 1), else its text
 * unescaped and cut at RECORD_ID_MAX bytes (*blob = 0).  The ingest
 * stores this (reader.c), and `trailsift check` compares the event rows
 * with it. */
void record_id_encode(const struct record_span *s, strbuf *out, int *blob);

#endif

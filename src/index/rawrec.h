/* rawrec.h -- original records out of the index, byte for byte.
 *
 * Raw records are stored in compressed blocks with the values of
 * eventID, requestID and eventTime replaced by the bytes 0x01, 0x02 and
 * 0x03 (see reader.c).  rawrec_get() finds an event's block, decompresses
 * it (keeping the last blocks, so neighbours are cheap, up to
 * RAWREC_CACHE_BYTES) and puts the
 * values back from the event row.  Used by `show`, the Lua engine
 * (e.record) and the writer (for conflicting duplicates).  A rawrec
 * belongs to one thread; it reads through the connection given. */
#ifndef TS_RAWREC_H
#define TS_RAWREC_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "../util/strbuf.h"

/* Replace the markers in p[0..len) and append the result to out.  eid
 * and rid are the ID texts (NULL when absent); time_ms the event time. */
void rawrec_unmark(const char *p, size_t len, const char *eid, const char *rid,
                   int64_t time_ms, strbuf *out);

/* 1 when JSON texts a and b differ at most in the whitespace between
 * tokens (a pretty-printed copy of a compact record), else 0. */
int rawrec_same_but_space(const char *a, size_t na, const char *b, size_t nb);

/* The text of an ID as stored, whole, into out: a 16-byte UUID is
 * formatted, text is copied. */
void rawrec_id_text(const char *base, uint32_t off, size_t len, int blob,
                    strbuf *out);

/* A top-level string member of a JSON document parsed as a time (ms),
 * or S3KEY_UNKNOWN-like INT64_MIN when absent or not a time. */
int64_t rawrec_json_time(const char *json, size_t len, const char *key);

/* An ID column of an event row (eid, request_id) as text into out, a
 * 16-byte blob as its UUID: the value a marker stands for.  0 when
 * NULL. */
int rawrec_id_column(sqlite3_stmt *st, int col, strbuf *out);

typedef struct rawrec rawrec;

rawrec *rawrec_new(sqlite3 *db);
void rawrec_free(rawrec *f); /* NULL is a no-op */

/* Bytes the blocks kept hold together: RAWREC_CACHE_BYTES at most, or
 * the last block's own when that alone is larger (ZBLOCK_MAX_ULEN at
 * most). */
#define RAWREC_CACHE_BYTES (64u << 20)
size_t rawrec_cache_bytes(const rawrec *f);

/* The original bytes of event row `id` into out (replacing its content).
 * TS_OK, TS_FAIL when there is no such event, or TS_FATAL when the index
 * is damaged (err says how). */
int rawrec_get(rawrec *f, int64_t id, strbuf *out, ts_err *err);

/* Add the SQL function record(ID) to db: the original bytes of the
 * event whose row id (events.id) is ID, as text; NULL for NULL or an id
 * with no event, an error ("index damaged: ...") when the index cannot
 * be read.  For `trailsift query`; a plain sqlite3 does not have
 * it. */
int rawrec_sql_register(sqlite3 *db, ts_err *err);
/* Remove it again, finalizing its statements: before closing db, which
 * sqlite3_close() refuses while they are open. */
void rawrec_sql_unregister(sqlite3 *db);

#endif

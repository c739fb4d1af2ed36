/* jpath.h -- values out of a JSON document by a dotted path.
 *
 * The reports read the `data` of findings, which the rule engine writes
 * as compact JSON: "row.group.name" names the member "name" of the
 * object "group" of the object "row"; a segment of digits indexes an
 * array ("actors.0").  Keys holding dots cannot be named.  Values are
 * spans of the caller's document, which must outlive them; nothing is
 * allocated but the text jpath_text() appends. */
#ifndef TS_JPATH_H
#define TS_JPATH_H

#include <stddef.h>

#include "../ingest/json_tok.h"
#include "../util/strbuf.h"

struct jval {
	json_tok_type type; /* JT_STRING, JT_NUMBER, JT_TRUE, JT_FALSE,
	                     * JT_NULL, JT_OBJ_BEGIN or JT_ARR_BEGIN */
	const char *doc;    /* the document */
	size_t off;         /* the value's first byte in doc */
	size_t end;         /* just past its last byte */
	json_tok tok;       /* scalars: the token (raw string bytes) */
};

/* Find path in doc[0..len) (a NULL or empty path is the whole
 * document).  1 with *v set; 0 when the path names nothing; -1 when doc
 * is not valid JSON. */
int jpath_find(const char *doc, size_t len, const char *path, struct jval *v);

/* Append v as a cell's text: a string decoded, a number or true/false
 * as written, null as nothing, an array of scalars as their texts
 * joined by ", ", anything else as its JSON text. */
void jpath_text(const struct jval *v, strbuf *out);

/* jpath_find() then jpath_text(); appends nothing when the path names
 * nothing.  Returns what jpath_find() returned. */
int jpath_get_text(const char *doc, size_t len, const char *path, strbuf *out);

#endif

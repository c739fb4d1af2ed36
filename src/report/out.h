/* out.h -- tabular output as an aligned table, Markdown, JSON Lines or CSV.
 *
 * `query`, `rules run` and every `report` print rows through this module,
 * so the four formats behave the same everywhere.  The caller names the
 * columns once (out_begin), then fills cells left to right and closes each
 * row with out_row().  Strings are copied; the caller keeps ownership of
 * what it passes in.  Formats:
 *   table  aligned columns for a terminal; control characters shown as
 *          escapes; widths come from the first OUT_TABLE_SAMPLE rows and
 *          later rows stream with those widths, so memory stays bounded
 *   md     a GitHub-flavoured Markdown table
 *   json   one JSON object per row (JSON Lines); out_json() cells are
 *          embedded as JSON values, text is escaped, blobs become hex
 *   csv    RFC 4180, with a header row; text cells that a spreadsheet
 *          would run as a formula (= + - @ tab CR) get a leading ';
 *          control characters other than LF, CR and tab are shown as
 *          escapes (\x1b), as in table, so no cell drives a terminal
 * Output is deterministic: the same cells give the same bytes. */
#ifndef TS_OUT_H
#define TS_OUT_H

#include <stdint.h>
#include <stdio.h>

typedef enum out_format {
	OUT_TABLE,
	OUT_MD,
	OUT_JSON,
	OUT_CSV,
} out_format;

#define OUT_TABLE_SAMPLE 1000

typedef struct out out;

/* Map "table", "md", "json", "csv" (also "markdown", "jsonl") to a
 * format.  Returns 0, or -1 for an unknown name. */
int out_format_parse(const char *name, out_format *f);

out *out_new(out_format f, FILE *fp);
/* Name the columns; must be called once before the first cell. */
void out_begin(out *o, int n_cols, const char *const *names);
void out_null(out *o);
void out_int(out *o, int64_t v);
void out_real(out *o, double v);
/* Text cell; len (size_t)-1 means strlen(s); s NULL means a null cell. */
void out_text(out *o, const char *s, size_t len);
/* Bytes shown as lowercase hex. */
void out_blob(out *o, const void *p, size_t len);
/* A JSON value: embedded as is in json output, shown as text elsewhere. */
void out_json(out *o, const char *json, size_t len);
/* End the current row. */
void out_row(out *o);
/* Finish the output (prints buffered table rows; "(no rows)" hints are
 * left to callers).  Returns the number of rows written. */
int64_t out_end(out *o);
void out_free(out *o);

/* Append s as a JSON string literal (quotes included) to a strbuf;
 * invalid UTF-8 bytes become U+FFFD, so that every JSON reader (Lua's
 * ts.json_decode, SQLite's json functions, the reports) reads it back.
 * Shared by every JSON writer but the json output format's cells, which
 * keep the bytes (see out_json_string_bytes() in out.c). */
struct strbuf;
void out_json_string(struct strbuf *sb, const char *s, size_t len);

/* Append s to sb as a text cell of format f shows it (table: control
 * characters as escapes; md: Markdown escapes, on one line; json: a
 * string literal; csv: quoted as needed), for text printed around the
 * rows -- a report's summary and findings -- so that it can no more
 * break the output than a cell can. */
void out_escape(out_format f, struct strbuf *sb, const char *s, size_t len);

/* Append s to sb as a Markdown code span on one line (line breaks and
 * tabs become spaces), which shows any text as it is: the span is
 * fenced with one backtick more than the longest run of backticks in s,
 * and padded with a space inside each fence when s starts or ends with
 * a backtick or a space (CommonMark "Code spans").  For prose and
 * lists: in a table cell a '|' would still end the cell. */
void out_md_code(struct strbuf *sb, const char *s, size_t len);

#endif

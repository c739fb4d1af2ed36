/* out.c -- table, Markdown, JSON Lines and CSV writers (see out.h).
 *
 * Cells of the current row are kept in `row` (type + bytes).  json and
 * csv print each row as soon as it ends; table and md must know column
 * widths first, so they keep up to OUT_TABLE_SAMPLE rows, size the
 * columns from those, and stream anything after with the same widths. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "../util/strbuf.h"
#include "../util/xmalloc.h"

enum cell_type { C_NULL, C_INT, C_REAL, C_TEXT, C_BLOB, C_JSON };

struct cell {
	enum cell_type type; /* what kind of value */
	strbuf text;         /* rendered for the chosen format */
};

struct out {
	out_format fmt;   /* chosen format */
	FILE *fp;         /* destination; not owned */
	int n_cols;       /* columns named by out_begin */
	char **names;     /* column names */
	struct cell *row; /* cells of the row being built */
	int n_cells;      /* cells filled in row */
	strbuf *held;     /* table/md: rendered rows kept for sizing */
	enum cell_type *held_types; /* type of each held cell */
	int64_t n_held;             /* rows in held */
	size_t *width;              /* table/md: column widths in characters */
	int sized;                  /* widths fixed; rows now stream */
	int64_t n_rows;             /* rows finished */
};

int
out_format_parse(const char *name, out_format *f)
{
	static const struct {
		const char *name;
		out_format fmt;
	} names[] = {
	        {"table", OUT_TABLE}, {"md", OUT_MD},      {"markdown", OUT_MD},
	        {"json", OUT_JSON},   {"jsonl", OUT_JSON}, {"csv", OUT_CSV},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].name) == 0) {
			*f = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

out *
out_new(out_format f, FILE *fp)
{
	out *o = xcalloc(1, sizeof(*o));

	o->fmt = f;
	o->fp = fp;
	return o;
}

void
out_begin(out *o, int n_cols, const char *const *names)
{
	o->n_cols = n_cols;
	o->names = xcalloc((size_t)n_cols, sizeof(char *));
	o->row = xcalloc((size_t)n_cols, sizeof(struct cell));
	o->width = xcalloc((size_t)n_cols, sizeof(size_t));
	for (int i = 0; i < n_cols; i++) {
		o->names[i] = xstrdup(names[i]);
	}
}

/* Columns a terminal gives code point cp: 2 for the East Asian wide
 * and fullwidth blocks (CJK, Hangul, kana, fullwidth forms, most
 * emoji), 0 for combining marks and zero-width characters, else 1.  The
 * main ranges of Unicode's EastAsianWidth W and F, as wcwidth() sees
 * them, without depending on the locale. */
static int
cp_width(unsigned long cp)
{
	static const unsigned long wide[][2] = {
	        {0x1100, 0x115f},   {0x2e80, 0x303e},   {0x3041, 0x33ff},
	        {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
	        {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},
	        {0xfe10, 0xfe19},   {0xfe30, 0xfe6f},   {0xff00, 0xff60},
	        {0xffe0, 0xffe6},   {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff},
	        {0x20000, 0x3fffd},
	};
	static const unsigned long zero[][2] = {
	        {0x0300, 0x036f}, {0x200b, 0x200f}, {0x20d0, 0x20ff},
	        {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
	};

	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
		if (cp >= wide[i][0] && cp <= wide[i][1]) {
			return 2;
		}
	}
	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
		if (cp >= zero[i][0] && cp <= zero[i][1]) {
			return 0;
		}
	}
	return 1;
}

/* Display width of UTF-8 text: the columns of each code point (see
 * cp_width()); a byte that is no UTF-8 counts one. */
static size_t
text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	for (size_t i = 0; i < len;) {
		unsigned long cp;
		size_t n = p[i] < 0x80 ? 1 : utf8_char(p + i, len - i, &cp);

		if (n <= 1) {
			w++;
			i++;
			continue;
		}
		w += (size_t)cp_width(cp);
		i += n;
	}
	return w;
}

/* For md and CSV: the character at p[*i] (a byte >= 0x80) appended, a
 * risky one (utf8_risky()) as \uHHHH and a lone byte of the C1 range, which a
 * Latin-1 terminal obeys, as \xHH -- for md (all_lone) every lone byte, as
 * the table shows it: a Markdown document is text, where CSV keeps the
 * data's bytes; *i moves past it. */
static void
add_high(strbuf *sb, const unsigned char *p, size_t len, size_t *i,
         int all_lone)
{
	unsigned long cp;
	size_t n = utf8_char(p + *i, len - *i, &cp);

	if (n == 0) {
		if (p[*i] <= 0x9f || all_lone) {
			strbuf_addf(sb, "\\x%02x", p[*i]);
		} else {
			strbuf_addc(sb, p[*i]);
		}
		(*i)++;
	} else if (utf8_risky(cp)) {
		strbuf_addf(sb, "\\u%04lx", cp);
		*i += n;
	} else {
		strbuf_add(sb, p + *i, n);
		*i += n;
	}
}

/* s as a JSON string literal; keep_bytes: see out_json_string_bytes(). */
static void
json_string(strbuf *sb, const char *s, size_t len, int keep_bytes)
{
	const unsigned char *p = (const unsigned char *)s;

	strbuf_addc(sb, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		unsigned long cp;
		size_t n;

		if (c == '"' || c == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, c);
			i++;
		} else if (c == '\n') {
			strbuf_adds(sb, "\\n");
			i++;
		} else if (c == '\t') {
			strbuf_adds(sb, "\\t");
			i++;
		} else if (c == '\r') {
			strbuf_adds(sb, "\\r");
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(sb, "\\u%04x", c);
			i++;
		} else if ((n = utf8_char(p + i, len - i, &cp)) == 0) {
			if (keep_bytes) {
				strbuf_addf(sb, "\\udc%02x", c);
			} else {
				strbuf_adds(sb, "\\ufffd");
			}
			i++;
		} else if (utf8_risky(cp)) {
			/* the same string, escaped */
			strbuf_addf(sb, "\\u%04lx", cp);
			i += n;
		} else {
			strbuf_add(sb, p + i, n);
			i += n;
		}
	}
	strbuf_addc(sb, '"');
}

void
out_json_string(strbuf *sb, const char *s, size_t len)
{
	json_string(sb, s, len, 0);
}

/* The json output format's form: a byte that is not UTF-8 (a Latin-1
 * file name in a zip) as U+DC80 + byte, Python's surrogateescape, so
 * that s.encode("utf-8", "surrogateescape") gives the bytes back; a
 * strict reader sees U+FFFD, as it would anyway.  Only for output: the
 * JSON trailsift reads again refuses lone surrogates. */
static void
out_json_string_bytes(strbuf *sb, const char *s, size_t len)
{
	json_string(sb, s, len, 1);
}

static void
md_escape(strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			add_high(sb, (const unsigned char *)s, len, &i, 1);
			i--;
		} else if (c == '|' || c == '\\' || c == '`' || c == '*' ||
		           c == '_' || c == '<' || c == '>' || c == '[' ||
		           c == ']') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, c);
		} else if (c == '\n' || c == '\r' || c == '\t') {
			strbuf_addc(sb, ' ');
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(sb, "\\x%02x", c);
		} else {
			strbuf_addc(sb, c);
		}
	}
}

/* Would c at the edge of a code span's text be lost or misread? */
static int
md_code_edge(char c)
{
	return c == '`' || c == ' ';
}

void
out_md_code(strbuf *sb, const char *s, size_t len)
{
	strbuf text;
	size_t run = 0, longest = 0;
	int pad, blank = 1;

	strbuf_init(&text);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		/* Backslash escapes mean nothing in a code span; only line
		 * breaks need care, as they could end the list item. */
		if (c == '\n' || c == '\r' || c == '\t') {
			c = ' ';
		}
		strbuf_addc(&text, c);
		run = c == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
		blank = blank && c == ' ';
	}
	if (text.len == 0) {
		/* `` is no code span; a blank one is. */
		strbuf_addc(&text, ' ');
	}
	/* Text that starts and ends with a space loses one of each unless
	 * it is all spaces, and a backtick at an edge would join the
	 * fence: the padding is what gets stripped. */
	pad = !blank && (md_code_edge(text.buf[0]) ||
	                 md_code_edge(text.buf[text.len - 1]));
	for (size_t k = 0; k <= longest; k++) {
		strbuf_addc(sb, '`');
	}
	strbuf_adds(sb, pad ? " " : "");
	strbuf_add(sb, strbuf_str(&text), text.len);
	strbuf_adds(sb, pad ? " " : "");
	for (size_t k = 0; k <= longest; k++) {
		strbuf_addc(sb, '`');
	}
	strbuf_free(&text);
}

/* A control character that CSV shows as an escape: every C0 character
 * and DEL except the line breaks and tab, which are data that RFC 4180
 * quoting carries and spreadsheets keep. */
static int
csv_control(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f;
}

/* CSV: a text cell a spreadsheet would evaluate gets a leading quote
 * mark (OWASP CSV injection advice); then RFC 4180 quoting.  Other
 * control characters are written as \xHH, as the table shows them, so
 * that an ESC or BEL from the logs (a userAgent can hold any) never
 * reaches a terminal that the CSV is printed on; no spreadsheet can keep
 * them either (XML 1.0, inside XLSX and ODS, has no place for them). */
static void
csv_escape(strbuf *sb, const char *s, size_t len, int is_text)
{
	/* memchr, not strchr: strchr finds a NUL first byte as the end of
	 * the set, and a cell starting with NUL is no formula. */
	int formula = is_text && len > 0 && memchr("=+-@\t\r", s[0], 6) != NULL;
	int quote = formula;

	for (size_t i = 0; i < len && !quote; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r') {
			quote = 1;
		}
	}
	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' ')) {
		quote = 1;
	}
	if (quote) {
		strbuf_addc(sb, '"');
	}
	if (formula) {
		strbuf_addc(sb, '\'');
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (csv_control(c)) {
			strbuf_addf(sb, "\\x%02x", c);
			continue;
		}
		/* doubled where it would read as the start of such an
		 * escape: a name "c\\x1b" and one with an ESC show apart */
		if (c == '\\' && i + 1 < len &&
		    (strchr("xu\\", s[i + 1]) != NULL ||
		     csv_control((unsigned char)s[i + 1]) ||
		     (unsigned char)s[i + 1] >= 0x80)) {
			strbuf_adds(sb, "\\\\");
			continue;
		}
		if (c >= 0x80) {
			add_high(sb, (const unsigned char *)s, len, &i, 0);
			i--;
			continue;
		}
		if (c == '"') {
			strbuf_addc(sb, '"');
		}
		strbuf_addc(sb, c);
	}
	if (quote) {
		strbuf_addc(sb, '"');
	}
}

void
out_escape(out_format f, strbuf *sb, const char *s, size_t len)
{
	switch (f) {
	case OUT_TABLE:
		strbuf_add_visible_exact(sb, s, len);
		break;
	case OUT_MD:
		md_escape(sb, s, len);
		break;
	case OUT_JSON:
		out_json_string_bytes(sb, s, len);
		break;
	case OUT_CSV:
		csv_escape(sb, s, len, 1);
		break;
	}
}

static struct cell *
next_cell(out *o, enum cell_type t)
{
	struct cell *c;

	if (o->n_cells >= o->n_cols) {
		/* More cells than columns is a caller bug; keep the extra
		 * cell out of the output rather than corrupt memory. */
		fprintf(stderr, "trailsift: internal: too many cells\n");
		abort();
	}
	c = &o->row[o->n_cells++];
	c->type = t;
	strbuf_reset(&c->text);
	return c;
}

/* Render text-ish content of a cell for the chosen format. */
static void
render_text(out *o, struct cell *c, const char *s, size_t len)
{
	if (o->fmt == OUT_CSV) {
		csv_escape(&c->text, s, len, c->type == C_TEXT);
	} else {
		out_escape(o->fmt, &c->text, s, len);
	}
}

void
out_null(out *o)
{
	struct cell *c = next_cell(o, C_NULL);

	if (o->fmt == OUT_JSON) {
		strbuf_adds(&c->text, "null");
	}
}

void
out_int(out *o, int64_t v)
{
	struct cell *c = next_cell(o, C_INT);

	strbuf_addf(&c->text, "%" PRId64, v);
}

void
out_real(out *o, double v)
{
	struct cell *c = next_cell(o, C_REAL);

	if (!isfinite(v)) {
		/* JSON has no infinity; the others say it, as sqlite3 does,
		 * where an empty cell would read as NULL */
		strbuf_adds(&c->text, o->fmt == OUT_JSON ? "null"
		                      : isnan(v)         ? ""
		                      : v > 0            ? "Inf"
		                                         : "-Inf");
	} else if (o->fmt == OUT_JSON || o->fmt == OUT_CSV) {
		/* for programs: 0.1 + 0.2 is 0.30000000000000004, as rule
		 * data and Python write it, where 15 digits said 0.3 */
		strbuf_add_real(&c->text, v);
	} else {
		strbuf_addf(&c->text, "%.15g", v);
	}
}

void
out_text(out *o, const char *s, size_t len)
{
	struct cell *c;

	if (s == NULL) {
		out_null(o);
		return;
	}
	if (len == (size_t)-1) {
		len = strlen(s);
	}
	c = next_cell(o, C_TEXT);
	render_text(o, c, s, len);
}

void
out_blob(out *o, const void *p, size_t len)
{
	struct cell *c = next_cell(o, C_BLOB);
	strbuf hex;

	strbuf_init(&hex);
	for (size_t i = 0; i < len; i++) {
		strbuf_addf(&hex, "%02x", ((const unsigned char *)p)[i]);
	}
	render_text(o, c, strbuf_str(&hex), hex.len);
	strbuf_free(&hex);
}

void
out_json(out *o, const char *json, size_t len)
{
	struct cell *c;

	if (len == (size_t)-1) {
		len = strlen(json);
	}
	c = next_cell(o, C_JSON);
	if (o->fmt == OUT_JSON) {
		strbuf_add(&c->text, json, len);
	} else {
		render_text(o, c, json, len);
	}
}

/* Print one table or md line from rendered cells.  Table lines lose
 * trailing blanks, so an empty last cell leaves no stray spaces. */
static void
print_line(out *o, const strbuf *cells, const enum cell_type *types)
{
	strbuf line;

	strbuf_init(&line);
	for (int i = 0; i < o->n_cols; i++) {
		const strbuf *t = &cells[i];
		size_t w = text_width(strbuf_str(t), t->len);
		int right = types && (types[i] == C_INT || types[i] == C_REAL);

		if (o->fmt == OUT_MD) {
			strbuf_adds(&line, i == 0 ? "| " : " | ");
		} else if (i > 0) {
			strbuf_adds(&line, "  ");
		}
		for (size_t k = w; right && k < o->width[i]; k++) {
			strbuf_addc(&line, ' ');
		}
		strbuf_add(&line, strbuf_str(t), t->len);
		for (size_t k = w; !right && k < o->width[i]; k++) {
			strbuf_addc(&line, ' ');
		}
	}
	if (o->fmt == OUT_MD) {
		strbuf_adds(&line, " |");
	} else {
		while (line.len > 0 && line.buf[line.len - 1] == ' ') {
			line.buf[--line.len] = '\0';
		}
	}
	strbuf_addc(&line, '\n');
	fwrite(line.buf, 1, line.len, o->fp);
	strbuf_free(&line);
}

/* Column name i as the header shows it: md escapes it as a cell. */
static void
header_name(const out *o, int i, strbuf *sb)
{
	if (o->fmt == OUT_MD) {
		md_escape(sb, o->names[i], strlen(o->names[i]));
	} else {
		strbuf_add_visible_exact(sb, o->names[i], strlen(o->names[i]));
	}
}

static void
print_header(out *o)
{
	strbuf *names = xcalloc((size_t)o->n_cols, sizeof(strbuf));
	enum cell_type *types = NULL;

	if (o->n_held > 0) {
		types = o->held_types;
	}
	for (int i = 0; i < o->n_cols; i++) {
		header_name(o, i, &names[i]);
	}
	print_line(o, names, types);
	for (int i = 0; i < o->n_cols; i++) {
		int right = types && (types[i] == C_INT || types[i] == C_REAL);

		if (o->fmt == OUT_MD) {
			fputs(i == 0 ? "| " : " | ", o->fp);
			for (size_t k = 1; k < o->width[i]; k++) {
				fputc('-', o->fp);
			}
			fputc(right ? ':' : '-', o->fp);
		} else {
			if (i > 0) {
				fputs("  ", o->fp);
			}
			for (size_t k = 0; k < o->width[i]; k++) {
				fputc('-', o->fp);
			}
		}
	}
	fputs(o->fmt == OUT_MD ? " |\n" : "\n", o->fp);
	for (int i = 0; i < o->n_cols; i++) {
		strbuf_free(&names[i]);
	}
	free(names);
}

/* Fix the column widths from the header and the held rows, print the
 * header and the held rows, and switch to streaming. */
static void
flush_held(out *o)
{
	size_t minw = o->fmt == OUT_MD ? 3 : 1;
	strbuf name;

	/* Sized by the name as printed: an escaped md name ("group\_id")
	 * is wider than the name, and the rule below must be as wide. */
	strbuf_init(&name);
	for (int i = 0; i < o->n_cols; i++) {
		size_t w;

		strbuf_reset(&name);
		header_name(o, i, &name);
		w = text_width(strbuf_str(&name), name.len);
		o->width[i] = w < minw ? minw : w;
	}
	strbuf_free(&name);
	for (int64_t r = 0; r < o->n_held; r++) {
		for (int i = 0; i < o->n_cols; i++) {
			strbuf *t = &o->held[r * o->n_cols + i];
			size_t w = text_width(strbuf_str(t), t->len);

			if (w > o->width[i]) {
				o->width[i] = w;
			}
		}
	}
	print_header(o);
	for (int64_t r = 0; r < o->n_held; r++) {
		print_line(o, &o->held[r * o->n_cols],
		           &o->held_types[r * o->n_cols]);
		for (int i = 0; i < o->n_cols; i++) {
			strbuf_free(&o->held[r * o->n_cols + i]);
		}
	}
	free(o->held);
	free(o->held_types);
	o->held = NULL;
	o->held_types = NULL;
	o->n_held = 0;
	o->sized = 1;
}

static void
row_json(out *o)
{
	strbuf line;

	strbuf_init(&line);
	strbuf_addc(&line, '{');
	for (int i = 0; i < o->n_cols; i++) {
		if (i > 0) {
			strbuf_addc(&line, ',');
		}
		out_json_string_bytes(&line, o->names[i], strlen(o->names[i]));
		strbuf_addc(&line, ':');
		strbuf_add(&line, strbuf_str(&o->row[i].text),
		           o->row[i].text.len);
	}
	strbuf_adds(&line, "}\n");
	fwrite(line.buf, 1, line.len, o->fp);
	strbuf_free(&line);
}

static void
csv_header(out *o)
{
	for (int i = 0; i < o->n_cols; i++) {
		strbuf name;

		strbuf_init(&name);
		csv_escape(&name, o->names[i], strlen(o->names[i]), 0);
		fprintf(o->fp, "%s%s", i ? "," : "", strbuf_str(&name));
		strbuf_free(&name);
	}
	fputc('\n', o->fp);
}

static void
row_csv(out *o)
{
	if (o->n_rows == 0) {
		csv_header(o);
	}
	for (int i = 0; i < o->n_cols; i++) {
		if (i > 0) {
			fputc(',', o->fp);
		}
		fwrite(strbuf_str(&o->row[i].text), 1, o->row[i].text.len,
		       o->fp);
	}
	fputc('\n', o->fp);
}

/* table/md: keep the row for sizing, or stream it once sized. */
static void
row_table(out *o)
{
	if (o->sized) {
		strbuf *cells = xcalloc((size_t)o->n_cols, sizeof(strbuf));
		enum cell_type *types =
		        xcalloc((size_t)o->n_cols, sizeof(*types));

		for (int i = 0; i < o->n_cols; i++) {
			cells[i] = o->row[i].text;
			types[i] = o->row[i].type;
		}
		print_line(o, cells, types);
		free(cells);
		free(types);
		return;
	}
	o->held = xrealloc(o->held, (size_t)(o->n_held + 1) *
	                                    (size_t)o->n_cols * sizeof(strbuf));
	o->held_types = xrealloc(o->held_types, (size_t)(o->n_held + 1) *
	                                                (size_t)o->n_cols *
	                                                sizeof(enum cell_type));
	for (int i = 0; i < o->n_cols; i++) {
		strbuf *t = &o->held[o->n_held * o->n_cols + i];

		strbuf_init(t);
		strbuf_add(t, strbuf_str(&o->row[i].text), o->row[i].text.len);
		o->held_types[o->n_held * o->n_cols + i] = o->row[i].type;
	}
	o->n_held++;
	if (o->n_held >= OUT_TABLE_SAMPLE) {
		flush_held(o);
	}
}

void
out_row(out *o)
{
	while (o->n_cells < o->n_cols) {
		out_null(o);
	}
	switch (o->fmt) {
	case OUT_JSON:
		row_json(o);
		break;
	case OUT_CSV:
		row_csv(o);
		break;
	case OUT_TABLE:
	case OUT_MD:
		row_table(o);
		break;
	}
	o->n_cells = 0;
	o->n_rows++;
}

int64_t
out_end(out *o)
{
	if ((o->fmt == OUT_TABLE || o->fmt == OUT_MD) && !o->sized &&
	    o->n_cols > 0) {
		flush_held(o);
	}
	if (o->fmt == OUT_CSV && o->n_rows == 0 && o->n_cols > 0) {
		/* A header alone still tells a spreadsheet the columns. */
		csv_header(o);
	}
	fflush(o->fp);
	return o->n_rows;
}

void
out_free(out *o)
{
	if (o == NULL) {
		return;
	}
	for (int i = 0; i < o->n_cols; i++) {
		free(o->names[i]);
		strbuf_free(&o->row[i].text);
	}
	for (int64_t r = 0; r < o->n_held * o->n_cols; r++) {
		strbuf_free(&o->held[r]);
	}
	free(o->held);
	free(o->held_types);
	free(o->names);
	free(o->row);
	free(o->width);
	free(o);
}

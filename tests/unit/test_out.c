/* test_out.c -- the four output formats of out.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "../../src/report/out.h"
#include "../../src/util/strbuf.h"

/* An out writing to memory: capture_begin() opens it with its header,
 * capture_end() ends it and returns the text (caller frees) and, in
 * *rows, what out_end() returned. */
struct capture {
	char *buf;
	size_t len;
	FILE *fp;
};

static out *
capture_begin(struct capture *c, out_format f, int n, const char *const *names)
{
	out *o;

	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	o = out_new(f, c->fp);
	out_begin(o, n, names);
	return o;
}

static char *
capture_end(struct capture *c, out *o, int64_t *rows)
{
	int64_t n = out_end(o);

	if (rows) {
		*rows = n;
	}
	out_free(o);
	fclose(c->fp);
	return c->buf;
}

/* Render two rows in format f and return the text (caller frees). */
static char *
render(out_format f)
{
	static const char *const names[] = {"name", "n", "note"};
	struct capture c;
	out *o = capture_begin(&c, f, 3, names);
	int64_t rows;
	char *s;

	out_text(o, "CreateGroupMembership", (size_t)-1);
	out_int(o, 12);
	out_text(o, "a,b \"q\"\nnext", (size_t)-1);
	out_row(o);
	out_text(o, "=HYPERLINK(\"x\")", (size_t)-1);
	out_int(o, -3);
	out_null(o);
	out_row(o);
	s = capture_end(&c, o, &rows);
	assert_int(rows, ==, 2);
	return s;
}

DEFINE_TEST(test_out_table)
{
	char *s = render(OUT_TABLE);

	assert_str(s, "name                    n  note\n"
	              "---------------------  --  -------------\n"
	              "CreateGroupMembership  12  a,b \"q\"\\nnext\n"
	              "=HYPERLINK(\"x\")        -3\n");
	free(s);
}

DEFINE_TEST(test_out_csv_formula_escaping)
{
	char *s = render(OUT_CSV);

	assert_str(s, "name,n,note\n"
	              "CreateGroupMembership,12,\"a,b \"\"q\"\"\nnext\"\n"
	              "\"'=HYPERLINK(\"\"x\"\")\",-3,\n");
	free(s);
}

DEFINE_TEST(test_out_json)
{
	char *s = render(OUT_JSON);

	assert_str(s, "{\"name\":\"CreateGroupMembership\",\"n\":12,"
	              "\"note\":\"a,b \\\"q\\\"\\nnext\"}\n"
	              "{\"name\":\"=HYPERLINK(\\\"x\\\")\",\"n\":-3,"
	              "\"note\":null}\n");
	free(s);
}

DEFINE_TEST(test_out_md)
{
	char *s = render(OUT_MD);

	assert_str(s, "| name                  |   n | note         |\n"
	              "| --------------------- | --: | ------------ |\n"
	              "| CreateGroupMembership |  12 | a,b \"q\" next |\n"
	              "| =HYPERLINK(\"x\")       |  -3 |              |\n");
	free(s);
}

/* A header name that md escapes ("group_id" is shown as group\_id) sets
 * the column width as shown, so the rule under it is exactly as wide and
 * the cells line up with it. */
DEFINE_TEST(test_out_md_escaped_header)
{
	static const char *const names[] = {"group_id", "n"};
	struct capture c;
	out *o = capture_begin(&c, OUT_MD, 2, names);
	char *buf;

	out_text(o, "ops", (size_t)-1);
	out_int(o, 1);
	out_row(o);
	buf = capture_end(&c, o, NULL);
	assert_str(buf, "| group\\_id |   n |\n"
	                "| --------- | --: |\n"
	                "| ops       |   1 |\n");
	free(buf);
}

DEFINE_TEST(test_out_json_string_utf8)
{
	/* invalid UTF-8 never reaches JSON output; its bytes are kept as
	 * lone surrogates U+DC80 + byte (review 4, finding 6) */
	static const char *const names[] = {"s"};
	struct capture c;
	out *o = capture_begin(&c, OUT_JSON, 1, names);
	char *buf;

	out_text(o, "\xc3\xa9\xff\x01", 4);
	out_row(o);
	buf = capture_end(&c, o, NULL);
	assert_str(buf, "{\"s\":\"\xc3\xa9\\udcff\\u0001\"}\n");
	free(buf);
}

/* JSON that trailsift or a rule reads again (ts.json_encode, findings'
 * data, evidence) has U+FFFD for such a byte: ts.json_decode, like any
 * strict reader, refuses a lone surrogate (review 4, rule author 4). */
DEFINE_TEST(test_out_json_string_reread)
{
	strbuf sb;

	strbuf_init(&sb);
	out_json_string(&sb, "caf\xe9", 4);
	assert_str(strbuf_str(&sb), "\"caf\\ufffd\"");
	strbuf_free(&sb);
}

/* review finding 10: text printed around the rows (a report's summary) escapes
 * as a cell does */
DEFINE_TEST(test_out_escape)
{
	static const char text[] = "ops|admins\nx\t*1*";
	static const struct {
		out_format f;
		const char *want;
	} cases[] = {
	        {OUT_TABLE, "ops|admins\\nx\\t*1*"},
	        {OUT_MD, "ops\\|admins x \\*1\\*"},
	        {OUT_JSON, "\"ops|admins\\nx\\t*1*\""},
	        {OUT_CSV, "\"ops|admins\nx\t*1*\""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf sb;

		strbuf_init(&sb);
		out_escape(cases[i].f, &sb, text, sizeof(text) - 1);
		assert_str(strbuf_str(&sb), cases[i].want);
		strbuf_free(&sb);
	}
}

/* Event ids in a report's md findings are code spans: no backtick, line
 * break or edge space in the id may end or change the span. */
DEFINE_TEST(test_out_md_code)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
	        {"c0de0504-0000", "`c0de0504-0000`"},
	        {"a`b|c", "``a`b|c``"},
	        {"a``b", "```a``b```"},
	        {"`a", "`` `a ``"},
	        {"a`", "`` a` ``"},
	        {" a ", "`  a  `"},
	        {"a\nb\\*", "`a b\\*`"},
	        {"  ", "`  `"},
	        {"", "` `"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf sb;

		strbuf_init(&sb);
		out_md_code(&sb, cases[i].text, strlen(cases[i].text));
		assert_str(strbuf_str(&sb), cases[i].want);
		strbuf_free(&sb);
	}
}

/* review finding 14: CSV printed ESC, BEL and the other C0 controls from
 * the logs (a userAgent can hold "\u001b]0;title\u0007") as they were,
 * so a terminal showing the CSV obeyed them.  They are \xHH escapes now,
 * in cells and header alike; line breaks and tab stay data inside
 * RFC 4180 quotes, and the formula prefix still comes first. */
DEFINE_TEST(test_out_csv_control)
{
	static const char *const names[] = {"ua\x1b[2J", "n"};
	struct capture c;
	out *o = capture_begin(&c, OUT_CSV, 2, names);
	char *buf;

	out_text(o, "Mozilla \x1b]0;pwned\x07\x1b[31mRED", (size_t)-1);
	out_int(o, 1);
	out_row(o);
	out_text(o, "=1\x7f,\x01\n\t\r", (size_t)-1);
	out_json(o, "\x1b", 1);
	out_row(o);
	out_text(o, "\0=1", 3); /* a NUL first byte is no formula */
	out_text(o, "\0", 1);
	out_row(o);
	buf = capture_end(&c, o, NULL);
	assert_str(buf, "ua\\x1b[2J,n\n"
	                "Mozilla \\x1b]0;pwned\\x07\\x1b[31mRED,1\n"
	                "\"'=1\\x7f,\\x01\n\t\r\",\\x1b\n"
	                "\\x00=1,\\x00\n");
	free(buf);
}

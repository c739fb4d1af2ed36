/* test_engine.c -- units of the Lua rule engine: JSON <-> Lua, selection
 * expressions, the where check, the line of a rule's `where =`, the
 * diff, the sandbox's budgets and collector pause, the finding list's
 * one block per finding, and the rule that every name a rule can call is
 * documented in man/trailsift-rules.7. */
#include "config.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "engine/api_lua.h"
#include "engine/catalog.h"
#include "engine/ctx_lua.h"
#include "engine/event_lua.h"
#include "engine/finding.h"
#include "engine/json_lua.h"
#include "engine/rule_run.h"
#include "engine/luasrc.h"
#include "engine/sandbox.h"
#include "engine/select.h"
#include "engine/sqlguard.h"
#include "engine/udiff.h"
#include "index/index.h"
#include "ingest/pipeline.h"
#include "util/xmalloc.h"

static sandbox *
new_sandbox(catalog **cat, size_t max_memory, uint64_t max_insn)
{
	struct sandbox_limits lim;
	strbuf msg;
	sandbox *sb;
	ts_err err;

	sandbox_limits_default(&lim);
	if (max_memory) {
		lim.max_memory = max_memory;
	}
	if (max_insn) {
		lim.max_instructions = max_insn;
	}
	ts_err_clear(&err);
	catalog_new(NULL, 0, cat, &err);
	strbuf_init(&msg);
	sb = sandbox_new(&lim, *cat, "test", &msg);
	if (sb == NULL) {
		test_failed(__FILE__, __LINE__, "sandbox_new: %s", msg.buf);
	}
	strbuf_free(&msg);
	return sb;
}

/* Run Lua text in the sandbox; its first result as a string into res.
 * Returns TS_OK or TS_FAIL (message in res). */
static int
run_lua(sandbox *sb, const char *code, strbuf *res)
{
	int rc;

	strbuf_reset(res);
	if (luaL_loadstring(sb->L, code) != LUA_OK) {
		strbuf_adds(res, lua_tostring(sb->L, -1));
		lua_pop(sb->L, 1);
		return TS_FAIL;
	}
	rc = sandbox_call(sb, 0, 1, res);
	if (rc == TS_OK) {
		const char *s = lua_tostring(sb->L, -1);

		strbuf_adds(res, s ? s : "(not a string)");
		lua_pop(sb->L, 1);
	}
	return rc;
}

/* Run each case's code in one sandbox: cases[i][1] is what it returns;
 * errors[i][1] is in the error each of those raises. */
static void
check_lua(const char *const (*cases)[2], size_t n_cases,
          const char *const (*errors)[2], size_t n_errors)
{
	catalog *cat = NULL;
	sandbox *sb = new_sandbox(&cat, 0, 0);
	strbuf res;

	strbuf_init(&res);
	for (size_t i = 0; sb && i < n_cases; i++) {
		assert_int(run_lua(sb, cases[i][0], &res), ==, TS_OK);
		assert_str(strbuf_str(&res), cases[i][1]);
	}
	for (size_t i = 0; sb && i < n_errors; i++) {
		assert_int(run_lua(sb, errors[i][0], &res), ==, TS_FAIL);
		if (strstr(strbuf_str(&res), errors[i][1]) == NULL) {
			test_failed(__FILE__, __LINE__, "%s: %s", errors[i][0],
			            strbuf_str(&res));
		}
	}
	strbuf_free(&res);
	sandbox_free(sb);
	catalog_free(cat);
}

DEFINE_TEST(test_engine_json)
{
	static const char *const cases[][2] = {
	        /* code, expected ts.json_encode result */
	        {"return ts.json_encode({b = 1, a = {3, 2}, c = ts.null})",
	         "{\"a\":[3,2],\"b\":1,\"c\":null}"},
	        {"return ts.json_encode({})", "{}"},
	        {"return ts.json_encode({1.5, 2.0, 0.1, -3})",
	         "[1.5,2.0,0.1,-3]"},
	        {"return ts.json_encode('a\"\\n\\1')", "\"a\\\"\\n\\u0001\""},
	        {"return ts.json_encode(ts.json_decode("
	         "'{\"z\":[1,2.25,true,false,null],\"a\":{\"\\\\u00e9\":\"x\"}}"
	         "'))",
	         "{\"a\":{\"é\":\"x\"},\"z\":[1,2.25,true,false,null]}"},
	        {"return math.type(ts.json_decode('[9007199254740993]')[1])",
	         "integer"},
	        {"return "
	         "math.type(ts.json_decode('[99999999999999999999]')[1])",
	         "float"},
	        {"return tostring(ts.json_decode('-0') == 0)", "true"},
	        {"return select(2, ts.json_decode('[1,]'))",
	         "offset 3: expected a JSON value"},
	        {"return select(2, ts.json_decode('\"\\xff\"'))",
	         "offset 1: invalid UTF-8 in string"},
	        {"return tostring(ts.json_decode('null') == ts.null)", "true"},
	        /* a name given twice keeps its first value, as SQLite's
	         * json_extract reads it; nested containers too */
	        {"return ts.json_encode(ts.json_decode("
	         "'{\"g\":\"A\",\"h\":{\"x\":1},\"g\":\"B\","
	         "\"h\":[2],\"n\":null,\"n\":3}'))",
	         "{\"g\":\"A\",\"h\":{\"x\":1},\"n\":null}"},
	        {"return ts.json_encode({a = ts.array(), b = {}})",
	         "{\"a\":[],\"b\":{}}"},
	        {"return ts.json_encode(ts.array({3}))", "[3]"},
	        {"return ts.json_encode(ts.json_decode('[[],{},[1]]'))",
	         "[[],{},[1]]"},
	        {"return tostring(ts.null)", "null"},
	};
	static const char *const errors[][2] = {
	        {"local t = {} t.t = t return ts.json_encode(t)",
	         "nested too deeply"},
	        {"return ts.json_encode({print})", "a function value"},
	        {"return ts.json_encode({[1] = 1, x = 2})", "string keys"},
	        {"return ts.json_encode({0/0})", "NaN"},
	        {"return ts.json_encode({[3] = 1})", "string keys"},
	};
	check_lua(cases, sizeof(cases) / sizeof(cases[0]), errors,
	          sizeof(errors) / sizeof(errors[0]));
}

/* Review 4 (a rule author), findings 4, 5 and 7: what ts.* refuses
 * rather than getting wrong. */
DEFINE_TEST(test_engine_api_edges)
{
	static const char *const cases[][2] = {
	        {"return ts.time_format(2.0)", "1970-01-01T00:00:00.002Z"},
	        {"return ts.time_format(253402300799999)",
	         "9999-12-31T23:59:59.999Z"},
	        {"return ts.time_format(-62135596800000)",
	         "0001-01-01T00:00:00Z"},
	        /* encode's text decodes again: U+FFFD for a non-UTF-8 byte */
	        {"return ts.json_decode(ts.json_encode({s = 'caf\\xe9'})).s",
	         "caf\xef\xbf\xbd"},
	        {"return ts.json_encode(ts.array(ts.array({1})))", "[1]"},
	};
	static const char *const errors[][2] = {
	        {"return ts.time_format(1.5)", "must be an integer"},
	        {"return ts.time_format(253402300800000)",
	         "years 0001 to 9999"},
	        {"return ts.time_format(math.mininteger)",
	         "years 0001 to 9999"},
	        {"return ts.array(setmetatable({}, {}))",
	         "a metatable of its own"},
	};
	check_lua(cases, sizeof(cases) / sizeof(cases[0]), errors,
	          sizeof(errors) / sizeof(errors[0]));
}

/* A deep document decodes without overflowing anything. */
DEFINE_TEST(test_engine_json_deep)
{
	catalog *cat = NULL;
	sandbox *sb = new_sandbox(&cat, 0, 0);
	char err[100];
	strbuf doc, scratch;

	strbuf_init(&doc);
	strbuf_init(&scratch);
	for (int i = 0; i < 500; i++) {
		strbuf_adds(&doc, "{\"a\":[");
	}
	for (int i = 0; i < 500; i++) {
		strbuf_adds(&doc, "]}");
	}
	if (sb) {
		/* 1000 levels: past the tokenizer's limit, refused. */
		assert_int(json_lua_decode(sb->L, doc.buf, doc.len, &scratch,
		                           err, sizeof(err)),
		           ==, -1);
		assert_int(lua_gettop(sb->L), ==, 0);
		/* The inner 500 levels: decoded. */
		assert_int(json_lua_decode(sb->L, doc.buf + 1500,
		                           doc.len - 2000, &scratch, err,
		                           sizeof(err)),
		           ==, 0);
		assert_true(lua_istable(sb->L, -1));
		lua_settop(sb->L, 0);
	}
	strbuf_free(&doc);
	strbuf_free(&scratch);
	sandbox_free(sb);
	catalog_free(cat);
}

/* An encoding error leaves the Lua stack as it found it, however deep
 * in arrays and objects the bad value is. */
DEFINE_TEST(test_engine_json_encode_stack)
{
	static const char *const bad[] = {
	        "return {1, 2, print}",
	        "return {1, {2, {3, 0/0}}}",
	        "return {a = {1, {b = print}}}",
	        "local t = {}; t[1] = t; return t",
	        "local t = {}; t.x = {t}; return t",
	};
	catalog *cat = NULL;
	sandbox *sb = new_sandbox(&cat, 0, 0);
	struct json_lua_budget b = {SIZE_MAX, UINT64_MAX, 0, 0};
	char err[100];
	strbuf text;

	strbuf_init(&text);
	for (size_t i = 0; sb && i < sizeof(bad) / sizeof(bad[0]); i++) {
		lua_settop(sb->L, 0);
		if (luaL_dostring(sb->L, bad[i]) != LUA_OK) {
			test_failed(__FILE__, __LINE__, "%s: %s", bad[i],
			            lua_tostring(sb->L, -1));
			continue;
		}
		lua_pushinteger(sb->L, 42); /* a value above it */
		strbuf_reset(&text);
		assert_int(
		        json_lua_encode(sb->L, 1, &text, &b, err, sizeof(err)),
		        ==, -1);
		if (lua_gettop(sb->L) != 2) {
			test_failed(__FILE__, __LINE__,
			            "%s: %d values on the stack, not 2", bad[i],
			            lua_gettop(sb->L));
		}
		assert_int(lua_tointeger(sb->L, -1), ==, 42);
	}
	strbuf_free(&text);
	sandbox_free(sb);
	catalog_free(cat);
}

/* review 2: the encoder stops as soon as its text passes max_bytes (one
 * string 64 times over) or its cost passes work (a DAG of 2^40 leaves),
 * leaving the Lua stack as it found it. */
DEFINE_TEST(test_engine_json_encode_budget)
{
	static const struct {
		const char *lua;
		size_t max_bytes;
		uint64_t work;
		int over;
	} cases[] = {
	        {"local s = ('x'):rep(1000); local t = {}; "
	         "for i = 1, 64 do t[i] = s end; return t",
	         10000, UINT64_MAX, JSON_LUA_OVER_BYTES},
	        {"local s = ('x'):rep(1000); local t = {}; "
	         "for i = 1, 64 do t['k' .. i] = s end; return t",
	         10000, UINT64_MAX, JSON_LUA_OVER_BYTES},
	        {"return ('x'):rep(100000)", 10000, UINT64_MAX,
	         JSON_LUA_OVER_BYTES},
	        {"local x = {}; for i = 1, 40 do x = {x, x} end; return x",
	         SIZE_MAX, 100000, JSON_LUA_OVER_WORK},
	        {"local x = {}; for i = 1, 40 do x = {a = x, b = x} end; "
	         "return x",
	         1000000, UINT64_MAX, JSON_LUA_OVER_BYTES},
	        {"return {a = ('x'):rep(1000), b = {1, 2, 3}}", 1014 + 12,
	         UINT64_MAX, 0},
	};
	catalog *cat = NULL;
	sandbox *sb = new_sandbox(&cat, 0, 0);
	char err[100];
	strbuf text;

	strbuf_init(&text);
	for (size_t i = 0; sb && i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_lua_budget b = {cases[i].max_bytes, cases[i].work,
		                            0, 0};
		int rc;

		lua_settop(sb->L, 0);
		if (luaL_dostring(sb->L, cases[i].lua) != LUA_OK) {
			test_failed(__FILE__, __LINE__, "%s: %s", cases[i].lua,
			            lua_tostring(sb->L, -1));
			continue;
		}
		strbuf_reset(&text);
		rc = json_lua_encode(sb->L, 1, &text, &b, err, sizeof(err));
		assert_int(rc, ==, cases[i].over ? -1 : 0);
		assert_int(b.over, ==, cases[i].over);
		assert_int(lua_gettop(sb->L), ==, 1);
		if (cases[i].over == JSON_LUA_OVER_BYTES) {
			assert_true(strstr(err, "JSON output over") != NULL);
			assert_true(text.len <= cases[i].max_bytes);
		}
		if (cases[i].over == JSON_LUA_OVER_WORK) {
			assert_true(b.spent > cases[i].work);
			assert_true(b.spent < cases[i].work + 100);
		}
	}
	strbuf_free(&text);
	sandbox_free(sb);
	catalog_free(cat);
}

DEFINE_TEST(test_engine_select)
{
	static char *tags_a[] = {"identity", "default"};
	static char *tags_b[] = {"identity", "noisy"};
	static const struct {
		const char *expr;
		int a, b, c; /* matches: rule a, rule b, rule c */
	} cases[] = {
	        {"identity", 1, 1, 0},
	        {"identity and not noisy", 1, 0, 0},
	        {"not identity or noisy", 0, 1, 1},
	        {"(default or noisy) and identity", 1, 1, 0},
	        {"x.*", 1, 1, 0},
	        {"x.?", 1, 1, 0},
	        {"y.c", 0, 0, 1},
	        {"all", 1, 1, 1},
	        {"not not default", 1, 0, 0},
	};
	static const char *const bad[] = {
	        "", "and", "a and", "(a", "a)", "a or or b", "a $ b", "not",
	};
	char err[200];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		select_expr *x = select_parse(cases[i].expr, err, sizeof(err));

		if (x == NULL) {
			test_failed(__FILE__, __LINE__, "%s: %s", cases[i].expr,
			            err);
			continue;
		}
		assert_int(select_match(x, "x.a", tags_a, 2), ==, cases[i].a);
		assert_int(select_match(x, "x.b", tags_b, 2), ==, cases[i].b);
		assert_int(select_match(x, "y.c", NULL, 0), ==, cases[i].c);
		select_free(x);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		select_expr *x = select_parse(bad[i], err, sizeof(err));

		if (x != NULL) {
			test_failed(__FILE__, __LINE__, "'%s' parsed", bad[i]);
		}
		select_free(x);
	}
	{
		strbuf deep;
		select_expr *x;

		strbuf_init(&deep);
		for (int i = 0; i < 10000; i++) {
			strbuf_adds(&deep, "not ");
		}
		strbuf_adds(&deep, "a");
		x = select_parse(deep.buf, err, sizeof(err));
		assert_true(x == NULL);
		select_free(x);
		strbuf_free(&deep);
	}
}

DEFINE_TEST(test_engine_where_check)
{
	static const char *const good[] = {
	        "event_name = 'x'",  "a IN (SELECT b FROM c WHERE (d))",
	        "s = 'it''s ) ; ('", "\"odd ) name\" = 1 -- trailing ) comment",
	        "x /* ) */ = [y;]",
	};
	static const char *const bad[] = {
	        "",          "   -- only a comment",
	        "1) OR (1",  "1; DELETE FROM event",
	        "(1",        "'open",
	        "x /* open", "1) UNION SELECT * FROM events WHERE (1",
	};
	char err[200];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (sqlguard_expr_check(good[i], err, sizeof(err)) != 0) {
			test_failed(__FILE__, __LINE__, "%s: %s", good[i], err);
		}
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sqlguard_expr_check(bad[i], err, sizeof(err)) == 0) {
			test_failed(__FILE__, __LINE__, "'%s' accepted",
			            bad[i]);
		}
	}
	assert_true(sqlguard_only_trailer(" ; -- x\n /* y */ "));
	assert_true(!sqlguard_only_trailer("; SELECT 1"));
}

/* review finding 15: the line of a rule file's `where =` field, which
 * Lua does not keep, read from the text; 0 when there is no such field
 * or two. */
DEFINE_TEST(test_engine_field_line)
{
	static const struct {
		const char *text;
		int line;
	} cases[] = {
	        {"return rule {\n  id = 'x',\n  where = [[a = 1]],\n}", 3},
	        {"return rule { where = 'a' }", 1},
	        {"return rule {\n  id = 'x'; where\n  = 'a' }", 2},
	        /* not a field: comparison, assignment, outside braces */
	        {"return rule { x = where == 1 }", 0},
	        {"return { 1, where == 2 }", 0},
	        {"local where = 1\nspec.where = 2\na, where = 1, 2", 0},
	        {"t = {}\nwhere = 1", 0},
	        {"rule { f = function() spec.where = 1 end }", 0},
	        /* comments and strings, with the lines inside them */
	        {"-- { where = 1 }\nreturn rule {\nwhere = 2 }", 3},
	        {"--[==[ {\n where = 1 ]] ]==] rule {\nwhere = 2 }", 3},
	        {"s = '{ where = 1 \\\n' .. \"\\\"{ where = 2\"\n"
	         "rule { where = 3 }",
	         3},
	        {"s = [[\n{ where = 1 }]] rule {\n\nwhere = 2 }", 4},
	        {"rule {\r\nid = 1,\r\nwhere = 2 }", 3},
	        {"rule {\rid = 1,\n\rwhere = 2 }", 3},
	        /* a name that only starts or ends with it */
	        {"rule { where_x = 1, xwhere = 2, where = 3 }", 1},
	        /* two fields: no guess */
	        {"local a = { where = 1 }\nreturn rule { where = 2 }", 0},
	        /* unterminated: no read past the end */
	        {"rule { s = 'where", 0},
	        {"rule { s = [[ where = 1", 0},
	        {"", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int line = luasrc_field_line(cases[i].text,
		                             strlen(cases[i].text), "where");

		if (line != cases[i].line) {
			test_failed(__FILE__, __LINE__,
			            "case %zu: line %d, want %d", i, line,
			            cases[i].line);
		}
	}
}

DEFINE_TEST(test_engine_udiff)
{
	char *a[20], *b[21];
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	for (int i = 0; i < 20; i++) {
		a[i] = b[i] = xasprintf("%d", i + 1);
	}
	b[2] = "three"; /* a change near the top */
	b[20] = "21";   /* an addition at the end, in a hunk of its own */
	b[16] = "17!";  /* ... which a change 4 lines before joins */
	fp = open_memstream(&buf, &len);
	udiff_print(fp, "want", a, 20, "got", b, 21);
	fclose(fp);
	assert_str(buf, "--- want\n+++ got\n"
	                "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
	                "@@ -14,7 +14,8 @@\n 14\n 15\n 16\n-17\n+17!\n 18\n"
	                " 19\n 20\n+21\n");
	free(buf);
	for (int i = 0; i < 20; i++) {
		free(a[i]);
	}
}

/* Budgets trip, stay tripped, and a pcall cannot swallow them. */
DEFINE_TEST(test_engine_budgets)
{
	catalog *cat = NULL;
	sandbox *sb = new_sandbox(&cat, 8u << 20, 100000);
	strbuf res;

	strbuf_init(&res);
	if (sb) {
		assert_int(run_lua(sb,
		                   "local n = 0 for i = 1, 1000 do n = n + "
		                   "i end return tostring(n)",
		                   &res),
		           ==, TS_OK);
		assert_str(strbuf_str(&res), "500500");
		assert_int(run_lua(sb,
		                   "for i = 1, 5 do pcall(function() "
		                   "while true do end end) end "
		                   "return 'survived'",
		                   &res),
		           ==, TS_FAIL);
		assert_true(strstr(res.buf, "instruction budget of 100000") !=
		            NULL);
		assert_true(sb->tripped);
		/* Dead for good: even a trivial chunk fails now. */
		assert_int(run_lua(sb, "return 'x'", &res), ==, TS_FAIL);
	}
	sandbox_free(sb);
	catalog_free(cat);
	sb = new_sandbox(&cat, 8u << 20, 0);
	if (sb) {
		assert_int(run_lua(sb,
		                   "local t = {} pcall(function() for i = "
		                   "1, 1e9 do t[i] = i .. 'xxxxxxxx' end "
		                   "end) t = nil return 'survived'",
		                   &res),
		           ==, TS_FAIL);
		assert_true(strstr(res.buf, "memory limit of 8 MiB") != NULL);
		assert_true(sb->mem_used <= sb->mem_max);
	}
	strbuf_free(&res);
	sandbox_free(sb);
	catalog_free(cat);
}

/* The collector waits for SANDBOX_GC_PAUSE percent of what survived,
 * not Lua's 200: a replay's growing state makes its major collections
 * "bad", and Lua then runs them with that pause, which let report stale
 * double its state (461 MB against 313 MB).  LUA_GCSETPAUSE (still in
 * 5.4) reads the pause back; the state stays generational. */
DEFINE_TEST(test_engine_gc_pause)
{
	catalog *cat = NULL;
	sandbox *sb = new_sandbox(&cat, 0, 0);

	if (sb) {
		/* Lua keeps the pause in units of 4 percent. */
		assert_int(lua_gc(sb->L, LUA_GCSETPAUSE, SANDBOX_GC_PAUSE), ==,
		           SANDBOX_GC_PAUSE / 4 * 4);
		assert_int(SANDBOX_GC_PAUSE, <, 200);
		assert_int(lua_gc(sb->L, LUA_GCGEN, 0, 0), ==, LUA_GCGEN);
	}
	sandbox_free(sb);
	catalog_free(cat);
}

/* finding_add copies every string of a finding into one block that its
 * rule_id starts (a report keeps one finding per row); NULL subject and
 * data stay NULL, NULL evidence becomes "[]". */
DEFINE_TEST(test_engine_finding_block)
{
	struct finding_list fl = {NULL, 0, 0};
	struct finding f = {"r.id", "low",     42,         "subj",
	                    "msg",  "[\"e\"]", "{\"a\":1}"};
	const struct finding *c;

	finding_add(&fl, &f);
	f.subject = NULL;
	f.evidence = NULL;
	f.data = NULL;
	finding_add(&fl, &f);
	assert_int(fl.n, ==, 2);
	c = &fl.v[0];
	assert_str(c->rule_id, "r.id");
	assert_str(c->severity, "low");
	assert_int(c->time_ms, ==, 42);
	assert_str(c->subject, "subj");
	assert_str(c->message, "msg");
	assert_str(c->evidence, "[\"e\"]");
	assert_str(c->data, "{\"a\":1}");
	assert_true(c->severity == c->rule_id + 5);
	assert_true(c->data == c->evidence + 6);
	c = &fl.v[1];
	assert_true(c->subject == NULL && c->data == NULL);
	assert_str(c->evidence, "[]");
	assert_true(c->evidence == c->message + 4);
	finding_list_clear(&fl);
	assert_int(fl.n, ==, 0);
}

/* --- every name a rule can call is in man/trailsift-rules.7 ---------- */

static char *manual;

/* Is `name` documented: at the start of a .B/.BI line, or in the text
 * followed by a character that cannot continue a name? */
static int
documented(const char *name, int anywhere)
{
	size_t n = strlen(name);

	for (const char *p = manual; (p = strstr(p, name)) != NULL; p += n) {
		char after = p[n];
		int ends = !(after == '_' || (after >= 'a' && after <= 'z') ||
		             (after >= 'A' && after <= 'Z') ||
		             (after >= '0' && after <= '9'));
		const char *line = p;

		while (line > manual && line[-1] != '\n') {
			line--;
		}
		if (ends && (anywhere || strncmp(line, ".B ", 3) == 0 ||
		             strncmp(line, ".BI ", 4) == 0)) {
			return 1;
		}
	}
	return 0;
}

static void
check_reg(const luaL_Reg *reg, const char *prefix)
{
	char name[128];

	for (; reg->name; reg++) {
		if (strncmp(reg->name, "__", 2) == 0) {
			continue;
		}
		snprintf(name, sizeof(name), "%s%s", prefix, reg->name);
		if (!documented(name, 0)) {
			test_failed(__FILE__, __LINE__,
			            "%s is not documented in "
			            "man/trailsift-rules.7 (a .B line)",
			            name);
		}
	}
}

static void
check_modules(catalog *cat, sandbox *sb)
{
	const char *const *names;
	int n = catalog_modules(cat, &names);
	lua_State *L = sb->L;
	char name[160];

	for (int i = 0; i < n; i++) {
		const char *last = strrchr(names[i], '.');

		lua_getglobal(L, "require");
		lua_pushstring(L, names[i]);
		if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
			test_failed(__FILE__, __LINE__, "require %s", names[i]);
			lua_settop(L, 0);
			continue;
		}
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			if (lua_type(L, -2) == LUA_TSTRING &&
			    lua_isfunction(L, -1) &&
			    lua_tostring(L, -2)[0] != '_') {
				snprintf(name, sizeof(name), "%s.%s",
				         last ? last + 1 : names[i],
				         lua_tostring(L, -2));
				if (!documented(name, 0)) {
					test_failed(__FILE__, __LINE__,
					            "%s (module %s) is not "
					            "documented",
					            name, names[i]);
				}
			}
			lua_pop(L, 1);
		}
		lua_settop(L, 0);
	}
}

static void
check_columns(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char name[128];
	ts_err err;

	ts_err_clear(&err);
	if (index_open(":memory:", INDEX_WRITE, &db, &err) != TS_OK ||
	    sqlite3_prepare_v2(db, "SELECT * FROM events", -1, &st, NULL) !=
	            SQLITE_OK) {
		test_failed(__FILE__, __LINE__, "events view: %s", err.msg);
	}
	for (int i = 0; st && i < sqlite3_column_count(st); i++) {
		snprintf(name, sizeof(name), "e.%s",
		         sqlite3_column_name(st, i));
		if (!documented(name, 1)) {
			test_failed(__FILE__, __LINE__,
			            "%s is not documented in "
			            "man/trailsift-rules.7",
			            name);
		}
	}
	sqlite3_finalize(st);
	index_close(db, NULL);
}

DEFINE_TEST(test_engine_manual)
{
	char path[600];
	catalog *cat = NULL;
	sandbox *sb;

	snprintf(path, sizeof(path), "%s/../man/trailsift-rules.7",
	         test_srcdir());
	if ((manual = test_slurp(path, NULL)) == NULL) {
		test_failed(__FILE__, __LINE__, "cannot read %s", path);
		return;
	}
	check_reg(api_lua_ts, "ts.");
	check_reg(ctx_lua_methods, "ctx:");
	check_reg(sandbox_base, "");
	check_reg(event_lua_meta, "e.");
	assert_true(documented("ts.null", 0));
	assert_true(documented("ts.version", 0));
	assert_true(documented("e.record", 0));
	assert_true(documented("ctx.state", 0));
	assert_true(documented("ctx.args", 0));
	assert_true(documented("ctx.rule", 0));
	check_columns();
	if ((sb = new_sandbox(&cat, 0, 0)) != NULL) {
		check_modules(cat, sb);
	}
	sandbox_free(sb);
	catalog_free(cat);
	free(manual);
	manual = NULL;
}

/* The where query sorts what an index finds for the where, up to a
 * number of rows, and reads the events in time order otherwise. */
DEFINE_TEST(test_engine_where_sorts)
{
	char db_path[600], logs[600];
	char *paths[1] = {logs};
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/sorts.db", test_tmpdir());
	snprintf(logs, sizeof(logs), "%s/../samples/okta-hub/logs",
	         test_srcdir());
	if (index_open(db_path, INDEX_WRITE, &db, &err) != TS_OK ||
	    pipeline_ingest_into(db, paths, 1, NULL, &err) != TS_OK) {
		test_failed(__FILE__, __LINE__, "setup: %s", err.msg);
		index_close(db, NULL);
		return;
	}
	/* event_name alone: a skip-scan of (event_source, event_name) */
	assert_int(rule_where_sorts(db, "event_name = 'GetRole'", 0, INT64_MAX,
	                            200000),
	           ==, 1);
	assert_int(rule_where_sorts(db,
	                            "event_name IN ('GetRole', 'ListUsers')", 0,
	                            INT64_MAX, 200000),
	           ==, 1);
	/* more rows (6) than allowed: in time order */
	assert_int(
	        rule_where_sorts(db, "event_name = 'GetRole'", 0, INT64_MAX, 5),
	        ==, 0);
	/* only the window counts */
	assert_int(rule_where_sorts(db, "event_name = 'GetRole'", 0, 1, 5), ==,
	           1);
	/* no index serves it: in time order */
	assert_int(rule_where_sorts(db, "read_only = 0", 0, INT64_MAX, 200000),
	           ==, 0);
	/* not SQL: in time order (prepare says why) */
	assert_int(rule_where_sorts(db, "no such column", 0, INT64_MAX, 200000),
	           ==, 0);
	index_close(db, NULL);
}

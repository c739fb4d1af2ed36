/* rule.c -- load a rule file and read its metadata (see
 * rule.h).
 *
 * The metadata is read by a C function run under sandbox_call(), with
 * raw accesses only: a rule table with metamethods can neither run code
 * outside the budget nor make a memory error escape unprotected. */
#include "config.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luasrc.h"
#include "rule.h"
#include "sqlguard.h"
#include "../util/xmalloc.h"

const char *
rule_arg_type_name(enum rule_arg_type t)
{
	return t == RULE_ARG_NUMBER    ? "number"
	       : t == RULE_ARG_BOOLEAN ? "boolean"
	                               : "string";
}

/* t[key] without metamethods, pushed.  [-0, +1, m] */
static int
raw_field(lua_State *L, int t, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

/* A copy of t[key] when it is a string, else NULL.  [-0, +0, m] */
static char *
string_field(lua_State *L, int t, const char *key)
{
	char *s = NULL;

	if (raw_field(L, t, key) == LUA_TSTRING) {
		s = xstrdup(lua_tostring(L, -1));
	}
	lua_pop(L, 1);
	return s;
}

static void
string_list(lua_State *L, int t, const char *key, char ***out, int *n)
{
	if (raw_field(L, t, key) == LUA_TTABLE) {
		int len = (int)lua_rawlen(L, -1);

		*out = xcalloc((size_t)len + 1, sizeof(char *));
		for (int i = 1; i <= len; i++) {
			if (lua_rawgeti(L, -1, i) == LUA_TSTRING) {
				(*out)[(*n)++] = xstrdup(lua_tostring(L, -1));
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

/* A default value as Lua text: "x" quoted, numbers and booleans as
 * written. */
static char *
default_text(lua_State *L, int idx)
{
	switch (lua_type(L, idx)) {
	case LUA_TSTRING:
		return xasprintf("\"%s\"", lua_tostring(L, idx));
	case LUA_TBOOLEAN:
		return xstrdup(lua_toboolean(L, idx) ? "true" : "false");
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			return xasprintf("%lld",
			                 (long long)lua_tointeger(L, idx));
		}
		return xasprintf("%.14g", lua_tonumber(L, idx));
	default:
		return NULL;
	}
}

static int
cmp_arg(const void *a, const void *b)
{
	return strcmp(((const struct rule_arg *)a)->name,
	              ((const struct rule_arg *)b)->name);
}

static void
read_args(lua_State *L, int t, struct rule *r)
{
	int n = 0;

	if (raw_field(L, t, "args") != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		n++;
		lua_pop(L, 1);
	}
	r->args = xcalloc((size_t)n + 1, sizeof(*r->args));
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		if (lua_type(L, -2) == LUA_TSTRING &&
		    lua_type(L, -1) == LUA_TTABLE) {
			struct rule_arg *a = &r->args[r->n_args++];
			int at = lua_gettop(L);
			char *type = string_field(L, at, "type");

			a->name = xstrdup(lua_tostring(L, -2));
			a->type = type == NULL ? RULE_ARG_STRING
			          : strcmp(type, "number") == 0
			                  ? RULE_ARG_NUMBER
			          : strcmp(type, "boolean") == 0
			                  ? RULE_ARG_BOOLEAN
			                  : RULE_ARG_STRING;
			free(type);
			a->doc = string_field(L, at, "doc");
			raw_field(L, at, "default");
			a->def = default_text(L, -1);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (r->n_args > 1) {
		qsort(r->args, (size_t)r->n_args, sizeof(*r->args), cmp_arg);
	}
}

/* Under sandbox_call: (private table, value) -> the rule table, or an
 * error when the file did not return rule{...}. */
static int
read_meta(lua_State *L)
{
	struct rule *r = lua_touserdata(L, lua_upvalueindex(1));

	lua_getfield(L, 1, "rule_line");
	lua_pushvalue(L, 2);
	lua_call(L, 1, 1);
	if (!lua_isinteger(L, -1)) {
		lua_pushfstring(L,
		                "%s: the file must return rule { ... } (it "
		                "returned a %s)",
		                r->src->path, luaL_typename(L, 2));
		return sandbox_error_plain(L, lua_tostring(L, -1));
	}
	r->line = (int)lua_tointeger(L, -1);
	/* rule{} checked the table when the file made it, but the file may
	 * have changed it before returning it (R.severity = "critical";
	 * return R): the table returned goes through the same check. */
	lua_getfield(L, 1, "check");
	lua_pushvalue(L, 2);
	lua_pushinteger(L, r->line);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
		if (r->line > 0) {
			lua_pushfstring(L, "%s:%d: ", r->src->path, r->line);
		} else {
			lua_pushfstring(L, "%s: ", r->src->path);
		}
		lua_insert(L, -2);
		lua_pushliteral(L, " (the rule table was changed after "
		                   "rule{})");
		lua_concat(L, 3);
		return sandbox_error_plain(L, lua_tostring(L, -1));
	}
	r->id = string_field(L, 2, "id");
	r->title = string_field(L, 2, "title");
	r->severity = string_field(L, 2, "severity");
	r->description = string_field(L, 2, "description");
	r->where = string_field(L, 2, "where");
	string_list(L, 2, "tags", &r->tags, &r->n_tags);
	string_list(L, 2, "references", &r->refs, &r->n_refs);
	read_args(L, 2, r);
	r->has_each = raw_field(L, 2, "each") == LUA_TFUNCTION;
	r->has_finish = raw_field(L, 2, "finish") == LUA_TFUNCTION;
	lua_pushvalue(L, 2);
	return 1;
}

int
rule_severity_ok(const char *s)
{
	return strcmp(s, "info") == 0 || strcmp(s, "low") == 0 ||
	       strcmp(s, "medium") == 0 || strcmp(s, "high") == 0;
}

/* The id and severity as C read them, raw, checked again in C: the Lua
 * check ran with the table's metamethods and the rule's string library,
 * both of which the rule may have changed under it, and the id labels
 * every line the rule writes.  (A title is printed with its control
 * characters escaped.) */
static int
raw_fields_ok(const struct rule *r, char *why, size_t n)
{
	const char *id = r->id;

	if (*id == '\0' || *id == '.' || *id == '-' ||
	    id[strspn(id, RULE_ID_CHARS)] != '\0') {
		snprintf(why, n, "id is not a rule id");
		return 0;
	}
	if (!rule_severity_ok(r->severity)) {
		snprintf(why, n, "severity is none of info, low, medium, high");
		return 0;
	}
	return 1;
}

int
rule_load(const catalog *cat, const struct rule_src *src,
          const struct sandbox_limits *lim, struct rule **out, strbuf *msg)
{
	struct rule *r = xcalloc(1, sizeof(*r));
	strbuf text, chunk;
	char why[200];
	lua_State *L;
	ts_err err;
	int rc = TS_FAIL;

	*out = NULL;
	r->src = src;
	r->spec_ref = LUA_NOREF;
	r->since_ms = INT64_MIN;
	r->until_ms = INT64_MAX;
	strbuf_init(&text);
	strbuf_init(&chunk);
	ts_err_clear(&err);
	if (catalog_read(cat, src, NULL, &text, &err) != 1) {
		strbuf_addf(msg, "%s", err.code ? err.msg : src->path);
		if (!err.code) {
			strbuf_adds(msg, ": no such file");
		}
		goto out;
	}
	if ((r->sb = sandbox_new(lim, cat, src->path, msg)) == NULL) {
		goto out;
	}
	L = r->sb->L;
	strbuf_addf(&chunk, "@%s", src->path);
	if (luaL_loadbufferx(L, text.buf, text.len, chunk.buf, "t") != LUA_OK) {
		strbuf_adds(msg, lua_tostring(L, -1));
		lua_pop(L, 1);
		goto out;
	}
	if (sandbox_call_load(r->sb, 0, 1, msg) != TS_OK) {
		goto out;
	}
	lua_pushlightuserdata(L, r);
	lua_pushcclosure(L, read_meta, 1);
	lua_insert(L, -2);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->sb->private_ref);
	lua_insert(L, -2);
	if (sandbox_call_load(r->sb, 2, 1, msg) != TS_OK) {
		goto out;
	}
	r->spec_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	if (r->where) {
		r->where_line = luasrc_field_line(text.buf, text.len, "where");
	}
	if (r->where_line == 0) {
		r->where_line = r->line;
	}
	/* read_meta checked the table again, but with its metamethods:
	 * a field served by __index is not in the table, and C reads the
	 * table raw. */
	if (r->id == NULL || r->title == NULL || r->severity == NULL ||
	    (!r->has_each && !r->has_finish)) {
		strbuf_addf(msg, "%s: the rule table was changed after rule{}",
		            src->path);
		goto out;
	}
	if (!raw_fields_ok(r, why, sizeof(why))) {
		strbuf_addf(msg,
		            "%s: the rule table was changed after rule{}: "
		            "%s",
		            src->path, why);
		goto out;
	}
	if (r->where && sqlguard_expr_check(r->where, why, sizeof(why)) < 0) {
		rule_where_at(r, msg);
		strbuf_addf(msg, ": where: %s", why);
		goto out;
	}
	sandbox_set_label(r->sb, r->id);
	*out = r;
	rc = TS_OK;
out:
	if (rc != TS_OK) {
		rule_free(r);
	}
	strbuf_free(&text);
	strbuf_free(&chunk);
	return rc;
}

static void
free_list(char **v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i]);
	}
	free(v);
}

void
rule_free(struct rule *r)
{
	if (r == NULL) {
		return;
	}
	sandbox_free(r->sb);
	free(r->id);
	free(r->title);
	free(r->severity);
	free(r->description);
	free(r->where);
	free_list(r->tags, r->n_tags);
	free_list(r->refs, r->n_refs);
	for (int i = 0; i < r->n_args; i++) {
		free(r->args[i].name);
		free(r->args[i].def);
		free(r->args[i].doc);
		free(r->args[i].value);
	}
	free(r->args);
	free(r);
}

void
rule_close_state(struct rule *r)
{
	sandbox_free(r->sb);
	r->sb = NULL;
}

void
rule_where_at(const struct rule *r, strbuf *msg)
{
	strbuf_adds(msg, r->src->path);
	if (r->where_line > 0) {
		strbuf_addf(msg, ":%d", r->where_line);
	}
}

struct rule_arg *
rule_find_arg(struct rule *r, const char *name)
{
	for (int i = 0; i < r->n_args; i++) {
		if (strcmp(r->args[i].name, name) == 0) {
			return &r->args[i];
		}
	}
	return NULL;
}

int
rule_bool_word(const char *s)
{
	static const char *const yes[] = {"true", "yes", "on", "1", NULL};
	static const char *const no[] = {"false", "no", "off", "0", NULL};

	for (int i = 0; yes[i]; i++) {
		if (strcmp(s, yes[i]) == 0) {
			return 1;
		}
		if (strcmp(s, no[i]) == 0) {
			return 0;
		}
	}
	return -1;
}

int
rule_set_arg(struct rule *r, struct rule_arg *a, const char *value, char *err,
             size_t cap)
{
	int ok = 1;

	if (a->type == RULE_ARG_NUMBER) {
		ok = lua_stringtonumber(r->sb->L, value) != 0;
		if (ok) {
			/* 1e400 reads as inf, which "inf" itself is not:
			 * no number a user means. */
			ok = lua_isinteger(r->sb->L, -1) ||
			     isfinite(lua_tonumber(r->sb->L, -1));
			lua_pop(r->sb->L, 1);
		}
	} else if (a->type == RULE_ARG_BOOLEAN) {
		ok = rule_bool_word(value) >= 0;
	}
	if (!ok) {
		snprintf(err, cap, "--arg %s.%s: '%s' is not a %s%s", r->id,
		         a->name, value, rule_arg_type_name(a->type),
		         a->type == RULE_ARG_BOOLEAN
		                 ? " (true/false, yes/no, on/off, 1/0)"
		                 : "");
		return -1;
	}
	free(a->value);
	a->value = xstrdup(value);
	return 0;
}

int
rule_has_tag(const struct rule *r, const char *tag)
{
	for (int i = 0; i < r->n_tags; i++) {
		if (strcmp(r->tags[i], tag) == 0) {
			return 1;
		}
	}
	return 0;
}

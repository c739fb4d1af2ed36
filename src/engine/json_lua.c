/* json_lua.c -- JSON <-> Lua (see json_lua.h).
 *
 * Decoding is a loop over tokens with the containers being built on the
 * Lua stack: an object holds [table, key] while its value is read, an
 * array [table] and a counter per depth.  A value completed at depth d
 * is stored into the container at depth d - 1. */
#include "config.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_lua.h"
#include "../ingest/json_tok.h"
#include "../report/out.h"

void
json_lua_push_null(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, JSON_LUA_NULL_KEY);
}

void
json_lua_mark_array(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_getfield(L, LUA_REGISTRYINDEX, JSON_LUA_ARRAY_KEY);
	lua_setmetatable(L, idx);
}

int
json_lua_is_array(lua_State *L, int idx)
{
	int is;

	if (!lua_getmetatable(L, idx)) {
		return 0;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, JSON_LUA_ARRAY_KEY);
	is = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return is;
}

int
json_lua_is_null(lua_State *L, int idx)
{
	int is;

	if (lua_type(L, idx) != LUA_TUSERDATA) {
		return 0;
	}
	idx = lua_absindex(L, idx);
	json_lua_push_null(L);
	is = lua_rawequal(L, idx, -1);
	lua_pop(L, 1);
	return is;
}

static void
push_string(lua_State *L, const json_tok *tok, strbuf *scratch)
{
	if (!tok->escaped) {
		lua_pushlstring(L, tok->p, tok->len);
		return;
	}
	strbuf_reset(scratch);
	json_tok_unescape(tok->p, tok->len, scratch);
	lua_pushlstring(L, strbuf_str(scratch), scratch->len);
}

/* Integers stay integers when they fit; lua_stringtonumber makes an
 * overflowing integer a float, as Lua's own reader does. */
static void
push_number(lua_State *L, const json_tok *tok, strbuf *scratch)
{
	char small[64];
	const char *s = small;

	if (tok->len < sizeof(small)) {
		memcpy(small, tok->p, tok->len);
		small[tok->len] = '\0';
	} else {
		strbuf_reset(scratch);
		strbuf_add(scratch, tok->p, tok->len);
		s = scratch->buf;
	}
	if (lua_stringtonumber(L, s) == 0) {
		lua_pushnumber(L, strtod(s, NULL));
	}
}

int
json_lua_decode(lua_State *L, const char *buf, size_t len, strbuf *scratch,
                char *err, size_t cap)
{
	lua_Integer next[JSON_TOK_MAX_DEPTH + 1]; /* arrays: next index */
	char is_obj[JSON_TOK_MAX_DEPTH + 1];      /* container kind */
	int top = lua_gettop(L);
	json_tok_state t;
	json_tok tok;

	json_tok_init(&t, buf, len);
	for (;;) {
		int d;

		switch (json_tok_next(&t, &tok)) {
		case JT_ERROR:
			lua_settop(L, top);
			snprintf(err, cap, "offset %zu: %s", t.err_off,
			         t.err_msg);
			return -1;
		case JT_END:
			return 0;
		case JT_KEY:
			push_string(L, &tok, scratch);
			continue;
		case JT_OBJ_BEGIN:
		case JT_ARR_BEGIN:
			luaL_checkstack(L, 4, "JSON nested too deeply");
			lua_newtable(L);
			is_obj[tok.depth] = tok.type == JT_OBJ_BEGIN;
			next[tok.depth] = 1;
			continue;
		case JT_OBJ_END:
			break;
		case JT_ARR_END:
			/* [] stays [] when encoded again. */
			if (next[tok.depth] == 1) {
				json_lua_mark_array(L, -1);
			}
			break;
		case JT_STRING:
			push_string(L, &tok, scratch);
			break;
		case JT_NUMBER:
			push_number(L, &tok, scratch);
			break;
		case JT_TRUE:
		case JT_FALSE:
			lua_pushboolean(L, tok.type == JT_TRUE);
			break;
		case JT_NULL:
			json_lua_push_null(L);
			break;
		}
		/* A value is complete: store it in its container. */
		if ((d = tok.depth) == 0) {
			continue;
		}
		if (is_obj[d - 1]) {
			/* A name given twice keeps its first value, as
			 * SQLite's json_extract() reads it: a rule's
			 * e.record and the README's queries agree. */
			lua_pushvalue(L, -2);
			if (lua_rawget(L, -4) == LUA_TNIL) {
				lua_pop(L, 1);
				lua_rawset(L, -3);
			} else {
				lua_pop(L, 3);
			}
		} else {
			lua_rawseti(L, -2, next[d - 1]++);
		}
	}
}

/* --- encoding ---------------------------------------------------------- */

struct enc {
	lua_State *L;              /* the state */
	strbuf *text;              /* JSON text */
	size_t start;              /* its length before this encoding */
	struct json_lua_budget *b; /* limits */
	uint64_t values;           /* values encoded so far */
	char *err;                 /* message buffer */
	size_t cap;                /* its size */
};

struct key {
	const char *s; /* key bytes (owned by the table being encoded) */
	size_t len;    /* their length */
};

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c != 0) {
		return c;
	}
	return x->len < y->len ? -1 : x->len > y->len;
}

static int
fail(struct enc *e, const char *msg)
{
	snprintf(e->err, e->cap, "%s", msg);
	return -1;
}

/* 0 if `more` bytes can still be written (and the values so far paid
 * for), else -1 with the reason: checked before anything large is
 * written, and after each string (escapes may have made it longer). */
static int
room(struct enc *e, size_t more)
{
	struct json_lua_budget *b = e->b;
	size_t used = e->text->len - e->start;

	b->spent = e->values * JSON_LUA_VALUE_COST +
	           used / JSON_LUA_BYTES_PER_COST;
	if (more > b->max_bytes || used > b->max_bytes - more) {
		b->over = JSON_LUA_OVER_BYTES;
		snprintf(e->err, e->cap, "JSON output over %zu bytes",
		         b->max_bytes);
		return -1;
	}
	if (b->spent > b->work) {
		b->over = JSON_LUA_OVER_WORK;
		return fail(e, "encoding exceeds the instruction budget");
	}
	return 0;
}

/* A string, within the budget. */
static int
put_string(struct enc *e, const char *s, size_t len)
{
	if (room(e, len + 2) < 0) {
		return -1;
	}
	out_json_string(e->text, s, len);
	return room(e, 0);
}

/* Append the value at idx; 0, or -1 with the reason in e->err.  Each
 * of the encoders leaves the Lua stack as it found it, on an error too:
 * what they push (an element, a key, the sorted keys) they pop. */
static int encode(struct enc *e, int idx, int depth);

static int
empty(lua_State *L, int idx)
{
	int has;

	lua_pushnil(L);
	if ((has = lua_next(L, idx)) != 0) {
		lua_pop(L, 2);
	}
	return !has;
}

/* Keys 1..n exactly, n > 0: an array. */
static lua_Integer
array_length(lua_State *L, int idx)
{
	lua_Integer n = 0, max = 0;

	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
			lua_pop(L, 1);
			return 0;
		}
		n++;
		if (lua_tointeger(L, -1) > max) {
			max = lua_tointeger(L, -1);
		}
	}
	return n == max ? n : 0;
}

static int
encode_array(struct enc *e, int idx, lua_Integer n, int depth)
{
	int rc;

	strbuf_addc(e->text, '[');
	for (lua_Integer i = 1; i <= n; i++) {
		if (i > 1) {
			strbuf_addc(e->text, ',');
		}
		lua_rawgeti(e->L, idx, i);
		rc = encode(e, lua_gettop(e->L), depth + 1);
		lua_pop(e->L, 1); /* the element, even on an error */
		if (rc < 0) {
			return -1;
		}
	}
	strbuf_addc(e->text, ']');
	return 0;
}

/* Keys are collected into a userdata, so a memory error raised while
 * encoding leaves nothing for C to free. */
static int
encode_object(struct enc *e, int idx, int depth)
{
	lua_State *L = e->L;
	struct key *keys;
	size_t n = 0, i = 0;
	int rc = 0;

	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			return fail(e, "a table with keys other than 1..n "
			               "must have only string keys");
		}
		n++;
	}
	keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof(*keys), 0);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		keys[i].s = lua_tolstring(L, -1, &keys[i].len);
		i++;
	}
	if (n > 1) {
		qsort(keys, n, sizeof(*keys), cmp_key);
	}
	strbuf_addc(e->text, '{');
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0) {
			strbuf_addc(e->text, ',');
		}
		if (put_string(e, keys[i].s, keys[i].len) < 0) {
			rc = -1;
			break;
		}
		strbuf_addc(e->text, ':');
		lua_pushlstring(L, keys[i].s, keys[i].len);
		lua_rawget(L, idx);
		rc = encode(e, lua_gettop(L), depth + 1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (rc == 0) {
		strbuf_addc(e->text, '}');
	}
	return rc;
}

static int
encode(struct enc *e, int idx, int depth)
{
	lua_State *L = e->L;
	size_t len;
	const char *s;
	lua_Integer n;

	e->values++;
	if (room(e, 1) < 0) {
		return -1;
	}
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		strbuf_adds(e->text, "null");
		return 0;
	case LUA_TBOOLEAN:
		strbuf_adds(e->text, lua_toboolean(L, idx) ? "true" : "false");
		return 0;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			strbuf_addf(e->text, "%lld",
			            (long long)lua_tointeger(L, idx));
		} else if (!isfinite(lua_tonumber(L, idx))) {
			return fail(e, "NaN and infinities have no JSON form");
		} else {
			strbuf_add_real(e->text, lua_tonumber(L, idx));
		}
		return 0;
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &len);
		return put_string(e, s, len);
	case LUA_TTABLE:
		if (depth >= JSON_LUA_MAX_DEPTH) {
			return fail(e, "tables nested too deeply (a cycle?)");
		}
		luaL_checkstack(L, 6, "JSON nested too deeply");
		if ((n = array_length(L, idx)) > 0) {
			return encode_array(e, idx, n, depth);
		}
		if (json_lua_is_array(L, idx) && empty(L, idx)) {
			strbuf_adds(e->text, "[]");
			return 0;
		}
		return encode_object(e, idx, depth);
	case LUA_TUSERDATA:
		if (json_lua_is_null(L, idx)) {
			strbuf_adds(e->text, "null");
			return 0;
		}
		/* fall through */
	default:
		snprintf(e->err, e->cap, "a %s value has no JSON form",
		         luaL_typename(L, idx));
		return -1;
	}
}

int
json_lua_encode(lua_State *L, int idx, strbuf *text, struct json_lua_budget *b,
                char *err, size_t cap)
{
	struct enc e = {L, text, text->len, b, 0, err, cap};

	b->over = 0;
	b->spent = 0;
	if (encode(&e, lua_absindex(L, idx), 0) < 0) {
		return -1;
	}
	return room(&e, 0);
}

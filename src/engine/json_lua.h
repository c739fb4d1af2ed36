/* json_lua.h -- JSON text <-> Lua values, for e.record, ts.json_decode,
 * ts.json_encode and the `data` of findings.
 *
 * Decoding uses the strict tokenizer (json_tok.c): objects become
 * tables with string keys, arrays become sequences 1..n, JSON null
 * becomes the ts.null sentinel (so a member that is null differs from
 * one that is absent), numbers without fraction or exponent that fit in
 * 64 bits become Lua integers, others floats.
 *
 * Encoding writes deterministic JSON: object keys sorted bytewise, no
 * spaces, integers as integers, floats in the shortest form that reads
 * back exactly (always with a '.' or exponent), strings escaped as
 * out_json_string() does.  A table whose keys are exactly 1..n is an
 * array, any other table an object (its keys must then be strings); an
 * empty table is {}.  Functions, other userdata, NaN, infinities, and
 * nesting deeper than JSON_LUA_MAX_DEPTH (cycles) are errors.
 *
 * Both directions are iterative or depth-limited, so hostile input
 * cannot overflow the C stack; the Lua stack is grown with checks.  The
 * only Lua errors they raise are memory errors. */
#ifndef TS_JSON_LUA_H
#define TS_JSON_LUA_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

/* Deep enough to encode any record ingest accepted (JSON_TOK_MAX_DEPTH,
 * 512 levels) inside a finding's data; a cycle is found as nesting
 * deeper than this. */
#define JSON_LUA_MAX_DEPTH 1024

/* Registry key of the ts.null sentinel (created by api_lua_open). */
#define JSON_LUA_NULL_KEY "trailsift.null"

/* Registry key of the metatable ts.array gives a table: encoded as an
 * array even when empty (created by api_lua_open). */
#define JSON_LUA_ARRAY_KEY "trailsift.array"

/* Push the value of the JSON text buf[0..len).  Returns 0, or -1 with
 * nothing pushed and "offset N: why" in err.  scratch is used for
 * unescaping. */
int json_lua_decode(lua_State *L, const char *buf, size_t len, strbuf *scratch,
                    char *err, size_t cap);

/* What one encoding may cost.  The text is built outside the Lua heap
 * and the loop runs outside the instruction budget, so without these a
 * table holding one large string many times, or a DAG (x = {x, x} forty
 * times over), would grow the process without bound or run for ever. */
struct json_lua_budget {
	size_t max_bytes; /* the text may not pass this many bytes */
	uint64_t work;    /* nor cost more than this (see below) */
	uint64_t spent;   /* out: what it cost */
	int over;         /* out: JSON_LUA_OVER_* when it stopped there */
};

/* The cost, in Lua instructions: per value (a table, an element, a
 * key's value) and per byte of text.  Measured: a DAG of two-element
 * arrays encodes at about 80 ns a value and a long string at about 8 ns
 * a byte, where `while true do end` runs an instruction in 3 ns; so the
 * budget allows at most about twice its own time to encoding. */
#define JSON_LUA_VALUE_COST 16
#define JSON_LUA_BYTES_PER_COST 1

enum {
	JSON_LUA_OVER_BYTES = 1, /* max_bytes reached */
	JSON_LUA_OVER_WORK,      /* work spent */
};

/* Append the JSON text of the value at idx to out, within b.  Returns 0,
 * or -1 with the reason in err (out then holds a partial text, of at
 * most b->max_bytes plus the escapes of one string) and b->over set
 * when a limit stopped it. */
int json_lua_encode(lua_State *L, int idx, strbuf *out,
                    struct json_lua_budget *b, char *err, size_t cap);

/* Push ts.null. */
void json_lua_push_null(lua_State *L);

/* True if the value at idx is ts.null. */
int json_lua_is_null(lua_State *L, int idx);

/* Give the table at idx the array metatable; is it marked so? */
void json_lua_mark_array(lua_State *L, int idx);
int json_lua_is_array(lua_State *L, int idx);

#endif

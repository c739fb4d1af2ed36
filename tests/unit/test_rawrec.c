/* test_rawrec.c -- records out of the index (rawrec.c), from indexes
 * made by hand: damaged or forged rows must read as damage, never cost
 * unbounded memory nor overflow. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/index/rawrec.h"
#include "../../src/index/zblock.h"
#include "../../src/util/strbuf.h"

/* An in-memory database with the two tables rawrec reads, as
 * schema.sql has them but without their constraints. */
static sqlite3 *
open_db(void)
{
	sqlite3 *db = NULL;

	assert_int(sqlite3_open(":memory:", &db), ==, SQLITE_OK);
	assert_int(sqlite3_exec(db,
	                        "CREATE TABLE raw_block (id INTEGER PRIMARY "
	                        "KEY, codec, ulen, data);"
	                        "CREATE TABLE event (id INTEGER PRIMARY KEY, "
	                        "time_ms, eid, request_id, block_id, "
	                        "block_off, raw_len);",
	                        NULL, NULL, NULL),
	           ==, SQLITE_OK);
	return db;
}

/* Block `id`: `len` bytes, "{}" then spaces, compressed. */
static void
add_block(sqlite3 *db, int64_t id, size_t len)
{
	sqlite3_stmt *st;
	strbuf raw, z;
	int codec;

	strbuf_init(&raw);
	strbuf_init(&z);
	strbuf_reserve(&raw, len);
	memset(raw.buf, ' ', len);
	memcpy(raw.buf, "{}", 2);
	raw.len = len;
	codec = zblock_compress(0, raw.buf, raw.len, 0, NULL, &z);
	sqlite3_prepare_v2(db, "INSERT INTO raw_block VALUES (?, ?, ?, ?)", -1,
	                   &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, codec);
	sqlite3_bind_int64(st, 3, (int64_t)len);
	sqlite3_bind_blob(st, 4, z.buf, (int)z.len, SQLITE_TRANSIENT);
	assert_int(sqlite3_step(st), ==, SQLITE_DONE);
	sqlite3_finalize(st);
	strbuf_free(&raw);
	strbuf_free(&z);
}

/* Event `id`, its record at off, len bytes in block `block` (the SQL
 * literals as given: text and numbers out of range too). */
static void
add_event(sqlite3 *db, int64_t id, int64_t block, const char *off,
          const char *len)
{
	char *sql = sqlite3_mprintf("INSERT INTO event VALUES (%lld, 0, "
	                            "'e%lld', NULL, %lld, %s, %s)",
	                            (long long)id, (long long)id,
	                            (long long)block, off, len);

	assert_int(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
	sqlite3_free(sql);
}

/* 32 blocks of 4 MiB, each read once: 32 blocks were kept whatever their
 * size (a crafted index's blocks of 256 MiB cost 8 GiB). */
DEFINE_TEST(test_rawrec_cache_bytes)
{
	sqlite3 *db = open_db();
	rawrec *f;
	strbuf out;
	ts_err err;

	for (int i = 1; i <= 32; i++) {
		add_block(db, i, 4u << 20);
		add_event(db, i, i, "0", "2");
	}
	f = rawrec_new(db);
	strbuf_init(&out);
	for (int i = 1; i <= 32; i++) {
		ts_err_clear(&err);
		assert_int(rawrec_get(f, i, &out, &err), ==, TS_OK);
		assert_str(strbuf_str(&out), "{}");
		assert_int(rawrec_cache_bytes(f), <=, RAWREC_CACHE_BYTES);
	}
	/* the last one read is kept */
	assert_int(rawrec_cache_bytes(f), >=, 4u << 20);
	strbuf_free(&out);
	rawrec_free(f);
	sqlite3_close(db);
}

/* An event's span of its block, as a crafted row has it: every one of
 * these is "index damaged", and the sum off + len, which overflowed
 * (UBSan) for an offset near INT64_MAX, is never formed. */
DEFINE_TEST(test_rawrec_outside_block)
{
	static const char *const span[][2] = {
	        {"9223372036854775807", "10"},
	        {"10", "9223372036854775807"},
	        {"9223372036854775807", "9223372036854775807"},
	        {"-5", "10"},
	        {"0", "-1"},
	        {"1000", "1"},
	        {"999", "2"},
	};
	sqlite3 *db = open_db();
	rawrec *f;
	strbuf out;
	ts_err err;
	char want[100];

	add_block(db, 1, 1000);
	for (size_t i = 0; i < sizeof(span) / sizeof(span[0]); i++) {
		add_event(db, (int64_t)i + 1, 1, span[i][0], span[i][1]);
	}
	add_event(db, 100, 1, "998", "2"); /* the block's last two bytes */
	f = rawrec_new(db);
	strbuf_init(&out);
	for (size_t i = 0; i < sizeof(span) / sizeof(span[0]); i++) {
		ts_err_clear(&err);
		assert_int(rawrec_get(f, (int64_t)i + 1, &out, &err), ==,
		           TS_FATAL);
		snprintf(want, sizeof(want),
		         "index damaged: event %zu lies outside its block",
		         i + 1);
		assert_str(err.msg, want);
	}
	ts_err_clear(&err);
	assert_int(rawrec_get(f, 100, &out, &err), ==, TS_OK);
	assert_str(strbuf_str(&out), "  ");
	strbuf_free(&out);
	rawrec_free(f);
	sqlite3_close(db);
}

/* Text where the event row has numbers read as 0 (an empty record at
 * the start of the block, shown with exit status 0), as did a raw_len
 * of 0: a stored event always has a record, so both are damage. */
DEFINE_TEST(test_rawrec_not_integer)
{
	sqlite3 *db = open_db();
	rawrec *f;
	strbuf out;
	ts_err err;

	add_block(db, 1, 100);
	add_event(db, 1, 1, "'abc'", "'x'");
	add_event(db, 2, 1, "0", "2.5");
	add_event(db, 3, 1, "0", "0");
	add_event(db, 4, 1, "0", "NULL");
	assert_int(sqlite3_exec(db,
	                        "INSERT INTO event VALUES (5, 'now', 'e5', "
	                        "NULL, 1, 0, 2)",
	                        NULL, NULL, NULL),
	           ==, SQLITE_OK);
	f = rawrec_new(db);
	strbuf_init(&out);
	ts_err_clear(&err);
	assert_int(rawrec_get(f, 1, &out, &err), ==, TS_FATAL);
	assert_str(err.msg,
	           "index damaged: event 1: its block_off is not an integer");
	ts_err_clear(&err);
	assert_int(rawrec_get(f, 2, &out, &err), ==, TS_FATAL);
	assert_str(err.msg,
	           "index damaged: event 2: its raw_len is not an integer");
	ts_err_clear(&err);
	assert_int(rawrec_get(f, 3, &out, &err), ==, TS_FATAL);
	assert_str(err.msg, "index damaged: event 3: its record is empty");
	ts_err_clear(&err);
	assert_int(rawrec_get(f, 4, &out, &err), ==, TS_FATAL);
	assert_str(err.msg,
	           "index damaged: event 4: its raw_len is not an integer");
	ts_err_clear(&err);
	assert_int(rawrec_get(f, 5, &out, &err), ==, TS_FATAL);
	assert_str(err.msg,
	           "index damaged: event 5: its time_ms is not an integer");
	strbuf_free(&out);
	rawrec_free(f);
	sqlite3_close(db);
}

/* Markers put back wherever they stand, eight-byte steps or not; a NUL
 * and the bytes around stay as they are. */
DEFINE_TEST(test_rawrec_unmark)
{
	static const char in[] = "{\"eventID\":\"\1\",\"requestID\":\"\2\","
	                         "\"x\":\"a\0b\",\"eventTime\":\"\3\"}";
	strbuf out, want;

	strbuf_init(&out);
	strbuf_init(&want);
	for (size_t pad = 0; pad < 9; pad++) {
		strbuf padded;

		strbuf_init(&padded);
		for (size_t i = 0; i < pad; i++) {
			strbuf_addc(&padded, ' ');
		}
		strbuf_add(&padded, in, sizeof(in) - 1);
		strbuf_reset(&out);
		rawrec_unmark(padded.buf, padded.len, "e-1", NULL, 1000, &out);
		strbuf_reset(&want);
		strbuf_add(&want, padded.buf, pad);
		strbuf_adds(&want, "{\"eventID\":\"e-1\",\"requestID\":\"\",");
		strbuf_add(&want, "\"x\":\"a\0b\",", 10);
		strbuf_adds(&want, "\"eventTime\":\"1970-01-01T00:00:01Z\"}");
		assert_mem(out.buf, out.len, want.buf, want.len);
		strbuf_free(&padded);
	}
	strbuf_free(&out);
	strbuf_free(&want);
}

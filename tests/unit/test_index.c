/* test_index.c -- index versions (index.c): an index of schema version
 * 1 is read as it is and upgraded in place when written to. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "../../src/index/index.h"
#include "../../src/index/rawrec.h"
#include "../../src/index/writer.h"
#include "../../src/ingest/pipeline.h"

/* Copy the test records to dir/name; returns the path (static). */
static char *
records_copy(const char *name)
{
	static char path[600];
	char src[600];
	size_t n = 0;
	char *text;
	FILE *f;

	snprintf(src, sizeof(src), "%s/data/ingest/records.json",
	         test_srcdir());
	snprintf(path, sizeof(path), "%s/%s", test_tmpdir(), name);
	if ((text = test_slurp(src, &n)) == NULL ||
	    (f = fopen(path, "wb")) == NULL) {
		free(text);
		return NULL;
	}
	fwrite(text, 1, n, f);
	fclose(f);
	free(text);
	return path;
}

/* What trailsift 0.1 (schema version 1) had instead of event_key. */
static const char to_v1[] =
        "DROP INDEX event_key; DROP INDEX event_eid;"
        "CREATE UNIQUE INDEX event_eid ON event(eid);"
        "CREATE INDEX event_time ON event(time_ms);"
        "DELETE FROM meta WHERE key = 'eid_checked_below';"
        "UPDATE meta SET value = '1' WHERE key = 'schema_version';"
        "PRAGMA user_version = 1;";

DEFINE_TEST(test_index_upgrade_v1)
{
	char db_path[600];
	char *paths[1];
	struct writer_stats ws;
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/v1.db", test_tmpdir());
	if ((paths[0] = records_copy("a.json")) == NULL ||
	    index_open(db_path, INDEX_WRITE, &db, &err) != TS_OK) {
		test_failed(__FILE__, __LINE__, "setup: %s", err.msg);
		return;
	}
	assert_int(pipeline_ingest_into(db, paths, 1, &ws, &err), ==, TS_OK);
	assert_int(ws.events, ==, 3);
	assert_int(index_exec(db, to_v1, &err), ==, TS_OK);
	index_close(db);

	/* read as it is: nothing changes */
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "PRAGMA user_version"), ==, 1);
	assert_int(index_count(db, "SELECT count(*) FROM events"), ==, 3);
	index_close(db);

	/* opened to write: upgraded */
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "PRAGMA user_version"), ==,
	           INDEX_SCHEMA_VERSION);
	assert_int(index_count(db, "SELECT value FROM meta WHERE key = "
	                           "'schema_version'"),
	           ==, INDEX_SCHEMA_VERSION);
	assert_int(index_count(db, "SELECT \"unique\" FROM "
	                           "pragma_index_list('event') WHERE name = "
	                           "'event_key'"),
	           ==, 1);
	assert_int(index_count(db, "SELECT \"unique\" + 10 FROM "
	                           "pragma_index_list('event') WHERE name = "
	                           "'event_eid'"),
	           ==, 10);
	assert_int(index_count(db, "SELECT count(*) FROM sqlite_master WHERE "
	                           "name = 'event_time'"),
	           ==, 0);
	/* the events it had were unique already: checked below the next */
	assert_int(index_count(db, "SELECT value FROM meta WHERE key = "
	                           "'eid_checked_below'"),
	           ==, 4);
	/* the same records from another file are duplicates */
	paths[0] = records_copy("b.json");
	assert_int(pipeline_ingest_into(db, paths, 1, &ws, &err), ==, TS_OK);
	assert_int(ws.events, ==, 0);
	assert_int(ws.duplicates, ==, 3);
	assert_int(index_count(db, "SELECT count(*) FROM events"), ==, 3);
	index_close(db);
}

/* A version this build does not know yet is refused, saying so. */
DEFINE_TEST(test_index_newer_refused)
{
	char db_path[600];
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/v9.db", test_tmpdir());
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_exec(db, "PRAGMA user_version = 9", &err), ==, TS_OK);
	index_close(db);
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_FATAL);
	assert_true(strstr(err.msg, "version 9 is newer") != NULL);
	ts_err_clear(&err);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_FATAL);
	assert_true(strstr(err.msg, "version 9 is newer") != NULL);
}

/* rawrec_get() keeps the last RAWREC_CACHE (32) blocks: reading the
 * records of 40 one-block sources forth, back and forth again (hits,
 * misses and evictions) gives each record's bytes as in its file. */
DEFINE_TEST(test_index_rawrec_blocks)
{
	char db_path[600], *paths[40], *texts[40];
	size_t lens[40];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	strbuf out;
	rawrec *f;
	ts_err err;

	ts_err_clear(&err);
	strbuf_init(&out);
	snprintf(db_path, sizeof(db_path), "%s/blocks.db", test_tmpdir());
	for (int i = 0; i < 40; i++) {
		char name[32];
		char *p, *hit;

		snprintf(name, sizeof(name), "r%02d.json", i);
		p = records_copy(name);
		paths[i] = p ? strdup(p) : NULL;
		texts[i] = p ? test_slurp(p, &lens[i]) : NULL;
		if (texts[i] == NULL) {
			test_failed(__FILE__, __LINE__, "setup");
			return;
		}
		/* a distinct eventID prefix per file: no duplicates; and
		 * distinct bytes that are stored (eventIDs are not) */
		for (hit = texts[i];
		     (hit = strstr(hit, "\"sourceIPAddress\":\"")) != NULL;
		     hit += 19) {
			hit[19] = "0123456789abcdef"[i % 16];
			hit[20] = (char)('a' + i / 16);
		}
		for (hit = texts[i];
		     (hit = strstr(hit, "\"eventID\":\"")) != NULL; hit += 11) {
			hit[11] = 'f';
			hit[12] = "0123456789abcdef"[i % 16];
			hit[13] = (char)('a' + i / 16);
		}
		FILE *w = fopen(p, "wb");
		fwrite(texts[i], 1, lens[i], w);
		fclose(w);
	}
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(pipeline_ingest_into(db, paths, 40, NULL, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM raw_block"), ==, 40);
	assert_int(index_count(db, "SELECT count(*) FROM event"), ==, 120);
	f = rawrec_new(db);
	sqlite3_prepare_v2(db,
	                   "SELECT e.id, s.path, e.raw_offset FROM event e "
	                   "JOIN source s ON s.id = e.source_id "
	                   "ORDER BY (e.id - 1) % 3, CASE (e.id - 1) % 3 "
	                   "WHEN 1 THEN -e.id ELSE e.id END",
	                   -1, &st, NULL);
	for (int pass = 0; pass < 2; pass++) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *path =
			        (const char *)sqlite3_column_text(st, 1);
			int64_t off = sqlite3_column_int64(st, 2);
			int k = atoi(strrchr(path, '/') + 2);

			assert_int(rawrec_get(f, sqlite3_column_int64(st, 0),
			                      &out, &err),
			           ==, TS_OK);
			assert_true(off + (int64_t)out.len <= (int64_t)lens[k]);
			assert_true(memcmp(texts[k] + off, out.buf, out.len) ==
			            0);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	rawrec_free(f);
	index_close(db);
	strbuf_free(&out);
	for (int i = 0; i < 40; i++) {
		free(paths[i]);
		free(texts[i]);
	}
}

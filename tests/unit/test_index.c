/* test_index.c -- index versions (index.c): an index of schema version
 * 1 is read as it is and upgraded in place when written to. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include "test.h"
#include "../../src/index/index.h"
#include "../../src/util/strbuf.h"
#include "../../src/index/rawrec.h"
#include "../../src/index/writer.h"
#include "../../src/index/zblock.h"
#include "../../src/ingest/ingest.h"
#include "../../src/ingest/pipeline.h"
#include "../../src/ingest/s3key.h"

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

/* What version 5 had: source indexed on (path, member), no path_key.
 * (ALTER TABLE DROP COLUMN of SQLite 3.40 trips on the comment after
 * the column before: "incomplete input".)  The rows keep a last field
 * the table no longer declares, NULL, as SQLite allows. */
static int
to_v5(sqlite3 *db, ts_err *err)
{
	char sql[900];

	/* index_open() makes connections defensive, which refuses
	 * writable_schema: these edits play an older trailsift */
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);

	snprintf(sql, sizeof(sql),
	         "UPDATE source SET path_key = NULL; DROP INDEX source_path;"
	         "PRAGMA writable_schema = ON;"
	         "UPDATE sqlite_schema SET sql = replace(sql, 'TEXT,       "
	         "        -- why, when status is not ok' || char(10) || '  "
	         "path_key     INTEGER             -- path_key(path), for "
	         "source_path', 'TEXT                -- why, when status is "
	         "not ok') WHERE name = 'source';"
	         "PRAGMA writable_schema = OFF;"
	         "PRAGMA schema_version = %lld;"
	         "CREATE INDEX source_path ON source(path, member);"
	         "UPDATE meta SET value = '5' WHERE key = 'schema_version';"
	         "PRAGMA user_version = 5;",
	         index_count(db, "PRAGMA schema_version") + 1);
	if (index_exec(db, sql, err) != TS_OK) {
		return TS_FATAL;
	}
	/* the schema still says what version 6 does, if it was changed */
	return index_count(db, "SELECT count(*) FROM pragma_table_info("
	                       "'source') WHERE name = 'path_key'") == 0
	               ? TS_OK
	               : ts_fail(err, TS_FATAL, "source.path_key remains");
}

/* Turn the version 4 index db into what version 3 wrote: NULL for an
 * absent string instead of str's row 0 (which it did not have), str.s
 * NOT NULL, and outer joins in the events view.  The same steps as the
 * upgrade, backwards. */
static int
to_v3(sqlite3 *db, ts_err *err)
{
	static const char *const cols[] = {
	        "event_source",      "event_name",     "aws_region",
	        "account",           "principal_type", "principal_arn",
	        "principal_account", "principal_id",   "session_issuer",
	        "session_name",      "access_key_id",  "user_agent",
	        "source_ip",         "error_code",     "error_message",
	        "event_type"};
	sqlite3_stmt *st = NULL;
	char sql[600];
	char *view = NULL;
	int rc;

	if (to_v5(db, err) != TS_OK) {
		return TS_FATAL;
	}
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		snprintf(sql, sizeof(sql),
		         "UPDATE event SET %s = NULL WHERE %s = 0", cols[i],
		         cols[i]);
		if (index_exec(db, sql, err) != TS_OK) {
			return TS_FATAL;
		}
	}
	if (sqlite3_prepare_v2(db,
	                       "SELECT replace(sql, char(10) || 'JOIN str ', "
	                       "char(10) || 'LEFT JOIN str ') FROM "
	                       "sqlite_master WHERE name = 'events'",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		view = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql),
	         "DELETE FROM str WHERE id = 0; DROP VIEW events;"
	         "PRAGMA writable_schema = ON;"
	         "UPDATE sqlite_schema SET sql = replace(sql, 's  TEXT "
	         "UNIQUE', 's  TEXT NOT NULL UNIQUE') WHERE name = 'str';"
	         "PRAGMA writable_schema = OFF;"
	         "PRAGMA schema_version = %lld;"
	         "UPDATE meta SET value = '3' WHERE key = 'schema_version';"
	         "PRAGMA user_version = 3;",
	         index_count(db, "PRAGMA schema_version") + 1);
	rc = view ? index_exec(db, sql, err) : TS_FATAL;
	if (rc == TS_OK) {
		rc = index_exec(db, view, err);
	}
	free(view);
	return rc;
}

/* Does the plan of sql name what? */
static int
plan_has(sqlite3 *db, const char *sql, const char *what)
{
	sqlite3_stmt *st = NULL;
	char q[600];
	int has = 0;

	snprintf(q, sizeof(q), "EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		has |= strstr((const char *)sqlite3_column_text(st, 3), what) !=
		       NULL;
	}
	sqlite3_finalize(st);
	return has;
}

/* Every event as the view shows it, as one text. */
static char *
events_text(sqlite3 *db)
{
	static const char *const cols[] = {"id",
	                                   "event_time",
	                                   "event_source",
	                                   "event_name",
	                                   "aws_region",
	                                   "account",
	                                   "principal_type",
	                                   "principal_arn",
	                                   "principal_account",
	                                   "principal_id",
	                                   "session_issuer",
	                                   "session_name",
	                                   "access_key_id",
	                                   "user_agent",
	                                   "source_ip",
	                                   "error_code",
	                                   "error_message",
	                                   "read_only",
	                                   "event_type",
	                                   "event_id",
	                                   "request_id"};
	sqlite3_stmt *st = NULL;
	char *text = NULL;
	strbuf sql;

	strbuf_init(&sql);
	strbuf_adds(&sql, "SELECT group_concat(");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		strbuf_addf(&sql, "%squote(%s)", i ? " || '|' || " : "",
		            cols[i]);
	}
	strbuf_adds(&sql, ", char(10)) FROM (SELECT * FROM events ORDER BY "
	                  "id)");
	if (sqlite3_prepare_v2(db, sql.buf, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		text = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	strbuf_free(&sql);
	return text;
}

/* db is at this build's schema version, meta says so, and absent
 * strings are str's row 0, not NULL: what every upgrade ends in. */
static void
check_upgraded(sqlite3 *db)
{
	assert_int(index_count(db, "PRAGMA user_version"), ==,
	           INDEX_SCHEMA_VERSION);
	assert_int(index_count(db, "SELECT value FROM meta WHERE key = "
	                           "'schema_version'"),
	           ==, INDEX_SCHEMA_VERSION);
	assert_int(index_count(db, "SELECT count(*) FROM str WHERE id = 0 "
	                           "AND s IS NULL"),
	           ==, 1);
	assert_int(index_count(db, "SELECT count(*) FROM event WHERE "
	                           "error_code IS NULL OR session_issuer IS "
	                           "NULL OR event_source IS NULL"),
	           ==, 0);
	assert_int(index_count(db,
	                       "SELECT count(*) FROM pragma_integrity_check "
	                       "WHERE integrity_check <> 'ok'"),
	           ==, 0);
	/* every source keyed (version 6), and looked up by its key */
	assert_int(index_count(db, "SELECT count(*) FROM source WHERE "
	                           "path_key IS NOT path_key(path)"),
	           ==, 0);
	assert_int(index_count(db, "SELECT count(*) FROM "
	                           "pragma_index_info('source_path') WHERE "
	                           "seqno = 0 AND name = 'path_key'"),
	           ==, 1);
	assert_int(plan_has(db,
	                    "SELECT id FROM source WHERE path_key = "
	                    "path_key('x') AND path = 'x' AND member IS NULL",
	                    "INDEX source_path (path_key=? AND member=?)"),
	           ==, 1);
}

/* A new index at TMPDIR/name (its path in db_path) holding
 * tests/data's v3.json, open to write; NULL (the test failed) if not. */
static sqlite3 *
v3_records(const char *name, char *db_path, size_t cap)
{
	sqlite3 *db = NULL;
	char *paths[1];
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, cap, "%s/%s", test_tmpdir(), name);
	unlink(db_path);
	if ((paths[0] = records_copy("v3.json")) == NULL ||
	    index_open(db_path, INDEX_WRITE, &db, &err) != TS_OK ||
	    pipeline_ingest_into(db, paths, 1, NULL, &err) != TS_OK) {
		test_failed(__FILE__, __LINE__, "setup: %s", err.msg);
		index_close(db, NULL);
		return NULL;
	}
	return db;
}

/* Version 3 (an absent string NULL, outer joins): read as it is; the
 * first writer moves absent strings to str's row 0 and the view to
 * inner joins, and the view shows the same events, where an IN list of
 * ARNs now goes through the event_principal index. */
DEFINE_TEST(test_index_upgrade_v3)
{
	static const char in_arns[] =
	        "SELECT count(*) FROM events WHERE principal_arn IN "
	        "('arn:aws:sts::111122223333:assumed-role/"
	        "AWSReservedSSO_admin_0123456789abcdef/jdoe', 'x')";
	char db_path[600];
	char *paths[1], *before = NULL, *after = NULL;
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	if ((db = v3_records("v3.db", db_path, sizeof(db_path))) == NULL) {
		return;
	}
	assert_int(index_count(db, "SELECT count(*) FROM str WHERE id = 0 "
	                           "AND s IS NULL"),
	           ==, 1);
	assert_int(index_count(db, "SELECT count(*) FROM event WHERE "
	                           "error_code IS NULL OR session_issuer IS "
	                           "NULL"),
	           ==, 0);
	assert_true((before = events_text(db)) != NULL);
	assert_int(index_count(db, in_arns), ==, 1);
	assert_int(plan_has(db, in_arns, "USING INDEX event_principal"), ==, 1);
	assert_int(to_v3(db, &err), ==, TS_OK);
	index_close(db, NULL);

	/* read as it is */
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "PRAGMA user_version"), ==, 3);
	assert_int(index_count(db, "SELECT count(*) FROM event WHERE "
	                           "error_code IS NULL"),
	           ==, 2);
	assert_true((after = events_text(db)) != NULL);
	assert_true(after && before && strcmp(after, before) == 0);
	free(after);
	assert_int(index_count(db, in_arns), ==, 1);
	assert_int(plan_has(db, in_arns, "USING INDEX event_principal"), ==, 0);
	index_close(db, NULL);

	/* opened to write: upgraded, the same events */
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	check_upgraded(db);
	assert_int(index_count(db, "SELECT count(*) FROM event WHERE "
	                           "error_code = 0"),
	           ==, 2);
	assert_true((after = events_text(db)) != NULL);
	assert_true(after && before && strcmp(after, before) == 0);
	free(after);
	assert_int(plan_has(db, in_arns, "USING INDEX event_principal"), ==, 1);
	/* more events after it: absent strings are 0 */
	paths[0] = records_copy("v3b.json");
	assert_int(pipeline_ingest_into(db, paths, 1, NULL, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM event WHERE "
	                           "error_code IS NULL"),
	           ==, 0);
	index_close(db, NULL);
	free(before);
}

/* Every connection opened while it is registered is defensive, as in a
 * SQLite built with SQLITE_DEFAULT_DEFENSIVE. */
static int
defensive_init(sqlite3 *db, char **msg, const void *api)
{
	(void)msg;
	(void)api;
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	return SQLITE_OK;
}

/* Version 4 (every digest kept as text): read as it is, and the first
 * writer moves it to version 5 without touching a row. */
DEFINE_TEST(test_index_upgrade_v4)
{
	char db_path[600];
	char *before = NULL, *after = NULL;
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	if ((db = v3_records("v4.db", db_path, sizeof(db_path))) == NULL) {
		return;
	}
	assert_true((before = events_text(db)) != NULL);
	assert_int(to_v5(db, &err), ==, TS_OK);
	assert_int(index_exec(db,
	                      "UPDATE meta SET value = '4' WHERE key = "
	                      "'schema_version'; PRAGMA user_version = 4;",
	                      &err),
	           ==, TS_OK);
	index_close(db, NULL);

	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "PRAGMA user_version"), ==, 4);
	index_close(db, NULL);

	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	check_upgraded(db);
	assert_true((after = events_text(db)) != NULL);
	assert_true(after && before && strcmp(after, before) == 0);
	index_close(db, NULL);
	free(before);
	free(after);
}

/* Options of a quiet one-worker ingest into db_path. */
static void
quiet_opts(struct ingest_opts *o, const char *db_path)
{
	memset(o, 0, sizeof(*o));
	o->db = db_path;
	o->jobs = 1;
	o->quiet = 1;
	o->since = o->until = o->captured_at = S3KEY_UNKNOWN;
	o->max_record = INGEST_MAX_RECORD;
}

/* Version 5 -> 6, by the ingest that reads the same file again: every
 * source gets its path_key, source_path moves to (path_key, member),
 * and the file is found as complete: nothing read again, no row added. */
DEFINE_TEST(test_index_upgrade_v5)
{
	char db_path[600], file[600];
	char *paths[1] = {file};
	struct pipeline_result res;
	struct ingest_opts o;
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	if ((db = v3_records("v5.db", db_path, sizeof(db_path))) == NULL) {
		return;
	}
	snprintf(file, sizeof(file), "%s/v3.json", test_tmpdir());
	assert_int(to_v5(db, &err), ==, TS_OK);
	index_close(db, NULL);

	quiet_opts(&o, db_path);
	assert_int(pipeline_run(&o, paths, 1, &res, &err), ==, TS_OK);
	assert_int(res.st.sources_known, ==, 1);
	assert_int(res.st.sources, ==, 0);
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	check_upgraded(db);
	assert_int(index_count(db, "SELECT count(*) FROM source"), ==, 1);
	index_close(db, NULL);
}

/* An index a user adds for a question of their own (trailsift-index(5),
 * FAST QUERIES) survives the next ingest, is kept up to date by it, and
 * the view goes through it. */
DEFINE_TEST(test_index_user_index)
{
	char db_path[600];
	char *paths[1];
	struct pipeline_result res;
	struct ingest_opts o;
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	if ((db = v3_records("user.db", db_path, sizeof(db_path))) == NULL) {
		return;
	}
	assert_int(
	        index_exec(db,
	                   "CREATE INDEX event_source_ip ON event(source_ip)",
	                   &err),
	        ==, TS_OK);
	index_close(db, NULL);
	paths[0] = records_copy("user2.json");
	quiet_opts(&o, db_path);
	assert_int(pipeline_run(&o, paths, 1, &res, &err), ==, TS_OK);
	assert_int(res.st.sources, ==, 1);
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM source"), ==, 2);
	assert_int(index_count(db, "SELECT count(*) FROM sqlite_master WHERE "
	                           "name = 'event_source_ip'"),
	           ==, 1);
	assert_int(plan_has(db,
	                    "SELECT count(*) FROM events WHERE source_ip = "
	                    "'192.0.2.10'",
	                    "USING INDEX event_source_ip"),
	           ==, 1);
	assert_int(index_count(db,
	                       "SELECT count(*) FROM pragma_integrity_check "
	                       "WHERE integrity_check <> 'ok'"),
	           ==, 0);
	index_close(db, NULL);
}

/* A defensive SQLite refuses writable_schema to a connection that has
 * not turned it off: the upgrade does so for its schema edit, and the
 * connection is defensive again after. */
DEFINE_TEST(test_index_upgrade_defensive)
{
	char db_path[600];
	sqlite3 *db = NULL;
	ts_err err;
	int on = -1;

	ts_err_clear(&err);
	if ((db = v3_records("v3d.db", db_path, sizeof(db_path))) == NULL) {
		return;
	}
	assert_int(to_v3(db, &err), ==, TS_OK);
	index_close(db, NULL);

	sqlite3_auto_extension((void (*)(void))defensive_init);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	sqlite3_cancel_auto_extension((void (*)(void))defensive_init);
	if (db == NULL) {
		test_failed(__FILE__, __LINE__, "upgrade: %s", err.msg);
		return;
	}
	check_upgraded(db);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on);
	assert_int(on, ==, 1);
	index_close(db, NULL);
}

/* What trailsift 0.1 (schema version 1) had instead of event_key. */
static const char to_v1[] =
        "DROP INDEX event_key; DROP INDEX event_eid;"
        "CREATE UNIQUE INDEX event_eid ON event(eid);"
        "CREATE INDEX event_time ON event(time_ms);"
        "DELETE FROM meta WHERE key = 'eid_checked_below';"
        "DROP TABLE zdict;"
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
	assert_int(to_v3(db, &err), ==, TS_OK);
	assert_int(index_exec(db, to_v1, &err), ==, TS_OK);
	index_close(db, NULL);

	/* read as it is: nothing changes */
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "PRAGMA user_version"), ==, 1);
	assert_int(index_count(db, "SELECT count(*) FROM events"), ==, 3);
	index_close(db, NULL);

	/* opened to write: upgraded */
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	check_upgraded(db);
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
	assert_int(index_count(db, "SELECT count(*) FROM zdict"), ==, 0);
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
	index_close(db, NULL);
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
	index_close(db, NULL);
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_FATAL);
	assert_true(strstr(err.msg, "version 9 is newer") != NULL);
	ts_err_clear(&err);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_FATAL);
	assert_true(strstr(err.msg, "version 9 is newer") != NULL);
}

/* Plant sql in a new index at dir/name through a plain connection (as
 * another tool would) and open it with mode: the error, "" if none. */
static const char *
planted(const char *name, const char *sql, enum index_mode mode, ts_err *err)
{
	char db_path[600];
	sqlite3 *db = NULL;

	ts_err_clear(err);
	snprintf(db_path, sizeof(db_path), "%s/%s", test_tmpdir(), name);
	if (index_open(db_path, INDEX_WRITE, &db, err) != TS_OK) {
		return err->msg;
	}
	index_close(db, NULL);
	db = NULL;
	if (sqlite3_open(db_path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return "planting failed";
	}
	sqlite3_close(db);
	db = NULL;
	if (index_open(db_path, mode, &db, err) == TS_OK) {
		index_close(db, NULL);
		return "";
	}
	return err->msg;
}

/* Statements earlier versions made (see audit.c). */
static const char *const history[][3] = {
#include "../../src/index/schema-history.inc"
};

/* An index holding a view or an index as an earlier trailsift made it
 * (an upgrade remakes only what it must) is trailsift's own. */
DEFINE_TEST(test_index_audit_history)
{
	char name[32], sql[16384];
	ts_err err;
	int tried = 0;

	for (size_t i = 0; i < sizeof(history) / sizeof(history[0]); i++) {
		const char *got;

		/* a table is not to be swapped under its rows, and version
		 * 1's unique eid is allowed in version 1 only */
		if (strcmp(history[i][0], "table") == 0 ||
		    strstr(history[i][2], "UNIQUE") != NULL) {
			continue;
		}
		snprintf(sql, sizeof(sql), "DROP %s IF EXISTS %s; %s",
		         history[i][0], history[i][1], history[i][2]);
		snprintf(name, sizeof(name), "hist%zu.db", i);
		got = planted(name, sql, INDEX_READ, &err);
		if (*got != '\0') {
			fprintf(stderr, "# %s: got \"%s\"\n", history[i][2],
			        got);
		}
		assert_str(got, "");
		tried++;
	}
	assert_true(tried >= 5);
}

/* An index holding logic trailsift never makes is refused by every
 * open, reading or writing (see audit.c); a user's own plain index,
 * view and table are not. */
DEFINE_TEST(test_index_audit)
{
	static const char *const refused[][2] = {
	        {"CREATE TRIGGER t AFTER INSERT ON event BEGIN DELETE FROM "
	         "event WHERE id = new.id; END",
	         "holds a trigger, 't'"},
	        {"CREATE TRIGGER t2 AFTER INSERT ON source BEGIN SELECT 1; "
	         "END",
	         "holds a trigger, 't2'"},
	        {"CREATE UNIQUE INDEX u ON event(principal_arn)",
	         "unique index, 'u' on event"},
	        {"CREATE UNIQUE INDEX u2 ON str(lower(s))",
	         "unique index, 'u2' on str"},
	        {"DROP INDEX event_key; CREATE UNIQUE INDEX event_key ON "
	         "event(eid)",
	         "index 'event_key' is not as trailsift makes it"},
	        {"DROP VIEW events; CREATE VIEW events AS SELECT * FROM event",
	         "view 'events' is not as trailsift makes it"},
	        {"DROP INDEX event_name; CREATE INDEX event_name ON "
	         "event(event_name)",
	         "index 'event_name' is not as trailsift makes it"},
	        {"PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = "
	         "replace(sql, 'raw_len           INTEGER NOT NULL', 'raw_len "
	         "INTEGER NOT NULL CHECK (raw_len < 9)') WHERE name = 'event'",
	         "table 'event' is not as trailsift makes it"},
	};
	ts_err err;
	char name[32];

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		for (int m = 0; m < 2; m++) {
			const char *got;

			snprintf(name, sizeof(name), "audit%zu-%d.db", i, m);
			got = planted(name, refused[i][0],
			              m ? INDEX_WRITE : INDEX_READ, &err);
			if (strstr(got, refused[i][1]) == NULL ||
			    strstr(got, "tampered with") == NULL) {
				fprintf(stderr, "# %s: got \"%s\"\n",
				        refused[i][0], got);
				assert_true(0);
			}
		}
	}
	/* comments, spacing and case do not matter; a user's own objects
	 * are theirs */
	assert_str(planted("own.db",
	                   "DROP INDEX event_account; create index "
	                   "EVENT_ACCOUNT on event ( account , time_ms ) "
	                   "/* mine */; CREATE INDEX my_ip ON "
	                   "event(source_ip) WHERE source_ip <> 0; CREATE "
	                   "VIEW mine AS SELECT 1; CREATE TABLE notes(t)",
	                   INDEX_WRITE, &err),
	           "");
}

static void *
release_later(void *arg)
{
	usleep(300 * 1000);
	sqlite3_exec(arg, "COMMIT", NULL, NULL, NULL);
	return NULL;
}

/* A reader opening the index while an ingest holds it for a moment (as
 * it switches the journal mode or folds the log) waits: it used to read
 * no schema version and say "not a trailsift index". */
DEFINE_TEST(test_index_read_waits_for_lock)
{
	char db_path[600];
	sqlite3 *db = NULL, *holder = NULL;
	pthread_t t;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/locked.db", test_tmpdir());
	unlink(db_path);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	index_close(db, NULL);
	assert_int(sqlite3_open(db_path, &holder), ==, SQLITE_OK);
	assert_int(sqlite3_exec(holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
	           ==, SQLITE_OK);
	assert_int(pthread_create(&t, NULL, release_later, holder), ==, 0);
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	pthread_join(t, NULL);
	sqlite3_close(holder);
	index_close(db, NULL);
}

/* A version 3 index written before source_parent existed gets it from
 * the next writer, and the bundle-close sums use it. */
DEFINE_TEST(test_index_source_parent_added)
{
	char db_path[600];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int used = 0;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/parent.db", test_tmpdir());
	unlink(db_path);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_exec(db, "DROP INDEX source_parent", &err), ==, TS_OK);
	index_close(db, NULL);
	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM sqlite_master "
	                           "WHERE name = 'source_parent'"),
	           ==, 0);
	index_close(db, NULL);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM sqlite_master "
	                           "WHERE name = 'source_parent'"),
	           ==, 1);
	assert_int(sqlite3_prepare_v2(db,
	                              "EXPLAIN QUERY PLAN SELECT count(*) "
	                              "FROM source WHERE parent_id = 5",
	                              -1, &st, NULL),
	           ==, SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		used |= strstr((const char *)sqlite3_column_text(st, 3),
		               "source_parent") != NULL;
	}
	sqlite3_finalize(st);
	assert_int(used, ==, 1);
	index_close(db, NULL);
}

/* rawrec_get() keeps the last RAWREC_CACHE (32) blocks: reading the
 * records of 40 one-block sources forth, back and forth again (hits,
 * misses and evictions) gives each record's bytes as in its file. */
/* n copies of the test records, r00.json ..., each with its own
 * eventIDs (no duplicates) and its own stored bytes (eventIDs are not
 * stored in blocks): paths (strdup'ed), texts and lengths.  0, or -1. */
static int
distinct_copies(int n, char **paths, char **texts, size_t *lens)
{
	for (int i = 0; i < n; i++) {
		char name[32];
		char *p, *hit;
		FILE *w;

		snprintf(name, sizeof(name), "r%02d.json", i);
		p = records_copy(name);
		paths[i] = p ? strdup(p) : NULL;
		texts[i] = p ? test_slurp(p, &lens[i]) : NULL;
		if (texts[i] == NULL) {
			return -1;
		}
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
		if ((w = fopen(p, "wb")) == NULL) {
			return -1;
		}
		fwrite(texts[i], 1, lens[i], w);
		fclose(w);
	}
	return 0;
}

/* Every event's record, read back with rawrec_get(), is the bytes at
 * its offset in its file (named rNN.json: texts[NN]). */
static void
check_records(sqlite3 *db, char **texts, size_t *lens)
{
	sqlite3_stmt *st = NULL;
	rawrec *f = rawrec_new(db);
	strbuf out;
	ts_err err;

	strbuf_init(&out);
	sqlite3_prepare_v2(db,
	                   "SELECT e.id, s.path, e.raw_offset FROM event e "
	                   "JOIN source s ON s.id = e.source_id ORDER BY e.id",
	                   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 1);
		int64_t off = sqlite3_column_int64(st, 2);
		int k = atoi(strrchr(path, '/') + 2);

		ts_err_clear(&err);
		assert_int(
		        rawrec_get(f, sqlite3_column_int64(st, 0), &out, &err),
		        ==, TS_OK);
		assert_true(off + (int64_t)out.len <= (int64_t)lens[k]);
		assert_true(memcmp(texts[k] + off, out.buf, out.len) == 0);
	}
	sqlite3_finalize(st);
	rawrec_free(f);
	strbuf_free(&out);
}

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
	if (distinct_copies(40, paths, texts, lens) != 0) {
		test_failed(__FILE__, __LINE__, "setup");
		return;
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
	index_close(db, NULL);
	strbuf_free(&out);
	for (int i = 0; i < 40; i++) {
		free(paths[i]);
		free(texts[i]);
	}
}

/* Version 2 (no zstd dictionaries): read as it is, upgraded in place by
 * adding the table. */
DEFINE_TEST(test_index_upgrade_v2)
{
	char db_path[600], *paths[4], *texts[4];
	size_t lens[4];
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/v2.db", test_tmpdir());
	if (distinct_copies(4, paths, texts, lens) != 0 ||
	    index_open(db_path, INDEX_WRITE, &db, &err) != TS_OK) {
		test_failed(__FILE__, __LINE__, "setup: %s", err.msg);
		return;
	}
	assert_int(pipeline_ingest_into(db, paths, 2, NULL, &err), ==, TS_OK);
	assert_int(to_v3(db, &err), ==, TS_OK);
	assert_int(index_exec(db,
	                      "DROP TABLE zdict;"
	                      "UPDATE meta SET value = '2' WHERE key = "
	                      "'schema_version';"
	                      "PRAGMA user_version = 2;",
	                      &err),
	           ==, TS_OK);
	index_close(db, NULL);

	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "PRAGMA user_version"), ==, 2);
	check_records(db, texts, lens);
	index_close(db, NULL);

	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	check_upgraded(db);
	assert_int(index_count(db, "SELECT count(*) FROM zdict"), ==, 0);
	assert_int(pipeline_ingest_into(db, paths + 2, 2, NULL, &err), ==,
	           TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM event"), ==, 12);
	check_records(db, texts, lens);
	index_close(db, NULL);
	for (int i = 0; i < 4; i++) {
		free(paths[i]);
		free(texts[i]);
	}
}

/* An ingest trains a zstd dictionary on its first blocks (here 64 KiB of
 * them: TRAILSIFT_ZDICT_SAMPLES), stores it, and compresses the blocks
 * after with it; every record reads back as in its file; the next run
 * uses the same one; a missing dictionary is reported as damage. */
DEFINE_TEST(test_index_dictionary)
{
#if defined(HAVE_ZSTD)
	char db_path[600], *paths[60], *texts[60];
	size_t lens[60];
	struct ingest_opts o;
	struct pipeline_result res;
	sqlite3 *db = NULL;
	rawrec *f;
	strbuf out;
	long long id;
	char msg[128];
	ts_err err;

	ts_err_clear(&err);
	strbuf_init(&out);
	snprintf(db_path, sizeof(db_path), "%s/zdict.db", test_tmpdir());
	if (distinct_copies(60, paths, texts, lens) != 0) {
		test_failed(__FILE__, __LINE__, "setup");
		return;
	}
	quiet_opts(&o, db_path);
	setenv("TRAILSIFT_ZDICT_SAMPLES", "65536", 1);
	assert_int(pipeline_run(&o, paths, 40, &res, &err), ==, TS_OK);
	assert_int(pipeline_run(&o, paths + 40, 20, &res, &err), ==, TS_OK);
	unsetenv("TRAILSIFT_ZDICT_SAMPLES");

	assert_int(index_open(db_path, INDEX_READ, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM event"), ==, 180);
	assert_int(index_count(db, "SELECT count(*) FROM zdict"), ==, 1);
	id = index_count(db, "SELECT id FROM zdict");
	/* blocks of both runs name it (the frame header's dictionary id
	 * flag is the low two bits of its fifth byte) */
	assert_true(index_count(db, "SELECT count(DISTINCT b.id) FROM "
	                            "raw_block b JOIN event e ON e.block_id = "
	                            "b.id JOIN source s ON s.id = e.source_id "
	                            "WHERE s.path LIKE '%/r5_.json' AND codec "
	                            "= 2 AND (instr('0123456789ABCDEF', "
	                            "substr(hex(data), 10, 1)) - 1) % 4 != "
	                            "0") == 10);
	check_records(db, texts, lens);
	index_close(db, NULL);

	/* without the dictionary, its blocks are damage, said as such */
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_exec(db, "DELETE FROM zdict", &err), ==, TS_OK);
	f = rawrec_new(db);
	assert_int(rawrec_get(f, 180, &out, &err), ==, TS_FATAL);
	snprintf(msg, sizeof(msg),
	         "index damaged: zstd dictionary %lld is missing", id);
	assert_str(err.msg, msg);
	rawrec_free(f);
	index_close(db, NULL);
	strbuf_free(&out);
	for (int i = 0; i < 60; i++) {
		free(paths[i]);
		free(texts[i]);
	}
#endif
}

/* document() of a frame: one of the built-in dictionary needs nothing
 * from the index; one of another dictionary finds it in zdict, and
 * says which it needs when the index lacks it. */
#if defined(HAVE_ZSTD)
static char *
document_of(sqlite3 *db, const strbuf *frame, char *msg, size_t cap)
{
	sqlite3_stmt *st = NULL;
	char *text = NULL;

	msg[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT document(?)", -1, &st, NULL) !=
	    SQLITE_OK) {
		return NULL;
	}
	sqlite3_bind_blob(st, 1, frame->buf, (int)frame->len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		text = strdup((const char *)sqlite3_column_text(st, 0));
	} else {
		snprintf(msg, cap, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return text;
}
#endif

DEFINE_TEST(test_index_document_dicts)
{
#if defined(HAVE_ZSTD)
	static const char doc[] = "{\"awsAccountId\":\"111122223333\","
	                          "\"digestS3Bucket\":\"example-bucket\"}";
	char db_path[600], msg[300], *text;
	const void *bytes;
	unsigned char *copy;
	size_t len;
	zdict *other;
	strbuf frame;
	sqlite3_stmt *st = NULL;
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	strbuf_init(&frame);
	snprintf(db_path, sizeof(db_path), "%s/docs.db", test_tmpdir());
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(rawrec_sql_register(db, &err), ==, TS_OK);
	assert_true(zdict_documents() != NULL);
	assert_int(zdict_id(zdict_documents()), ==, ZDICT_DOCUMENTS);

	/* the built-in one: the index has no dictionary at all */
	assert_int(zblock_compress(ZBLOCK_ZSTD, doc, strlen(doc), 0,
	                           zdict_documents(), &frame),
	           ==, ZBLOCK_ZSTD);
	assert_int(zblock_dict_id(ZBLOCK_ZSTD, frame.buf, frame.len), ==,
	           ZDICT_DOCUMENTS);
	text = document_of(db, &frame, msg, sizeof(msg));
	assert_str(text ? text : msg, doc);
	free(text);

	/* another (the built-in one's bytes under id 4242), from zdict */
	bytes = zdict_bytes(zdict_documents(), &len);
	copy = malloc(len);
	memcpy(copy, bytes, len);
	copy[4] = 4242 & 0xff; /* the id follows the 4-byte magic number */
	copy[5] = 4242 >> 8;
	copy[6] = copy[7] = 0;
	assert_true((other = zdict_new(copy, len, 0, &err)) != NULL);
	assert_int(zblock_compress(ZBLOCK_ZSTD, doc, strlen(doc), 0, other,
	                           &frame),
	           ==, ZBLOCK_ZSTD);
	text = document_of(db, &frame, msg, sizeof(msg));
	assert_true(text == NULL);
	assert_str(msg, "document(): raw block: needs zstd dictionary 4242, "
	                "given 0");
	assert_int(sqlite3_prepare_v2(db, "INSERT INTO zdict VALUES(4242, ?)",
	                              -1, &st, NULL),
	           ==, SQLITE_OK);
	sqlite3_bind_blob(st, 1, copy, (int)len, SQLITE_STATIC);
	assert_int(sqlite3_step(st), ==, SQLITE_DONE);
	sqlite3_finalize(st);
	text = document_of(db, &frame, msg, sizeof(msg));
	assert_str(text ? text : msg, doc);
	free(text);
	zdict_free(other);
	free(copy);
	strbuf_free(&frame);
	rawrec_sql_unregister(db); /* its statements, before the close */
	index_close(db, NULL);
#endif
}

/* Another program's database, or an index of a newer version, is
 * refused without a byte of it changing (no WAL switch either). */
DEFINE_TEST(test_index_refusal_changes_nothing)
{
	const char *cases[] = {"CREATE TABLE x(a); INSERT INTO x VALUES(1)",
	                       "PRAGMA user_version = 9"};

	for (int i = 0; i < 2; i++) {
		char db_path[600], wal[620];
		char *before, *after;
		size_t n_before = 0, n_after = 0;
		sqlite3 *db = NULL;
		ts_err err;

		snprintf(db_path, sizeof(db_path), "%s/other%d.db",
		         test_tmpdir(), i);
		snprintf(wal, sizeof(wal), "%s-wal", db_path);
		assert_int(sqlite3_open(db_path, &db), ==, SQLITE_OK);
		assert_int(sqlite3_exec(db, cases[i], NULL, NULL, NULL), ==,
		           SQLITE_OK);
		sqlite3_close(db);
		before = test_slurp(db_path, &n_before);
		ts_err_clear(&err);
		assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==,
		           TS_FATAL);
		assert_true(strstr(err.msg, i == 0 ? "not a trailsift index"
		                                   : "version 9 is newer") !=
		            NULL);
		after = test_slurp(db_path, &n_after);
		assert_true(before != NULL && after != NULL);
		assert_mem(after, n_after, before, n_before);
		assert_true(access(wal, F_OK) != 0);
		free(before);
		free(after);
	}
}

/* A disk that fills up at the final checkpoint: the unix VFS's write
 * calls fail with ENOSPC while disk_full is set. */
static int disk_full;
static sqlite3_syscall_ptr real_write, real_pwrite, real_pwrite64;

/* Is the disk full?  Then the call fails as write(2) does. */
static int
refused(void)
{
	if (disk_full) {
		errno = ENOSPC;
	}
	return disk_full;
}

static ssize_t
full_write(int fd, const void *buf, size_t n)
{
	typedef ssize_t (*fn)(int, const void *, size_t);

	return refused() ? -1 : ((fn)real_write)(fd, buf, n);
}

static ssize_t
full_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	typedef ssize_t (*fn)(int, const void *, size_t, off_t);

	return refused() ? -1 : ((fn)real_pwrite)(fd, buf, n, off);
}

static ssize_t
full_pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	typedef ssize_t (*fn)(int, const void *, size_t, off_t);

	return refused() ? -1 : ((fn)real_pwrite64)(fd, buf, n, off);
}

/* Review 4, finding 4: a checkpoint that fails on a full disk
 * is an error naming both files, never a silent exit 0 that leaves the
 * committed rows in the -wal file alone; the next writer folds it. */
DEFINE_TEST(test_index_close_disk_full)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find("unix");
	char db_path[600], wal[620];
	sqlite3 *db = NULL;
	ts_err err;

	assert_true(vfs != NULL && vfs->iVersion >= 3);
	real_write = vfs->xGetSystemCall(vfs, "write");
	real_pwrite = vfs->xGetSystemCall(vfs, "pwrite");
	real_pwrite64 = vfs->xGetSystemCall(vfs, "pwrite64");
	vfs->xSetSystemCall(vfs, "write", (sqlite3_syscall_ptr)full_write);
	vfs->xSetSystemCall(vfs, "pwrite", (sqlite3_syscall_ptr)full_pwrite);
	vfs->xSetSystemCall(vfs, "pwrite64",
	                    (sqlite3_syscall_ptr)full_pwrite64);

	snprintf(db_path, sizeof(db_path), "%s/full.db", test_tmpdir());
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	ts_err_clear(&err);
	/* made first: a new index is written in rollback-journal mode, an
	 * existing one in WAL mode */
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_close(db, &err), ==, TS_OK);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_exec(db,
	                      "INSERT INTO meta VALUES('filler', "
	                      "hex(randomblob(200000)))",
	                      &err),
	           ==, TS_OK);
	disk_full = 1;
	assert_int(index_close(db, &err), ==, TS_FATAL);
	disk_full = 0;
	assert_true(strstr(err.msg, "cannot fold the write-ahead log") != NULL);
	assert_true(strstr(err.msg, "full.db-wal together") != NULL);
	assert_true(access(wal, F_OK) == 0);

	/* what was committed is there, and the next writer folds it */
	ts_err_clear(&err);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_count(db, "SELECT length(value) FROM meta WHERE key "
	                           "= 'filler'"),
	           ==, 400000);
	assert_int(index_close(db, &err), ==, TS_OK);
	assert_true(access(wal, F_OK) != 0);

	vfs->xSetSystemCall(vfs, "write", real_write);
	vfs->xSetSystemCall(vfs, "pwrite", real_pwrite);
	vfs->xSetSystemCall(vfs, "pwrite64", real_pwrite64);
}

/* Review 4, a review of the change: another connection merely open on
 * the index keeps the log, without an error (the close read a column
 * of the failed step, which turned BUSY into "column index out of
 * range", an error, exit 1). */
DEFINE_TEST(test_index_close_other_reader)
{
	char db_path[600], wal[620];
	sqlite3 *db = NULL, *other = NULL;
	ts_err err;

	snprintf(db_path, sizeof(db_path), "%s/other-reader.db", test_tmpdir());
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	ts_err_clear(&err);
	/* an existing index: in WAL mode (see test_index_close_disk_full) */
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_close(db, &err), ==, TS_OK);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &err), ==, TS_OK);
	assert_int(index_exec(db, "INSERT INTO meta VALUES('x', 'y')", &err),
	           ==, TS_OK);
	assert_int(sqlite3_open(db_path, &other), ==, SQLITE_OK);
	assert_int(sqlite3_exec(other, "SELECT count(*) FROM meta", NULL, NULL,
	                        NULL),
	           ==, SQLITE_OK);
	assert_int(index_close(db, &err), ==, TS_OK);
	assert_str(err.msg, "");
	assert_true(access(wal, F_OK) == 0);
	sqlite3_close(other);
}

/* A damaged raw block, as rawrec_get() and the dictionary trainer meet
 * it: the message says so once.  They formatted it from the buffer it
 * was written to, and printed "index damaged: block 1: index damaged:
 * block 1: ngth ...". */
static sqlite3 *
damaged_index(const char *name)
{
	char db_path[600], *paths[1];
	sqlite3 *db = NULL;
	ts_err err;

	ts_err_clear(&err);
	snprintf(db_path, sizeof(db_path), "%s/%s", test_tmpdir(), name);
	unlink(db_path);
	if ((paths[0] = records_copy("damaged.json")) == NULL ||
	    index_open(db_path, INDEX_WRITE, &db, &err) != TS_OK ||
	    pipeline_ingest_into(db, paths, 1, NULL, &err) != TS_OK ||
	    sqlite3_exec(db,
	                 "UPDATE raw_block SET data = "
	                 "substr(data, 1, 8) || zeroblob(length(data) - 8)",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		test_failed(__FILE__, __LINE__, "setup: %s", err.msg);
		index_close(db, NULL);
		return NULL;
	}
	return db;
}

/* The message is `prefix` once, then something. */
static void
said_once(const ts_err *err, const char *prefix)
{
	const char *rest = err->msg + strlen(prefix);

	assert_int(strncmp(err->msg, prefix, strlen(prefix)), ==, 0);
	assert_true(strstr(err->msg + 1, "index damaged") == NULL);
	assert_true(*rest != '\0' && strncmp(rest, prefix, 8) != 0);
}

DEFINE_TEST(test_index_damaged_block_message)
{
	sqlite3 *db = damaged_index("damaged-get.db");
	strbuf out;
	rawrec *f;
	ts_err err;

	if (db == NULL) {
		return;
	}
	ts_err_clear(&err);
	strbuf_init(&out);
	f = rawrec_new(db);
	assert_int(rawrec_get(f, 1, &out, &err), ==, TS_FATAL);
	said_once(&err, "index damaged: block 1: ");
	rawrec_free(f);
	strbuf_free(&out);
	index_close(db, NULL);
}

DEFINE_TEST(test_index_damaged_block_trainer)
{
#if defined(HAVE_ZSTD) /* the trainer samples blocks for a zstd dictionary */
	sqlite3 *db = damaged_index("damaged-train.db");
	struct ingest_opts o;
	ztrainer *t;
	writer *w;
	ts_err err;

	if (db == NULL) {
		return;
	}
	ts_err_clear(&err);
	memset(&o, 0, sizeof(o));
	o.db = ":memory:";
	o.jobs = 1;
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.max_record = INGEST_MAX_RECORD;
	assert_true((w = writer_open_db(db, &o, &err)) != NULL);
	t = ztrainer_new(NULL, 0, 1 << 20);
	assert_int(writer_use_trainer(w, t, &err), ==, TS_FATAL);
	said_once(&err, "index damaged: raw block: ");
	writer_close(w, "failed", NULL);
	ztrainer_free(t);
	index_close(db, NULL);
#endif
}

/* A pretty-printed copy of a record is the same record, for the writer's
 * duplicate check: whitespace between tokens does not count, inside
 * strings (escaped quotes too) it does. */
DEFINE_TEST(test_rawrec_same_but_space)
{
	static const char *const same[][2] = {
	        {"{\"a\":1,\"b\":[1,2]}",
	         "{\n  \"a\": 1,\n  \"b\": [ 1, 2 ]\n}"},
	        {"{\"a\":\"x y\"}", "\t{ \"a\" : \"x y\" }\r\n"},
	        {"{\"a\":\"q\\\" b\"}", "{ \"a\": \"q\\\" b\" }"},
	        {"{\"a\":\"\\\\\",\"b\":2}", "{\"a\": \"\\\\\", \"b\": 2}"},
	};
	static const char *const differ[][2] = {
	        {"{\"a\":\"x y\"}", "{\"a\":\"xy\"}"},
	        {"{\"a\":\"q\\\" b\"}", "{\"a\":\"q\\\"b\"}"},
	        {"{\"a\":\"\\\\\",\"b\":\" 2\"}",
	         "{\"a\":\"\\\\\",\"b\":\"2\"}"},
	        {"{\"a\":1}", "{\"a\":1,\"b\":2}"},
	        {"{\"a\":1}", "{\"a\":2}"},
	        {"{\"a\":\"\\u00e9\"}", "{\"a\":\"\xc3\xa9\"}"},
	};

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int(rawrec_same_but_space(same[i][0], strlen(same[i][0]),
		                                 same[i][1],
		                                 strlen(same[i][1])),
		           ==, 1);
		assert_int(rawrec_same_but_space(same[i][1], strlen(same[i][1]),
		                                 same[i][0],
		                                 strlen(same[i][0])),
		           ==, 1);
	}
	for (size_t i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
		assert_int(rawrec_same_but_space(
		                   differ[i][0], strlen(differ[i][0]),
		                   differ[i][1], strlen(differ[i][1])),
		           ==, 0);
		assert_int(rawrec_same_but_space(
		                   differ[i][1], strlen(differ[i][1]),
		                   differ[i][0], strlen(differ[i][0])),
		           ==, 0);
	}
}

/* FNV-1a, 64-bit, folded h ^ h >> 32: the hash trailsift-index(5)
 * defines path_key with, written out again from the man page. */
static uint64_t
fnv_folded(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	}
	return h ^ h >> 32;
}

/* path_key as documented, for a path with a folder, one at the root,
 * and one with no slash at all, whose folder hash is 0. */
DEFINE_TEST(test_index_path_key_formula)
{
	const char *paths[] = {"logs/2024/01/a.json.gz", "/a.json", "a.json",
	                       ""};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *p = paths[i], *slash = strrchr(p, '/');
		uint64_t dir = slash ? fnv_folded(p, (size_t)(slash - p)) : 0;
		long long want =
		        (long long)((dir & 0xffff) << 15 |
		                    (fnv_folded(p, strlen(p)) & 0x7fff));

		assert_int(index_path_key(p, strlen(p)), ==, want);
	}
}

/* test_writer.c -- the index writer (writer.c) next to other writers of
 * the same index: one `rules run` storing findings, the sqlite3 shell. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "../../src/index/index.h"
#include "../../src/index/writer.h"
#include "../../src/ingest/reader.h"
#include "../../src/ingest/s3key.h"

struct feed {
	writer *w;  /* the writer under test */
	int fatal;  /* writer_put() failed */
	ts_err err; /* why */
};

static void
feed_emit(void *ctx, struct batch *b)
{
	struct feed *f = ctx;

	if (f->fatal) {
		batch_free(b);
	} else if (writer_put(f->w, b, &f->err) != TS_OK) {
		f->fatal = 1;
	}
}

/* Ingest `text` as the file `path` through the writer. */
static void
feed_file(struct feed *f, reader *r, uint64_t seq, const char *path,
          const char *text, size_t len)
{
	struct srcinfo *s = srcinfo_new(seq, path, NULL);
	struct bytesrc_mem mem = {text, len, 0};
	struct bytesrc in = {bytesrc_mem_read, &mem, NULL};

	s3key_parse(path, &s->key);
	s->size = (int64_t)len;
	s->mtime_ms = 0;
	reader_run(r, s, &in, feed_emit, f);
}

static void *
commit_later(void *db)
{
	usleep(300 * 1000);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return NULL;
}

/* Another connection holds the write lock when the writer starts its
 * next transaction, and commits 0.3 s later.  The writer waits for it:
 * it takes the lock as its transaction begins (BEGIN IMMEDIATE), under
 * the busy timeout.  A deferred BEGIN read first, and the upgrade to a
 * writer then failed at once with "database is locked", whatever the
 * timeout, killing the ingest. */
DEFINE_TEST(test_writer_waits_for_other_writer)
{
	char db_path[600], src[600];
	struct ingest_opts o;
	struct feed f;
	sqlite3 *db = NULL, *other = NULL;
	reader *r = NULL;
	pthread_t t;
	size_t len = 0;
	char *text;

	snprintf(src, sizeof(src), "%s/data/ingest/records.json",
	         test_srcdir());
	snprintf(db_path, sizeof(db_path), "%s/w.db", test_tmpdir());
	if ((text = test_slurp(src, &len)) == NULL) {
		test_failed(__FILE__, __LINE__, "%s: cannot read", src);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.db = db_path;
	o.jobs = 1;
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.max_record = INGEST_MAX_RECORD;
	memset(&f, 0, sizeof(f));
	ts_err_clear(&f.err);
	assert_int(index_open(db_path, INDEX_WRITE, &db, &f.err), ==, TS_OK);
	assert_int(
	        sqlite3_open_v2(db_path, &other, SQLITE_OPEN_READWRITE, NULL),
	        ==, SQLITE_OK);
	sqlite3_busy_timeout(other, 10000);
	setenv("TRAILSIFT_COMMIT_ROWS", "1", 1); /* commit after each file */
	f.w = writer_open_db(db, &o, &f.err);
	unsetenv("TRAILSIFT_COMMIT_ROWS");
	assert_true(f.w != NULL);
	if (f.w == NULL) {
		goto out;
	}
	r = reader_new(&o);
	feed_file(&f, r, 1, "a.json", text, len);
	assert_int(sqlite3_exec(other,
	                        "BEGIN IMMEDIATE; INSERT INTO meta "
	                        "VALUES('other', 'writer')",
	                        NULL, NULL, NULL),
	           ==, SQLITE_OK);
	assert_int(pthread_create(&t, NULL, commit_later, other), ==, 0);
	feed_file(&f, r, 2, "b.json", text, len);
	pthread_join(t, NULL);
	assert_int(f.fatal, ==, 0);
	if (f.fatal) {
		test_failed(__FILE__, __LINE__, "%s", f.err.msg);
	}
	assert_int(writer_close(f.w, f.fatal ? "failed" : "ok", &f.err), ==,
	           TS_OK);
	assert_int(index_count(db, "SELECT count(*) FROM source"), ==, 2);
	assert_int(index_count(db, "SELECT count(*) FROM event"), ==, 3);
	assert_int(index_count(db, "SELECT count(*) FROM meta WHERE key = "
	                           "'other'"),
	           ==, 1);
out:
	reader_free(r);
	sqlite3_close(other);
	index_close(db, NULL);
	free(text);
}

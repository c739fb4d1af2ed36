/* test_batch.c -- batches as the reader hands them over (batch.c,
 * reader.c): their `bytes`, by which the pipeline bounds its memory,
 * must cover what they hold. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "../../src/ingest/reader.h"
#include "../../src/util/strbuf.h"

struct seen {
	int n_batches;
	size_t n_rows;
	size_t n_blocks;
	int short_count; /* batches whose bytes undercount their memory */
	int slack;       /* blocks holding more than their bytes */
	struct srcinfo *src;
};

/* The memory a batch holds, counted from its allocations. */
static size_t
held(const struct batch *b)
{
	size_t n = b->cap_rows * sizeof(struct row) + b->arena.cap +
	           b->cap_strs * sizeof(struct bstr) +
	           b->n_slots * sizeof(uint32_t) +
	           b->cap_blocks * sizeof(struct block);

	for (size_t i = 0; i < b->n_blocks; i++) {
		n += b->blocks[i].data.cap;
	}
	return n;
}

static void
collect(void *ctx, struct batch *b)
{
	struct seen *s = ctx;

	s->n_batches++;
	s->n_rows += b->n_rows;
	s->n_blocks += b->n_blocks;
	if (b->bytes < held(b)) {
		fprintf(stderr, "# batch %d: bytes %zu, holds %zu\n",
		        s->n_batches, b->bytes, held(b));
		s->short_count++;
	}
	for (size_t i = 0; i < b->n_blocks; i++) {
		if (b->blocks[i].data.cap > b->blocks[i].data.len + 1) {
			s->slack++;
		}
	}
	if (b->final) {
		s->src = b->src;
		b->src = NULL; /* freed by the test */
	}
	batch_free(b);
}

/* A {"Records":[...]} document of n varied records, about 1.4 KB each. */
static void
make_file(strbuf *sb, int n)
{
	strbuf_adds(sb, "{\"Records\":[");
	for (int i = 0; i < n; i++) {
		strbuf_addf(
		        sb,
		        "%s{\"eventVersion\":\"1.08\",\"userIdentity\":{"
		        "\"type\":\"AssumedRole\",\"principalId\":"
		        "\"AROAEXAMPLE%05d:session-%d\",\"arn\":\"arn:aws:sts::"
		        "111122223333:assumed-role/Role%d/session-%d\","
		        "\"accountId\":\"111122223333\",\"accessKeyId\":"
		        "\"ASIAEXAMPLE%09d\"},\"eventTime\":\"2025-03-01T"
		        "%02d:%02d:%02dZ\",\"eventSource\":\"iam.amazonaws."
		        "com\","
		        "\"eventName\":\"GetRole%d\",\"awsRegion\":\"us-east-"
		        "1\","
		        "\"sourceIPAddress\":\"198.51.100.%d\",\"userAgent\":"
		        "\"aws-cli/2.15.%d Python/3.11.6 Linux/6.1 "
		        "exe/x86_64\","
		        "\"requestParameters\":{\"roleName\":\"Role%d-%d\","
		        "\"padding\":\"%0600d\"},\"responseElements\":null,"
		        "\"requestID\":\"%08x-0000-4000-8000-%012d\","
		        "\"eventID\":"
		        "\"%08x-1111-4000-8000-%012d\",\"readOnly\":true,"
		        "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":"
		        "\"111122223333\"}",
		        i ? "," : "", i % 977, i, i % 13, i, i, (i / 3600) % 24,
		        (i / 60) % 60, i % 60, i % 17, i % 250, i % 40, i % 13,
		        i, i * 7, i, i, i, i);
	}
	strbuf_adds(sb, "]}");
}

DEFINE_TEST(test_batch_bytes_cover_memory)
{
	struct ingest_opts o;
	struct seen s;
	struct bytesrc_mem m;
	struct bytesrc in;
	strbuf doc;
	reader *r;
	const int n = 20000;

	memset(&o, 0, sizeof(o));
	o.jobs = 1;
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.max_record = INGEST_MAX_RECORD;
	strbuf_init(&doc);
	make_file(&doc, n);
	assert_true(doc.len > 20u << 20); /* several batches */

	memset(&s, 0, sizeof(s));
	m = (struct bytesrc_mem){doc.buf, doc.len, 0};
	in = (struct bytesrc){bytesrc_mem_read, &m, NULL};
	r = reader_new(&o);
	reader_run(r, srcinfo_new(1, "test.json", NULL), &in, collect, &s);
	reader_free(r);

	assert_true(s.src != NULL);
	assert_str(s.src->status, "ok");
	assert_int(s.n_rows, ==, n);
	assert_true(s.n_batches > 1);
	assert_true(s.n_blocks > (size_t)s.n_batches);
	/* what back-pressure counts is what the batches hold */
	assert_int(s.short_count, ==, 0);
	/* compressed blocks are kept in exact-size buffers */
	assert_int(s.slack, ==, 0);
	srcinfo_free(s.src);
	strbuf_free(&doc);
}

/* A digest's columns are read by the worker as json_extract() would
 * give them (the first member of a name, strings unescaped); a value of
 * another type is left for the writer's SQL, which then looks itself. */
DEFINE_TEST(test_batch_digest_fields)
{
	static const char *const docs[] = {
	        "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":"
	        "\"2025-01-01T00:00:00Z\",\"digestEndTime\":\"2025-01-01T01:00:"
	        "00Z\",\"digestS3Object\":\"AWSLogs\\/d.json.gz\",\"logFiles\":"
	        "[{\"s3Object\":[1,{\"a\":2}]},{}]}",
	        "{\"logFiles\":{\"a\":[]},\"awsAccountId\":111122223333,"
	        "\"digestS3Object\":\"x\",\"digestS3Object\":\"y\","
	        "\"digestEndTime\":\"not a time\",\"logFiles\":[]}",
	        "[1]",
	        "{\"awsAccountId\":\"1\",\"logFiles\":[1,{\"a\":",
	        "{\"logFiles\":[1,2",
	};
	struct srcinfo *s = srcinfo_new(1, "d.json", NULL);
	struct batch *b = batch_new(s, 1);
	const struct doc *d;

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		batch_add_doc(b, DOC_DIGEST, NULL, i + 1, docs[i],
		              strlen(docs[i]));
	}
	d = &b->docs[0];
	assert_str(d->account, "111122223333");
	assert_str(d->s3_object, "AWSLogs/d.json.gz");
	assert_int(d->n_log_files, ==, 2);
	assert_int(d->start_ms, ==, 1735689600000LL);
	assert_int(d->end_ms, ==, 1735693200000LL);
	d = &b->docs[1];
	assert_true(d->account == NULL);
	assert_str(d->s3_object, "x");
	assert_int(d->n_log_files, ==, -1); /* the first is no array */
	assert_int(d->start_ms, ==, INT64_MIN);
	assert_int(d->end_ms, ==, INT64_MIN);
	d = &b->docs[2];
	assert_true(d->account == NULL && d->s3_object == NULL);
	assert_int(d->n_log_files, ==, -1);
	/* cut off: what came before the cut, nothing after */
	assert_str(b->docs[3].account, "1");
	assert_int(b->docs[3].n_log_files, ==, -1);
	assert_int(b->docs[4].n_log_files, ==, -1);
	b->final = 1; /* the final batch frees its srcinfo */
	batch_free(b);
}

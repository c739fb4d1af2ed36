/* test_reader.c -- one source in, batches out (reader.c): what the rows
 * and rejected records of a source say about where each record is. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/ingest/reader.h"
#include "../../src/ingest/s3key.h"
#include "../../src/util/strbuf.h"

/* Every row as "E<no>@<offset>" and every rejected record as
 * "R<no>@<offset>:<reason>[<raw>]", in the order they were added, then
 * the source's status, record count and error. */
static strbuf got;

static void
collect(void *ctx, struct batch *b)
{
	for (size_t i = 0; i < b->n_rows; i++) {
		strbuf_addf(&got, "E%llu@%llu|",
		            (unsigned long long)b->rows[i].record_no,
		            (unsigned long long)b->rows[i].raw_offset);
	}
	for (size_t i = 0; i < b->n_rej; i++) {
		strbuf_addf(&got, "R%llu@%llu:%s[%.*s]|",
		            (unsigned long long)b->rej[i].record_no,
		            (unsigned long long)b->rej[i].offset,
		            b->rej[i].reason, (int)b->rej[i].raw_len,
		            b->rej[i].raw ? b->rej[i].raw : "");
	}
	if (b->final) {
		strbuf_addf(&got, "%s %llu %s", b->src->status,
		            (unsigned long long)b->src->n_records,
		            b->src->error ? b->src->error : "-");
	}
	batch_free(b);
}

/* Read doc as the source "t.json"; returns what collect() saw. */
static const char *
read_doc(const char *doc)
{
	struct ingest_opts o;
	struct bytesrc_mem m = {doc, strlen(doc), 0};
	struct bytesrc in = {bytesrc_mem_read, &m, NULL};
	reader *r;

	memset(&o, 0, sizeof(o));
	o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
	o.max_record = INGEST_MAX_RECORD;
	strbuf_reset(&got);
	r = reader_new(&o);
	reader_run(r, srcinfo_new(1, "t.json", NULL), &in, collect, NULL);
	reader_free(r);
	return strbuf_str(&got);
}

#define EV(id)                                                                 \
	"\"eventVersion\":\"1\",\"eventID\":\"" id "\","                       \
	"\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventName\":\"n\""

/* issue 3, review 8: raw_offset is where the bytes `show` prints start,
 * the detail object of an EventBridge envelope, not the envelope */
DEFINE_TEST(test_reader_envelope_offset)
{
	const char *one = "{\"detail-type\":\"AWS API Call via CloudTrail\","
	                  "\"detail\":{" EV("e1") "}}";
	/* in JSON Lines and arrays too: the item's offset plus the
	 * detail's place in it */
	const char *lines = "{" EV(
	        "c1") "}\n"
	              "{\"detail-type\":\"x\",\"detail\": {" EV("e2") "}}\n";
	const char *array =
	        "[ {\"detail-type\":\"x\",\"detail\":{" EV("e3") "}}]";

	assert_str(read_doc(one), "E1@54|ok 1 -");
	assert_true(strncmp(one + 54, "{\"eventVersion\"", 15) == 0);
	assert_str(read_doc(lines), "E1@0|E2@116|ok 2 -");
	assert_true(strncmp(lines + 116, "{\"eventVersion\"", 15) == 0);
	assert_str(read_doc(array), "E1@30|ok 1 -");
	assert_true(strncmp(array + 30, "{\"eventVersion\"", 15) == 0);
}

/* lookup-events: the record is the CloudTrailEvent string decoded; its
 * offset is where the string's contents start in the source */
DEFINE_TEST(test_reader_lookup_offset)
{
	const char *doc =
	        "{\"Events\":[{\"EventId\":\"l1\",\"CloudTrailEvent\":"
	        "\"{\\\"eventVersion\\\":\\\"1\\\",\\\"eventID\\\":"
	        "\\\"l1\\\",\\\"eventTime\\\":\\\"2024-01-01T00:00:"
	        "00Z\\\"}\"}]}";

	assert_str(read_doc(doc), "E1@46|ok 1 -");
	assert_true(strncmp(doc + 45, "\"{\\\"eventVersion", 16) == 0);
}

/* issue 3, review 3: a JSON Lines record cut short on its line is one
 * rejected record with its bytes and offset; the lines after it count */
DEFINE_TEST(test_reader_jsonl_cut_line)
{
	assert_str(read_doc("{" EV("c1") "}\n{" EV("c2") "\n{" EV("c3") "}\n"),
	           "E1@0|E3@173|R2@87:the record does not end on its line "
	           "(truncated?)[{" EV("c2") "]|partial 3 1 record rejected");
}

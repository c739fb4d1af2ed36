/* fuzz_record.c -- libFuzzer target for the record reader: the input is
 * one source (plain or gzip) run through sniff, gunzip, split, parse,
 * filters and block compression (reader_run), exactly as a worker does.
 * Checks: no crash, no leak, and every batch accounts for every item:
 * rows + rejected + documents <= items found.  The input is also split
 * as plain JSON with and without the measure callback (record.c's
 * parser finding where objects end) and in two chunk sizes: the items,
 * and where splitting stops, must be the same every way.
 *
 *   make fuzz && ./fuzz-record -max_total_time=300 tests/fuzz/seeds/record
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "ingest/record.h"
#include "ingest/s3key.h"
#include "ingest/split.h"
#include "util/strbuf.h"

struct tally {
	uint64_t rows, rej, docs; /* totals over the batches */
	uint64_t records;         /* items the final batch reports */
	int finals;               /* final batches seen (must be 1) */
};

static void
emit(void *ctx, struct batch *b)
{
	struct tally *t = ctx;

	t->rows += b->n_rows;
	t->rej += b->n_rej;
	t->docs += b->n_docs;
	for (size_t i = 0; i < b->n_rows; i++) {
		const struct row *r = &b->rows[i];

		if (r->block >= b->n_blocks ||
		    r->block_off + r->raw_len > b->blocks[r->block].ulen) {
			abort(); /* a row pointing outside its block */
		}
	}
	if (b->final) {
		t->records = b->src->n_records;
		t->finals++;
	}
	batch_free(b);
}

static int
log_item(void *ctx, const split_item *it)
{
	strbuf_addf(ctx, "%llu:%zu:%d:%s|", (unsigned long long)it->off,
	            it->len, (int)it->from, it->problem ? it->problem : "");
	return 0;
}

static size_t
measure(void *ctx, const char *p, size_t avail)
{
	struct record rec;

	return record_parse_prefix(p, avail, &rec);
}

/* The item log of data split in chunks of `step` bytes. */
static void
split_log(const uint8_t *data, size_t size, size_t step, int measured,
          strbuf *out)
{
	splitter *s = split_new(1 << 12, log_item, out);
	int rc = 0;

	if (measured) {
		split_set_measure(s, measure);
	}
	for (size_t i = 0; i < size && rc == 0; i += step) {
		rc = split_feed(s, data + i, size - i < step ? size - i : step);
	}
	if (rc == 0) {
		rc = split_finish(s);
	}
	strbuf_addf(out, "=%d %s", rc, rc ? split_error(s) : "");
	split_free(s);
}

static void
check_split(const uint8_t *data, size_t size)
{
	static const size_t steps[] = {1 << 20, 7};
	strbuf want, got;

	strbuf_init(&want);
	strbuf_init(&got);
	split_log(data, size, steps[0], 0, &want);
	for (int i = 0; i < 2; i++) {
		for (int m = i == 0; m < 2; m++) {
			strbuf_reset(&got);
			split_log(data, size, steps[i], m, &got);
			if (got.len != want.len ||
			    memcmp(got.buf, want.buf, got.len) != 0) {
				abort();
			}
		}
	}
	strbuf_free(&want);
	strbuf_free(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ingest_opts o;
	static reader *r;
	struct bytesrc_mem m = {(const char *)data, size, 0};
	struct bytesrc in = {bytesrc_mem_read, &m, NULL};
	struct tally t;

	if (r == NULL) {
		o.jobs = 1;
		o.since = o.until = o.captured_at = S3KEY_UNKNOWN;
		o.max_record = 1 << 16; /* small, to reach the size limit */
		r = reader_new(&o);
	}
	memset(&t, 0, sizeof(t));
	reader_run(r, srcinfo_new(1, "fuzz.json", NULL), &in, emit, &t);
	/* each item becomes at most one row, rejection or document */
	if (t.finals != 1 || t.rows + t.rej + t.docs > t.records) {
		abort();
	}
	check_split(data, size);
	return 0;
}

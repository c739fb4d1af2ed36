/* fuzz_record.c -- libFuzzer target for the record reader: the input is
 * one source (plain or gzip) run through sniff, gunzip, split, parse,
 * filters and block compression (reader_run), exactly as a worker does.
 * Checks: no crash, no leak, and every batch accounts for every item:
 * rows + rejected + documents <= items found.
 *
 *   make fuzz && ./fuzz-record -max_total_time=300 tests/fuzz/seeds/record
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "ingest/s3key.h"

struct tally {
	uint64_t rows, rej, docs;	/* totals over the batches */
	uint64_t records;		/* items the final batch reports */
	int finals;			/* final batches seen (must be 1) */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ingest_opts o;
	static reader *r;
	struct bytesrc_mem m = {(const char *)data, size, 0};
	struct bytesrc in = {bytesrc_mem_read, &m};
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
	return 0;
}

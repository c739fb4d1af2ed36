/* reader.c -- one source in, batches out (see reader.h).
 *
 * Stages, all on the worker's thread:
 *   bytesrc -> SHA-256 -> gunzip (if gzip magic) -> sniff (first 4 KiB)
 *   -> splitter -> record_parse -> filters -> row + marked raw bytes
 * (the splitter asks record_parse_prefix() where an object ends, so a
 * record's bytes are parsed once; see measure())
 *   -> blocks compressed by zblock (256 KiB with zstd) -> batch -> emit
 * A batch is emitted whenever it holds BATCH_BYTES, so a huge file costs
 * bounded memory; blocks never straddle batches.
 *
 * Marked raw bytes: the stored copy of a record has the values of
 * eventID, requestID and eventTime replaced by the bytes 0x01, 0x02 and
 * 0x03 when the row holds exactly those bytes (an unescaped ID, a time in
 * canonical form).  Those values are high-entropy and stored in the row
 * anyway; leaving them out of the compressed blocks makes the index
 * smaller.  `trailsift show` puts them back (see rawrec.h). */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inflate.h"
#include "json_tok.h"
#include "bundle.h"
#include "reader.h"
#include "sniff.h"
#include "split.h"
#include "../index/zblock.h"
#include "../util/sha256.h"
#include "../util/xmalloc.h"

#define READ_CHUNK (256u << 10)
#define SNIFF_HEAD 4096
#define BATCH_BYTES (8u << 20)
#define KEEP_REJECTED_RAW (256u << 10)
#define HELD_BYTES (4u << 20)
#define STOP_POLL_MS 200 /* how long a read waits before looking at stop */

static _Atomic uint64_t bytes_total;
static _Atomic int stop; /* reader_interrupt() was called */

struct reader {
	const struct ingest_opts *o; /* options */
	inflater *z;                 /* gunzip state, reused */
	char *inbuf;                 /* raw bytes read */
	char *outbuf;                /* decompressed bytes */
	strbuf head;                 /* first bytes, until sniffed */
	strbuf arena;                /* record_columns() output */
	strbuf tmp;                  /* unescaped lookup-events records */
	strbuf blk;                  /* marked raw bytes of the open block */
	strbuf regroup;              /* the block's records grouped */
	struct block_rec *recs;      /* ... the order they are put in */
	size_t cap_recs;
	strbuf zout;  /* the block compressed */
	ztrainer *zt; /* dictionary for blocks, or NULL */
	/* per source */
	struct srcinfo *src;   /* the source being read */
	struct batch *b;       /* batch being filled */
	reader_emit emit;      /* where batches go */
	void *ectx;            /* emit's argument */
	splitter *sp;          /* record splitter */
	struct record parsed;  /* the item on_item handles (measure() or
	                        * on_item parses into it) */
	int sniffed;           /* kind guessed from the head */
	int not_json;          /* sniff said: not JSON; just hash */
	int split_broke;       /* the records' structure broke mid-stream */
	uint64_t n_events;     /* rows added */
	uint64_t n_ct_rejects; /* CloudTrail-like records rejected */
	uint64_t n_insight;    /* Insights records */
	uint64_t n_digest;     /* digest documents */
	uint64_t n_snapshot;   /* snapshot items */
	uint64_t n_foreign;    /* non-CloudTrail items */
	struct batch *held;    /* their rejections, until the source
	                        * shows CloudTrail content */
	uint64_t n_envelope;   /* EventBridge envelopes */
	uint64_t n_lookup;     /* lookup-events entries */
	uint64_t n_eb_other;   /* EventBridge events that are not CloudTrail */
	uint64_t held_over;    /* foreign items past HELD_BYTES: counted,
	                        * no row */
	char foreign_why[200]; /* first non-CloudTrail item: why */
	char changed[300];     /* the source changed while it was read:
	                        * its error text (see filestamp.h), or "" */
};

reader *
reader_new(const struct ingest_opts *o)
{
	reader *r = xcalloc(1, sizeof(*r));

	r->o = o;
	r->z = inflater_new();
	r->inbuf = xmalloc(READ_CHUNK);
	r->outbuf = xmalloc(READ_CHUNK);
	return r;
}

void
reader_free(reader *r)
{
	if (r == NULL) {
		return;
	}
	inflater_free(r->z);
	free(r->inbuf);
	free(r->outbuf);
	strbuf_free(&r->head);
	strbuf_free(&r->arena);
	strbuf_free(&r->tmp);
	strbuf_free(&r->blk);
	strbuf_free(&r->regroup);
	free(r->recs);
	strbuf_free(&r->zout);
	batch_free(r->held);
	free(r);
}

uint64_t
reader_bytes_total(void)
{
	return atomic_load(&bytes_total);
}

void
reader_note_bytes(uint64_t n)
{
	atomic_fetch_add(&bytes_total, n);
}

void
reader_interrupt(void)
{
	atomic_store(&stop, 1);
}

int
reader_interrupted(void)
{
	return atomic_load(&stop);
}

ssize_t
reader_read_fd(int fd, void *buf, size_t n, int stream)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	ssize_t k;
	int ready;

	for (;;) {
		if (atomic_load(&stop)) {
			errno = EINTR;
			return -1;
		}
		/* a signal taken by another thread does not wake a read of
		 * a pipe, so wait in short steps and look at `stop`; a file
		 * is always ready, and needs no poll per chunk */
		ready = stream ? poll(&pfd, 1, STOP_POLL_MS) : 1;
		if (ready == 0 || (ready < 0 && errno == EINTR)) {
			continue;
		}
		if ((k = read(fd, buf, n)) >= 0 || errno != EINTR) {
			return k;
		}
	}
}

ssize_t
reader_read_failed(ts_err *err)
{
	if (errno == EINTR) {
		ts_fail(err, TS_FAIL, "interrupted before the end");
	} else {
		ts_fail(err, TS_FAIL, "read error: %s", strerror(errno));
	}
	return -1;
}

ssize_t
bytesrc_fd_read(void *ctx, void *buf, size_t n, ts_err *err)
{
	struct bytesrc_fd *f = ctx;
	ssize_t k;

	if (f->ended) {
		return 0;
	}
	if ((k = reader_read_fd(f->fd, buf, n, f->stream)) < 0) {
		return reader_read_failed(err);
	}
	f->ended = f->regular && (size_t)k < n;
	return k;
}

int
bytesrc_fd_changed(void *ctx, uint64_t n_read, const uint8_t digest[32],
                   char *why, size_t len)
{
	struct bytesrc_fd *f = ctx;

	return f->opened != NULL &&
	       filestamp_check(f->fd, f->opened, n_read, digest, why, len);
}

void
reader_use_dict(reader *r, ztrainer *t)
{
	r->zt = t;
}

ssize_t
bytesrc_mem_read(void *ctx, void *buf, size_t n, ts_err *err)
{
	struct bytesrc_mem *m = ctx;

	if (n > m->len - m->pos) {
		n = m->len - m->pos;
	}
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

/* --- blocks and batches ------------------------------------------------ */

/* A record of the open block, by what group_block() sorts it on. */
struct block_rec {
	uint32_t key[3]; /* batch.strs indexes (BATCH_NONE sorts last) */
	uint32_t row;    /* its row in the batch: ties keep their order */
};

static int
cmp_block_rec(const void *pa, const void *pb)
{
	const struct block_rec *a = pa, *b = pb;

	for (int i = 0; i < 3; i++) {
		if (a->key[i] != b->key[i]) {
			return a->key[i] < b->key[i] ? -1 : 1;
		}
	}
	return (a->row > b->row) - (a->row < b->row);
}

/* Put the open block's records next to those of the same eventSource,
 * eventName and userAgent, which differ in little else: zstd at its
 * fast level finds long matches only near, and on the 1M bench the
 * blocks came out 10% smaller.  Rows point at their records by offset,
 * so the order inside a block is free; the order of the batch's rows,
 * which is the order read, stays as it was. */
static void
group_block(reader *r)
{
	struct batch *b = r->b;
	uint32_t blk = (uint32_t)b->n_blocks;
	size_t first = b->n_rows, n, total = 0;

	while (first > 0 && b->rows[first - 1].block == blk) {
		first--;
	}
	n = b->n_rows - first;
	if (n < 2) {
		return;
	}
	if (n > r->cap_recs) {
		r->cap_recs = n * 2;
		r->recs = xrealloc(r->recs, r->cap_recs * sizeof(*r->recs));
	}
	for (size_t i = 0; i < n; i++) {
		const struct row *w = &b->rows[first + i];

		total += w->raw_len;
		r->recs[i].key[0] = w->str[COL_EVENT_SOURCE];
		r->recs[i].key[1] = w->str[COL_EVENT_NAME];
		r->recs[i].key[2] = w->str[COL_USER_AGENT];
		r->recs[i].row = (uint32_t)(first + i);
	}
	if (total != r->blk.len) {
		return; /* not only records: leave it as it is */
	}
	qsort(r->recs, n, sizeof(*r->recs), cmp_block_rec);
	strbuf_reset(&r->regroup);
	strbuf_reserve(&r->regroup, r->blk.len);
	for (size_t i = 0; i < n; i++) {
		struct row *w = &b->rows[r->recs[i].row];

		strbuf_add(&r->regroup, r->blk.buf + w->block_off, w->raw_len);
		w->block_off = (uint32_t)(r->regroup.len - w->raw_len);
	}
	{
		strbuf t = r->blk;

		r->blk = r->regroup;
		r->regroup = t;
	}
}

static void
flush_block(reader *r)
{
	struct block *k;

	if (r->blk.len == 0) {
		return;
	}
	group_block(r);
	k = batch_add_block(r->b);
	k->dict = ztrainer_offer(r->zt, r->src->seq);
	k->codec = zblock_compress(0, r->blk.buf, r->blk.len, r->o->zlevel,
	                           k->dict, &r->zout);
	if (k->codec != ZBLOCK_ZSTD) {
		k->dict = NULL;
	}
	k->ulen = r->blk.len;
	/* An exact copy: zout has room for the uncompressed block, and
	 * batches wait in the order buffer holding their blocks. */
	strbuf_reserve_exact(&k->data, r->zout.len);
	strbuf_add(&k->data, r->zout.buf, r->zout.len);
	r->b->bytes += k->data.cap;
	strbuf_reset(&r->blk);
}

static void
flush_batch(reader *r)
{
	flush_block(r);
	batch_seal(r->b);
	r->emit(r->ectx, r->b);
	r->b = batch_new(r->src, 0);
}

/* --- one record -------------------------------------------------------- */

static void
reject(reader *r, const split_item *it, const char *why, int ct)
{
	size_t keep = it->p && it->len <= KEEP_REJECTED_RAW ? it->len : 0;

	r->src->n_rejected++;
	if (ct) {
		r->n_ct_rejects++;
	}
	batch_add_rejected(r->b, it->no, it->off, why, keep ? it->p : NULL,
	                   keep);
}

/* Store an ID column as record_id_encode() says: the 16-byte form of a
 * lowercase UUID, else text. */
static void
store_id(reader *r, const struct record_span *s, uint32_t *off, uint16_t *len,
         uint8_t *blob)
{
	int is_blob;

	*blob = 0;
	if (s->p == NULL) {
		*off = BATCH_NONE;
		*len = 0;
		return;
	}
	record_id_encode(s, &r->arena, &is_blob);
	*blob = (uint8_t)is_blob;
	*len = (uint16_t)r->arena.len;
	*off = batch_str(r->b, r->arena.buf, *len);
}

/* Append raw[0..len) to the open block with marker bytes in place of
 * the values the row already holds. */
static void
append_marked(reader *r, const char *raw, size_t len, const struct record *rec)
{
	const struct record_span *spans[3];
	const char marks[3] = {'\x01', '\x02', '\x03'};
	char mk[3];
	size_t at = 0;
	int n = 0;

	/* only where the row holds exactly those bytes: an ID longer
	 * than RECORD_ID_MAX is cut there (record_id_encode), and a
	 * marker put the cut one back */
	if (rec->event_id.p && !rec->event_id.escaped &&
	    rec->event_id.len <= RECORD_ID_MAX) {
		spans[n] = &rec->event_id;
		mk[n++] = marks[0];
	}
	if (rec->request_id.p && !rec->request_id.escaped &&
	    rec->request_id.len <= RECORD_ID_MAX) {
		spans[n] = &rec->request_id;
		mk[n++] = marks[1];
	}
	if (rec->time_is_canonical) {
		spans[n] = &rec->event_time;
		mk[n++] = marks[2];
	}
	/* order by position (at most three: insertion sort) */
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0 && spans[j]->p < spans[j - 1]->p; j--) {
			const struct record_span *t = spans[j];
			char c = mk[j];

			spans[j] = spans[j - 1];
			spans[j - 1] = t;
			mk[j] = mk[j - 1];
			mk[j - 1] = c;
		}
	}
	for (int i = 0; i < n; i++) {
		size_t off = (size_t)(spans[i]->p - raw);

		strbuf_add(&r->blk, raw + at, off - at);
		strbuf_addc(&r->blk, mk[i]);
		at = off + spans[i]->len;
	}
	strbuf_add(&r->blk, raw + at, len - at);
}

/* The account --account compares: recipientAccountId, or for a record
 * without one (eventVersion before 1.02) the account folder of the
 * file's S3 path, which holds only that account's events (an
 * organization trail's too: one folder per member account). */
static const char *
filter_account(const reader *r, const long col[N_RECORD_COLS])
{
	if (col[COL_ACCOUNT] >= 0) {
		return r->arena.buf + col[COL_ACCOUNT];
	}
	if (r->src->key.folder == S3K_LOGS && r->src->key.account[0]) {
		return r->src->key.account;
	}
	return NULL;
}

/* Index rec, whose bytes raw[0..raw_len) start at stream offset `off`
 * (the item's, or for a nested record where it sits in the item). */
static void
add_event(reader *r, const split_item *it, uint64_t off,
          const struct record *rec, const char *raw, size_t raw_len)
{
	long col[N_RECORD_COLS];
	struct row *row;
	size_t before;

	if (record_columns(rec, &r->arena, col) < 0) {
		reject(r, it, "invalid string escape in a column", 1);
		return;
	}
	if (!ingest_accept(r->o, rec->time_ms, filter_account(r, col),
	                   col[COL_AWS_REGION] >= 0
	                           ? r->arena.buf + col[COL_AWS_REGION]
	                           : NULL)) {
		r->src->n_filtered++;
		return;
	}
	row = batch_add_row(r->b);
	row->time_ms = rec->time_ms;
	for (int c = 0; c < N_RECORD_COLS; c++) {
		row->str[c] = BATCH_NONE;
		if (col[c] >= 0) {
			const char *s = r->arena.buf + col[c];

			row->str[c] = batch_intern(r->b, s, strlen(s));
		}
	}
	store_id(r, &rec->event_id, &row->eid, &row->eid_len, &row->eid_blob);
	store_id(r, &rec->request_id, &row->rid, &row->rid_len, &row->rid_blob);
	row->read_only = (int8_t)rec->read_only;
	row->record_no = it->no;
	row->raw_offset = off;
	row->block = (uint32_t)r->b->n_blocks;
	before = r->blk.len;
	row->block_off = (uint32_t)before;
	append_marked(r, raw, raw_len, rec);
	row->raw_len = (uint32_t)(r->blk.len - before);
	r->n_events++;
	if (r->blk.len >= zblock_target(zblock_default_codec())) {
		flush_block(r);
	}
}

/* Is a snapshot item of this source without a capture time?  A listing
 * is dated by --captured-at, else by its file's modification time;
 * standard input and pipes have none, and their items were stored as
 * taken in 1970, which reports then read as membership before the logs.
 * The source fails instead, once, saying what to give. */
static int
undated(reader *r)
{
	if (r->o->captured_at != S3KEY_UNKNOWN || r->src->mtime_ms >= 0) {
		return 0;
	}
	srcinfo_fail(r->src, "error",
	             "an identity-store listing with no modification time "
	             "to date it by: not stored; give --captured-at TIME");
	return 1;
}

static const char *
snapshot_type(split_container c)
{
	switch (c) {
	case SPLIT_USERS:
		return "users";
	case SPLIT_GROUPS:
		return "groups";
	case SPLIT_MEMBERSHIPS:
		return "group-memberships";
	case SPLIT_ASSIGNMENTS:
		return "account-assignments";
	case SPLIT_PERMISSION_SET:
		return "permission-sets";
	case SPLIT_IAM_USERS:
		return "iam-users";
	case SPLIT_IAM_GROUPS:
		return "iam-groups";
	case SPLIT_IAM_ROLES:
		return "iam-roles";
	case SPLIT_IAM_POLICIES:
		return "iam-policies";
	default:
		return NULL;
	}
}

/* inner_record() of p[0..len) that record_parse() made `rec` of. */
static void
inner_parsed(reader *r, const split_item *it, uint64_t off,
             const struct record *rec, const char *p, size_t len,
             const char *what)
{
	char why[400];

	if (rec->kind == REC_EVENT) {
		add_event(r, it, off, rec, p, len);
	} else if (rec->kind == REC_INSIGHT) {
		r->n_insight++;
		batch_add_doc(r->b, DOC_INSIGHT, NULL, it->no, p, len);
	} else {
		snprintf(why, sizeof(why), "%s: %s", what,
		         rec->kind == REC_LOOKUP || rec->kind == REC_ENVELOPE ||
		                         rec->kind == REC_DIGEST
		                 ? "unexpected nesting"
		                 : rec->why);
		reject(r, it, why, 1);
	}
}

/* A record nested in a lookup-events entry or an envelope: p[0..len),
 * which starts at stream offset `off` (for lookup-events, p holds the
 * string decoded and `off` is where its escaped form starts). */
static void
inner_record(reader *r, const split_item *it, uint64_t off, const char *p,
             size_t len, const char *what)
{
	struct record rec;

	record_parse(p, len, &rec);
	inner_parsed(r, it, off, &rec, p, len, what);
}

/* Anything CloudTrail-shaped seen in this source yet? */
static int
has_content(const reader *r)
{
	return r->n_events || r->n_ct_rejects || r->n_lookup || r->n_envelope ||
	       r->n_digest || r->n_insight || r->n_snapshot ||
	       r->src->n_filtered;
}

/* The held rejections belong to a CloudTrail source after all. */
static void
release_held(reader *r)
{
	struct batch *h = r->held;

	for (size_t i = 0; i < h->n_rej; i++) {
		batch_add_rejected(r->b, h->rej[i].record_no, h->rej[i].offset,
		                   h->rej[i].reason, h->rej[i].raw,
		                   h->rej[i].raw_len);
		r->src->n_rejected++;
	}
	/* Past the bound, counted all the same: the source's counts add
	 * up, and its status says records were lost. */
	r->src->n_rejected += r->held_over;
	r->held_over = 0;
	batch_free(h);
	r->held = batch_new(NULL, 0);
}

/* An item that is not CloudTrail.  In a CloudTrail source it is a
 * rejected record; in a source with no CloudTrail at all (an Okta export,
 * a package.json) the whole source is "not CloudTrail" instead.  Until
 * we know which, rejections wait in `held` (bounded: past HELD_BYTES they
 * are only counted, as rejected records without a row). */
static void
foreign(reader *r, const split_item *it, const char *why)
{
	size_t keep = it->p && it->len <= KEEP_REJECTED_RAW ? it->len : 0;

	r->n_foreign++;
	if (r->foreign_why[0] == '\0') {
		snprintf(r->foreign_why, sizeof(r->foreign_why),
		         "record %llu at offset %llu: %.150s",
		         (unsigned long long)it->no,
		         (unsigned long long)it->off, why);
	}
	if (has_content(r)) {
		reject(r, it, why, 0);
	} else if (r->held->bytes < HELD_BYTES) {
		batch_add_rejected(r->held, it->no, it->off, why,
		                   keep ? it->p : NULL, keep);
	} else {
		r->held_over++;
	}
}

/* An EventBridge envelope whose detail is no CloudTrail record (an EC2
 * state-change notification from the same bus): not CloudTrail, like
 * any foreign item, but no sign of damage either, so in a CloudTrail
 * source it is kept in `rejected` without making the source partial
 * (see conclude()). */
static void
eventbridge_other(reader *r, const split_item *it, const struct record *env)
{
	char why[200];
	const struct record_span *dt = &env->detail_type;

	r->n_eb_other++;
	if (dt->p != NULL) {
		snprintf(why, sizeof(why),
		         "EventBridge event \"%.*s\", not from CloudTrail",
		         (int)(dt->len > 100 ? 100 : dt->len), dt->p);
	} else {
		snprintf(why, sizeof(why),
		         "EventBridge event, not from CloudTrail");
	}
	foreign(r, it, why);
}

/* The splitter's measure callback: parse the object where it starts,
 * keeping the result for on_item, so its bytes are scanned once. */
static size_t
measure(void *ctx, const char *p, size_t avail)
{
	reader *r = ctx;

	return record_parse_prefix(p, avail, &r->parsed);
}

/* Does a damaged item (one the parser cannot read) name CloudTrail's
 * fields?  Unknown when its bytes are gone: yes, so damage is not taken
 * for a foreign file. */
static int
names_cloudtrail_fields(const split_item *it)
{
	static const char *const names[] = {
	        "eventVersion", "eventSource",  "eventName",       "eventID",
	        "eventTime",    "userIdentity", "CloudTrailEvent",
	};

	if (it->p == NULL) {
		return 1;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (memmem(it->p, it->len, names[i], strlen(names[i]))) {
			return 1;
		}
	}
	return 0;
}

/* Does an envelope's detail-type say its event is from CloudTrail? */
static int
names_cloudtrail(const struct record *env)
{
	const struct record_span *dt = &env->detail_type;

	return dt->p != NULL && memmem(dt->p, dt->len, "CloudTrail", 10);
}

static int
on_item(void *ctx, const split_item *it)
{
	reader *r = ctx;
	const struct record *rec = &r->parsed;
	const char *st = snapshot_type(it->from);
	struct record detail;

	r->src->n_records++;
	/* A bad item of a listing is no CloudTrail record: it must not
	 * make the source "events"; nor must a cut line of some other
	 * program's JSON Lines. */
	if (it->problem && st == NULL && !names_cloudtrail_fields(it)) {
		foreign(r, it, it->problem);
		goto out;
	}
	if (it->problem) {
		reject(r, it, it->problem, st == NULL);
		goto out;
	}
	if (!it->measured) { /* else measure() parsed it just now */
		record_parse(it->p, it->len, &r->parsed);
	}
	switch (rec->kind) {
	case REC_EVENT:
		add_event(r, it, it->off, rec, it->p, it->len);
		break;
	case REC_LOOKUP:
		r->n_lookup++;
		if (rec->inner_object) {
			inner_record(
			        r, it, it->off + (uint64_t)(rec->inner - it->p),
			        rec->inner, rec->inner_len, "CloudTrailEvent");
			break;
		}
		strbuf_reset(&r->tmp);
		if (rec->inner_escaped) {
			json_tok_unescape(rec->inner, rec->inner_len, &r->tmp);
		} else {
			strbuf_add(&r->tmp, rec->inner, rec->inner_len);
		}
		inner_record(r, it, it->off + (uint64_t)(rec->inner - it->p),
		             strbuf_str(&r->tmp), r->tmp.len,
		             "CloudTrailEvent");
		break;
	case REC_ENVELOPE:
		/* raw_offset is where the bytes show prints start: the
		 * detail object, not the envelope */
		/* another program's event: a detail without any
		 * CloudTrail field, under a detail-type that does not name
		 * CloudTrail ("AWS API Call via CloudTrail", "AWS Console
		 * Sign In via CloudTrail", ...: a broken one of those is a
		 * rejected record) */
		record_parse(rec->inner, rec->inner_len, &detail);
		if (detail.kind == REC_FOREIGN && !names_cloudtrail(rec)) {
			eventbridge_other(r, it, rec);
			break;
		}
		r->n_envelope++;
		inner_parsed(r, it, it->off + (uint64_t)(rec->inner - it->p),
		             &detail, rec->inner, rec->inner_len, "detail");
		break;
	case REC_DIGEST:
		r->n_digest++;
		batch_add_doc(r->b, DOC_DIGEST, NULL, it->no, it->p, it->len);
		break;
	case REC_INSIGHT:
		r->n_insight++;
		batch_add_doc(r->b, DOC_INSIGHT, NULL, it->no, it->p, it->len);
		break;
	case REC_REJECT:
	case REC_INVALID:
		reject(r, it, rec->why, st == NULL);
		break;
	case REC_FOREIGN:
		if (rec->lookup_entry && it->from == SPLIT_EVENTS) {
			/* in {"Events":[...]}: lookup-events for sure, and
			 * its record is missing */
			reject(r, it, rec->why, 1);
		} else if (st != NULL && !undated(r)) {
			r->n_snapshot++;
			batch_add_doc(r->b, DOC_SNAPSHOT, st, it->no, it->p,
			              it->len);
		} else if (st == NULL) {
			foreign(r, it, rec->why);
		}
		break;
	}
	if (r->held->n_rej > 0 && has_content(r)) {
		release_held(r);
	}
out:
	if (r->b->bytes >= BATCH_BYTES) {
		flush_batch(r);
	}
	return 0;
}

/* --- the byte stream ---------------------------------------------------- */

static int
named_gz(const struct srcinfo *s)
{
	static const char *const gz[] = {".gz"};

	return name_has_ext(s->member ? s->member : s->path, gz, 1);
}

/* Named JSON Lines?  Then a first line that is not JSON is one rejected
 * record, as any later one is, not a reason to skip the file. */
static int
named_jsonl(const struct srcinfo *s)
{
	static const char *const jl[] = {".jsonl", ".jsonl.gz", ".ndjson",
	                                 ".ndjson.gz"};

	return name_has_ext(s->member ? s->member : s->path, jl, 4);
}

/* Does a line after the first hold one whole object ('{' to '}')?  Then
 * a first line that is not JSON (an exporter's header, a damaged line)
 * heads JSON Lines, and is one rejected record, whatever the file's
 * name: skipping the file as "not JSON" lost every record after it. */
static int
lines_follow(const char *h, size_t len)
{
	const char *nl = memchr(h, '\n', len), *end = h + len;

	if (nl == NULL) {
		return 0;
	}
	while (nl < end && (*nl == '\n' || *nl == '\r')) {
		nl++;
	}
	return split_whole_line(nl, (size_t)(end - nl), 1);
}

static int
sniff_head(reader *r)
{
	struct sniff sn;

	r->sniffed = 1;
	/* What PowerShell 5.1 writes for `aws ... > file.json`: text we
	 * could read, but whose offsets and bytes show could not keep. */
	if (r->head.len >= 2 && (memcmp(r->head.buf, "\xff\xfe", 2) == 0 ||
	                         memcmp(r->head.buf, "\xfe\xff", 2) == 0)) {
		r->not_json = 1;
		srcinfo_fail(r->src, "error",
		             "UTF-16 text (byte-order mark %s at offset 0): "
		             "convert it to UTF-8 first, e.g. iconv -f UTF-16 "
		             "-t UTF-8",
		             r->head.buf[0] == '\xff' ? "FF FE" : "FE FF");
		return 0;
	}
	sniff_source(&r->src->key, strbuf_str(&r->head), r->head.len,
	             strcmp(r->src->compression, "gzip") == 0, &sn);
	/* x.json.gz gzipped again: the evidence is one layer further in,
	 * not absent (an error, not "not JSON", skipped) */
	if (sn.not_json && strcmp(r->src->compression, "gzip") == 0 &&
	    r->head.len >= 2 && memcmp(r->head.buf, "\x1f\x8b", 2) == 0) {
		r->not_json = 1;
		srcinfo_fail(r->src, "error",
		             "gzip inside gzip (compressed twice): "
		             "gunzip it once and ingest the result");
		return 0;
	}
	/* named JSON Lines and not empty or blank, or lines of JSON
	 * after the first: lines to read (an archive under that name is
	 * not: it is told below, as under .json) */
	if (sn.not_json &&
	    (named_jsonl(r->src) || lines_follow(r->head.buf, r->head.len)) &&
	    !bundle_probe("", r->head.buf, r->head.len)) {
		sn.kind = "events";
	}
	if (strcmp(sn.kind, "not-cloudtrail") == 0) {
		r->not_json = 1;
		/* A gzip stream that broke before its data could be told
		 * (a cut download) is damage, not some other program's
		 * file; so is a .gz that holds no gzip stream at all. */
		if (r->src->error != NULL) {
			r->src->status = "error";
			return 0;
		}
		r->src->kind = sn.kind;
		/* a name trusted as data (x.json.gz) on an archive: its
		 * files would go unread under "not JSON" */
		if (bundle_probe("", r->head.buf, r->head.len)) {
			const char *ext = NULL;
			const char *z = bundle_compressor(r->head.buf,
			                                  r->head.len, &ext);

			if (z != NULL) {
				srcinfo_fail(
				        r->src, "error",
				        "%s data, not JSON (by its first "
				        "bytes): give a link or copy named "
				        "%s to have it read",
				        z, ext);
				return 0;
			}
			srcinfo_fail(
			        r->src, "error",
			        "an archive, not JSON (by its first bytes): "
			        "give a link or copy named for its format "
			        "(.tar, .tar.gz, .zip, ...) to have it read "
			        "as a bundle");
			return 0;
		}
		if (strcmp(r->src->compression, "none") == 0 &&
		    named_gz(r->src)) {
			srcinfo_fail(r->src, "error",
			             "no gzip data in a file named .gz: %s",
			             sn.why);
			return 0;
		}
		/* standard input or a pipe that brought nothing: the
		 * command feeding it failed, more likely than not */
		if (r->src->stream && r->src->member == NULL &&
		    r->head.len == 0 &&
		    strcmp(r->src->compression, "none") == 0) {
			srcinfo_fail(r->src, "error",
			             "nothing came from %s (did the command "
			             "writing to it fail?)",
			             strcmp(r->src->path, "-") == 0
			                     ? "standard input"
			                     : "the pipe");
			return 0;
		}
		/* a CloudTrail log by its name: its records are lost */
		srcinfo_fail(r->src, sn.damaged ? "error" : "skipped", "%s",
		             sn.why);
		return 0;
	}
	r->src->kind = sn.kind;
	r->sp = split_new(r->o->max_record, on_item, r);
	split_set_measure(r->sp, measure);
	return 1;
}

static void
feed(reader *r, const char *p, size_t n)
{
	if (split_feed(r->sp, p, n) < 0) {
		r->not_json = 1; /* structure broken: stop splitting */
		r->split_broke = 1;
	}
}

/* Decompressed bytes: sniff the head, then split. */
static void
consume(reader *r, const char *p, size_t n, int eof)
{
	const char *h;
	size_t hn;

	if (r->not_json) {
		return;
	}
	if (r->sniffed) {
		feed(r, p, n);
		return;
	}
	strbuf_add(&r->head, p, n);
	if ((r->head.len < SNIFF_HEAD && !eof) || !sniff_head(r)) {
		return;
	}
	h = strbuf_str(&r->head);
	hn = r->head.len;
	/* A UTF-8 byte-order mark is not JSON; step over it (offsets still
	 * count it: they are the decompressed source's). */
	if (hn >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0) {
		h += 3;
		hn -= 3;
		split_set_offset(r->sp, 3);
	}
	feed(r, h, hn);
	strbuf_reset(&r->head);
}

/* Gunzip in[0..n) (eof: it ends the stream) into consume(). */
static int
gunzip(reader *r, const char *in, size_t n, int eof, ts_err *err)
{
	size_t used, made;
	int rc;

	do {
		rc = inflater_run(r->z, in, n, &used, r->outbuf, READ_CHUNK,
		                  &made, eof, err);
		if (made > 0) {
			consume(r, r->outbuf, made, 0);
		}
		in += used;
		n -= used;
		if (rc == TS_OK && eof && n == 0 && made == 0 && used == 0) {
			/* no progress at the end: never loop forever */
			return ts_fail(err, TS_FAIL,
			               "gzip stream ended unexpectedly");
		}
	} while (rc == TS_OK && (n > 0 || eof));
	return rc;
}

/* Read until buf holds `want` bytes or the source ends (pipes may hand
 * out a few bytes at a time, and the gzip magic needs three). */
static ssize_t
read_head(struct bytesrc *in, char *buf, size_t cap, size_t want, ts_err *err)
{
	size_t got = 0;
	ssize_t k;

	do {
		k = in->read(in->ctx, buf + got, cap - got, err);
		if (k < 0 && got > 0 && atomic_load(&stop)) {
			return (ssize_t)got; /* the next read says cut */
		}
		if (k < 0) {
			return -1;
		}
		got += (size_t)k;
	} while (k > 0 && got < want);
	return (ssize_t)got;
}

/* The read ends before its end (Ctrl-C, an I/O error): a head still
 * too short to tell the format is told as it is, so that its complete
 * records are kept -- a stream is not read again, and a cut standard
 * input of two records lost both. */
static void
cut_short(reader *r)
{
	if (!r->sniffed && !r->not_json && r->head.len > 0) {
		consume(r, "", 0, 1);
	}
}

/* Read everything, hashing as we go. */
static void
pump(reader *r, struct bytesrc *in)
{
	sha256_ctx sha;
	uint8_t digest[32];
	int gz = -1, zfailed = 0;
	uint64_t size = 0;
	ts_err err;
	ssize_t k;

	sha256_init(&sha);
	ts_err_clear(&err);
	for (;;) {
		/* a stream's first bytes, read before Ctrl-C to tell a
		 * bundle, are handed over first: its next read says cut */
		if (atomic_load(&stop) && (size > 0 || !r->src->stream)) {
			cut_short(r);
			r->src->cut = 1;
			srcinfo_fail(
			        r->src, "error",
			        "interrupted before the end at offset %llu",
			        (unsigned long long)size);
			return;
		}
		k = gz < 0 ? read_head(in, r->inbuf, READ_CHUNK, 16, &err)
		           : in->read(in->ctx, r->inbuf, READ_CHUNK, &err);
		if (k < 0) {
			/* a stream's read */
			cut_short(r);
			r->src->cut = atomic_load(&stop);
			srcinfo_fail(r->src, "error", "%s at offset %llu",
			             err.msg, (unsigned long long)size);
			/* no hash for a file not fully read; a member read
			 * to its end whose check failed has one */
			if (r->src->member && r->src->size >= 0 &&
			    size == (uint64_t)r->src->size) {
				sha256_final(&sha, digest);
				sha256_hex(digest, r->src->sha256);
			}
			return;
		}
		sha256_update(&sha, r->inbuf, (size_t)k);
		size += (uint64_t)k;
		if (r->src->parent_seq == 0) {
			atomic_fetch_add(&bytes_total, (uint64_t)k);
		}
		if (gz < 0) {
			/* a file of just the magic is a gzip stream cut
			 * short, not some other data */
			gz = inflate_is_gzip(r->inbuf, (size_t)k) ||
			     (k == 2 && memcmp(r->inbuf, "\x1f\x8b", 2) == 0);
			r->src->compression = gz ? "gzip" : "none";
			if (gz) {
				inflater_reset(r->z, r->o->ratio_cap);
			}
		}
		if (gz && !zfailed && !r->not_json) {
			if (gunzip(r, r->inbuf, (size_t)k, k == 0, &err) ==
			    TS_FAIL) {
				zfailed = 1;
				srcinfo_fail(r->src, "error", "%s", err.msg);
			}
		} else if (!gz) {
			consume(r, r->inbuf, (size_t)k, k == 0);
		}
		if (k == 0) {
			break;
		}
	}
	sha256_final(&sha, digest);
	/* read to its end: are those bytes still the file's? */
	if (in->changed != NULL &&
	    !in->changed(in->ctx, size, digest, r->changed,
	                 sizeof(r->changed))) {
		r->changed[0] = '\0';
	}
	sha256_hex(digest, r->src->sha256);
	r->src->size = (int64_t)size;
	if (gz && !r->sniffed) {
		consume(r, "", 0, 1);
	}
}

static const char *
format_name(reader *r)
{
	if (r->sp == NULL) {
		return NULL;
	}
	switch (split_first_container(r->sp)) {
	case SPLIT_RECORDS:
		return "records";
	case SPLIT_EVENTS:
		return "lookup-events";
	case SPLIT_ARRAY:
		return "array";
	case SPLIT_USERS:
		return "list-users";
	case SPLIT_GROUPS:
		return "list-groups";
	case SPLIT_MEMBERSHIPS:
		return "list-group-memberships";
	case SPLIT_ASSIGNMENTS:
		return "list-account-assignments";
	case SPLIT_PERMISSION_SET:
		return "describe-permission-set";
	case SPLIT_IAM_USERS:
	case SPLIT_IAM_GROUPS:
	case SPLIT_IAM_ROLES:
	case SPLIT_IAM_POLICIES:
		return "get-account-authorization-details";
	case SPLIT_TOP:
		break;
	}
	if (split_multi_top(r->sp)) {
		return r->n_lookup ? "lookup-events-jsonl" : "jsonl";
	}
	return r->n_envelope || r->n_eb_other ? "eventbridge"
	       : r->n_lookup                  ? "lookup-event"
	       : r->n_digest                  ? "document"
	                                      : "record";
}

/* Settle kind, format and status once everything was read. */
static void
conclude(reader *r)
{
	struct srcinfo *s = r->src;
	uint64_t kept;

	/* Stopped by Ctrl-C, the record being read in a file is no damage:
	 * the file is read again by the next run.  A stream's bytes cannot
	 * be read again: what it held of that record is kept, rejected. */
	if (r->sp != NULL && (!s->cut || s->stream) &&
	    split_finish(r->sp) < 0 &&
	    strcmp(split_error(r->sp), "stopped") != 0) {
		if (s->error != NULL && r->split_broke) {
			/* the gzip check failed at the end, the records'
			 * structure before it: say where the records ended,
			 * or the ones after it vanish unexplained */
			char *both = xasprintf("%s; and %s", s->error,
			                       split_error(r->sp));

			free(s->error);
			s->error = both;
		}
		srcinfo_fail(s, "error", "%s", split_error(r->sp));
	}
	/* counted after split_finish(), which may emit the records after a
	 * bad last-but-one line of JSON Lines */
	kept = r->n_events + s->n_filtered + r->n_digest + r->n_snapshot +
	       r->n_insight;
	s->format = format_name(r);
	if (r->not_json && strcmp(s->kind, "not-cloudtrail") == 0) {
		return;
	}
	if (!has_content(r) && r->n_foreign > 0 && s->error == NULL) {
		/* under a name CloudTrail gives its files, a replaced one:
		 * damaged (sniff_named() says so) */
		s->kind = "not-cloudtrail";
		srcinfo_fail(s, s->key.named != S3K_NONE ? "error" : "skipped",
		             "no CloudTrail records; first: %s%s",
		             r->foreign_why, sniff_named(&s->key));
		return;
	}
	if (!has_content(r) && s->key.named == S3K_DIGEST && s->error == NULL) {
		/* {"Records":[]} is an empty log delivery, never a digest */
		s->kind = "events";
		srcinfo_fail(s, "error", "no digest document%s",
		             sniff_named(&s->key));
		return;
	}
	release_held(r);
	if (r->n_events || r->n_ct_rejects || r->n_lookup || r->n_envelope ||
	    s->n_filtered) {
		s->kind = "events";
	} else if (r->n_digest) {
		s->kind = "digest";
	} else if (r->n_insight) {
		s->kind = "insight";
	} else if (r->n_snapshot ||
	           (r->sp && snapshot_type(split_first_container(r->sp)))) {
		s->kind = "snapshot";
	} else {
		s->kind = "events"; /* an empty trail file, or damage */
	}
	if (s->error == NULL && s->n_rejected > 0 &&
	    s->n_rejected <= r->n_eb_other) {
		/* only other EventBridge events: nothing CloudTrail lost */
		srcinfo_fail(
		        s, "ok",
		        "%llu EventBridge event%s not from CloudTrail, kept in "
		        "the table 'rejected'",
		        (unsigned long long)s->n_rejected,
		        s->n_rejected == 1 ? "" : "s");
		return;
	}
	if (s->error != NULL || s->n_rejected > 0) {
		/* interrupted: not damage, and read again by a rerun */
		s->status = kept > 0 && !s->cut ? "partial" : "error";
		if (s->error == NULL) {
			srcinfo_fail(s, s->status, "%llu record%s rejected",
			             (unsigned long long)s->n_rejected,
			             s->n_rejected == 1 ? "" : "s");
		}
	}
}

void
reader_run(reader *r, struct srcinfo *src, struct bytesrc *in, reader_emit emit,
           void *ctx)
{
	r->src = src;
	r->emit = emit;
	r->ectx = ctx;
	r->b = batch_new(src, 1);
	r->sp = NULL;
	r->sniffed = 0;
	r->not_json = 0;
	r->split_broke = 0;
	r->n_events = r->n_ct_rejects = r->n_insight = r->n_digest = 0;
	r->n_snapshot = r->n_foreign = r->n_envelope = r->n_lookup = 0;
	r->n_eb_other = 0;
	r->held_over = 0;
	r->foreign_why[0] = '\0';
	r->changed[0] = '\0';
	batch_free(r->held);
	r->held = batch_new(NULL, 0);
	strbuf_reset(&r->head);
	strbuf_reset(&r->blk);
	pump(r, in);
	conclude(r);
	/* after conclude(), which would make it partial */
	if (r->changed[0] != '\0') {
		srcinfo_changed(src, r->changed);
	}
	flush_block(r);
	r->b->final = 1;
	batch_seal(r->b);
	emit(ctx, r->b);
	r->b = NULL;
	split_free(r->sp);
	r->sp = NULL;
}

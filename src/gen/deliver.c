/* deliver.c -- the 5-minute delivery loop (see deliver.h).
 *
 * Determinism: every random choice here is drawn from a generator
 * derived from (seed, stream, slot), so a file's name, its delivery
 * minute and the order of its records depend only on what it holds.
 * The spool compresses in parallel but each file on its own. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/bg.h"
#include "gen/deliver.h"
#include "gen/digest.h"
#include "gen/gsha256.h"
#include "gen/idact.h"
#include "gen/layout.h"
#include "gen/spool.h"
#include "util/xmalloc.h"

#define TAG_FILE 0x66696c65
#define N_SCRATCH 8
#define COUNT_SLOTS 1024

struct item {
	int64_t t;    /* eventTime */
	uint32_t seq; /* arrival order, for stable sorting */
	int32_t due;  /* slot whose file takes it (carry only) */
	size_t off;   /* offset of the record in its buffer */
	size_t len;   /* its length */
	int carry;    /* 1: bytes live in the carry buffer */
};

struct items {
	struct item *v;
	size_t n, cap;
};

struct sstate {
	strbuf cur;      /* records of the current slot */
	struct items ci; /* their items */
	strbuf car;      /* late records waiting for a later slot */
	struct items ki; /* their items */
	digest *dg[2];   /* chains: [0] account trail, [1] org trail */
};

struct deliver {
	world *w;
	const struct dl_opts *o;
	struct sstate *ss; /* per stream */
	spool *sp;         /* compression and writing */
	strbuf file;       /* the file being assembled */
	strbuf path;       /* scratch for paths */
	strbuf scratch[N_SCRATCH];
	jw jw;                    /* writer handed to generators */
	int open_stream;          /* stream of the record being written, -1 */
	struct items *open_items; /* where its item goes */
	strbuf *open_buf;         /* its buffer */
	uint32_t seq;             /* records so far */
	struct dl_count counts[COUNT_SLOTS]; /* open addressing */
	struct dl_result *res;
	ts_err *err;
};

static struct item *
items_push(struct items *it)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? 2 * it->cap : 64;
		it->v = xrealloc(it->v, it->cap * sizeof(*it->v));
	}
	return &it->v[it->n++];
}

uint64_t
deliver_seed(const deliver *d)
{
	return d->w->seed;
}

strbuf *
deliver_scratch(deliver *d, int i)
{
	strbuf_reset(&d->scratch[i]);
	return &d->scratch[i];
}

jw *
deliver_record(deliver *d, int stream, int64_t t, int late)
{
	struct sstate *s = &d->ss[stream];
	struct item *it;

	d->open_buf = late ? &s->car : &s->cur;
	d->open_items = late ? &s->ki : &s->ci;
	it = items_push(d->open_items);
	it->t = t;
	it->seq = d->seq++;
	it->due = -1;
	it->off = d->open_buf->len;
	it->len = 0;
	it->carry = late > 0;
	if (late) {
		it->due = (int32_t)((t - d->w->start) / SLOT_MS) + late;
	}
	if (d->res->first == 0 || t < d->res->first) {
		d->res->first = t;
	}
	if (t > d->res->last) {
		d->res->last = t;
	}
	jw_init(&d->jw, d->open_buf, 0);
	return &d->jw;
}

static void
count(deliver *d, const char *source, const char *name)
{
	uint64_t h = rng_hash_str(source) * 31 + rng_hash_str(name);
	size_t i = h % COUNT_SLOTS;

	for (;; i = (i + 1) % COUNT_SLOTS) {
		struct dl_count *c = &d->counts[i];

		if (c->source == NULL) {
			c->source = xstrdup(source);
			c->name = xstrdup(name);
		}
		if (strcmp(c->source, source) == 0 &&
		    strcmp(c->name, name) == 0) {
			c->n++;
			return;
		}
	}
}

void
deliver_end(deliver *d, const char *source, const char *name)
{
	struct item *it = &d->open_items->v[d->open_items->n - 1];

	it->len = d->open_buf->len - it->off;
	count(d, source, name);
	d->res->n_records++;
}

static int
cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->t != b->t) {
		return a->t < b->t ? -1 : 1;
	}
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Move the carry items due by slot k to the end of cur's items. */
static void
take_due(struct sstate *s, int64_t k, struct items *out)
{
	size_t keep = 0;

	for (size_t i = 0; i < s->ki.n; i++) {
		if (s->ki.v[i].due <= k) {
			*items_push(out) = s->ki.v[i];
		} else {
			s->ki.v[keep++] = s->ki.v[i];
		}
	}
	s->ki.n = keep;
}

/* Rewrite the carry buffer with only the items still waiting. */
static void
compact_carry(struct sstate *s)
{
	strbuf nb;

	if (s->ki.n == 0) {
		strbuf_reset(&s->car);
		return;
	}
	strbuf_init(&nb);
	for (size_t i = 0; i < s->ki.n; i++) {
		size_t off = nb.len;

		strbuf_add(&nb, s->car.buf + s->ki.v[i].off, s->ki.v[i].len);
		s->ki.v[i].off = off;
	}
	strbuf_free(&s->car);
	s->car = nb;
}

/* Sort by time, then swap a few neighbours: CloudTrail files are only
 * roughly ordered. */
static void
order(struct items *it, rng *r)
{
	qsort(it->v, it->n, sizeof(*it->v), cmp_item);
	for (size_t i = 0; i + 1 < it->n; i++) {
		if (rng_chance(r, 0.08)) {
			struct item t = it->v[i];

			it->v[i] = it->v[i + 1];
			it->v[i + 1] = t;
			i++;
		}
	}
}

static void
assemble(deliver *d, struct sstate *s, const struct items *it, int64_t *oldest,
         int64_t *newest)
{
	strbuf_reset(&d->file);
	strbuf_adds(&d->file, "{\"Records\":[");
	*oldest = INT64_MAX;
	*newest = INT64_MIN;
	for (size_t i = 0; i < it->n; i++) {
		const struct item *e = &it->v[i];
		const strbuf *b = e->carry ? &s->car : &s->cur;

		if (i) {
			strbuf_addc(&d->file, ',');
		}
		strbuf_add(&d->file, b->buf + e->off, e->len);
		*oldest = e->t < *oldest ? e->t : *oldest;
		*newest = e->t > *newest ? e->t : *newest;
	}
	strbuf_adds(&d->file, "]}");
}

static char *
full_path(deliver *d, const char *org, const struct stream *st,
          int64_t delivered, const char *uniq, char **key)
{
	strbuf k;

	strbuf_init(&k);
	layout_log_key(&k, org, d->w->accts[st->acct].id, st->region, delivered,
	               uniq);
	*key = strbuf_detach(&k, NULL);
	return xasprintf("%s/logs/%s", d->o->out, *key);
}

static int
write_file(deliver *d, int si, int64_t k, int64_t oldest, int64_t newest)
{
	const struct stream *st = &d->w->streams[si];
	struct sstate *s = &d->ss[si];
	int64_t delivered;
	char uniq[17], sha[65];
	char *keys[2] = {NULL, NULL}, *paths[2] = {NULL, NULL};
	int rc = TS_OK;
	size_t len;
	rng r;

	rng_derive(&r, d->w->seed, TAG_FILE, (uint64_t)si, (uint64_t)k);
	delivered =
	        d->w->start + (k + 1) * SLOT_MS + rng_range(&r, 70, 330) * 1000;
	rng_chars(&r, uniq, 16, RNG_ALNUM);
	if (d->o->layout & LAYOUT_ACCOUNT) {
		paths[0] = full_path(d, NULL, st, delivered, uniq, &keys[0]);
	}
	if (d->o->layout & LAYOUT_ORG) {
		paths[1] = full_path(d, d->w->org_id, st, delivered, uniq,
		                     &keys[1]);
	}
	if (d->o->digests) {
		gsha256_hex(d->file.buf, d->file.len, sha);
	}
	for (int i = 0; i < 2 && rc == TS_OK; i++) {
		if (paths[i]) {
			rc = layout_mkdirs(paths[i], d->err);
		}
		if (rc == TS_OK && s->dg[i]) {
			rc = digest_add(s->dg[i], keys[i], sha, oldest, newest,
			                delivered, d->err);
		}
	}
	d->res->n_files++;
	d->res->json_bytes += d->file.len;
	if (paths[0] == NULL) {
		paths[0] = paths[1];
		paths[1] = NULL;
	}
	len = d->file.len;
	spool_put(d->sp, strbuf_detach(&d->file, NULL), len, paths[0],
	          paths[1]);
	free(keys[0]), free(keys[1]);
	return rc;
}

/* Write stream si's file for slot k, if it has any records. */
static int
flush_stream(deliver *d, int si, int64_t k)
{
	struct sstate *s = &d->ss[si];
	int64_t oldest, newest;
	int rc;
	rng r;

	if (s->ci.n == 0 && s->ki.n == 0) {
		return TS_OK;
	}
	take_due(s, k, &s->ci);
	if (s->ci.n == 0) {
		compact_carry(s);
		return TS_OK;
	}
	rng_derive(&r, d->w->seed, TAG_FILE + 1, (uint64_t)si, (uint64_t)k);
	order(&s->ci, &r);
	assemble(d, s, &s->ci, &oldest, &newest);
	rc = write_file(d, si, k, oldest, newest);
	s->ci.n = 0;
	strbuf_reset(&s->cur);
	compact_carry(s);
	return rc;
}

static void
make_chains(deliver *d, int si)
{
	const world *w = d->w;
	const struct stream *st = &w->streams[si];
	const char *acct = w->accts[st->acct].id;
	char *out = xasprintf("%s/logs", d->o->out);
	char *bucket;
	rng r;

	rng_derive(&r, w->seed, 0x627563, (uint64_t)st->acct, 0);
	if (d->o->layout & LAYOUT_ACCOUNT) {
		char h[9];

		rng_hex(&r, h, 8);
		bucket = xasprintf("aws-cloudtrail-logs-%s-%s", acct, h);
		d->ss[si].dg[0] = digest_new(out, NULL, acct, st->region,
		                             "management-events", "us-east-1",
		                             bucket, w->seed);
		free(bucket);
	}
	if (d->o->layout & LAYOUT_ORG) {
		bucket = xasprintf("org-cloudtrail-%s-logs", w->accts[0].id);
		d->ss[si].dg[1] = digest_new(out, w->org_id, acct, st->region,
		                             "organization-trail", "us-east-1",
		                             bucket, w->seed ^ 1);
		free(bucket);
	}
	free(out);
}

static deliver *
setup(world *w, const struct dl_opts *o, struct dl_result *res, ts_err *err)
{
	deliver *d = xcalloc(1, sizeof(*d));

	d->w = w;
	d->o = o;
	d->res = res;
	d->err = err;
	d->ss = xcalloc((size_t)w->n_streams, sizeof(*d->ss));
	d->sp = spool_new(o->threads);
	for (int i = 0; i < w->n_streams; i++) {
		if (o->digests) {
			make_chains(d, i);
		}
	}
	return d;
}

static int
cmp_count(const void *pa, const void *pb)
{
	const struct dl_count *a = pa, *b = pb;
	int c = strcmp(a->source, b->source);

	return c ? c : strcmp(a->name, b->name);
}

static void
take_counts(deliver *d)
{
	struct dl_result *res = d->res;

	res->counts = xcalloc(COUNT_SLOTS, sizeof(*res->counts));
	for (int i = 0; i < COUNT_SLOTS; i++) {
		if (d->counts[i].source) {
			res->counts[res->n_counts++] = d->counts[i];
		}
	}
	qsort(res->counts, (size_t)res->n_counts, sizeof(*res->counts),
	      cmp_count);
}

static int
teardown(deliver *d, int rc)
{
	for (int i = 0; i < d->w->n_streams; i++) {
		struct sstate *s = &d->ss[i];

		for (int j = 0; j < 2; j++) {
			if (digest_finish(s->dg[j], d->err) != TS_OK) {
				rc = TS_FATAL;
			}
		}
		strbuf_free(&s->cur), strbuf_free(&s->car);
		free(s->ci.v), free(s->ki.v);
	}
	if (spool_finish(d->sp, d->err) != TS_OK) {
		rc = TS_FATAL;
	}
	d->res->n_digests = digest_count();
	take_counts(d);
	for (int i = 0; i < N_SCRATCH; i++) {
		strbuf_free(&d->scratch[i]);
	}
	strbuf_free(&d->file), strbuf_free(&d->path);
	free(d->ss);
	free(d);
	return rc;
}

static int
carry_left(const deliver *d)
{
	for (int i = 0; i < d->w->n_streams; i++) {
		if (d->ss[i].ki.n) {
			return 1;
		}
	}
	return 0;
}

int
deliver_run(world *w, const struct dl_opts *o, struct dl_result *res,
            ts_err *err)
{
	deliver *d;
	bg *b = bg_new(w);
	int64_t n_slots = (w->end - w->start) / SLOT_MS;
	size_t ai = 0;
	int rc = TS_OK;

	memset(res, 0, sizeof(*res));
	d = setup(w, o, res, err);
	for (int64_t k = 0; rc == TS_OK && (k < n_slots || carry_left(d));
	     k++) {
		int64_t t_end = w->start + (k + 1) * SLOT_MS;

		if (k < n_slots) {
			bg_slot(b, d, k, t_end - SLOT_MS);
		}
		for (; ai < w->n_acts && w->acts[ai].t < t_end; ai++) {
			idact_render(w, &w->acts[ai], d);
		}
		for (int si = 0; si < w->n_streams && rc == TS_OK; si++) {
			rc = flush_stream(d, si, k);
		}
	}
	bg_free(b);
	return teardown(d, rc);
}

void
deliver_result_free(struct dl_result *res)
{
	for (int i = 0; i < res->n_counts; i++) {
		free(res->counts[i].source), free(res->counts[i].name);
	}
	free(res->counts);
	memset(res, 0, sizeof(*res));
}

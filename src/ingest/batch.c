/* batch.c -- construction and release of batches and source records
 * (see batch.h).  `bytes` follows the memory a batch holds -- what is
 * allocated, slack included, not what is used -- because the pipeline's
 * back-pressure is measured in it.  Counting only the bytes used once
 * let 48 MB of accounted batches hold 480 MB (each compressed block kept
 * a buffer sized for its uncompressed input). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "json_tok.h"
#include "../util/tstime.h"
#include "../util/xmalloc.h"

struct srcinfo *
srcinfo_new(uint64_t seq, const char *path, const char *member)
{
	struct srcinfo *s = xcalloc(1, sizeof(*s));

	s->seq = seq;
	s->path = xstrdup(path);
	s->member = member ? xstrdup(member) : NULL;
	s->size = -1;
	s->mtime_ms = -1;
	s->kind = "unknown";
	s->status = "ok";
	s->key.day_ms = S3KEY_UNKNOWN;
	s->key.delivered_ms = S3KEY_UNKNOWN;
	return s;
}

char *
srcinfo_member_prefix(const char *member)
{
	return member ? xasprintf("%s!/", member) : xstrdup("");
}

char *
srcinfo_member_name(const char *prefix, const char *name)
{
	size_t n = strlen(prefix), len = strlen(name);
	char *out = xmalloc(n + 2 * len + 1);
	char *o = out + n;

	memcpy(out, prefix, n);
	for (size_t i = 0; i < len;) {
		size_t run = strspn(name + i, "!");

		if (run == 0) {
			*o++ = name[i++];
			continue;
		}
		memcpy(o, name + i, run);
		o += run;
		i += run;
		/* a "/" or the separator may follow: doubled, so that
		 * only the separator's "!" makes a run before "/" odd */
		if (name[i] == '/' || name[i] == '\0') {
			memset(o, '!', run);
			o += run;
		}
	}
	*o = '\0';
	return out;
}

void
srcinfo_free(struct srcinfo *s)
{
	if (s == NULL) {
		return;
	}
	free(s->path);
	free(s->member);
	free(s->error);
	free(s);
}

void
srcinfo_fail(struct srcinfo *s, const char *status, const char *fmt, ...)
{
	va_list ap;

	s->status = status;
	if (s->error != NULL) {
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&s->error, fmt, ap) < 0) {
		s->error = NULL;
	}
	va_end(ap);
}

void
srcinfo_changed(struct srcinfo *s, const char *why)
{
	char *was = s->error;

	s->status = "error";
	s->error = was ? xasprintf("%s; and %s", why, was) : xstrdup(why);
	free(was);
}

struct batch *
batch_new(struct srcinfo *src, int first)
{
	struct batch *b = xcalloc(1, sizeof(*b));

	b->src = src;
	b->first = first;
	b->bytes = sizeof(*b);
	batch_seal(b);
	return b;
}

void
batch_seal(struct batch *b)
{
	if (b->first && b->src != NULL) {
		b->src_size = b->src->size;
		b->src_kind = b->src->kind;
	}
}

void
batch_free(struct batch *b)
{
	if (b == NULL) {
		return;
	}
	strbuf_free(&b->arena);
	for (size_t i = 0; i < b->n_blocks; i++) {
		strbuf_free(&b->blocks[i].data);
	}
	for (size_t i = 0; i < b->n_rej; i++) {
		free(b->rej[i].reason);
		free(b->rej[i].raw);
	}
	for (size_t i = 0; i < b->n_docs; i++) {
		free(b->docs[i].json);
		strbuf_free(&b->docs[i].z);
		free(b->docs[i].account);
		free(b->docs[i].s3_object);
	}
	free(b->rows);
	free(b->strs);
	free(b->slots);
	free(b->blocks);
	free(b->rej);
	free(b->docs);
	if (b->final) {
		srcinfo_free(b->src);
	}
	free(b);
}

/* Grow an array of `size`-byte elements to hold one more. */
/* Room for element n of an array of `size`-byte elements; the growth
 * is added to b->bytes. */
static void *
grow(struct batch *b, void *p, size_t *cap, size_t n, size_t size)
{
	size_t old = *cap;

	if (n < *cap) {
		return p;
	}
	*cap = *cap ? *cap * 2 : 16;
	b->bytes += (*cap - old) * size;
	return xrealloc(p, *cap * size);
}

struct row *
batch_add_row(struct batch *b)
{
	struct row *r;

	b->rows = grow(b, b->rows, &b->cap_rows, b->n_rows, sizeof(struct row));
	r = &b->rows[b->n_rows++];
	memset(r, 0, sizeof(*r));
	return r;
}

struct block *
batch_add_block(struct batch *b)
{
	struct block *k;

	b->blocks = grow(b, b->blocks, &b->cap_blocks, b->n_blocks,
	                 sizeof(struct block));
	k = &b->blocks[b->n_blocks++];
	memset(k, 0, sizeof(*k));
	return k;
}

void
batch_add_rejected(struct batch *b, uint64_t record_no, uint64_t offset,
                   const char *reason, const char *raw, size_t raw_len)
{
	struct rejected *r;

	b->rej =
	        grow(b, b->rej, &b->cap_rej, b->n_rej, sizeof(struct rejected));
	r = &b->rej[b->n_rej++];
	r->record_no = record_no;
	r->offset = offset;
	r->reason = xstrdup(reason);
	r->raw = raw ? xmemdup(raw, raw_len) : NULL;
	r->raw_len = raw ? raw_len : 0;
	b->bytes += strlen(reason) + 1 + r->raw_len;
}

static char *
text_of(const json_tok *v)
{
	strbuf s;

	strbuf_init(&s);
	json_tok_unescape(v->p, v->len, &s);
	return strbuf_detach(&s, NULL);
}

/* A digest's columns (see struct doc), read here on a worker's thread:
 * the writer's json_extract() parsed every digest three times on its
 * own, and for a year of small files the writer is what the others
 * wait for.  The first member of a name counts, as for json_extract(). */
void
batch_digest_fields(struct doc *d)
{
	static const char *const names[] = {"digestStartTime", "digestEndTime",
	                                    "awsAccountId", "digestS3Object",
	                                    "logFiles"};
	json_tok_state t;
	json_tok k, v, e;
	int seen = 0, i;

	d->start_ms = d->end_ms = INT64_MIN;
	d->n_log_files = -1;
	d->account = d->s3_object = NULL;
	json_tok_init(&t, d->json, d->len);
	if (json_tok_next(&t, &k) != JT_OBJ_BEGIN) {
		return;
	}
	while (json_tok_next(&t, &k) == JT_KEY) {
		if (json_tok_next(&t, &v) == JT_ERROR) {
			return;
		}
		i = 0;
		while (i < 5 && !json_tok_eq(&k, names[i])) {
			i++;
		}
		if (i == 5 || (seen & 1 << i)) {
			/* not one of them, or not its first member */
		} else if (i < 2 && v.type == JT_STRING) {
			char *when = text_of(&v);
			int64_t *ms = i == 0 ? &d->start_ms : &d->end_ms;

			if (tstime_parse(when, strlen(when), ms) != 0) {
				*ms = INT64_MIN;
			}
			free(when);
		} else if (i == 2 && v.type == JT_STRING) {
			d->account = text_of(&v);
		} else if (i == 3 && v.type == JT_STRING) {
			d->s3_object = text_of(&v);
		} else if (i == 4 && v.type == JT_ARR_BEGIN) {
			int64_t n = 0;

			while (json_tok_next(&t, &e) != JT_ARR_END) {
				if (e.type == JT_ERROR || e.type == JT_END ||
				    json_tok_skip(&t, &e, NULL) == JT_ERROR) {
					return; /* not JSON after all */
				}
				n++;
			}
			d->n_log_files = n;
			seen |= 1 << i;
			continue;
		}
		if (i < 5) {
			seen |= 1 << i;
		}
		if (json_tok_skip(&t, &v, NULL) == JT_ERROR) {
			return;
		}
	}
}

void
batch_add_doc(struct batch *b, enum doc_table table, const char *type,
              uint64_t record_no, const char *json, size_t len)
{
	struct doc *d;

	b->docs = grow(b, b->docs, &b->cap_docs, b->n_docs, sizeof(struct doc));
	d = &b->docs[b->n_docs++];
	d->table = table;
	d->type = type;
	d->record_no = record_no;
	d->json = xstrndup(json, len);
	d->len = len;
	b->bytes += len + 1;
	d->start_ms = d->end_ms = INT64_MIN;
	d->n_log_files = -1;
	d->account = d->s3_object = NULL;
	if (table == DOC_DIGEST) {
		batch_digest_fields(d);
		b->bytes += (d->account ? strlen(d->account) + 1 : 0) +
		            (d->s3_object ? strlen(d->s3_object) + 1 : 0);
	}
	/* A digest is some 2 KiB of JSON, and a quiet account sends one an
	 * hour for each region: kept as text, they were half of the index
	 * of a year of small deliveries.  Each is one zstd frame (2.3 times
	 * smaller, as small as the gzip file it came in; with the built-in
	 * dictionary 3.5 times, a third smaller again), which
	 * document(json) reads back. */
	d->zcodec = 0;
	d->zdict = NULL;
	strbuf_init(&d->z);
	if (table == DOC_DIGEST && zblock_default_codec() == ZBLOCK_ZSTD &&
	    zblock_compress(ZBLOCK_ZSTD, json, len, 0, zdict_documents(),
	                    &d->z) == ZBLOCK_ZSTD) {
		d->zcodec = ZBLOCK_ZSTD;
		d->zdict = zdict_documents();
		b->bytes += d->z.cap;
	} else {
		strbuf_free(&d->z);
	}
}

uint32_t
batch_str(struct batch *b, const char *s, size_t len)
{
	uint32_t off = (uint32_t)b->arena.len;
	size_t cap = b->arena.cap;

	strbuf_add(&b->arena, s, len);
	strbuf_addc(&b->arena, '\0');
	b->bytes += b->arena.cap - cap;
	return off;
}

uint64_t
batch_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;

	while (n >= 8) {
		uint64_t v;

		memcpy(&v, s, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	while (n > 0) {
		h = (h ^ (unsigned char)*s++) * 0xc4ceb9fe1a85ec53ULL;
		n--;
	}
	h ^= h >> 29;
	return h ? h : 1;
}

/* Double the hash table and re-insert every string. */
static void
rehash(struct batch *b)
{
	uint32_t old = b->n_slots, n = old ? old * 2 : 256;

	free(b->slots);
	b->slots = xcalloc(n, sizeof(uint32_t));
	b->n_slots = n;
	for (uint32_t i = 0; i < b->n_strs; i++) {
		uint32_t k = (uint32_t)b->strs[i].hash & (n - 1);

		while (b->slots[k]) {
			k = (k + 1) & (n - 1);
		}
		b->slots[k] = i + 1;
	}
	b->bytes += (n - old) * sizeof(uint32_t);
}

uint32_t
batch_intern(struct batch *b, const char *s, size_t len)
{
	uint64_t h = batch_hash(s, len);
	uint32_t k, i;

	if ((b->n_strs + 1) * 2 > b->n_slots) {
		rehash(b);
	}
	for (k = (uint32_t)h & (b->n_slots - 1); b->slots[k];
	     k = (k + 1) & (b->n_slots - 1)) {
		const struct bstr *e = &b->strs[b->slots[k] - 1];

		if (e->hash == h && e->len == len &&
		    memcmp(b->arena.buf + e->off, s, len) == 0) {
			return b->slots[k] - 1;
		}
	}
	if (b->n_strs == b->cap_strs) {
		uint32_t old = b->cap_strs;

		b->cap_strs = old ? old * 2 : 64;
		b->strs = xrealloc(b->strs, b->cap_strs * sizeof(struct bstr));
		b->bytes += (b->cap_strs - old) * sizeof(struct bstr);
	}
	i = b->n_strs++;
	b->strs[i].off = batch_str(b, s, len);
	b->strs[i].len = (uint32_t)len;
	b->strs[i].hash = h;
	b->slots[k] = i + 1;
	return i;
}

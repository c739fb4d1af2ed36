/* batch.h -- what a worker hands to the index writer.
 *
 * A `srcinfo` describes one source (an input file or archive member) and
 * becomes one row of the `source` table.  A `batch` carries rows for the
 * `event` table, compressed raw-record blocks, rejected records and
 * documents (digests, snapshot items) of that source.  A big source comes
 * in several batches (parts) so memory stays bounded; the first part
 * makes the writer insert the source row, the last (final) one completes
 * it, and the writer commits only at source boundaries, so a source is
 * never half in the index.
 *
 * Ownership: the worker builds a batch and gives it away; the writer
 * frees it with batch_free().  All parts of a source share one srcinfo,
 * which the final batch owns and frees.  The worker goes on filling the
 * srcinfo while the writer stores the first parts, so until the final
 * part arrives the writer reads only what never changes (path, member,
 * seq, mtime, key) and the first part's copy of the rest (batch_seal). */
#ifndef TS_BATCH_H
#define TS_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "s3key.h"
#include "../index/zblock.h"
#include "../util/strbuf.h"

#define BATCH_NONE UINT32_MAX /* a NULL string column */

struct srcinfo {
	uint64_t seq;        /* processing order; the writer commits in it */
	uint64_t parent_seq; /* members: the archive's seq; else 0 */
	char *path;          /* file on disk ("-" for standard input) */
	char *member;        /* name inside the archive, or NULL */
	int64_t size;        /* bytes as found, -1 when unknown */
	int64_t mtime_ms;    /* modification time, -1 when unknown */
	char sha256[65];     /* hex digest of the bytes as found, or "" */
	const char *kind;    /* events | digest | insight | snapshot |
	                      * archive | link | not-cloudtrail | unknown */
	const char *format;  /* records | lookup-events | array | jsonl |
	                      * record | eventbridge | document | NULL */
	const char *compression; /* gzip | none | NULL */
	struct s3key key;        /* what the S3 path says */
	uint64_t n_records;      /* items found */
	uint64_t n_rejected;     /* items rejected (see rejected table) */
	uint64_t n_filtered;     /* events outside the filters */
	const char *status;      /* ok | partial | error | skipped */
	char *error;             /* why, when not ok (owned) */
	int archive_end;         /* this row completes archive parent_seq's
	                          * row instead of adding one */
	int unverified;          /* archive_end: the bundle's gzip check
	                          * failed, so its members are not verified */
	int top;                 /* one of the files walked (for progress) */
	int cut;                 /* the read was stopped by Ctrl-C or
	                          * SIGTERM: status error, so the next run
	                          * reads it again, but not a failure of
	                          * the input (not reported, not counted) */
	int stream;              /* read from a stream, or a member of a
	                          * bundle that was: no mtime tells it
	                          * unchanged, so it is always read */
	int repeated;            /* a member whose name came before in its
	                          * bundle or an enclosing one (tar -r
	                          * appends a file's new version so), a
	                          * member of such a repeated bundle, or the
	                          * first of several members under a name
	                          * when a read may have left it unread: rows
	                          * under the name may be the others', so it
	                          * is read, and the writer gives it a row of
	                          * its own unless a read of the same bundle
	                          * left one (see writer.c: member_row) */
	int unsure;              /* repeated as that first of several: a row
	                          * under the name that is not complete may
	                          * be its own */
	int reread;              /* a bundle whose last read found it
	                          * changed while read, or a member of one,
	                          * or a member whose latest row is under
	                          * another row of its bundle than own_row
	                          * (of an earlier version of the bundle,
	                          * changed since): not passed over as known
	                          * by its name, size and mtime, and a row
	                          * not under own_row is taken for it only
	                          * for the same digest (the producer hashes
	                          * one it reads whole) */
	int fresh;               /* a bundle whose row this run may be a
	                          * new one (changed, or not read before), or
	                          * a bundle inside such a one: the first of
	                          * several members under a name is read and
	                          * gets a row under it, as the others do
	                          * (pipeline.c: member) */
	int64_t own_row;         /* a bundle not fresh: the row of the index
	                          * this read goes on in, its latest, whose
	                          * members' rows tell them by name, size
	                          * and mtime; else 0 */
	int passed;              /* no source: a member passed over as
	                          * known, whose row the writer only takes
	                          * (pipeline.c: passed_over) */
	char digest[65];         /* a repeated or reread member the
	                          * producer read whole:
	                          * the hex SHA-256 of its bytes, by which the
	                          * writer tells its row as it opens it
	                          * (sha256 is the worker's until the final
	                          * part); else "" */
	int64_t row_id;          /* writer: source.id once inserted */
	int64_t path_key;        /* writer: source.path_key of its row */
};

/* A string column value, stored once per batch (see batch_intern). */
struct bstr {
	uint32_t off;  /* bytes in batch.arena */
	uint32_t len;  /* their length */
	uint64_t hash; /* batch_hash() of the bytes */
};

/* One event row; strings are indexes into batch.strs. */
struct row {
	int64_t time_ms;             /* eventTime */
	uint32_t str[N_RECORD_COLS]; /* batch.strs index, or BATCH_NONE */
	uint32_t eid;                /* eventID bytes in arena */
	uint16_t eid_len;            /* 16 = UUID blob, else text length */
	uint8_t eid_blob;            /* eid is the 16-byte UUID form */
	uint8_t rid_blob;            /* rid likewise */
	uint32_t rid;                /* requestID bytes, or BATCH_NONE */
	uint16_t rid_len;
	int8_t read_only;    /* 1, 0, -1 = NULL */
	uint64_t record_no;  /* 1-based item number in the source */
	uint64_t raw_offset; /* item offset in the decompressed
	                      * source */
	uint32_t block;      /* index in batch.blocks */
	uint32_t block_off;  /* offset in the uncompressed block */
	uint32_t raw_len;    /* length in the block */
};

/* A compressed raw-record block (see zblock.h). */
struct block {
	strbuf data;       /* compressed bytes */
	int codec;         /* ZBLOCK_STORED, ZBLOCK_DEFLATE or ZBLOCK_ZSTD */
	size_t ulen;       /* uncompressed length */
	const zdict *dict; /* the dictionary it was compressed with, or
	                    * NULL (owned by the pipeline's ztrainer) */
};

/* A record that could not be indexed. */
struct rejected {
	uint64_t record_no; /* 1-based item number */
	uint64_t offset;    /* offset in the decompressed source */
	char *reason;       /* one line (owned) */
	char *raw;          /* the bytes, when kept (owned), or NULL */
	size_t raw_len;
};

/* A whole JSON document stored as found: a digest or a snapshot item. */
enum doc_table { DOC_DIGEST, DOC_SNAPSHOT, DOC_INSIGHT };

struct doc {
	enum doc_table table; /* where it goes */
	const char *type;     /* snapshot: users | groups | ... */
	uint64_t record_no;   /* 1-based item number in the source */
	char *json;           /* the document (owned) */
	size_t len;
	int zcodec;         /* digests: ZBLOCK_ZSTD when z holds it
	                     * compressed, else 0 */
	strbuf z;           /* ... the zstd frame */
	const zdict *zdict; /* ... compressed with this, or NULL */
	/* Digests: their columns, read by the worker (INT64_MIN, -1 or
	 * NULL when the digest has no such value of the usual type; the
	 * writer's SQL then looks for itself). */
	int64_t start_ms, end_ms; /* digestStartTime, digestEndTime */
	int64_t n_log_files;      /* length of the logFiles array */
	char *account;            /* awsAccountId (owned) */
	char *s3_object;          /* digestS3Object (owned) */
};

struct batch {
	struct srcinfo *src;  /* the source (owned by the final batch) */
	int first;            /* first part: the writer inserts src */
	int final;            /* last part: the writer completes src */
	int64_t src_size;     /* first: src->size when handed over */
	const char *src_kind; /* first: src->kind when handed over */
	struct row *rows;     /* event rows */
	size_t n_rows, cap_rows;
	strbuf arena;      /* strings and ids of rows */
	struct bstr *strs; /* distinct strings of the rows */
	uint32_t n_strs, cap_strs;
	uint32_t *slots;      /* hash table over strs (index + 1, 0 = free) */
	uint32_t n_slots;     /* a power of two */
	struct block *blocks; /* raw-record blocks rows point into */
	size_t n_blocks, cap_blocks;
	struct rejected *rej; /* rejected records */
	size_t n_rej, cap_rej;
	struct doc *docs; /* digests and snapshot items */
	size_t n_docs, cap_docs;
	size_t bytes;       /* memory held, for back-pressure */
	struct batch *next; /* link in the writer's queue */
};

struct srcinfo *srcinfo_new(uint64_t seq, const char *path, const char *member);
void srcinfo_free(struct srcinfo *s);
/* What the names of a bundle's members start with: "" for a bundle on
 * disk, "MEMBER!/" for one read as `member` of another (caller frees). */
char *srcinfo_member_prefix(const char *member);
/* The name in the index of member `name` (as the bundle gives it) of a
 * bundle whose members' names start with `prefix`: a run of "!" in
 * `name` that a "/" follows, or that ends it, is written twice as long,
 * so that a "/" after an odd run is the separator and nothing else: a
 * member named "x.tar!/a" is "x.tar!!/a", never member a of member
 * x.tar (caller frees). */
char *srcinfo_member_name(const char *prefix, const char *name);
/* Set status and, the first time only, the error message. */
void srcinfo_fail(struct srcinfo *s, const char *status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* The source changed while it was read (see filestamp.h): status error,
 * whatever the read found, so that the next run reads it again; `why`
 * leads its error text, before what the read said. */
void srcinfo_changed(struct srcinfo *s, const char *why);

/* A batch of src; `first` for its first part.  Sealed (see batch_seal). */
struct batch *batch_new(struct srcinfo *src, int first);
/* Copy into a first part what the writer reads of its srcinfo when it
 * opens the source's row, to be called by the thread that fills the
 * srcinfo just before it hands b over: the writer must not read the
 * srcinfo's size and kind, which that thread may still change, before
 * the final part. */
void batch_seal(struct batch *b);
/* Frees the batch, and its srcinfo when the batch is final. */
void batch_free(struct batch *b);
struct row *batch_add_row(struct batch *b);
struct block *batch_add_block(struct batch *b);
void batch_add_rejected(struct batch *b, uint64_t record_no, uint64_t offset,
                        const char *reason, const char *raw, size_t raw_len);
void batch_add_doc(struct batch *b, enum doc_table table, const char *type,
                   uint64_t record_no, const char *json, size_t len);
/* A digest's columns (struct doc's start_ms to s3_object) from d->json,
 * as batch_add_doc() stores them; `trailsift check` reads them again.
 * The caller frees d->account and d->s3_object. */
void batch_digest_fields(struct doc *d);
/* Append bytes to the arena; returns their offset. */
uint32_t batch_str(struct batch *b, const char *s, size_t len);
/* The index in b->strs of string s[0..len), added when new.  Workers
 * de-duplicate column strings here, so the index writer -- the one
 * thread everything waits for -- interns each distinct string of a batch
 * once instead of once per row and column. */
uint32_t batch_intern(struct batch *b, const char *s, size_t len);
/* The hash used for strings, shared with the writer's intern table. */
uint64_t batch_hash(const char *s, size_t len);

#endif

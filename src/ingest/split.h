/* split.h -- cut a decompressed JSON stream into items (records).
 *
 * A CloudTrail source is one of: {"Records":[...]} (delivery files),
 * {"Events":[...]} (aws cloudtrail lookup-events), a top-level array of
 * records, JSON Lines (one value per line, any of the above per line),
 * a single record or EventBridge envelope, or a whole document such as a
 * digest.  The splitter sees the stream in chunks of any size and emits
 * each item -- an element of the container array, or a whole top-level
 * value -- as soon as its last byte arrives, with its offset in the
 * stream and the container it came from.  Memory stays bounded by the
 * largest item (capped at max_item; bigger items are skipped, not
 * buffered, and reported).
 *
 * The splitter only tracks structure: strings (with escapes) and the
 * nesting of {} and [].  Full validation of each item is json_tok's job,
 * so a syntax error inside one record costs that record only.  A
 * structural error -- a stray byte between array elements, unbalanced
 * brackets, the stream ending inside an item -- stops the stream: items
 * emitted before it stand.  In JSON Lines a line that is not JSON is
 * reported and skipped, and splitting goes on with the next line; so is
 * a line whose object does not end on it (cut short, a bracket missing
 * or unmatched), as an item with a problem, when the stream is plainly
 * JSON Lines (see bad_line() in split.c for when that is).
 *
 * Container keys: when a top-level object's FIRST member is one of
 * Records, Events, Users, Groups, GroupMemberships, AccountAssignments
 * and holds an array, each element is an item and the other members of
 * the object are skipped.  When it is PermissionSet (aws sso-admin
 * describe-permission-set) and holds an object, that object is the one
 * item.  Any other top-level object is one item.
 *
 * Zero-copy input: split_space() hands out room at the end of the
 * internal buffer so an inflater can write into it directly, and
 * split_commit() then scans what was written. */
#ifndef TS_SPLIT_H
#define TS_SPLIT_H

#include <stddef.h>
#include <stdint.h>

/* Where an item came from. */
typedef enum split_container {
	SPLIT_TOP,            /* a top-level value (single doc or JSON Lines) */
	SPLIT_ARRAY,          /* an element of a top-level array */
	SPLIT_RECORDS,        /* {"Records":[...]} */
	SPLIT_EVENTS,         /* {"Events":[...]} (lookup-events) */
	SPLIT_USERS,          /* {"Users":[...]} (identitystore list-users) */
	SPLIT_GROUPS,         /* {"Groups":[...]} */
	SPLIT_MEMBERSHIPS,    /* {"GroupMemberships":[...]} */
	SPLIT_ASSIGNMENTS,    /* {"AccountAssignments":[...]} */
	SPLIT_PERMISSION_SET, /* {"PermissionSet":{...}}: the object */
	/* aws iam get-account-authorization-details: one object whose
	 * members are lists, each split in turn, in any order */
	SPLIT_IAM_USERS,    /* "UserDetailList":[...] */
	SPLIT_IAM_GROUPS,   /* "GroupDetailList":[...] */
	SPLIT_IAM_ROLES,    /* "RoleDetailList":[...] */
	SPLIT_IAM_POLICIES, /* "Policies":[...] */
} split_container;

/* One item, valid only during the callback. */
typedef struct split_item {
	const char *p;        /* the item's bytes (NULL if oversized) */
	size_t len;           /* its length */
	uint64_t off;         /* stream offset of its first byte */
	uint64_t no;          /* 1-based item number in the stream */
	split_container from; /* container it came from */
	int top_index;        /* which top-level value (0-based) holds it */
	const char *problem;  /* non-NULL: the item is unusable (too large,
	                       * not JSON); p may be NULL */
	int measured;         /* its end came from the measure callback,
	                       * called on these bytes just before */
} split_item;

/* Called for every item; return 0 to go on, non-zero to stop. */
typedef int (*split_fn)(void *ctx, const split_item *item);

typedef struct splitter splitter;

/* max_item: largest item kept in memory (bytes). */
splitter *split_new(size_t max_item, split_fn fn, void *ctx);
void split_free(splitter *s); /* NULL is a no-op */

/* Optional: given the bytes from an object item's '{' to the end of the
 * buffer, return the item's length, or 0 when that cannot be told (the
 * object is cut by the buffer's end, or malformed).  A parser that must
 * read every byte of the item anyway saves the splitter its own scan;
 * on 0 the splitter scans as usual.  Called with the splitter's ctx. */
typedef size_t (*split_measure_fn)(void *ctx, const char *p, size_t avail);
void split_set_measure(splitter *s, split_measure_fn fn);
/* Before the first bytes: they sit at offset `off` of the stream (bytes
 * before them, such as a byte-order mark, were not fed), so that every
 * offset reported counts from the stream's start. */
void split_set_offset(splitter *s, uint64_t off);

/* Get room for at least `want` bytes; returns a pointer and sets *avail
 * (>= want).  Valid until the next call into the splitter. */
char *split_space(splitter *s, size_t want, size_t *avail);
/* Scan the n bytes just written into the space; may emit items.
 * Returns 0, or -1 after a structural error or a stop by the callback. */
int split_commit(splitter *s, size_t n);
/* Convenience: copy and commit. */
int split_feed(splitter *s, const void *p, size_t n);
/* End of stream: emit a final JSON Lines value without a newline, and
 * report a stream that ends inside an item.  Returns 0 or -1. */
int split_finish(splitter *s);

/* After -1: message ("invalid JSON at offset N: ...") and offset. */
const char *split_error(const splitter *s);
uint64_t split_error_offset(const splitter *s);
/* The first container seen (what the source looks like). */
split_container split_first_container(const splitter *s);
/* Bytes scanned so far, and items emitted. */
uint64_t split_offset(const splitter *s);
uint64_t split_items(const splitter *s);
/* True when the stream held more than one top-level value (JSON Lines). */
int split_multi_top(const splitter *s);
/* True if the stream so far held nothing but whitespace. */
int split_empty(const splitter *s);

/* Does p[0..n) begin with one whole object on its line ('{' to '}',
 * whitespace after it)?  Without a newline in p, only when complete
 * (p runs to the end of the data).  What tells JSON Lines. */
int split_whole_line(const char *p, size_t n, int complete);

#endif

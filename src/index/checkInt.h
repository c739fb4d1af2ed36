/* checkInt.h -- what check.c, checkrec.c, checkacct.c and checksrc.c
 * share (see check.h).  check.c owns the checker, drives the stages and
 * reads the events and blocks; the others report through
 * check_problem(). */
#ifndef TS_CHECK_INT_H
#define TS_CHECK_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "check.h"
#include "rawrec.h"
#include "../ingest/record.h"
#include "../util/strbuf.h"

struct checker {
	sqlite3 *db;                /* the index, read-only; not owned */
	const struct check_opts *o; /* options and callbacks */
	struct check_stats *st;     /* counts */
	int version;                /* the index's schema version */
	strbuf line;                /* the problem being written */
};

/* Hand one problem line, from printf-style arguments, to o->problem
 * and count it. */
void check_problem(struct checker *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Append p[0..len) to sb as a value a line may quote: in single quotes,
 * made visible (strbuf_add_visible_exact()), cut after
 * CHECK_VALUE_MAX bytes with "..." after the quote. */
#define CHECK_VALUE_MAX 160
void check_value(strbuf *sb, const char *p, size_t len);

/* Call o->progress, if any, with the stage named. */
void check_progress(struct checker *c, const char *stage);

/* The columns of the event rows check.c reads, in their order. */
enum {
	EV_ID,
	EV_TIME,
	EV_STR, /* the N_RECORD_COLS str.id columns, in record_col order */
	EV_READ_ONLY = EV_STR + N_RECORD_COLS,
	EV_EID,
	EV_RID,
	EV_SOURCE,
	EV_BLOCK,
	EV_OFF,
	EV_LEN,
};

/* The event row being read (check.c). */
struct check_event {
	sqlite3_stmt *ev; /* its row, the EV_ columns */
	int64_t id;       /* event.id */
	int has_eid;      /* it has an eid, in `eid` */
	strbuf eid;       /* its eid as text (rawrec_id_column()) */
	int named;        /* `name` is made */
	strbuf name;      /* "event EID (id ID)" */
};

/* Append "source ID ('PATH'[: 'MEMBER'])" to sb: the row at st, its
 * path and member in columns col and col + 1. */
void check_source_name(strbuf *sb, sqlite3_stmt *st, int64_t id, int col);

/* "event EID (id ID)", how a line names an event, into sb: eid[0..len)
 * being its eventID as text (made visible here). */
void check_event_label(strbuf *sb, const char *eid, size_t len, int64_t id);

/* e's label, made when first asked for. */
const char *check_event_name(struct check_event *e);

/* 3. (checkrec.c): checkrec_event() compares event row e, whose record
 * lies in the uncompressed block b (raw_block `block`), with that
 * record, counting st->events_checked. */
struct checkrec;
struct checkrec *checkrec_new(struct checker *c);
void checkrec_event(struct checkrec *cr, struct check_event *e, const strbuf *b,
                    int64_t block);
void checkrec_free(struct checkrec *cr); /* NULL is a no-op */

/* The accounting of 4. (checkacct.c): checkacct_new() before the
 * events are read, checkacct_event() for each of them in id order (its
 * source_id in column col of ev; eid[0..len) and id name it),
 * checkacct_finish() after the last, which reports and frees. */
struct checkacct;
struct checkacct *checkacct_new(struct checker *c);
void checkacct_event(struct checkacct *a, sqlite3_stmt *ev, int col,
                     const char *eid, size_t len, int64_t id);
void checkacct_finish(struct checkacct *a);

/* 5. (checkdoc.c): the digest, insight and snapshot rows against their
 * documents, and each source's n_documents. */
void checkdoc_run(struct checker *c);

/* 6. (checksrc.c): every top-level source row with a SHA-256 against
 * the file at its path now. */
void checksrc_run(struct checker *c);

#endif

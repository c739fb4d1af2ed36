/* cmd_show.c -- `trailsift show`: an event's original record, byte for
 * byte, with where it came from when asked. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "index/index.h"
#include "index/rawrec.h"
#include "ingest/record.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Row id of the event whose eid is the bound parameter, 0 when there
 * is none, -1 when the index cannot be read (damaged: the statement's
 * error says how). */
static int64_t
lookup(sqlite3_stmt *st)
{
	int64_t row = 0;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		row = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		row = -1;
	}
	/* on an error, the caller reads sqlite3_errmsg() first, then
	 * resets */
	if (row >= 0) {
		sqlite3_reset(st);
	}
	return row;
}

/* Row id of the event with eventID id[0..n), 0 or -1 (see lookup).  A
 * UUID is stored as 16 bytes when the record had it in lower case, else
 * as its text: one typed in the other case is found either way. */
static int64_t
find_id(sqlite3_stmt *st, const char *id, size_t n)
{
	char other[37];
	uint8_t u[16];
	int64_t row;

	sqlite3_bind_text(st, 1, id, (int)n, SQLITE_TRANSIENT);
	if ((row = lookup(st)) != 0 || n != 36) {
		return row;
	}
	for (size_t i = 0; i < n; i++) {
		other[i] = (char)tolower((unsigned char)id[i]);
	}
	other[36] = '\0';
	if (!record_uuid16(other, 36, u)) {
		return 0;
	}
	sqlite3_bind_blob(st, 1, u, 16, SQLITE_TRANSIENT);
	if ((row = lookup(st)) != 0) {
		return row;
	}
	for (size_t i = 0; i < n; i++) {
		other[i] = (char)toupper((unsigned char)id[i]);
	}
	sqlite3_bind_text(st, 1, other, (int)n, SQLITE_TRANSIENT);
	return lookup(st);
}

/* id without the white space around it, which a copy from a terminal
 * or a list with CRLF line ends brings along and no eventID has: its
 * start, and its length in *n. */
static const char *
trim(const char *id, size_t *n)
{
	size_t end = strlen(id);

	while (isspace((unsigned char)*id)) {
		id++;
		end--;
	}
	while (end > 0 && isspace((unsigned char)id[end - 1])) {
		end--;
	}
	*n = end;
	return id;
}

/* Row id of the event with this eventID, 0 or -1 (see lookup): as
 * typed, else trimmed (trim()). */
static int64_t
find_event(sqlite3_stmt *st, const char *id)
{
	size_t n;
	const char *t = trim(id, &n);
	int64_t row = find_id(st, id, strlen(id));

	if (row != 0 || n == strlen(id)) {
		return row;
	}
	return find_id(st, t, n);
}

/* The eid in column col of st as text: a 16-byte one as the canonical
 * UUID (in buf), else as stored. */
static const char *
eid_text(sqlite3_stmt *st, int col, char buf[37])
{
	if (sqlite3_column_type(st, col) == SQLITE_BLOB &&
	    sqlite3_column_bytes(st, col) == 16) {
		record_uuid_format(sqlite3_column_blob(st, col), buf);
		return buf;
	}
	return (const char *)sqlite3_column_text(st, col);
}

/* The 16-byte range of UUIDs whose canonical form starts with p[0..n)
 * (any case): [lo, hi), lo and hi 17 bytes at most (hi 17 bytes of 0xff
 * when nothing bounds it).  The lengths, or 0 when p is no such
 * prefix. */
static size_t
uuid_range(const char *p, size_t n, uint8_t lo[17], uint8_t hi[17],
           size_t *hi_len)
{
	size_t k = 0; /* hex digits */
	int carry = 1;

	if (n == 0 || n > 36) {
		return 0;
	}
	memset(lo, 0, 17);
	for (size_t j = 0; j < n; j++) {
		int c = tolower((unsigned char)p[j]), v;

		if (j == 8 || j == 13 || j == 18 || j == 23) {
			if (c != '-') {
				return 0;
			}
			continue;
		}
		if (c >= '0' && c <= '9') {
			v = c - '0';
		} else if (c >= 'a' && c <= 'f') {
			v = c - 'a' + 10;
		} else {
			return 0;
		}
		lo[k / 2] |= (uint8_t)(k % 2 ? v : v << 4);
		k++;
	}
	if (k == 0) {
		return 0;
	}
	/* hi: lo plus one in its last digit, carried */
	memcpy(hi, lo, 17);
	for (size_t b = (k + 1) / 2; b-- > 0 && carry;) {
		int add = b == (k - 1) / 2 && k % 2 ? 0x10 : 1;
		int v = hi[b] + add;

		hi[b] = (uint8_t)v;
		carry = v > 0xff;
	}
	*hi_len = (k + 1) / 2;
	if (carry) {
		memset(hi, 0xff, 17);
		*hi_len = 17;
	}
	return (k + 1) / 2;
}

/* After "no event": the eventIDs that start with id, if any, so that a
 * prefix copied from a narrow column leads to the event ("; IDs are
 * matched whole, and 1 starts with it: ..."), or "". */
static void
prefix_hint(sqlite3 *db, const char *id, strbuf *hint)
{
	static const char sql[] =
	        "SELECT eid, (SELECT count(*) FROM (SELECT 1 FROM event "
	        "WHERE eid >= ?1 AND eid < ?2 LIMIT 1000)) FROM event "
	        "WHERE eid >= ?1 AND eid < ?2 ORDER BY eid LIMIT 3";
	sqlite3_stmt *st = NULL;
	uint8_t lo[17], hi[17];
	size_t n, lo_len, hi_len = 0;
	int64_t count = 0;
	int capped = 0; /* a pass counted up to its limit */
	int shown = 0;

	id = trim(id, &n);
	/* a shorter one matches too much to help */
	if (n < 4 || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return;
	}
	lo_len = uuid_range(id, n, lo, hi, &hi_len);
	/* 0: text as typed; 1: a UUID stored as 16 bytes; 2: one stored as
	 * text in upper case (the record had it so) */
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 1) {
			if (lo_len == 0) {
				continue;
			}
			sqlite3_bind_blob(st, 1, lo, (int)lo_len,
			                  SQLITE_TRANSIENT);
			sqlite3_bind_blob(st, 2, hi, (int)hi_len,
			                  SQLITE_TRANSIENT);
		} else {
			/* as text: [p, p with its last byte + 1) */
			char *p = xstrndup(id, n), *up;

			for (size_t j = 0; pass == 2 && j < n; j++) {
				p[j] = (char)toupper((unsigned char)p[j]);
			}
			if ((pass == 2 &&
			     (lo_len == 0 || memcmp(p, id, n) == 0)) ||
			    (unsigned char)p[n - 1] == 0xff) {
				free(p);
				continue;
			}
			up = xstrndup(p, n);
			up[n - 1]++;
			sqlite3_bind_text(st, 1, p, (int)n, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, up, (int)n, SQLITE_TRANSIENT);
			free(p);
			free(up);
		}
		for (int first = 1; sqlite3_step(st) == SQLITE_ROW; first = 0) {
			char uuid[37];
			const char *e = eid_text(st, 0, uuid);

			if (first) { /* the pass's count, on each of its rows */
				count += sqlite3_column_int64(st, 1);
				capped |= sqlite3_column_int64(st, 1) >= 1000;
			}
			strbuf_adds(hint, shown++ ? ", " : "");
			strbuf_adds(hint, e ? e : "");
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (shown > 0) {
		strbuf list = *hint;

		strbuf_init(hint);
		strbuf_addf(hint,
		            "; IDs are matched whole, and %s%lld start%s with "
		            "it: %s%s",
		            capped ? "at least " : "", (long long)count,
		            count == 1 ? "s" : "", strbuf_str(&list),
		            count > shown ? ", ..." : "");
		strbuf_free(&list);
	}
}

/* v made visible (strbuf_add_visible_exact()), or `none` when NULL.
 * Every value of a provenance line goes through here: paths and member
 * names come from whoever made the files, and a hostile index can hold
 * anything in any column, so a newline or an escape sequence must not
 * forge a provenance line or reach the terminal. */
static void
visible(strbuf *sb, const unsigned char *v, const char *none)
{
	if (v == NULL) {
		strbuf_adds(sb, none);
		return;
	}
	strbuf_add_visible_exact(sb, (const char *)v, strlen((const char *)v));
}

/* One "# label: value" line, the value made visible. */
static void
field(const char *label, const unsigned char *v, const char *none)
{
	strbuf sb;

	strbuf_init(&sb);
	visible(&sb, v, none);
	printf("# %s: %s\n", label, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* The provenance lines; the event id is the one stored, whatever case
 * and white space it was typed with.  0, or -1 when they cannot be
 * read (the index damaged), said on stderr naming the ID typed: the
 * record alone must not pass for a record with its provenance. */
static int
provenance(sqlite3 *db, int64_t row, const char *typed)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(db,
	                       "SELECT s.path, s.member, e.record_no, "
	                       "e.raw_offset, s.sha256, s.kind, s.format, "
	                       "e.eid, s.status, s.error "
	                       "FROM event e JOIN source s ON s.id = "
	                       "e.source_id WHERE e.id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		ts_warnx("show: %s: eventID '%s': no provenance: %s", cli_db,
		         typed, sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, row);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char uuid[37];
		strbuf rec;

		field("event_id", (const unsigned char *)eid_text(st, 7, uuid),
		      "");
		field("source", sqlite3_column_text(st, 0), "");
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			field("member", sqlite3_column_text(st, 1), "");
		}
		strbuf_init(&rec);
		strbuf_addf(&rec,
		            "%lld (byte offset %lld of the decompressed "
		            "source, format ",
		            (long long)sqlite3_column_int64(st, 2),
		            (long long)sqlite3_column_int64(st, 3));
		visible(&rec, sqlite3_column_text(st, 6), "unknown");
		printf("# record: %s)\n", strbuf_str(&rec));
		strbuf_free(&rec);
		field("source_sha256", sqlite3_column_text(st, 4),
		      "(not hashed)");
		/* a source not read cleanly (a failed gzip check, a cut
		 * file): this copy may be the damaged one; a clean copy of
		 * other bytes is in `rejected` (see ingest) */
		if (sqlite3_column_type(st, 8) != SQLITE_NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 8), "ok") !=
		            0) {
			strbuf_init(&rec);
			visible(&rec, sqlite3_column_text(st, 8), "");
			strbuf_adds(&rec, ": ");
			visible(&rec, sqlite3_column_text(st, 9), "");
			printf("# source_status: %s\n", strbuf_str(&rec));
			strbuf_free(&rec);
		}
		rc = 0;
	} else {
		ts_warnx("show: %s: eventID '%s': no provenance: %s", cli_db,
		         typed,
		         step == SQLITE_DONE ? "its source is not in the index"
		                             : sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}

/* Can a record ingest stored hold the character cp at p[i]?  Not a C0
 * control other than the tab, line feed and carriage return JSON's
 * white space may hold (ingest refuses one in a string, and JSON has no
 * other place for it), nor a '#' that starts a line, spaces and tabs
 * aside (JSON has none outside strings, and a string holds no line
 * break): only a damaged or forged index's raw block has them, there to
 * drive a terminal or to make a line read as one of --provenance's. */
static int
never_stored(const unsigned char *p, size_t i, unsigned long cp)
{
	if (cp < 0x20) {
		return cp != '\t' && cp != '\n' && cp != '\r';
	}
	if (cp != '#') {
		return 0;
	}
	while (i > 0 && (p[i - 1] == ' ' || p[i - 1] == '\t')) {
		i--;
	}
	return i == 0 || p[i - 1] == '\n' || p[i - 1] == '\r';
}

/* The record.  What no stored record holds (never_stored(), or a byte
 * that is not UTF-8, which ingest refuses too) is written as an escape,
 * \u001b or \x9b, wherever the output goes: the promise of the bytes as
 * found is for records ingest stored.  On a terminal, so are the
 * characters a valid JSON string may hold as they are but a terminal
 * obeys: DEL, the C1 controls (U+009B is CSI, which xterm obeys as ESC
 * [), the bidirectional controls and the others utf8_risky() names, as
 * their \u escapes, which a JSON reader decodes to the same text;
 * anywhere else they go out as found. */
static void
put_record(const char *s, size_t len, int tty)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t from = 0;

	for (size_t i = 0; i < len;) {
		unsigned long cp;
		size_t n = utf8_char(p + i, len - i, &cp);

		if (n > 0 && !never_stored(p, i, cp) &&
		    !(tty && (cp == 0x7f || utf8_risky(cp)))) {
			i += n;
			continue;
		}
		fwrite(s + from, 1, i - from, stdout);
		if (n == 0) {
			printf("\\x%02x", p[i]);
			n = 1;
		} else {
			printf("\\u%04lx", cp);
		}
		i += n;
		from = i;
	}
	fwrite(s + from, 1, len - from, stdout);
}

static int
run_show(const struct ts_cmd *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"provenance", no_argument, NULL, 'p'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	rawrec *f = NULL;
	strbuf raw;
	ts_err err;
	int c, prov = 0, rc = TS_EXIT_OK;
	int tty = isatty(STDOUT_FILENO);

	while ((c = cli_getopt(cmd, argc, argv, "d:ph", longopts)) != -1) {
		switch (c) {
		case 'd':
			cli_db = optarg;
			break;
		case 'p':
			prov = 1;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return TS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		return cli_usage_error(cmd, "no EVENT-ID given");
	}
	if ((rc = cli_open_read(cmd, &db)) != TS_EXIT_OK) {
		return rc;
	}
	ts_err_clear(&err);
	if (sqlite3_prepare_v2(db, "SELECT id FROM event WHERE eid = ?", -1,
	                       &st, NULL) != SQLITE_OK) {
		/* every eventID would be "not in the index" */
		ts_warnx("show: %s: cannot read the index: %s", cli_db,
		         sqlite3_errmsg(db));
		index_close(db, NULL);
		return TS_EXIT_FATAL;
	}
	f = rawrec_new(db);
	strbuf_init(&raw);
	for (int i = optind; i < argc; i++) {
		int64_t row = find_event(st, argv[i]);

		if (row < 0) {
			/* not "no event": the index is damaged or unreadable */
			ts_warnx("show: %s: cannot read the index: %s", cli_db,
			         sqlite3_errmsg(db));
			sqlite3_reset(st);
			rc = TS_EXIT_FATAL;
			continue;
		}
		if (row == 0) {
			strbuf hint;

			strbuf_init(&hint);
			prefix_hint(db, argv[i], &hint);
			ts_warnx("show: no event with eventID '%s' in %s%s",
			         argv[i], cli_db, strbuf_str(&hint));
			strbuf_free(&hint);
			rc = TS_EXIT_FATAL;
			continue;
		}
		ts_err_clear(&err);
		if (rawrec_get(f, row, &raw, &err) != TS_OK) {
			/* which event, in which file: among many IDs, the
			 * one that cannot be shown */
			ts_warnx("show: %s: eventID '%s': %s", cli_db, argv[i],
			         err.msg);
			rc = TS_EXIT_FATAL;
			continue;
		}
		if (prov && provenance(db, row, argv[i]) < 0) {
			rc = TS_EXIT_FATAL;
		}
		put_record(raw.buf, raw.len, tty);
		fputc('\n', stdout);
		if (ferror(stdout)) {
			/* the reader is gone (SIGPIPE ignored) or the disk
			 * full: main() says so; the other IDs have nowhere
			 * to go */
			break;
		}
	}
	strbuf_free(&raw);
	rawrec_free(f);
	sqlite3_finalize(st);
	index_close(db, NULL);
	return rc;
}

const struct ts_cmd cmd_show = {
        .name = "show",
        .run = run_show,
        .synopsis = "trailsift show [-d DB] [--provenance] EVENT-ID...",
        .summary = "Print an event's original record byte for byte",
        .help = "Prints each event's record exactly as it appeared in the "
                "source, followed by a\nnewline.  For lookup-events input "
                "that is the decoded CloudTrailEvent string,\nfor an "
                "EventBridge envelope its 'detail' object.  On a "
                "terminal, control and\nbidirectional characters in its "
                "strings are written as \\u escapes (the same\nJSON).  "
                "An EVENT-ID is matched whole; one not in the index is "
                "named on standard\nerror, with up to three eventIDs that "
                "start with it, and the exit status is 1.\n\n"
                "Options:\n"
                "  -d, --db PATH     the index (default: $TRAILSIFT_DB, else "
                "./trailsift.db)\n"
                "  -p, --provenance  first print '# ' lines naming the event "
                "id, the file, the\n"
                "                    member inside a bundle, the record "
                "number, its byte offset\n"
                "                    and the SHA-256 of the file, or of the "
                "member's own content\n"
                "                    for a member of a bundle\n",
};

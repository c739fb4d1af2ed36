/* cmd_query.c -- `trailsift query`: one read-only SQL statement on the
 * index, printed as a table, Markdown, JSON Lines or CSV, so that an
 * investigator never needs a second tool.  Extra arguments are bound to
 * the statement's parameters (?1, ?2, ... or :name in order). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "engine/sqlguard.h"
#include "index/index.h"
#include "index/rawrec.h"
#include "report/out.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* The text a VALUE stands for: "@FILE" the file's contents (read into
 * file), "@@..." the text after the first '@', anything else itself.
 * 0, or -1 with the reason printed. */
static int
bind_text(const char *v, strbuf *file, const char **text)
{
	if (v[0] != '@' || v[1] == '@') {
		*text = v + (v[0] == '@');
		return 0;
	}
	if (v[1] == '\0') {
		/* it said "query: : No such file or directory" */
		ts_warnx("query: '@' names no file (@FILE binds a file's "
		         "contents, @@ a text starting with @)");
		return -1;
	}
	if (strbuf_read_file(file, v + 1) < 0) {
		ts_warnx("query: %s: %s", v + 1, strerror(errno));
		return -1;
	}
	*text = strbuf_str(file);
	return 0;
}

/* Length of the SQL name (unquoted) at s, 0 if none. */
static size_t
name_len(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*s) && *s != '_') {
		return 0;
	}
	while (isalnum((unsigned char)s[n]) || s[n] == '_') {
		n++;
	}
	return n;
}

/* True if sql is "PRAGMA [schema.]journal_mode" and nothing more: it
 * only reads the mode, but sqlite3_stmt_readonly() cannot tell it from
 * "PRAGMA journal_mode = MODE" and calls it a write.  (The connection
 * is query_only and opened read-only anyway.) */
static int
reads_journal_mode(const char *sql)
{
	const char *s = sqlguard_skip_blank(sql);
	size_t n;

	if (strncasecmp(s, "pragma", 6) != 0 || name_len(s) != 6) {
		return 0;
	}
	s = sqlguard_skip_blank(s + 6);
	if ((n = name_len(s)) == 0) {
		return 0;
	}
	if (*sqlguard_skip_blank(s + n) == '.') {
		s = sqlguard_skip_blank(sqlguard_skip_blank(s + n) + 1);
		n = name_len(s);
	}
	return n == 12 && strncasecmp(s, "journal_mode", 12) == 0 &&
	       sqlguard_only_trailer(s + n);
}

/* Bind VALUE to parameter i (see bind_text): a file's contents whole,
 * as a blob when they hold a NUL byte (a .gz file), else as text. */
static int
bind_value(sqlite3_stmt *st, int i, const char *v, strbuf *file)
{
	const char *text;

	if (bind_text(v, file, &text) < 0) {
		return -1;
	}
	if (text != strbuf_str(file) || file->len == 0) {
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	} else if (memchr(file->buf, '\0', file->len) != NULL) {
		sqlite3_bind_blob64(st, i, file->buf, file->len, SQLITE_STATIC);
	} else {
		sqlite3_bind_text64(st, i, file->buf, file->len, SQLITE_STATIC,
		                    SQLITE_UTF8);
	}
	return 0;
}

/* The error of db, on stderr: with the index's name when it is the
 * file's fault (damaged, unreadable, locked), not the statement's.  The
 * connection never writes the index, so a failed write or a full disk
 * is about SQLite's temporary files (a large sort spills to them): it
 * said "query: case.db: disk I/O error" of the index. */
static void
sql_error(sqlite3 *db)
{
	int code = sqlite3_extended_errcode(db);

	if ((code & 0xff) == SQLITE_FULL || code == SQLITE_IOERR_WRITE ||
	    code == SQLITE_IOERR_TRUNCATE || code == SQLITE_IOERR_FSYNC) {
		ts_warnx("query: a temporary file (a large sort or DISTINCT "
		         "writes them to $SQLITE_TMPDIR, else $TMPDIR, else "
		         "/var/tmp or /tmp): %s",
		         sqlite3_errmsg(db));
		return;
	}
	switch (code & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_PERM:
		ts_warnx("query: %s: %s", cli_db, sqlite3_errmsg(db));
		break;
	default:
		ts_warnx("query: %s", sqlite3_errmsg(db));
	}
}

/* Is name among names[0..n)? */
static int
name_taken(char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0) {
			return 1;
		}
	}
	return 0;
}

/* The statement's column names, made unique with a suffix ("id",
 * "id:1"), much as SQLite's CREATE TABLE AS does (which also folds
 * case): `SELECT * FROM events e JOIN sources s` has two "id" columns,
 * and a JSON reader keeps only the last of two equal keys, losing the
 * other column without a word.  Caller frees
 * each and the array. */
static char **
column_names(sqlite3_stmt *st, int n)
{
	char **names = xcalloc((size_t)n + 1, sizeof(*names));

	for (int i = 0; i < n; i++) {
		const char *base = sqlite3_column_name(st, i);

		base = base ? base : "";
		names[i] = xstrdup(base);
		for (int k = 1; name_taken(names, i, names[i]); k++) {
			free(names[i]);
			names[i] = xasprintf("%s:%d", base, k);
		}
	}
	return names;
}

static void
print_rows(sqlite3_stmt *st, out *o, int *rc)
{
	int n = sqlite3_column_count(st);
	char **names = column_names(st, n);
	int step;

	out_begin(o, n, (const char *const *)names);
	for (int i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				out_null(o);
				break;
			case SQLITE_INTEGER:
				out_int(o, sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT:
				out_real(o, sqlite3_column_double(st, i));
				break;
			case SQLITE_BLOB:
				out_blob(o, sqlite3_column_blob(st, i),
				         (size_t)sqlite3_column_bytes(st, i));
				break;
			default:
				out_text(o,
				         (const char *)sqlite3_column_text(st,
				                                           i),
				         (size_t)sqlite3_column_bytes(st, i));
			}
		}
		out_row(o);
		if (ferror(stdout)) {
			/* the reader is gone (SIGPIPE ignored: `| head`
			 * from a program that ignores it) or the disk full:
			 * main() says so; reading on would only take time */
			return;
		}
	}
	out_end(o);
	if (step != SQLITE_DONE) {
		sql_error(sqlite3_db_handle(st));
		*rc = TS_EXIT_FATAL;
	}
}

static int
run_query(const struct ts_cmd *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"format", required_argument, NULL, 'f'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	out_format fmt = OUT_TABLE;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct sqlguard_refusal refusal;
	const char *tail = NULL;
	out *o = NULL;
	strbuf *files = NULL; /* @FILE values, and the SQL at [argc] */
	const char *sql;
	ts_err err;
	int c, rc = TS_EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "d:f:h", longopts)) != -1) {
		switch (c) {
		case 'd':
			cli_db = optarg;
			break;
		case 'f':
			if (out_format_parse(optarg, &fmt) < 0) {
				return cli_usage_error(
				        cmd,
				        "unknown format '%s' (use table, md, "
				        "json or csv)",
				        optarg);
			}
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return TS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		return cli_usage_error(cmd, "no SQL given");
	}
	if ((rc = cli_open_read(cmd, &db)) != TS_EXIT_OK) {
		return rc;
	}
	sqlguard_install_query(db, &refusal);
	ts_err_clear(&err);
	if (rawrec_sql_register(db, &err) != TS_OK) {
		ts_warnx("%s", err.msg);
		rawrec_sql_unregister(db);
		index_close(db, NULL);
		return TS_EXIT_FATAL;
	}
	files = xcalloc((size_t)argc + 1, sizeof(*files));
	/* The SQL itself may be @FILE too (a saved query). */
	if (bind_text(argv[optind], &files[argc], &sql) < 0) {
		rc = TS_EXIT_FATAL;
		goto out;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
		if (refusal.why[0]) {
			/* the authorizer's refusal (SQLITE_AUTH, or for a
			 * function SQLITE_ERROR): the statement's fault, as
			 * a write is */
			ts_warnx("query: %s", refusal.why);
			rc = TS_EXIT_USAGE;
		} else {
			sql_error(db);
			rc = TS_EXIT_FATAL;
		}
		goto out;
	}
	if (st == NULL) {
		ts_warnx("query: no SQL statement given");
		rc = TS_EXIT_USAGE;
		goto out;
	}
	if (tail && !sqlguard_only_trailer(tail)) {
		ts_warnx("query: only one SQL statement is allowed "
		         "(extra text: \"%.40s\")",
		         tail);
		rc = TS_EXIT_USAGE;
		goto out;
	}
	if (!sqlite3_stmt_readonly(st) && !reads_journal_mode(sql)) {
		ts_warnx("query: the index is read-only here; only SELECT "
		         "and other read-only statements are accepted");
		rc = TS_EXIT_USAGE;
		goto out;
	}
	/* a missing value would be NULL, and a WHERE with it match
	 * nothing, without a word */
	if (argc - optind - 1 != sqlite3_bind_parameter_count(st)) {
		int given = argc - optind - 1;
		int want = sqlite3_bind_parameter_count(st);

		ts_warnx("query: %d value%s given for %d parameter%s", given,
		         given == 1 ? "" : "s", want, want == 1 ? "" : "s");
		rc = TS_EXIT_USAGE;
		goto out;
	}
	for (int i = optind + 1; i < argc; i++) {
		if (bind_value(st, i - optind, argv[i],
		               &files[i - optind - 1]) < 0) {
			rc = TS_EXIT_FATAL;
			goto out;
		}
	}
	o = out_new(fmt, stdout);
	print_rows(st, o, &rc);
out:
	for (int i = 0; files && i <= argc; i++) {
		strbuf_free(&files[i]);
	}
	free(files);
	out_free(o);
	sqlite3_finalize(st);
	rawrec_sql_unregister(db);
	index_close(db, NULL);
	return rc;
}

const struct ts_cmd cmd_query = {
        .name = "query",
        .run = run_query,
        .synopsis = "trailsift query [-d DB] [-f FORMAT] SQL [VALUE]...",
        .summary = "Run read-only SQL on the index",
        .help = "Runs one read-only SQL statement on the index and prints "
                "the rows.  VALUEs are\nbound to the statement's parameters "
                "(?1, ?2, ...) in order; a VALUE @FILE binds\nthe file's "
                "contents (@@x binds @x), and a VALUE that starts with - "
                "goes after --\n(trailsift query \"SELECT ?1\" -- -1).  "
                "Query the views 'events', 'sources' and\n'findings'; "
                "trailsift-index(5) describes them.  record(id) is an "
                "event's\noriginal record as text, for SQLite's JSON "
                "functions.\n\n"
                "Options:\n"
                "  -d, --db PATH        the index (default: $TRAILSIFT_DB, "
                "else "
                "./trailsift.db)\n"
                "  -f, --format FORMAT  table (default), md, json (one "
                "object per line) or csv\n\n"
                "Examples:\n"
                "  trailsift query \"SELECT event_name, count(*) AS n FROM "
                "events\n"
                "                   GROUP BY 1 ORDER BY n DESC LIMIT 10\"\n"
                "  trailsift query \"SELECT event_time, json_extract("
                "record(id), '$.errorMessage')\n"
                "                   FROM events WHERE error_code = "
                "'AccessDenied'\"\n",
};

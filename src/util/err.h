/* err.h -- graded status codes with the message on a caller-owned context.
 *
 * Functions that can fail return an int status and write a one-line
 * message into a ts_err owned by the caller (libarchive, SQLite style):
 *
 *	if (inflateInit2(&z, 15 + 32) != Z_OK)
 *		return ts_fail(err, TS_FAIL, "%s: zlib init failed", path);
 *
 * TS_OK      nothing to report
 * TS_WARN    a bad record or a recoverable oddity: keep going
 * TS_FAIL    this source fails: record it as an error, go on with the next
 * TS_FATAL   stop the whole run (disk full, index unusable)
 *
 * A ts_err keeps the first message of the worst grade seen, so the
 * message a user reads names the error that decided the outcome. */
#ifndef TS_ERR_H
#define TS_ERR_H

#include <stddef.h>

enum {
	TS_OK = 0,
	TS_WARN = 1,
	TS_FAIL = 2,
	TS_FATAL = 3,
};

/* Exit statuses of the trailsift command (documented in trailsift(1)). */
enum {
	TS_EXIT_OK = 0,      /* success */
	TS_EXIT_FATAL = 1,   /* fatal error, nothing or not all was done */
	TS_EXIT_USAGE = 2,   /* bad command line */
	TS_EXIT_PARTIAL = 3, /* completed, but some input failed */
};

#define TS_ERR_MSG_MAX 1024

typedef struct ts_err {
	int code;                 /* worst grade recorded so far */
	char msg[TS_ERR_MSG_MAX]; /* message that came with that grade */
} ts_err;

/* Reset to TS_OK with an empty message. */
void ts_err_clear(ts_err *err);

/* Record a message of grade `code` and return `code`.  A message only
 * replaces the stored one if its grade is strictly worse.  err may be
 * NULL, in which case only the code is returned. */
int ts_fail(ts_err *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Print "trailsift: <msg>" on stderr (flushing stdout first so the two
 * streams stay in order when merged), as one line: control characters
 * in it (a newline in a file name) are written as \n, \t, \r or \xHH. */
void ts_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A status line on a terminal (ingest's progress): ts_status() draws it
 * in place of the last one, ts_status_clear() wipes it.  ts_warnx()
 * wipes it before its line, so a message never lands on its end; the
 * next ts_status() draws it again.  Safe from any thread. */
void ts_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ts_status_clear(void);

#endif

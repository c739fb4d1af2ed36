/* err.c -- graded status codes and messages (see err.h). */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "strbuf.h"

/* stderr's status line: drawn and wiped under `status_lock`, so that a
 * warning from another thread comes between two draws, never inside. */
static pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;
static int status_shown;

/* Wipe the status line if shown; status_lock held. */
static void
wipe(void)
{
	if (status_shown) {
		fputs("\r\033[K", stderr);
		status_shown = 0;
	}
}

void
ts_err_clear(ts_err *err)
{
	err->code = TS_OK;
	err->msg[0] = '\0';
}

int
ts_fail(ts_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || code <= err->code) {
		return code;
	}
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
ts_warnx(const char *fmt, ...)
{
	char line[4 * TS_ERR_MSG_MAX];
	va_list ap;
	strbuf sb;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	strbuf_init(&sb);
	strbuf_adds(&sb, "trailsift: ");
	strbuf_add_visible(&sb, line, strlen(line));
	strbuf_addc(&sb, '\n');
	fflush(stdout);
	pthread_mutex_lock(&status_lock);
	wipe();
	fputs(strbuf_str(&sb), stderr);
	pthread_mutex_unlock(&status_lock);
	strbuf_free(&sb);
}

void
ts_status(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&status_lock);
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	status_shown = 1;
	pthread_mutex_unlock(&status_lock);
}

void
ts_status_clear(void)
{
	pthread_mutex_lock(&status_lock);
	wipe();
	pthread_mutex_unlock(&status_lock);
}

/* err.c -- graded status codes and messages (see err.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

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
	va_list ap;

	fflush(stdout);
	fputs("trailsift: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

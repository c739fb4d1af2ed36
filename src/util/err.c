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
	char line[4 * TS_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fflush(stdout);
	fputs("trailsift: ", stderr);
	for (const unsigned char *p = (const unsigned char *)line; *p; p++) {
		if (*p == '\n') {
			fputs("\\n", stderr);
		} else if (*p == '\t') {
			fputs("\\t", stderr);
		} else if (*p == '\r') {
			fputs("\\r", stderr);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(stderr, "\\x%02x", *p);
		} else {
			fputc(*p, stderr);
		}
	}
	fputc('\n', stderr);
}

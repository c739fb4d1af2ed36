/* err.c -- graded status codes and messages (see err.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "strbuf.h"

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
	fputs(strbuf_str(&sb), stderr);
	strbuf_free(&sb);
}

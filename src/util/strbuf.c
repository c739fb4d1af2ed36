/* strbuf.c -- growable byte buffer (see strbuf.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "xmalloc.h"

void
strbuf_init(strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void
strbuf_free(strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void
strbuf_reserve(strbuf *sb, size_t n)
{
	size_t need = sb->len + n + 1;

	if (need <= sb->cap) {
		return;
	}
	if (sb->cap < 64) {
		sb->cap = 64;
	}
	while (sb->cap < need) {
		sb->cap *= 2;
	}
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void
strbuf_reserve_exact(strbuf *sb, size_t n)
{
	size_t need = sb->len + n + 1;

	if (need > sb->cap) {
		sb->buf = xrealloc(sb->buf, need);
		sb->cap = need;
	}
}

void
strbuf_add(strbuf *sb, const void *p, size_t n)
{
	strbuf_reserve(sb, n);
	if (n) {
		memcpy(sb->buf + sb->len, p, n);
	}
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_adds(strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addc(strbuf *sb, int c)
{
	strbuf_reserve(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void
strbuf_add_real(strbuf *sb, double v)
{
	char buf[40];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v) {
			break;
		}
	}
	strbuf_adds(sb, buf);
	if (strpbrk(buf, ".eE") == NULL) {
		strbuf_adds(sb, ".0");
	}
}

void
strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	strbuf_reserve(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_reset(strbuf *sb)
{
	sb->len = 0;
	if (sb->buf) {
		sb->buf[0] = '\0';
	}
}

void
strbuf_truncate(strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

char *
strbuf_detach(strbuf *sb, size_t *len)
{
	char *p = sb->buf ? sb->buf : xstrdup("");

	if (len) {
		*len = sb->len;
	}
	strbuf_init(sb);
	return p;
}

const char *
strbuf_str(const strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

int
strbuf_read_file(strbuf *sb, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		return -1;
	}
	for (;;) {
		strbuf_reserve(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->cap - sb->len - 1);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		sb->len += (size_t)n;
	}
	sb->buf[sb->len] = '\0'; /* an empty file too */
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

size_t
utf8_char(const unsigned char *s, size_t len, unsigned long *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		*cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len) {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff)) {
		return 0;
	}
	return n;
}

int
utf8_risky(unsigned long cp)
{
	/* U+00AD soft hyphen, U+034F grapheme joiner, U+180E Mongolian
	 * vowel separator, U+200B-U+200D zero width space and (non-)joiner,
	 * U+2060-U+2064 word joiner and invisible operators, U+206A-U+206F
	 * (deprecated) format controls, U+FEFF zero width no-break space,
	 * U+FFF9-U+FFFB annotation marks: invisible, so that "Delete" and
	 * "Delete" U+200B showed alike and matched apart */
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x034f ||
	       cp == 0x061c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	       (cp >= 0xfff9 && cp <= 0xfffb);
}

static void
add_visible(strbuf *sb, const char *s, size_t len, int exact)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		unsigned long cp;
		size_t n;

		if (c == '\\' && exact && i + 1 < len &&
		    (p[i + 1] < 0x20 || p[i + 1] > 0x7e ||
		     strchr("ntrxu\\", p[i + 1]) != NULL)) {
			/* doubled where it would read as the start of an
			 * escape, so that "a\nb" and "a", newline, "b" show
			 * apart; left as it is elsewhere (C:\Users, \") */
			strbuf_adds(sb, "\\\\");
		} else if (c == '\n') {
			strbuf_adds(sb, "\\n");
		} else if (c == '\t') {
			strbuf_adds(sb, "\\t");
		} else if (c == '\r') {
			strbuf_adds(sb, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(sb, "\\x%02x", c);
		} else if (c < 0x80) {
			strbuf_addc(sb, (char)c);
		} else if ((n = utf8_char(p + i, len - i, &cp)) == 0) {
			/* not UTF-8: a byte 0x80-0x9f is a C1 control to a
			 * terminal that takes bytes as Latin-1 (0x9b is
			 * CSI, as ESC [ is) */
			strbuf_addf(sb, "\\x%02x", c);
		} else if (utf8_risky(cp)) {
			/* U+0080-U+009F: the C1 controls, which xterm obeys
			 * in UTF-8 too (U+009B is CSI: U+009B "31m" turns
			 * text red) */
			strbuf_addf(sb, "\\u%04lx", cp);
			i += n;
			continue;
		} else {
			strbuf_add(sb, p + i, n);
			i += n;
			continue;
		}
		i++;
	}
}

void
strbuf_add_visible(strbuf *sb, const char *s, size_t len)
{
	add_visible(sb, s, len, 0);
}

void
strbuf_add_visible_exact(strbuf *sb, const char *s, size_t len)
{
	add_visible(sb, s, len, 1);
}

/* luasrc.c -- find where a rule file's text declares a table field (see
 * luasrc.h).
 *
 * One pass over the text, as Lua's lexer (llex.c) sees it: line breaks
 * are "\n", "\r", "\r\n" or "\n\r"; comments and strings are skipped
 * whole, with the lines inside them counted; of the rest only names and
 * the characters { } , ; = matter. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "luasrc.h"

struct scan {
	const char *s; /* the text */
	size_t len;    /* its length */
	size_t i;      /* next byte */
	int line;      /* line of s[i], from 1 */
};

/* Bytes of the line break at i (0 if none), counted as one line. */
static size_t
line_break(const struct scan *sc, size_t i)
{
	char c = i < sc->len ? sc->s[i] : 0;

	if (c != '\n' && c != '\r') {
		return 0;
	}
	if (i + 1 < sc->len && (sc->s[i + 1] == '\n' || sc->s[i + 1] == '\r') &&
	    sc->s[i + 1] != c) {
		return 2;
	}
	return 1;
}

/* Step over one byte, or one line break. */
static void
advance(struct scan *sc)
{
	size_t n = line_break(sc, sc->i);

	sc->i += n ? n : 1;
	sc->line += n ? 1 : 0;
}

/* The level of a long bracket opening at i ("[[" 0, "[==[" 2), or -1. */
static int
long_open(const struct scan *sc, size_t i)
{
	size_t j = i + 1;

	if (i >= sc->len || sc->s[i] != '[') {
		return -1;
	}
	while (j < sc->len && sc->s[j] == '=') {
		j++;
	}
	return j < sc->len && sc->s[j] == '[' ? (int)(j - i - 1) : -1;
}

/* Skip a long string or comment of level lvl opening at sc->i. */
static void
skip_long(struct scan *sc, int lvl)
{
	sc->i += (size_t)lvl + 2;
	while (sc->i < sc->len) {
		if (sc->s[sc->i] == ']') {
			size_t j = sc->i + 1;

			while (j < sc->len && sc->s[j] == '=') {
				j++;
			}
			if (j < sc->len && sc->s[j] == ']' &&
			    j - sc->i - 1 == (size_t)lvl) {
				sc->i = j + 1;
				return;
			}
		}
		advance(sc);
	}
}

/* Skip a quoted string opening at sc->i; a backslash escapes what
 * follows, a line break included. */
static void
skip_quoted(struct scan *sc)
{
	char q = sc->s[sc->i++];

	while (sc->i < sc->len && sc->s[sc->i] != q) {
		if (sc->s[sc->i] == '\\') {
			sc->i++;
		}
		if (sc->i < sc->len) {
			advance(sc);
		}
	}
	sc->i++;
}

/* Skip a comment ("--" at sc->i): a long one, or to the line's end. */
static void
skip_comment(struct scan *sc)
{
	int lvl;

	sc->i += 2;
	if ((lvl = long_open(sc, sc->i)) >= 0) {
		skip_long(sc, lvl);
		return;
	}
	while (sc->i < sc->len && !line_break(sc, sc->i)) {
		sc->i++;
	}
}

/* Is the next token after i an '=' that is not "=="?  Only blanks may
 * come between (a comment there is legal Lua, but no one writes it). */
static int
assign_follows(const struct scan *sc, size_t i)
{
	while (i < sc->len && isspace((unsigned char)sc->s[i])) {
		i++;
	}
	return i < sc->len && sc->s[i] == '=' &&
	       (i + 1 >= sc->len || sc->s[i + 1] != '=');
}

int
luasrc_field_line(const char *text, size_t len, const char *name)
{
	struct scan sc = {text, len, 0, 1};
	size_t name_len = strlen(name);
	int depth = 0, found = 0, n_found = 0, lvl;
	char prev = 0; /* the last token, if one of { , ; -- else 'x' */

	while (sc.i < sc.len) {
		unsigned char c = (unsigned char)sc.s[sc.i];

		if (isspace(c)) {
			advance(&sc);
		} else if (c == '-' && sc.i + 1 < sc.len &&
		           sc.s[sc.i + 1] == '-') {
			skip_comment(&sc);
		} else if ((lvl = long_open(&sc, sc.i)) >= 0) {
			skip_long(&sc, lvl);
			prev = 'x';
		} else if (c == '"' || c == '\'') {
			skip_quoted(&sc);
			prev = 'x';
		} else if (isalpha(c) || c == '_') {
			size_t start = sc.i;

			while (sc.i < sc.len &&
			       (isalnum((unsigned char)sc.s[sc.i]) ||
			        sc.s[sc.i] == '_')) {
				sc.i++;
			}
			if (depth > 0 && prev && strchr("{,;", prev) != NULL &&
			    sc.i - start == name_len &&
			    memcmp(sc.s + start, name, name_len) == 0 &&
			    assign_follows(&sc, sc.i)) {
				found = sc.line;
				n_found++;
			}
			prev = 'x';
		} else {
			depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
			prev = (char)c;
			sc.i++;
		}
	}
	return n_found == 1 ? found : 0;
}

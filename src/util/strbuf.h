/* strbuf.h -- growable byte buffer.
 *
 * Used everywhere text or bytes are assembled: output writers, JSON
 * unescaping, row batches.  The buffer owns its bytes and keeps them
 * NUL-terminated (the NUL is not counted in len), so buf can be handed
 * to C string functions when the content has no NUL of its own.
 * A zeroed strbuf is a valid empty buffer. */
#ifndef TS_STRBUF_H
#define TS_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
	char *buf;  /* bytes, NUL-terminated; NULL until the first write */
	size_t len; /* bytes used, excluding the terminating NUL */
	size_t cap; /* bytes allocated */
} strbuf;

void strbuf_init(strbuf *sb);
void strbuf_free(strbuf *sb);
/* Make room for n more bytes (plus the NUL). */
void strbuf_reserve(strbuf *sb, size_t n);
/* Like strbuf_reserve(), but to exactly len + n + 1 bytes, for buffers
 * kept long after they are filled (no doubling slack). */
void strbuf_reserve_exact(strbuf *sb, size_t n);
void strbuf_add(strbuf *sb, const void *p, size_t n);
void strbuf_adds(strbuf *sb, const char *s);
void strbuf_addc(strbuf *sb, int c);
void strbuf_addf(strbuf *sb, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/* Append the finite double v as the shortest of %.15g..%.17g that
 * reads back as v, with ".0" where it would read as an integer: JSON
 * and CSV for programs, which get the value and its kind exactly. */
void strbuf_add_real(strbuf *sb, double v);
/* Append s[0..len) with control characters as visible escapes (\n, \t,
 * \r, \xHH; DEL too; the C1 controls U+0080-U+009F, the bidirectional
 * controls, U+2028/U+2029 and the invisible characters utf8_risky()
 * names as \uHHHH; a byte that is not UTF-8 as
 * \xHH): one line, nothing a terminal obeys, whether it reads UTF-8 or
 * Latin-1, shown in the order it has.  Messages on stderr show text
 * from the logs this way; the same text made visible twice (a message
 * quoting one) reads the same. */
void strbuf_add_visible(strbuf *sb, const char *s, size_t len);
/* The same, and a backslash that would read as the start of an escape
 * doubled, so that no two texts show alike ("a\\nb" and "a", newline,
 * "b" do not): table cells and provenance lines, made visible once. */
void strbuf_add_visible_exact(strbuf *sb, const char *s, size_t len);
/* Length of the UTF-8 sequence at s[0..len) (len > 0) and its code
 * point in *cp, or 0 when s does not start with one (overlong forms,
 * surrogates and code points past U+10FFFF are not UTF-8). */
size_t utf8_char(const unsigned char *s, size_t len, unsigned long *cp);
/* Is cp a character a terminal obeys or that moves the text around it
 * rather than showing: a C1 control (U+0080-U+009F; U+009B is CSI to
 * xterm), a bidirectional mark, embedding, override or isolate (U+202E
 * shows what follows it on the line backwards), the line and paragraph
 * separators, or an invisible one (U+200B zero width space, U+FEFF,
 * U+00AD soft hyphen and the other format characters that show as
 * nothing: a name with one looks like the name without it, and matches
 * nothing it matches)?  Every output escapes these. */
int utf8_risky(unsigned long cp);
void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap);
/* Forget the content, keep the allocation. */
void strbuf_reset(strbuf *sb);
/* Keep the first len bytes (len <= sb->len). */
void strbuf_truncate(strbuf *sb, size_t len);
/* Append the whole file at path, opened read-only.  0, or -1 with errno
 * set (what was read before an error stays appended). */
int strbuf_read_file(strbuf *sb, const char *path);
/* Hand the bytes to the caller (who frees them); the buffer is empty. */
char *strbuf_detach(strbuf *sb, size_t *len);
/* Return the contents as a string, "" when nothing was written. */
const char *strbuf_str(const strbuf *sb);

#endif

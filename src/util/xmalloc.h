/* xmalloc.h -- allocation that never returns NULL.
 *
 * Out of memory is fatal in trailsift (STYLE.md principle 5): these
 * wrappers print one line and abort, so no other code checks allocations.
 * Thread primitives that fail abort the same way through xpthread_check(). */
#ifndef TS_XMALLOC_H
#define TS_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
/* Format into a new string (like asprintf); never NULL. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Abort with a message if a pthread call returned non-zero. */
void xpthread_check(int rc, const char *what);

#endif

/* udiff.h -- a unified diff of two lists of lines, for `rules test`.
 *
 * Longest common subsequence by dynamic programming: fixtures are small.
 * Past UDIFF_MAX_CELLS (lines x lines) it gives up on alignment and
 * shows every expected line removed and every actual line added, which
 * is still correct, only less helpful. */
#ifndef TS_UDIFF_H
#define TS_UDIFF_H

#include <stddef.h>
#include <stdio.h>

#define UDIFF_MAX_CELLS (4u << 20)
#define UDIFF_CONTEXT 3

/* Print "--- a_name", "+++ b_name" and the hunks turning a into b. */
void udiff_print(FILE *fp, const char *a_name, char *const *a, size_t na,
                 const char *b_name, char *const *b, size_t nb);

#endif

/* udiff.c -- unified diff of line lists (see udiff.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "udiff.h"
#include "../util/xmalloc.h"

struct edit {
	char op;   /* ' ', '-' or '+' */
	size_t ia; /* line in a (for ' ' and '-') */
	size_t ib; /* line in b (for ' ' and '+') */
};

/* The edit script: LCS table from the ends, then a forward walk. */
static struct edit *
script(char *const *a, size_t na, char *const *b, size_t nb, size_t *n)
{
	struct edit *e = xcalloc(na + nb + 1, sizeof(*e));
	uint32_t *t = NULL;
	size_t i = 0, j = 0, k = 0, w = nb + 1;

	if ((na + 1) * (nb + 1) <= UDIFF_MAX_CELLS) {
		t = xcalloc((na + 1) * (nb + 1), sizeof(*t));
		for (size_t x = na; x-- > 0;) {
			for (size_t y = nb; y-- > 0;) {
				t[x * w + y] =
				        strcmp(a[x], b[y]) == 0
				                ? t[(x + 1) * w + y + 1] + 1
				        : t[(x + 1) * w + y] > t[x * w + y + 1]
				                ? t[(x + 1) * w + y]
				                : t[x * w + y + 1];
			}
		}
	}
	while (i < na || j < nb) {
		if (t && i < na && j < nb && strcmp(a[i], b[j]) == 0) {
			e[k++] = (struct edit){' ', i++, j++};
		} else if (i < na && (j >= nb || !t ||
		                      t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			e[k++] = (struct edit){'-', i++, j};
		} else {
			e[k++] = (struct edit){'+', i, j++};
		}
	}
	free(t);
	*n = k;
	return e;
}

void
udiff_print(FILE *fp, const char *a_name, char *const *a, size_t na,
            const char *b_name, char *const *b, size_t nb)
{
	size_t n, s = 0;
	struct edit *e = script(a, na, b, nb, &n);

	fprintf(fp, "--- %s\n+++ %s\n", a_name, b_name);
	while (s < n) {
		size_t first, last, end, la = 0, lb = 0;

		while (s < n && e[s].op == ' ') {
			s++;
		}
		if (s == n) {
			break;
		}
		/* A hunk: changes closer than 2 * context stay together. */
		first = s > UDIFF_CONTEXT ? s - UDIFF_CONTEXT : 0;
		last = s;
		for (size_t k = s; k < n; k++) {
			if (e[k].op != ' ') {
				last = k;
			} else if (k - last > 2 * UDIFF_CONTEXT) {
				break;
			}
		}
		end = last + UDIFF_CONTEXT + 1 < n ? last + UDIFF_CONTEXT + 1
		                                   : n;
		for (size_t k = first; k < end; k++) {
			la += e[k].op != '+';
			lb += e[k].op != '-';
		}
		fprintf(fp, "@@ -%zu,%zu +%zu,%zu @@\n", e[first].ia + (la > 0),
		        la, e[first].ib + (lb > 0), lb);
		for (size_t k = first; k < end; k++) {
			fprintf(fp, "%c%s\n", e[k].op,
			        e[k].op == '+' ? b[e[k].ib] : a[e[k].ia]);
		}
		s = end;
	}
	free(e);
}

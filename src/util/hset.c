/* hset.c -- a set of 64-bit hashes (see hset.h). */
#include "config.h"

#include <stdlib.h>

#include "hset.h"
#include "xmalloc.h"

/* Slot of h in v: where it is, or the free one where it goes. */
static uint32_t
slot(const uint64_t *v, uint32_t cap, uint64_t h)
{
	uint32_t i = (uint32_t)(h ^ (h >> 32)) & (cap - 1);

	while (v[i] != 0 && v[i] != h) {
		i = (i + 1) & (cap - 1);
	}
	return i;
}

int
hset_add(hset *s, uint64_t h)
{
	uint32_t i;

	h |= h == 0; /* 0 marks a free slot */
	if ((s->n + 1) * 2 > s->cap) {
		uint32_t cap = s->cap ? s->cap * 2 : 64;
		uint64_t *v = xcalloc(cap, sizeof(*v));

		for (uint32_t k = 0; k < s->cap; k++) {
			if (s->v[k] != 0) {
				v[slot(v, cap, s->v[k])] = s->v[k];
			}
		}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	i = slot(s->v, s->cap, h);
	if (s->v[i] == h) {
		return 1;
	}
	s->v[i] = h;
	s->n++;
	return 0;
}

int
hset_has(const hset *s, uint64_t h)
{
	h |= h == 0;
	return s->cap > 0 && s->v[slot(s->v, s->cap, h)] == h;
}

void
hset_free(hset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

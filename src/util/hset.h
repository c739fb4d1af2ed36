/* hset.h -- a set of 64-bit hashes, for "seen this before?"
 *
 * The ingest asks it of the member names of one file's bundle and the
 * bundles in it: a name seen before is another member under that name
 * (tar -r appends so, and "b.tar!/x" is also member x of member b.tar),
 * which must be read, not taken for the earlier one.  The index writer
 * keeps in one the ids of the rows the members of a bundle took, so
 * that no two members take one row (an id is its own hash: exact).
 * Only hashes are kept, so two names that collide answer "seen": ask it
 * only where a false yes is the safe answer.  A zeroed hset is empty. */
#ifndef TS_HSET_H
#define TS_HSET_H

#include <stdint.h>

typedef struct hset {
	uint64_t *v;  /* open addressing; 0 = free */
	uint32_t n;   /* entries used */
	uint32_t cap; /* entries allocated: 0 or a power of two */
} hset;

/* Add h; 1 if it was there already, else 0. */
int hset_add(hset *s, uint64_t h);
/* 1 if h is there, else 0; the set is left as it is. */
int hset_has(const hset *s, uint64_t h);
void hset_free(hset *s);

#endif

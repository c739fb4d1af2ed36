/* queue.h -- bounded blocking FIFO between pipeline stages.
 *
 * Used by pipeline.c to hand jobs from the producer to the workers.
 * queue_push() blocks while the queue holds max_items items or max_bytes
 * bytes: that is the back-pressure that keeps memory flat however large
 * the input.  An item bigger than max_bytes is still accepted into an
 * empty queue, so nothing can wait forever.  A pusher that had to wait
 * goes on once the queue is half empty, not at the first pop, so that
 * it pushes several items for each time it is woken.  queue_pop()
 * blocks while the queue is empty and returns NULL once it is closed
 * and drained.  The queue never owns items; whoever pops one is
 * responsible for it. */
#ifndef TS_QUEUE_H
#define TS_QUEUE_H

#include <stddef.h>

typedef struct queue queue;

queue *queue_new(size_t max_items, size_t max_bytes);
void queue_free(queue *q); /* NULL is a no-op; items left are leaked */
void queue_push(queue *q, void *item, size_t bytes);
/* Next item, its byte count in *bytes (may be NULL); NULL when closed
 * and empty. */
void *queue_pop(queue *q, size_t *bytes);
/* No more pushes; wakes every waiting pop. */
void queue_close(queue *q);

#endif

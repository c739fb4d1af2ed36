/* queue.c -- bounded blocking FIFO (see queue.h): a ring of slots under
 * one mutex, with one condition variable per waiting side. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "queue.h"
#include "../util/xmalloc.h"

struct slot {
	void *item;   /* the pushed pointer */
	size_t bytes; /* its declared size */
};

struct queue {
	pthread_mutex_t mu;       /* guards everything below */
	pthread_cond_t not_full;  /* signalled when room appears */
	pthread_cond_t not_empty; /* signalled when an item appears */
	struct slot *ring;        /* max_items slots */
	size_t max_items;         /* capacity in items */
	size_t max_bytes;         /* capacity in bytes */
	size_t head;              /* next slot to pop */
	size_t n;                 /* items held */
	size_t bytes;             /* bytes held */
	int closed;               /* queue_close() was called */
};

queue *
queue_new(size_t max_items, size_t max_bytes)
{
	queue *q = xcalloc(1, sizeof(*q));

	xpthread_check(pthread_mutex_init(&q->mu, NULL), "mutex init");
	xpthread_check(pthread_cond_init(&q->not_full, NULL), "cond init");
	xpthread_check(pthread_cond_init(&q->not_empty, NULL), "cond init");
	q->max_items = max_items ? max_items : 1;
	q->max_bytes = max_bytes;
	q->ring = xcalloc(q->max_items, sizeof(struct slot));
	return q;
}

void
queue_free(queue *q)
{
	if (q == NULL) {
		return;
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_full);
	pthread_cond_destroy(&q->not_empty);
	free(q->ring);
	free(q);
}

void
queue_push(queue *q, void *item, size_t bytes)
{
	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	while (q->n == q->max_items ||
	       (q->n > 0 && q->bytes + bytes > q->max_bytes)) {
		pthread_cond_wait(&q->not_full, &q->mu);
	}
	q->ring[(q->head + q->n) % q->max_items] =
	        (struct slot){.item = item, .bytes = bytes};
	q->n++;
	q->bytes += bytes;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

void *
queue_pop(queue *q, size_t *bytes)
{
	struct slot s = {NULL, 0};

	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	while (q->n == 0 && !q->closed) {
		pthread_cond_wait(&q->not_empty, &q->mu);
	}
	if (q->n > 0) {
		s = q->ring[q->head];
		q->head = (q->head + 1) % q->max_items;
		q->n--;
		q->bytes -= s.bytes;
		/* A full queue's pusher is woken when it is half empty, not
		 * at every pop, so that it pushes several items a wake-up
		 * (a year of small files: 13k wake-ups of the producer,
		 * each two thread switches). */
		if (q->n <= q->max_items / 2) {
			pthread_cond_broadcast(&q->not_full);
		}
	}
	pthread_mutex_unlock(&q->mu);
	if (bytes) {
		*bytes = s.bytes;
	}
	return s.item;
}

void
queue_close(queue *q)
{
	xpthread_check(pthread_mutex_lock(&q->mu), "mutex lock");
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

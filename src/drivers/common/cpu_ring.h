/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The completion ring of a CPU ctx. A CPU driver executes a message inside
 * send() and parks it here until recv() hands it back, so the engine sees
 * a CPU ctx as it sees a queue. One producer at a time (the sender, under
 * the engine's ctx lock, or whoever the driver lets produce under its own
 * lock) and one consumer (recv, under the engine's poll lock): head and
 * tail are the only shared words.
 */
#ifndef WD_CPU_RING_H
#define WD_CPU_RING_H

#include <stdbool.h>
#include <stdlib.h>
#include "wd_drv.h"

struct cpu_ring {
	struct wd_msg_hdr **slot;
	__u32 head;
	__u32 tail;
	__u32 mask;
};

/*
 * Room for what the engine can have in flight on the ctx: depth async
 * messages (a power of two at least that big), one for a sync ctx.
 */
static inline int cpu_ring_init(struct cpu_ring *r, __u8 mode, __u32 depth)
{
	__u32 n = 1;

	if (mode == CTX_MODE_ASYNC)
		while (n < depth)
			n <<= 1;
	r->head = r->tail = 0;
	r->mask = n - 1;
	r->slot = calloc(n, sizeof(*r->slot));
	return r->slot ? 0 : -WD_ENOMEM;
}

static inline void cpu_ring_fini(struct cpu_ring *r)
{
	free(r->slot);
	r->slot = NULL;
}

static inline bool cpu_ring_full(const struct cpu_ring *r)
{
	return r->tail - __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) > r->mask;
}

static inline bool cpu_ring_empty(const struct cpu_ring *r)
{
	return r->head == __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

static inline void cpu_ring_push(struct cpu_ring *r, struct wd_msg_hdr *msg)
{
	r->slot[r->tail & r->mask] = msg;
	__atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
}

/* The oldest finished message, or -WD_EAGAIN. */
static inline int cpu_ring_pop(struct cpu_ring *r, struct wd_msg_hdr **out)
{
	if (cpu_ring_empty(r))
		return -WD_EAGAIN;
	*out = r->slot[r->head & r->mask];
	__atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
	return 0;
}

#endif /* WD_CPU_RING_H */

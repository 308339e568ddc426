/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc ring protocol (kernel/vacc/vacc_abi.h), user side, over a ctrl
 * page and a DUS region that are just memory: no system call here except
 * the doorbell callback, which submit calls only when the kernel worker
 * said it sleeps (VACC_CTRL_NEED_WAKEUP). The host test runs this code
 * against a device thread on ordinary memory.
 *
 * Threads: one submitter and one reaper may run at the same time (each
 * direction is single-producer/single-consumer). The one exception is the
 * DEAD transition inside reap: after dead_ack the regions must not be
 * touched, so a caller with a concurrent submitter gives the ring a
 * kill_lock that it also holds around every vacc_ring_submit().
 */
#ifndef VACC_RING_H
#define VACC_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "vacc_abi.h"

#define VACC_RING_MAX_ENTRIES	65536u	/* sanity bound on sq/cq_entries */
#define VACC_RING_MAX_STREAMS	64u	/* stream slots we can track (a u64 mask) */
#define VACC_RING_MAX_SESSIONS	4096u	/* sanity bound on crypto session slots (sqe.sess is u16) */

/* Wake the sleeping worker (ioctl VACC_IOCTL_WAKE on the queue fd). */
typedef int (*vacc_doorbell_fn)(void *arg);

struct vacc_ring {
	/* read-mostly: set at init */
	struct vacc_ctrl *ctrl;
	struct vacc_sqe *sqes;
	const struct vacc_cqe *cqes;
	__u32 sq_mask;
	__u32 cq_mask;
	__u32 sq_entries;
	__u32 max_len;
	__u32 max_streams;
	__u32 max_sessions;		/* crypto session slots; 0: no crypto class */
	vacc_doorbell_fn doorbell;
	void *db_arg;
	pthread_spinlock_t *kill_lock;	/* NULL: submit and reap on one thread */
	int dead;			/* atomic; 1 once dead_ack is written */

	/* submitter */
	__u32 sq_tail __attribute__((aligned(VACC_CACHELINE)));	/* our copy */
	__u32 sq_head;			/* ctrl->sq_head as last read */
	__u64 doorbells;		/* doorbell calls made (statistics, tests) */
	__u64 doorbell_errors;

	/* reaper */
	__u32 cq_head __attribute__((aligned(VACC_CACHELINE)));	/* next completion number */
};

/*
 * Validate the ctrl page against the region sizes and take over the
 * indices the kernel left there. -WD_EINVAL for a page that is not a sane
 * vacc v1 queue; -WD_HW_EACCESS when the queue is already dead (acked).
 * db may be NULL (then a sleeping worker is never woken: tests only).
 */
int vacc_ring_init(struct vacc_ring *r, void *mmio, size_t mmio_size, void *dus,
		   size_t dus_size, vacc_doorbell_fn db, void *db_arg);

/*
 * Post one sqe. 0: posted (if the queue turned out to be dead the reaper
 * will see it: the entry then completes as "stopped"); -WD_EBUSY: the SQ is
 * full; -WD_HW_EACCESS: the ring is dead (nothing touched).
 */
int vacc_ring_submit(struct vacc_ring *r, const struct vacc_sqe *sqe);

/*
 * Take the next completion. 0: *out filled; -WD_EAGAIN: none yet;
 * -WD_HW_EACCESS: the queue is dead (on first sight dead_ack is written
 * and the regions are never touched again).
 */
int vacc_ring_reap(struct vacc_ring *r, struct vacc_cqe *out);

/* True when submit would not return -WD_EBUSY (reads sq_head if needed). */
bool vacc_ring_has_space(struct vacc_ring *r);

/* True once the ring is dead (after the ack). */
static inline bool vacc_ring_is_dead(const struct vacc_ring *r)
{
	return __atomic_load_n(&r->dead, __ATOMIC_ACQUIRE) != 0;
}

/* Write dead_ack and stop touching the regions (idempotent). */
void vacc_ring_kill(struct vacc_ring *r);

#endif /* VACC_RING_H */

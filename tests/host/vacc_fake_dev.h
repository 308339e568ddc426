/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vacc "device" for host tests: a thread that plays the kernel worker of
 * kernel/vacc/vacc_abi.h on a ctrl page and a DUS region in ordinary memory.
 * It consumes sqes in order, posts one cqe per sqe (seq last, release),
 * waits for CQ space, and when idle sets NEED_WAKEUP, issues a full barrier,
 * re-checks sq_tail and sleeps until the doorbell callback wakes it.
 * Opcodes: NOP and MEMCPY; anything else completes with BAD_DESC.
 */
#ifndef VACC_FAKE_DEV_H
#define VACC_FAKE_DEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "vacc_abi.h"

struct fdev {
	struct vacc_ctrl *ctrl;		/* 1 page, aligned_alloc */
	void *dus;			/* dus_size bytes, aligned_alloc */
	size_t dus_size;
	struct vacc_sqe *sqes;
	struct vacc_cqe *cqes;
	__u32 sq_n, cq_n;
	__u32 sq_head, cq_tail;		/* the worker's own copies */

	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool kicked;			/* doorbell rang since the worker slept */
	int stop;			/* atomic */
	int paused;			/* atomic: do not consume sqes */
	long idle_spins;		/* polls of an empty SQ before sleeping; <0 never */

	/* statistics (atomic) */
	long doorbells;			/* doorbell callback calls */
	long sleeps;			/* times the worker went to sleep */
	long executed;			/* sqes consumed */
	int asleep;			/* 1 while blocked on the condition */
};

/* Build the queue memory with all indices at start; cqes look stale. */
int fdev_init(struct fdev *d, __u32 entries, __u32 start);
/* Start / stop the worker thread. */
int fdev_start(struct fdev *d, long idle_spins);
void fdev_stop(struct fdev *d);
void fdev_free(struct fdev *d);

/* The doorbell callback (arg = struct fdev *). */
int fdev_doorbell(void *arg);

/*
 * Run the worker's loop once on the calling thread (no sleeping): consume
 * and complete at most one sqe. Returns 1 if one was completed.
 */
int fdev_step(struct fdev *d);

/* Pause/resume consumption. */
void fdev_pause(struct fdev *d, bool on);

/*
 * Stop the queue as the kernel does (call with the worker stopped): set
 * DEAD, complete what is in flight with STOPPED while the CQ has room.
 * Returns the number of STOPPED completions posted.
 */
int fdev_kill(struct fdev *d);

#endif

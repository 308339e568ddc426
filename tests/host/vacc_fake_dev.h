/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vacc "device" for host tests: a thread that plays the kernel worker of
 * kernel/vacc/vacc_abi.h on a ctrl page and a DUS region in ordinary memory.
 * It consumes sqes in order, posts one cqe per sqe (seq last, release),
 * waits for CQ space, and when idle sets NEED_WAKEUP, issues a full barrier,
 * re-checks sq_tail and sleeps until the doorbell callback wakes it.
 * Opcodes: NOP and MEMCPY; the crypto class's, with session slots, but no
 * real crypto (vacc_fake_crypto.c: outputs a test can predict); anything
 * else completes with BAD_DESC. Tests may log every sqe consumed and
 * complete any of them with a status of their choice (hook).
 */
#ifndef VACC_FAKE_DEV_H
#define VACC_FAKE_DEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "vacc_abi.h"

struct fdev;

/* A completion the hook chose instead of executing the sqe. */
struct fdev_res {
	__u32 status;
	__u32 consumed;
	__u32 produced;
};

/* Return true (and fill *r) to complete s so instead of executing it. */
typedef bool (*fdev_hook_fn)(struct fdev *d, const struct vacc_sqe *s, struct fdev_res *r,
			     void *arg);

/* A crypto session slot of the fake device. */
struct fdev_cslot {
	__u8 alg;			/* 0: free */
	bool open;			/* AEAD stream begun by FIRST */
	__u32 klen, aklen;
	__u8 key[VACC_MAX_KEY];
	__u8 akey[VACC_MAX_KEY];
	__u64 tag;			/* AEAD stream: the running "tag" */
};

#define FDEV_LOG_MAX	4096

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

	bool own_mem;			/* ctrl and dus are ours to free */
	fdev_hook_fn hook;		/* NULL: execute everything */
	void *hook_arg;
	struct fdev_cslot cslots[VACC_MAX_SESSIONS];
	struct vacc_sqe log[FDEV_LOG_MAX];	/* sqes consumed, in order */
	__u32 log_n;			/* entries in log (it stops when full) */
};

/* Build the queue memory with all indices at start; cqes look stale. */
int fdev_init(struct fdev *d, __u32 entries, __u32 start);
/*
 * The same on memory the caller owns (ctrl: one page; dus: dus_size bytes,
 * at least entries * 96, page aligned), e.g. a file a library maps too.
 */
int fdev_init_mem(struct fdev *d, void *ctrl, void *dus, size_t dus_size, __u32 entries,
		  __u32 start);
/* Forget the log. */
void fdev_log_reset(struct fdev *d);

/* vacc_fake_crypto.c: execute a crypto sqe (opcode CRYPTO_SETUP..AEAD). */
__u32 fdev_crypto(struct fdev *d, const struct vacc_sqe *s, __u32 *consumed, __u32 *produced);
/*
 * The fake's "crypto", for tests to predict: a cipher XORs with the key
 * (repeated); the IV's first byte is incremented (the chaining IV).
 * A digest writes fdev_mac(key, src) bytes; an AEAD XORs the payload with
 * the key and its tag is fdev_tag of the key, AAD and payload lengths.
 */
__u8 fdev_mac_byte(const __u8 *key, __u32 klen, const __u8 *src, __u32 len, __u32 i);
__u8 fdev_tag_byte(const __u8 *key, __u32 klen, __u64 aad, __u64 len, __u32 i);
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

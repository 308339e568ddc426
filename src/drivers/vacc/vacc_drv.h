/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc compression driver (user side of kernel/vacc): shared pieces.
 *
 *   vacc_ring.c         the ring protocol over memory (no system calls)
 *   vacc_queue.c        a uacce queue: open/adopt, mmap, doorbell, wait, close
 *   vacc_io.c           the in-flight slot table, send(), recv(), wait()
 *   vacc_msg.c          struct wd_comp_msg <-> sqe/cqe, status as the CPU driver
 *   vacc_stream.c       stream slots: binding a session to one queue
 *   vacc_comp_driver.c  the ops table, probe, ctx life cycle
 *
 * In-flight slot table: every sqe carries user_data = gen << 32 | index into
 * the ctx's slot table. A completion is accepted only if index is in range,
 * that slot is busy and its generation matches, so a bogus or stale
 * user_data is never dereferenced. Free indices sit in a single-producer
 * single-consumer FIFO: send() pops, recv() pushes, so an async ctx can send
 * and receive on two threads without a lock.
 */
#ifndef VACC_DRV_H
#define VACC_DRV_H

#include <pthread.h>
#include <stdbool.h>
#include "wd_comp_drv.h"
#include "vacc_ring.h"

struct vacc_queue {
	handle_t h;
	bool adopted;			/* the caller's handle: never released by us */
	void *mmio;
	void *dus;
	unsigned long mmio_size;
	unsigned long dus_size;
};

struct vacc_slot {
	struct wd_comp_msg *msg;	/* NULL: internal or orphaned, result dropped */
	__u32 gen;
	int busy;			/* atomic: posted, its completion still due */
	__u32 src_len;			/* lengths the sqe asked for */
	__u32 dst_len;
	__u32 in_done;			/* stateless gzip: input of earlier members */
	__u32 out_done;			/* ... and their output */
};

struct vacc_ctx {
	struct vacc_ring ring;		/* first: cache-line aligned parts */
	struct vacc_queue q;
	__u64 id;			/* unique per ctx ever opened (stream binding) */
	struct vacc_ctx *next;		/* registry of live ctxs */
	__u8 op_type;
	__u8 mode;
	bool async;			/* send and recv may run on two threads */
	pthread_spinlock_t sq_lock;	/* async: submitters vs the reaper's kill/resubmit */

	/* slot table */
	struct vacc_slot *slots;
	__u32 *fifo;			/* free slot indices */
	__u32 nslots;			/* power of two */
	__u32 fhead;			/* send side: next free index to take */
	__u32 ftail __attribute__((aligned(VACC_CACHELINE)));	/* recv side, atomic */

	/* stream slots, under the registry lock (vacc_stream.c) */
	struct vacc_sess *owner[VACC_RING_MAX_STREAMS];
	__u8 strm_fmt[VACC_RING_MAX_STREAMS];	/* format of the slot's stream */
	__u64 release_mask;		/* atomic: slots whose kernel state must be freed */
};

/* A session's stream binding (wd_drv_sess.priv). */
struct vacc_sess {
	struct wd_drv_sess *sess;	/* back pointer: unbinding clears its home */
	__u64 ctx_id;			/* 0: not bound to a stream slot */
	__u8 slot;
	bool started;			/* NEW was posted for the current stream */
};

extern const struct wd_driver vacc_comp_driver;

/* vacc_queue.c */
bool vacc_device_present(void);
int vacc_queue_open(struct vacc_ctx *c, int numa);
int vacc_queue_adopt(struct vacc_ctx *c, handle_t h);
void vacc_queue_close(struct vacc_ctx *c);
void vacc_queue_forget(struct vacc_ctx *c);
int vacc_queue_wait(struct vacc_ctx *c, int timeout_ms);

/* vacc_io.c */
int vacc_slots_init(struct vacc_ctx *c);
void vacc_slots_fini(struct vacc_ctx *c);
int vacc_send(void *drv_ctx, struct wd_msg_hdr *msg);
int vacc_recv(void *drv_ctx, struct wd_msg_hdr **msg);
int vacc_wait(void *drv_ctx, int timeout_ms);
/* Post an internal sqe (no message): used for stream releases. */
int vacc_post_internal(struct vacc_ctx *c, struct vacc_sqe *sqe);

/* vacc_msg.c */
enum vacc_done { VACC_DONE, VACC_AGAIN };
/* Fill sqe (opcode, format, level, window, lengths) for m; 0 or -WD_EINVAL. */
int vacc_msg_to_sqe(const struct vacc_ctx *c, const struct wd_comp_msg *m, struct vacc_sqe *s);
/* Map a completion onto the slot's message; VACC_AGAIN: resubmit *next. */
enum vacc_done vacc_msg_complete(struct vacc_ctx *c, struct vacc_slot *sl,
				 const struct vacc_cqe *e, struct vacc_sqe *next);

/* vacc_stream.c */
void vacc_registry_add(struct vacc_ctx *c);
void vacc_registry_del(struct vacc_ctx *c, bool forked);
/* Bind m's session to a stream slot of c if needed and set s->flags/stream. */
int vacc_stream_prepare(struct vacc_ctx *c, struct wd_comp_msg *m, struct vacc_sqe *s);
/* m's stream ended (or failed): free its slot, clear sess->home. */
void vacc_stream_end(struct vacc_ctx *c, struct wd_comp_msg *m);
/* Post RELEASE for slots freed since the last send (send side). */
void vacc_stream_flush(struct vacc_ctx *c);
void vacc_sess_free(struct wd_drv_sess *sess);
void vacc_sess_reset(struct wd_drv_sess *sess);

#endif /* VACC_DRV_H */

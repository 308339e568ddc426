/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc user-space driver (user side of kernel/vacc): a class-agnostic
 * queue layer and one file per algorithm class.
 *
 *   vacc_ring.c    the ring protocol over memory (no system calls)
 *   vacc_queue.c   a uacce queue: find a device serving an algorithm,
 *                  open/adopt, mmap, doorbell, wait, close, fork
 *   vacc_ctx.c     a ctx's life cycle (the ops every class driver shares)
 *   vacc_io.c      the in-flight slot table, send(), recv(), wait()
 *   vacc_stream.c  stream slots: binding a session's state to one queue
 *   vacc_comp.c    compression: struct wd_comp_msg <-> sqe/cqe, its driver
 *   vacc_crypto.c  the crypto classes' shared part: sessions, supports(),
 *                  ctx hooks, completion statuses (vacc_crypto.h)
 *   vacc_cslot.c   crypto session slots of a queue: SETUP, eviction, streams
 *   vacc_cipher.c, vacc_digest.c, vacc_aead.c   each crypto class's
 *                  descriptors and its driver
 *
 * A class file supplies a struct vacc_class (descriptor builder and
 * completion mapper) and its own struct wd_driver whose ctx_open passes
 * that class to vacc_ctx_open(); send/recv/wait are the queue layer's.
 *
 * In-flight slot table: every sqe carries user_data = gen << 32 | index into
 * the ctx's slot table. A completion is accepted only if index is in range,
 * that slot is busy and its generation matches, so a bogus or stale
 * user_data is never dereferenced. Free indices sit in a single-producer
 * single-consumer FIFO: send() pops, recv() pushes, so an async ctx can send
 * and receive on two threads without a lock.
 *
 * Locking: the engine holds the ctx's lock around send() (sync: send and
 * recv) and around sess_free/sess_reset of a session bound to the ctx, so
 * the stream tables below need no lock of their own.
 */
#ifndef VACC_DRV_H
#define VACC_DRV_H

#include <pthread.h>
#include <stdbool.h>
#include "wd_drv.h"
#include "vacc_ring.h"

struct vacc_ctx;
struct vacc_slot;
struct vacc_ctab;

enum vacc_done { VACC_DONE, VACC_AGAIN };

/* What a class file tells the queue layer. */
struct vacc_class {
	const struct wd_driver *drv;	/* the class's driver (owner of session state) */
	/*
	 * Fill s for msg: opcode, format and the class's fields, lengths,
	 * addresses, and FINISH for a final stream input. The queue layer sets
	 * user_data, stream and STREAM/NEW. 0 or -WD_EINVAL.
	 */
	int (*to_sqe)(const struct vacc_ctx *c, const struct wd_msg_hdr *msg,
		      struct vacc_sqe *s);
	/*
	 * Map a completion onto sl->msg (its result and output fields).
	 * VACC_AGAIN: post *next as the next part of the same request.
	 */
	enum vacc_done (*complete)(struct vacc_ctx *c, struct vacc_slot *sl,
				   const struct vacc_cqe *e, struct vacc_sqe *next);
	/* An sqe that frees stream slot's device state (stream format fmt). */
	void (*release_sqe)(const struct vacc_ctx *c, __u8 slot, __u8 fmt, struct vacc_sqe *s);
	/*
	 * Optional. Send side, under the ctx's submit lock, before the
	 * request's in-flight slot is taken: finish s with the queue's state
	 * (crypto: its session slot) and post what must run before it with
	 * vacc_internal_take/post. Check vacc_room() for everything, request
	 * included, before posting anything. *cookie (0 on entry) is kept
	 * with the request's in-flight slot for complete().
	 */
	int (*prepare)(struct vacc_ctx *c, struct wd_msg_hdr *msg, struct vacc_sqe *s,
		       __u64 *cookie);
	/*
	 * Optional. Recv side: in-flight slot idx completed without a message
	 * (an internal sqe, or a request whose caller gave up); its cookie is
	 * c->slots[idx].cookie. Also called with status STOPPED for those the
	 * dead queue took along.
	 */
	void (*internal_done)(struct vacc_ctx *c, __u32 idx, const struct vacc_cqe *e);
	/* Optional: per-ctx state of the class, after the ring and slots are up. */
	int (*ctx_init)(struct vacc_ctx *c);
	void (*ctx_fini)(struct vacc_ctx *c);
};

struct vacc_queue {
	handle_t h;
	bool adopted;			/* the caller's handle: never released by us */
	void *mmio;
	void *dus;
	unsigned long mmio_size;
	unsigned long dus_size;
};

struct vacc_slot {
	struct wd_msg_hdr *msg;		/* NULL: internal or orphaned, result dropped */
	__u32 gen;
	int busy;			/* atomic: posted, its completion still due */
	__u32 src_len;			/* lengths the sqe asked for */
	__u32 dst_len;
	__u32 in_done;			/* a request in parts: input of earlier parts */
	__u32 out_done;			/* ... and their output */
	__u64 cookie;			/* the class's (prepare / vacc_internal_post) */
};

struct vacc_ctx {
	struct vacc_ring ring;		/* first: cache-line aligned parts */
	struct vacc_queue q;
	const struct vacc_class *cls;
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

	/* stream slots (vacc_stream.c), under the engine's ctx lock */
	struct vacc_sess *owner[VACC_RING_MAX_STREAMS];
	__u8 strm_fmt[VACC_RING_MAX_STREAMS];	/* format of the slot's stream */
	__u64 release_mask;		/* atomic: slots whose kernel state must be freed */

	/* crypto session slots (vacc_cslot.c); NULL for other classes */
	struct vacc_ctab *ctab;
};

/* A session's stream binding (wd_drv_sess.priv). */
struct vacc_sess {
	struct vacc_ctx *c;		/* the queue holding the stream; NULL: unbound */
	__u8 slot;
	bool started;			/* NEW was posted for the current stream */
};

/* vacc_queue.c */
bool vacc_device_present(const char *alg);
/*
 * true when every vacc device that lists class cls ("cipher", "digest",
 * "aead") also lists algorithm name in its sysfs "algorithms" (read once
 * per process).
 */
bool vacc_device_lists(const char *cls, const char *name);
int vacc_queue_open(struct vacc_ctx *c, const char *alg, int numa);
int vacc_queue_adopt(struct vacc_ctx *c, handle_t h);
void vacc_queue_close(struct vacc_ctx *c);
void vacc_queue_forget(struct vacc_ctx *c);
int vacc_queue_wait(struct vacc_ctx *c, int timeout_ms);

/* vacc_ctx.c: a class driver's ctx_open/ctx_adopt pass their class */
int vacc_ctx_open(const struct vacc_class *cls, const char *alg, int numa, __u8 op_type,
		  __u8 mode, void **out);
int vacc_ctx_adopt(const struct vacc_class *cls, handle_t h, __u8 op_type, __u8 mode,
		   void **out);
void vacc_ctx_close(void *drv_ctx);
void vacc_ctx_forget(void *drv_ctx);

/* vacc_io.c */
int vacc_slots_init(struct vacc_ctx *c);
void vacc_slots_fini(struct vacc_ctx *c);
int vacc_send(void *drv_ctx, struct wd_msg_hdr *msg);
int vacc_recv(void *drv_ctx, struct wd_msg_hdr **msg);
int vacc_wait(void *drv_ctx, int timeout_ms);
/* Post an internal sqe (no message): used for stream releases. */
int vacc_post_internal(struct vacc_ctx *c, struct vacc_sqe *sqe);
/*
 * What a completion status means to every class: FAULT -> -WD_ADDR_ERR,
 * NOMEM -> -WD_ENOMEM, STOPPED -> -WD_HW_EACCESS, and any other status the
 * class did not handle itself -> -WD_EIO (logged: the two sides disagree).
 */
int vacc_status_error(const struct vacc_cqe *e);
/*
 * The same in two steps, for a class that must know the in-flight slot
 * before it fills the sqe (crypto keys travel in a per-slot buffer):
 * take a free slot (-WD_EBUSY: none, or the SQ is full), then post on it
 * (on failure the slot is given back: nothing may be taken in between).
 */
int vacc_internal_take(struct vacc_ctx *c, __u32 *idx);
int vacc_internal_post(struct vacc_ctx *c, __u32 idx, struct vacc_sqe *sqe, __u64 cookie);
/* n more sqes can be posted now (free in-flight slots and SQ entries). */
bool vacc_room(struct vacc_ctx *c, __u32 n);

/* vacc_stream.c */
/* Bind msg's session to a stream slot of c if needed; set s->stream and flags. */
int vacc_stream_prepare(struct vacc_ctx *c, struct wd_msg_hdr *msg, struct vacc_sqe *s);
/* msg's stream ended (or failed): free its slot, clear sess->bound. */
void vacc_stream_end(struct vacc_ctx *c, struct wd_msg_hdr *msg);
/* Post RELEASE for slots freed since the last send (send side). */
void vacc_stream_flush(struct vacc_ctx *c);
/* wd_driver sess_free / sess_reset for every class. */
void vacc_sess_free(void *home_ctx, struct wd_drv_sess *sess);
void vacc_sess_reset(void *home_ctx, struct wd_drv_sess *sess);

#endif /* VACC_DRV_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive driver-facing interface: what a driver implements and how it
 * joins the registry. Never installed; applications use <uadk/...> only.
 *
 * A driver is an ops table for one algorithm class. A ctx is one queue of
 * one device (for a CPU driver: one private set of library state). The
 * request engine calls send() to post a message and recv() to reap
 * completed ones; a CPU driver does the work inside send() and queues the
 * completion, so the engine treats both kinds alike.
 */
#ifndef WD_DRV_H
#define WD_DRV_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>
#include "uadk/wd.h"	/* handle_t */

#ifdef __cplusplus
extern "C" {
#endif

enum wd_drv_kind {
	WD_DRV_CPU,	/* runs on the calling core */
	WD_DRV_HW,	/* queue of a device (uacce) */
};

enum wd_alg_class {
	WD_CLASS_COMP,
	WD_CLASS_CIPHER,
	WD_CLASS_DIGEST,
	WD_CLASS_AEAD,
	WD_CLASS_MAX,
};

/* The most drivers the registry holds (and an engine may bind). */
#define WD_MAX_DRIVERS	32

/*
 * What a session's driver keeps across its stateless requests: what it
 * learned from earlier ones (Huffman tables, decode tables). Unlike
 * wd_drv_sess.priv it does not tie the session to a driver: the engine
 * still sends each request wherever the scheduler says, and a driver uses
 * priv only when owner is its own. busy makes priv one thread's at a time:
 * a driver that finds it taken runs the request without it, so threads
 * sharing a session never wait for each other. The engine frees priv with
 * free() when the session goes.
 */
struct wd_drv_learn {
	void *priv;
	const void *owner;		/* the driver's tag for priv */
	void (*free)(void *priv);
	int busy;			/* __atomic */
	__u8 off;			/* __atomic: the user turned learning off */
	__u32 uses;			/* requests a driver counted, while busy */
};

/* Take / give back a session's learning slot; false: another thread has it. */
static inline bool wd_learn_take(struct wd_drv_learn *l)
{
	return l && !__atomic_load_n(&l->off, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&l->busy, 1, __ATOMIC_ACQUIRE);
}

static inline void wd_learn_give(struct wd_drv_learn *l)
{
	__atomic_store_n(&l->busy, 0, __ATOMIC_RELEASE);
}

/* wd_msg_hdr.flags */
#define WD_MSG_STREAM	(1u << 0)	/* stateful: sess holds the stream's history */

/*
 * Every class's driver message starts with this header. The engine owns
 * tag; the driver fills result (0, or -WD_E* when the request could not be
 * executed at all) and the class-specific output fields.
 */
struct wd_msg_hdr {
	__u32 tag;			/* slot in the ctx's async pool */
	__u32 op_type;			/* the class's op type (compress, encrypt ...) */
	int result;			/* driver outcome of the request */
	__u32 flags;			/* WD_MSG_* */
	struct wd_drv_sess *sess;	/* the session's driver state, or NULL */
	/* stateless requests: the session's learning slot, else NULL; valid
	 * only inside send() (or sess_run): by completion it may be gone */
	struct wd_drv_learn *learn;
	void *drv_priv;			/* the driver's, while it holds the message */
};

/* Driver state of one session (stream history, expanded keys). */
struct wd_drv_sess {
	/*
	 * The driver that owns priv. Set by the engine at session allocation
	 * when the session must stay on one driver (a driver with ctxs of its
	 * op type does not support it, or a supporting driver keeps
	 * per-session state: sess_init, set_key), else by a driver when it
	 * first creates priv. The engine sends the session's requests only to
	 * ctxs of this driver once it is set.
	 */
	const struct wd_driver *drv;
	void *priv;
	/*
	 * Set by a driver whose state for this session now lives in the queue
	 * that ran the request (a stream slot); cleared when that state is
	 * gone (stream end, error). While set, the engine sends the session's
	 * requests to that same ctx.
	 */
	bool bound;
	__u32 home;			/* engine: that ctx's index + 1; drivers never touch it */
};

/*
 * What a session asks of a driver, in the class's own terms: the engine
 * passes it to supports() at session allocation (so an unsupported
 * combination fails there, not on the first request) and to sess_init().
 */
struct wd_alg_spec {
	__u32 alg;			/* the class's algorithm (enum wd_comp_alg_type ...) */
	__u32 mode;			/* the class's mode; compression: window size */
	__u32 op_type;			/* the session's op type */
	__u32 key_len;			/* bytes; 0 for keyless algorithms */
	__u32 param;			/* class-specific; compression: level */
};

/* wd_driver.set_key kinds */
#define WD_KEY_CIPHER	0	/* cipher key; also the MAC key of CMAC/XCBC/GMAC */
#define WD_KEY_AUTH	1	/* HMAC key (digest HMAC, AEAD authenc) */

struct wd_driver {
	const char *name;
	const char *desc;		/* one line for `wd info` */
	enum wd_drv_kind kind;
	enum wd_alg_class alg_class;
	int priority;			/* higher is preferred */
	const char *const *algs;	/* NULL-terminated names served */
	__u32 op_mask;			/* bit per op type served */

	/* 0 when the driver can open ctxs on this host now. */
	int (*probe)(const struct wd_driver *drv);
	/*
	 * Open one ctx for op_type/mode near numa node (-1: any), on a device
	 * that serves alg (the name the init asked for; NULL: any of algs).
	 * depth: async requests the engine may have in flight on it.
	 */
	int (*ctx_open)(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type,
			__u8 mode, __u32 depth, void **drv_ctx);
	void (*ctx_close)(void *drv_ctx);
	/*
	 * wd_<alg>_init() (v1): take over queue h that the caller opened with
	 * wd_request_ctx(). -WD_ENODEV when h is not this driver's device. The
	 * caller still owns h: ctx_close() must not release it. NULL: no
	 * adoption (CPU drivers).
	 */
	int (*ctx_adopt)(const struct wd_driver *drv, handle_t h, __u8 op_type,
			 __u8 mode, __u32 depth, void **drv_ctx);
	/*
	 * After fork(), from libwd's child handler: drop a ctx inherited from
	 * the parent without touching the device (its mappings are gone). The
	 * uacce handle table is usable again by then (wd_release_ctx() only
	 * closes the child's fd). NULL means ctx_close() is safe in the child.
	 */
	void (*ctx_forget)(void *drv_ctx);
	/* Post one message. -WD_EBUSY when the queue is full. */
	int (*send)(void *drv_ctx, struct wd_msg_hdr *msg);
	/*
	 * Reap one completed message; -WD_EAGAIN when none is ready. On an
	 * async ctx recv() may run concurrently with send() (one thread each).
	 */
	int (*recv)(void *drv_ctx, struct wd_msg_hdr **msg);
	/* Block until a completion may be ready (HW); NULL for CPU drivers. */
	int (*wait)(void *drv_ctx, int timeout_ms);

	/* Sessions. Every hook may be NULL. */
	/* true when the driver serves spec (NULL: everything the class accepts). */
	bool (*supports)(const struct wd_driver *drv, const struct wd_alg_spec *spec);
	/* Per-session set-up at allocation: fill sess->priv. */
	int (*sess_init)(const struct wd_driver *drv, struct wd_drv_sess *sess,
			 const struct wd_alg_spec *spec);
	/*
	 * Install a key of kind WD_KEY_* (the class checked its length against
	 * the algorithm; 0 clears it).
	 */
	int (*set_key)(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 key_len);
	/*
	 * Free what the driver put in sess / forget the stream position but
	 * keep memory. home_ctx is the drv_ctx of the ctx the session is bound
	 * to, locked by the engine for the call, or NULL when the session is
	 * not bound or that ctx is gone (uninit, fork): then only sess itself
	 * may be touched.
	 */
	void (*sess_free)(void *home_ctx, struct wd_drv_sess *sess);
	void (*sess_reset)(void *home_ctx, struct wd_drv_sess *sess);
	/*
	 * Run a sync request in the caller's thread without a ctx; returns 0
	 * when it ran (outcome in msg->result). For CPU drivers whose sessions
	 * hold everything a request needs (keys, contexts): no queue to pick,
	 * nothing to lock but the session. NULL: requests go through ctxs.
	 */
	int (*sess_run)(struct wd_drv_sess *sess, struct wd_msg_hdr *msg);
};

/* Registry (libwd). Drivers register from a constructor. */
int wdi_driver_register(const struct wd_driver *drv);
void wdi_driver_unregister(const struct wd_driver *drv);
/* Drivers of class serving alg, best first; returns how many were stored. */
int wdi_driver_find(enum wd_alg_class cls, const char *alg,
		    const struct wd_driver **out, int max);
/* All registered drivers, for `wd info`. */
int wdi_driver_all(const struct wd_driver **out, int max);

#ifdef __cplusplus
}
#endif

#endif /* WD_DRV_H */

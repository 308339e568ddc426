/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive driver-facing interface: what a driver implements and how it
 * joins the registry. Never installed; applications use <uadk/...> only.
 *
 * A driver is an ops table. A ctx is one queue of one device (for a CPU
 * driver: one private set of library state). The request engine calls
 * send() to post a message and recv() to reap completed ones; a CPU driver
 * does the work inside send() and queues the completion, so the engine
 * treats both kinds alike.
 */
#ifndef WD_DRV_H
#define WD_DRV_H

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

/*
 * Every class's driver message starts with this header. The engine owns
 * tag; the driver fills result (0 or -WD_E*: the request could not be
 * executed at all) and the class-specific output fields.
 */
struct wd_msg_hdr {
	__u32 tag;			/* slot in the ctx's async pool */
	__u32 op_type;			/* the class's op type (compress, ...) */
	int result;			/* driver outcome of the request */
	struct wd_drv_sess *sess;	/* per-session driver state, or NULL */
};

/* Driver state a session keeps between requests (stream history, keys). */
struct wd_drv_sess {
	const struct wd_driver *drv;	/* the driver that owns priv */
	void *priv;
	/*
	 * Set by a driver whose stream state lives in one queue: its drv_ctx.
	 * The engine sends the session's later requests to that ctx only; the
	 * driver clears it when the state is gone (stream end, reset, free).
	 */
	void *home;
};

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
	/* Open one ctx for op_type/mode near numa node (-1: any). */
	int (*ctx_open)(const struct wd_driver *drv, int numa, __u8 op_type,
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
	 * After fork(): drop a ctx inherited from the parent without touching
	 * the device. NULL means ctx_close() is safe in the child.
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
	/* Free what the driver put in a struct wd_drv_sess. */
	void (*sess_free)(struct wd_drv_sess *sess);
	/* Forget stream position but keep memory. */
	void (*sess_reset)(struct wd_drv_sess *sess);
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

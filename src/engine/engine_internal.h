/* SPDX-License-Identifier: Apache-2.0 */
/* Pieces of the engine shared between its own files. */
#ifndef WD_ENGINE_INTERNAL_H
#define WD_ENGINE_INTERNAL_H

#include "wd_engine.h"
#include "wd_log.h"
#include "wd_local.h"

/* msg_pool.c */
WDI_LOCAL int wdi_pool_init(struct wdi_ctx *ctx, size_t msg_size, __u32 depth);
WDI_LOCAL void wdi_pool_fini(struct wdi_ctx *ctx);
WDI_LOCAL struct wd_msg_hdr *wdi_pool_get(struct wdi_ctx *ctx, size_t msg_size);
WDI_LOCAL int wdi_pool_put(struct wdi_ctx *ctx, __u32 tag);

/* engine_init.c */
/* A class descriptor the engine can serve (op types fit the plan table ...). */
WDI_LOCAL bool wdi_class_ok(const struct wdi_class *c);
/*
 * Start an init: take init_lock and put the drivers the task type may bind,
 * best first, in e->drvs. 0: init_lock is held (finish or fail the init);
 * -WD_EEXIST: already up, counted; else an error, nothing held.
 */
WDI_LOCAL int wdi_engine_begin(struct wdi_engine *e, const char *alg, int task_type);
/* Open a ctx with the best of e->drvs that will; 0 or the last driver's error. */
WDI_LOCAL int wdi_engine_open_ctx(struct wdi_engine *e, const char *alg, int numa, __u8 op,
				  __u8 mode, __u32 depth, struct wdi_ctx *ctx);
/* The same with drivers of one kind only (enum wd_drv_kind). */
WDI_LOCAL int wdi_engine_open_ctx_kind(struct wdi_engine *e, const char *alg, int numa, __u8 op,
				       __u8 mode, __u32 depth, struct wdi_ctx *ctx, int kind);
/* Locks, identity and (async) the message pool of a ctx a driver opened. */
WDI_LOCAL int wdi_engine_ctx_setup(struct wdi_engine *e, struct wdi_ctx *ctx, int numa,
				   __u8 op, __u8 mode, __u32 depth);
/* Publish the init (style, generation, env knobs) and drop init_lock. */
WDI_LOCAL int wdi_engine_finish(struct wdi_engine *e, enum wdi_init_style style);
/* Undo a failed init and drop init_lock. */
WDI_LOCAL int wdi_engine_fail(struct wdi_engine *e, int ret);
/* An init from per-node ctx plans (v2, env, ctx_num styles). */
WDI_LOCAL int wdi_engine_init_plan(struct wdi_engine *e, const char *alg, __u32 sched_type,
				   int task_type, const struct wdi_ctx_plan *plans, int nplan,
				   struct wd_sched *user_sched, __u32 depth,
				   enum wdi_init_style style);
/* Async pool depth from wd_cap_config (NULL or 0: the default); -WD_EINVAL out of range. */
WDI_LOCAL int wdi_cap_depth(const struct wd_cap_config *cap, __u32 *depth);
/* Free every ctx and the scheduler; close (or, after fork, forget) ctxs. */
WDI_LOCAL void wdi_engine_teardown(struct wdi_engine *e, bool forked);

/* engine_io.c: the background poller. */
WDI_LOCAL int wdi_poll_thread_start(struct wdi_engine *e);
WDI_LOCAL void wdi_poll_thread_stop(struct wdi_engine *e);

/* core/fork.c: engines are tracked so a forked child starts clean. */
WDI_LOCAL void wdi_engine_track(struct wdi_engine *e);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Pieces of the engine shared between its own files. */
#ifndef WD_ENGINE_INTERNAL_H
#define WD_ENGINE_INTERNAL_H

#include "wd_engine.h"
#include "wd_log.h"

int wdi_pool_init(struct wdi_ctx *ctx, size_t msg_size, __u32 depth);
void wdi_pool_fini(struct wdi_ctx *ctx);
struct wd_msg_hdr *wdi_pool_get(struct wdi_ctx *ctx, size_t msg_size);
int wdi_pool_put(struct wdi_ctx *ctx, __u32 tag);

/* fork.c: engines are tracked so a forked child starts clean. */
void wdi_engine_track(struct wdi_engine *e);

/* engine_io.c: the background poller. */
int wdi_poll_thread_start(struct wdi_engine *e);
void wdi_poll_thread_stop(struct wdi_engine *e);

/* Free every ctx and the scheduler; close (or, after fork, forget) ctxs. */
void wdi_engine_teardown(struct wdi_engine *e, bool forked);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request engine: one implementation of init, ctx ownership, sync
 * submit+wait, async submit, poll -> callback and message pools, shared by
 * every algorithm class. An algorithm file (wd_comp.c, ...) only validates a
 * request, turns it into a driver message and turns the result back.
 */
#ifndef WD_ENGINE_H
#define WD_ENGINE_H

#include <pthread.h>
#include <stdbool.h>
#include "wd_drv.h"
#include "uadk/wd_alg_common.h"
#include "uadk/wd_sched.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WDI_MAX_NUMA		64
#define WDI_DEFAULT_DEPTH	1024	/* async messages per ctx */
#define WDI_MAX_CTX		1024

struct wdi_engine;

/* What a class tells the engine about itself. */
struct wdi_class_ops {
	enum wd_alg_class cls;
	const char *env_prefix;		/* "COMP" -> WD_COMP_CTX_NUM ... */
	size_t msg_size;		/* class message, starts with wd_msg_hdr */
	__u32 op_type_num;		/* e.g. WD_DIR_MAX */
	const char *const *op_names;	/* "comp", "decomp": env parsing, logs */
	/* Finish an async message: copy results to the request, run its cb. */
	void (*complete)(struct wd_msg_hdr *msg);
	/* Public poll-one-ctx call, used as the RR scheduler's poll function. */
	int (*poll_ctx)(__u32 idx, __u32 expt, __u32 *count);
	/* Allocate/free the RR scheduler (lives in the class library). */
	struct wd_sched *(*sched_alloc)(__u8 policy, __u8 type_num, __u16 numa_num,
					user_poll_func func);
	int (*sched_instance)(const struct wd_sched *sched, struct sched_params *p);
	void (*sched_release)(struct wd_sched *sched);
};

struct wdi_ctx {
	pthread_mutex_t lock;		/* serialises submitters (sync: send+recv) */
	pthread_mutex_t poll_lock;	/* serialises pollers: recv runs beside send */
	pthread_spinlock_t pool_lock;	/* the free-slot stack, touched by both */
	const struct wd_driver *drv;
	void *drv_ctx;
	handle_t user_handle;		/* wd_comp_init(): the caller's ctx, else 0 */
	int numa;
	__u8 op_type;
	__u8 mode;
	/* async message pool: depth slots of msg_size bytes, free stack */
	char *pool;
	__u32 depth;
	__u32 nfree;
	__u32 *free_slots;
	__u32 inflight;
};

enum wdi_init_style {
	WDI_UNINIT,
	WDI_STYLE_V1,	/* wd_<alg>_init(config, sched) */
	WDI_STYLE_V2,	/* wd_<alg>_init2_() */
	WDI_STYLE_ENV,	/* wd_<alg>_env_init() / ctx_num_init() */
};

struct wdi_engine {
	const struct wdi_class_ops *ops;
	pthread_mutex_t init_lock;
	enum wdi_init_style style;
	int refs;			/* successful inits not yet uninit */
	__u32 gen;			/* bumps on every fresh init: stale sessions fail */
	int task_type;
	__u32 ctx_num;
	struct wdi_ctx *ctxs;
	struct wd_sched *sched;
	bool own_sched;
	bool epoll_en;			/* HW sync waits sleep in poll() */
	__u32 sync_timeout_ms;		/* a sync request gives up after this */
	/* background poller (WD_<ALG>_ASYNC_POLL_EN=1) */
	bool poll_thread_on;
	volatile bool poll_stop;
	pthread_t poll_thread;
	struct wdi_engine *next;	/* list of engines, for fork handling */
};

/* A ctx count per (op type, mode) for one NUMA node. */
struct wdi_ctx_plan {
	int numa;
	__u32 num[8][CTX_MODE_MAX];	/* [op_type][mode] */
};

/* Init styles. All return 0, -WD_EEXIST (already up: counted), or -WD_E*. */
int wdi_engine_init_v1(struct wdi_engine *e, struct wd_ctx_config *cfg,
		       struct wd_sched *sched);
int wdi_engine_init_v2(struct wdi_engine *e, const char *alg, __u32 sched_type,
		       int task_type, struct wd_ctx_params *params);
int wdi_engine_init_plan(struct wdi_engine *e, const char *alg, __u32 sched_type,
			 int task_type, const struct wdi_ctx_plan *plan, int nplan,
			 struct wd_sched *user_sched, enum wdi_init_style style);
void wdi_engine_uninit(struct wdi_engine *e, enum wdi_init_style style);

/* Parse WD_<PREFIX>_CTX_NUM into plans; returns count or -WD_EINVAL. */
int wdi_env_ctx_plan(const struct wdi_class_ops *ops, const char *value,
		     struct wdi_ctx_plan *plans, int max);

/* 0 when initialised and sess_gen is current. */
int wdi_engine_check(struct wdi_engine *e, __u32 sess_gen);
/* A scheduling key for a session (via the scheduler's sched_init). */
handle_t wdi_engine_sched_key(struct wdi_engine *e, struct sched_params *sp);

/* Run one message to completion on a sync ctx. */
int wdi_engine_sync(struct wdi_engine *e, handle_t key, struct wd_msg_hdr *msg);
/* Copy msg into a pool slot of an async ctx and post it. */
int wdi_engine_async(struct wdi_engine *e, handle_t key, const struct wd_msg_hdr *msg);
/* Reap completions of one async ctx / through the scheduler's poll policy. */
int wdi_engine_poll_ctx(struct wdi_engine *e, __u32 idx, __u32 expt, __u32 *count);
int wdi_engine_poll(struct wdi_engine *e, __u32 expt, __u32 *count);

/* Env knobs shared by all classes. */
bool wdi_env_flag(const char *name);
/* An unsigned env value in [lo, hi], else dflt. */
__u32 wdi_env_uint(const char *name, __u32 lo, __u32 hi, __u32 dflt);
/* WD_CPU_AS_HW=1: CPU drivers may serve TASK_HW. */
bool wdi_cpu_as_hw(void);

/* The calling thread's NUMA node (0 when unknown). */
int wdi_current_numa(void);

#ifdef __cplusplus
}
#endif

#endif /* WD_ENGINE_H */

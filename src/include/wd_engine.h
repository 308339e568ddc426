/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request engine: one implementation of init (three styles, env),
 * ctx ownership, sessions, sync submit+wait, async submit, poll -> callback
 * and message pools, shared by every algorithm class. A class file
 * (src/comp/wd_comp.c, ...) holds only its descriptor (struct wdi_class),
 * request validation, message building and complete(); the standard public
 * calls come from WDI_CLASS_API (wd_class_api.h).
 */
#ifndef WD_ENGINE_H
#define WD_ENGINE_H

#include <pthread.h>
#include <stdbool.h>
#include "wd_drv.h"
#include "wd_lock.h"
#include "uadk/wd_alg_common.h"
#include "uadk/wd_sched.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WDI_MAX_NUMA		64
#define WDI_DEFAULT_DEPTH	1024	/* async messages per ctx (wd_cap_config.ctx_msg_num) */
#define WDI_MAX_CTX		1024
#define WDI_MAX_OPS		8	/* op types a class may have */
#define WDI_SESS_RAN		4	/* drivers counted per session */

/* What a class tells the engine about itself. */
struct wdi_class {
	enum wd_alg_class cls;
	const char *name;		/* "comp": log lines */
	const char *env_prefix;		/* "COMP": WD_COMP_CTX_NUM, WD_COMP_ASYNC_POLL_EN ... */
	const char *const *algs;	/* names wd_<class>_init2_() accepts, NULL-terminated */
	const char *env_alg;		/* what env_init / ctx_num_init bind */
	size_t msg_size;		/* class message, starts with struct wd_msg_hdr */
	size_t sess_size;		/* class session, starts with struct wdi_sess */
	__u32 op_type_num;		/* at most WDI_MAX_OPS */
	const char *const *op_names;	/* "comp", "decomp": env parsing, logs */
	__u32 flags;			/* WDI_CLASS_* */
	/* Finish an async message: copy results to the request, run its cb. */
	void (*complete)(struct wd_msg_hdr *msg);
};

/*
 * UADK's crypto classes: WD_<CLASS>_CTX_NUM items name no op type
 * ("sync:2@0"), wd_<class>_ctx_num_init() ignores its type, and a default
 * plan opens ctxs of op type 0 only: every request goes to the ctxs of its
 * session's scheduling type (sched_params.type, usually 0), whatever its
 * direction.
 */
#define WDI_CLASS_UNTYPED	(1u << 0)

struct wdi_ctx {
	struct wdi_lock lock;		/* serialises submitters (sync: send+recv) */
	struct wdi_lock poll_lock;	/* serialises pollers: recv runs beside send */
	pthread_spinlock_t pool_lock;	/* the free-slot stack, touched by both */
	const struct wd_driver *drv;
	void *drv_ctx;
	handle_t user_handle;		/* wd_<class>_init(): the caller's ctx, else 0 */
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
	WDI_STYLE_V1,	/* wd_<class>_init(config, sched) */
	WDI_STYLE_V2,	/* wd_<class>_init2_() */
	WDI_STYLE_ENV,	/* wd_<class>_env_init() / ctx_num_init() */
};

struct wdi_engine {
	const struct wdi_class *cls;
	pthread_mutex_t init_lock;
	int style;			/* enum wdi_init_style; atomic */
	int refs;			/* successful inits not yet uninit */
	__u32 gen;			/* atomic; bumps on every fresh init: stale sessions fail */
	int task_type;
	__u32 ctx_num;
	struct wdi_ctx *ctxs;
	const struct wd_driver *drvs[WD_MAX_DRIVERS];	/* drivers of the ctxs, best first */
	int ndrv;
	struct wd_sched *sched;
	bool own_sched;
	bool epoll_en;			/* HW sync waits sleep in poll() */
	__u32 sync_timeout_ms;		/* a sync request gives up after this */
	/* background poller (WD_<CLASS>_ASYNC_POLL_EN=1) */
	bool poll_thread_on;
	bool poll_stop;			/* atomic */
	pthread_t poll_thread;
	struct wdi_engine *next;	/* libwd's list of engines, for fork handling */
};

#define WDI_ENGINE_INIT(class_desc) \
	{ .cls = (class_desc), .init_lock = PTHREAD_MUTEX_INITIALIZER }

/*
 * A session. Class sessions start with it (wdi_class.sess_size). The
 * public handle is not this pointer but a slot number and generation in
 * libwd's session table, so a freed or foreign handle is refused without
 * touching freed memory.
 */
struct wdi_sess {
	struct wdi_engine *e;		/* the class the session belongs to */
	__u32 gen;			/* engine generation at alloc: stale after uninit/fork */
	handle_t handle;
	handle_t sched_key;
	/* set at alloc when only this driver may serve the session; else NULL */
	const struct wd_driver *pin;
	/*
	 * The pinned driver's sess_run when this init has a sync ctx of the
	 * session's op type for it: sync requests then skip the ctxs.
	 */
	int (*direct)(struct wd_drv_sess *sess, struct wd_msg_hdr *msg);
	struct wd_alg_spec spec;	/* what the session asked for */
	struct wd_drv_sess drv;
	struct wd_drv_learn learn;	/* kept across stateless requests */
	/*
	 * Which drivers ran the session's requests (wd_sess_get_driver_counts):
	 * a driver claims an entry with a compare-and-swap on first use; counts
	 * are relaxed load+store, exact unless threads share the session at once.
	 */
	struct wdi_sess_ran {
		const struct wd_driver *drv;	/* atomic; NULL: unused */
		__u64 n;
	} ran[WDI_SESS_RAN];
};

/* A request of s ran on d: count it (inline fast path, first entry). */
void wdi_sess_count_slow(struct wdi_sess *s, const struct wd_driver *d);
/* Take back a count made before a send that failed. */
void wdi_sess_uncount(struct wdi_sess *s, const struct wd_driver *d);
static inline void wdi_sess_count(struct wdi_sess *s, const struct wd_driver *d)
{
	struct wdi_sess_ran *r = &s->ran[0];

	if (__builtin_expect(__atomic_load_n(&r->drv, __ATOMIC_RELAXED) == d, 1))
		__atomic_store_n(&r->n, __atomic_load_n(&r->n, __ATOMIC_RELAXED) + 1,
				 __ATOMIC_RELAXED);
	else
		wdi_sess_count_slow(s, d);
}

/* --- init styles: 0, -WD_EEXIST (already up: counted), or -WD_E* --------- */
int wdi_engine_init_v1(struct wdi_engine *e, struct wd_ctx_config *cfg,
		       struct wd_sched *sched);
int wdi_engine_init_v2(struct wdi_engine *e, const char *alg, __u32 sched_type,
		       int task_type, struct wd_ctx_params *params);
/* WD_<PREFIX>_CTX_NUM (UADK syntax) with the class's env_alg. */
int wdi_engine_env_init(struct wdi_engine *e, struct wd_sched *sched);
int wdi_engine_ctx_num_init(struct wdi_engine *e, __u32 node, __u32 type, __u32 num,
			    __u8 mode);
/* Any style's uninit drops one reference; the last one frees. */
void wdi_engine_uninit(struct wdi_engine *e);
/* A class library going away (dlclose): libwd's fork handler forgets e. */
void wdi_engine_untrack(struct wdi_engine *e);

/* --- introspection --------------------------------------------------------- */
int wdi_engine_env_param(struct wdi_engine *e, __u32 node, __u32 type, __u32 mode,
			 __u32 *num, __u8 *is_enable);
struct wd_ctx_info;
int wdi_engine_ctx_info(struct wdi_engine *e, struct wd_ctx_info *out, int max);

/* --- sessions ------------------------------------------------------------ */
/*
 * A new session of the class (sess_size bytes, zeroed after the header),
 * not yet visible to anyone: the class fills its fields, then publishes it.
 * sp NULL: the caller's node, op type spec->op_type. NULL when the engine
 * is not up, no bound driver supports spec, the scheduler refuses sp, or
 * memory is short (logged).
 */
void *wdi_sess_alloc(struct wdi_engine *e, const struct sched_params *sp,
		     const struct wd_alg_spec *spec);
/* Make sess reachable through its handle (0: table full; sess is freed). */
handle_t wdi_sess_publish(struct wdi_engine *e, void *sess);
/* Free a session that was never published. */
void wdi_sess_discard(struct wdi_engine *e, void *sess);
/* wd_<class>_free_sess(): unknown, foreign or freed handles are ignored (logged). */
void wdi_sess_free(struct wdi_engine *e, handle_t h);
/* Forget the driver's stream position (keeps memory). */
void wdi_sess_reset(struct wdi_engine *e, struct wdi_sess *s);
/*
 * Install a key of kind (WD_KEY_*) through the session's driver: 0,
 * -WD_EINVAL (no driver takes keys), or the driver's code. The class has
 * checked the length; len 0 clears the key.
 */
int wdi_sess_set_key(struct wdi_engine *e, struct wdi_sess *s, __u32 kind, const __u8 *key,
		     __u32 len);

/* The session table (libwd). Read through wdi_sess_get() only. */
struct wdi_sess_slot {
	struct wdi_sess *sess;		/* atomic; NULL while the slot is free */
	__u32 gen;			/* atomic; the handle's generation, never 0 */
	__u32 next_free;		/* free list link (under the table lock) */
};
#define WDI_SESS_CHUNK_BITS	10
#define WDI_SESS_CHUNKS		1024	/* at most 1M sessions at once */
extern struct wdi_sess_slot *wdi_sess_chunks[WDI_SESS_CHUNKS];

/* The table slot a handle names, or NULL (never dereferences the handle). */
static inline struct wdi_sess_slot *wdi_sess_slot_of(handle_t h)
{
	__u32 idx = (__u32)h - 1;
	struct wdi_sess_slot *chunk;

	if (__builtin_expect(idx >= (WDI_SESS_CHUNKS << WDI_SESS_CHUNK_BITS), 0))
		return NULL;
	chunk = __atomic_load_n(&wdi_sess_chunks[idx >> WDI_SESS_CHUNK_BITS], __ATOMIC_ACQUIRE);
	if (__builtin_expect(!chunk, 0))
		return NULL;
	return &chunk[idx & ((1u << WDI_SESS_CHUNK_BITS) - 1)];
}

/*
 * A live session of e's class from a public handle, or NULL: unknown,
 * freed, another class's, or made before the current init (every init and
 * teardown bumps the engine's generation).
 */
static inline struct wdi_sess *wdi_sess_get(struct wdi_engine *e, handle_t h)
{
	struct wdi_sess_slot *slot = wdi_sess_slot_of(h);
	struct wdi_sess *s;

	if (__builtin_expect(!slot, 0))
		return NULL;
	/*
	 * The session, then the slot's generation: a reused slot's new session
	 * is published after the generation moved on, so a stale handle never
	 * gets it. Only a session whose handle matched is dereferenced (a
	 * handle freed while another thread uses it is the caller's bug).
	 */
	s = __atomic_load_n(&slot->sess, __ATOMIC_ACQUIRE);
	if (__builtin_expect(!s || __atomic_load_n(&slot->gen, __ATOMIC_RELAXED) != (__u32)(h >> 32),
			     0))
		return NULL;
	if (__builtin_expect(s->e != e || s->gen != __atomic_load_n(&e->gen, __ATOMIC_RELAXED), 0))
		return NULL;
	return s;
}

/* --- requests ------------------------------------------------------------ */
/* Run one message to completion on a sync ctx. */
int wdi_engine_sync(struct wdi_engine *e, struct wdi_sess *s, struct wd_msg_hdr *msg);

/* Run one sync message: in the caller's thread when the session allows. */
static inline int wdi_sync(struct wdi_engine *e, struct wdi_sess *s, struct wd_msg_hdr *msg)
{
	int ret;

	if (__builtin_expect(s->direct == NULL, 0))
		return wdi_engine_sync(e, s, msg);
	msg->learn = msg->flags & WD_MSG_STREAM ? NULL : &s->learn;
	ret = s->direct(&s->drv, msg);
	if (__builtin_expect(!ret, 1))
		wdi_sess_count(s, s->pin);
	return ret;
}
/* Copy msg into a pool slot of an async ctx and post it. */
int wdi_engine_async(struct wdi_engine *e, struct wdi_sess *s, const struct wd_msg_hdr *msg);
/* Reap completions of one async ctx / through the scheduler's poll policy. */
int wdi_engine_poll_ctx(struct wdi_engine *e, __u32 idx, __u32 expt, __u32 *count);
int wdi_engine_poll(struct wdi_engine *e, __u32 expt, __u32 *count);

/* --- the RR scheduler (libwd; the class libraries export wd_sched_rr_*) --- */
/* e: poll through the engine; else func (UADK's user_poll_func). */
struct wd_sched *wdi_sched_rr_alloc(__u8 sched_type, __u8 type_num, __u16 numa_num,
				    user_poll_func func, struct wdi_engine *e);
int wdi_sched_rr_instance(const struct wd_sched *sched, struct sched_params *param);
void wdi_sched_rr_release(struct wd_sched *sched);

/* --- environment ----------------------------------------------------------- */
/* A ctx count per (op type, mode) for one NUMA node. */
struct wdi_ctx_plan {
	int numa;
	bool given;			/* counts were asked for (zeros mean none), else defaults */
	__u32 num[WDI_MAX_OPS][CTX_MODE_MAX];	/* [op_type][mode] */
};

/* Parse WD_<PREFIX>_CTX_NUM into plans; returns count or -WD_EINVAL. */
int wdi_env_ctx_plan(const struct wdi_class *cls, const char *value,
		     struct wdi_ctx_plan *plans, int max);
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

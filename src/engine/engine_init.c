/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Engine set-up and tear-down, shared by every algorithm class. Init is
 * reference-counted: a second init while up returns -WD_EEXIST and counts,
 * so several users (QEMU opens one per migration channel) can each uninit.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "engine_internal.h"

static bool usable(const struct wd_driver *d)
{
	return !d->probe || d->probe(d) == 0;
}

static int choose_drivers(struct wdi_engine *e, const char *alg, int task_type)
{
	const struct wd_driver *all[WD_MAX_DRIVERS];
	int i, n = wdi_driver_find(e->cls->cls, alg, all, WD_MAX_DRIVERS);
	bool want_hw = task_type == TASK_HW || task_type == TASK_MIX;
	bool want_cpu = task_type == TASK_INSTR || task_type == TASK_MIX;

	e->ndrv = 0;
	for (i = 0; i < n && want_hw; i++)
		if (all[i]->kind == WD_DRV_HW && usable(all[i]))
			e->drvs[e->ndrv++] = all[i];
	if (task_type == TASK_HW && !e->ndrv) {
		if (!wdi_cpu_as_hw()) {
			wd_warn("%s: TASK_HW asked but no queue device serves '%s'; "
				"set WD_CPU_AS_HW=1 to let the CPU driver serve it",
				e->cls->name, alg ? alg : "(any)");
			return -WD_ENODEV;
		}
		want_cpu = true;
	}
	for (i = 0; i < n && want_cpu; i++)
		if (all[i]->kind == WD_DRV_CPU && usable(all[i]))
			e->drvs[e->ndrv++] = all[i];
	if (!e->ndrv) {
		wd_warn("%s: no driver serves '%s' for task type %d", e->cls->name,
			alg ? alg : "(any)", task_type);
		return -WD_ENODEV;
	}
	return 0;
}

/* Keep only the chosen drivers that ended up with a ctx (sessions ask them). */
static void keep_bound_drivers(struct wdi_engine *e)
{
	int i, n = 0;
	__u32 k;

	for (i = 0; i < e->ndrv; i++)
		for (k = 0; k < e->ctx_num; k++)
			if (e->ctxs[k].drv == e->drvs[i]) {
				e->drvs[n++] = e->drvs[i];
				break;
			}
	e->ndrv = n;
}

int wdi_engine_open_ctx(struct wdi_engine *e, const char *alg, int numa, __u8 op, __u8 mode,
			__u32 depth, struct wdi_ctx *ctx)
{
	return wdi_engine_open_ctx_kind(e, alg, numa, op, mode, depth, ctx, -1);
}

int wdi_engine_open_ctx_kind(struct wdi_engine *e, const char *alg, int numa, __u8 op,
			     __u8 mode, __u32 depth, struct wdi_ctx *ctx, int kind)
{
	int i, ret = -WD_ENODEV;

	for (i = 0; i < e->ndrv; i++) {
		const struct wd_driver *d = e->drvs[i];

		if (!(d->op_mask & (1u << op)) || (kind >= 0 && (int)d->kind != kind))
			continue;
		ret = d->ctx_open(d, alg, numa, op, mode, depth, &ctx->drv_ctx);
		if (!ret) {
			ctx->drv = d;
			return wdi_engine_ctx_setup(e, ctx, numa, op, mode, depth);
		}
	}
	return ret;
}

int wdi_engine_ctx_setup(struct wdi_engine *e, struct wdi_ctx *ctx, int numa, __u8 op,
			 __u8 mode, __u32 depth)
{
	int ret = 0;

	ctx->lock = (struct wdi_lock)WDI_LOCK_INIT;
	ctx->poll_lock = (struct wdi_lock)WDI_LOCK_INIT;
	pthread_spin_init(&ctx->pool_lock, PTHREAD_PROCESS_PRIVATE);
	ctx->numa = numa;
	ctx->op_type = op;
	ctx->mode = mode;
	if (mode == CTX_MODE_ASYNC) {
		ret = wdi_pool_init(ctx, e->cls->msg_size, depth);
		if (ret) {
			ctx->drv->ctx_close(ctx->drv_ctx);
			ctx->drv = NULL;
		}
	}
	return ret;
}

void wdi_engine_teardown(struct wdi_engine *e, bool forked)
{
	__u32 i;

	for (i = 0; i < e->ctx_num; i++) {
		struct wdi_ctx *ctx = &e->ctxs[i];

		if (!ctx->drv)
			continue;
		if (forked && ctx->drv->ctx_forget)
			ctx->drv->ctx_forget(ctx->drv_ctx);
		else
			ctx->drv->ctx_close(ctx->drv_ctx);
		wdi_pool_fini(ctx);
		if (!forked)	/* a lock held by a vanished thread must not be destroyed */
			pthread_spin_destroy(&ctx->pool_lock);
	}
	free(e->ctxs);
	e->ctxs = NULL;
	e->ctx_num = 0;
	e->ndrv = 0;
	if (e->own_sched && e->sched)
		wdi_sched_rr_release(e->sched);
	e->sched = NULL;
	e->own_sched = false;
	e->refs = 0;
	__atomic_store_n(&e->style, WDI_UNINIT, __ATOMIC_RELAXED);
	/* sessions of this init are now stale */
	__atomic_store_n(&e->gen, e->gen + 1, __ATOMIC_RELAXED);
}

bool wdi_class_ok(const struct wdi_class *c)
{
	/* the plan table and the hint cache are sized for WDI_MAX_OPS op types */
	return c && c->op_type_num && c->op_type_num <= WDI_MAX_OPS && c->op_names && c->algs &&
	       c->env_alg && c->msg_size >= sizeof(struct wd_msg_hdr) &&
	       c->sess_size >= sizeof(struct wdi_sess) && c->complete && c->cls < WD_CLASS_MAX;
}

static int enter(struct wdi_engine *e)
{
	if (!wdi_class_ok(e->cls))
		return -WD_EINVAL;
	wdi_engine_track(e);	/* before init_lock: fork.c takes them the other way */
	pthread_mutex_lock(&e->init_lock);
	if (e->style != WDI_UNINIT) {
		e->refs++;
		pthread_mutex_unlock(&e->init_lock);
		return -WD_EEXIST;
	}
	return 0;
}

int wdi_engine_begin(struct wdi_engine *e, const char *alg, int task_type)
{
	int ret = enter(e);

	if (ret)
		return ret;
	ret = choose_drivers(e, alg, task_type);
	return ret ? wdi_engine_fail(e, ret) : 0;
}

int wdi_engine_finish(struct wdi_engine *e, enum wdi_init_style style)
{
	char name[64];
	int ret = 0;

	keep_bound_drivers(e);
	e->refs = 1;
	__atomic_store_n(&e->gen, e->gen + 1, __ATOMIC_RELAXED);
	snprintf(name, sizeof(name), "WD_%s_EPOLL_EN", e->cls->env_prefix);
	e->epoll_en = wdi_env_flag(name);
	e->sync_timeout_ms = wdi_env_uint("WD_SYNC_TIMEOUT_MS", 1, 3600000, 10000);
	__atomic_store_n(&e->style, style, __ATOMIC_RELEASE);
	snprintf(name, sizeof(name), "WD_%s_ASYNC_POLL_EN", e->cls->env_prefix);
	if (wdi_env_flag(name))
		ret = wdi_poll_thread_start(e);
	if (ret)
		wdi_engine_teardown(e, false);
	pthread_mutex_unlock(&e->init_lock);
	return ret;
}

int wdi_engine_fail(struct wdi_engine *e, int ret)
{
	wdi_engine_teardown(e, false);
	pthread_mutex_unlock(&e->init_lock);
	return ret;
}

int wdi_cap_depth(const struct wd_cap_config *cap, __u32 *depth)
{
	*depth = cap && cap->ctx_msg_num ? cap->ctx_msg_num : WDI_DEFAULT_DEPTH;
	return *depth > WDI_DEFAULT_DEPTH ? -WD_EINVAL : 0;
}

static __u32 default_count(const struct wdi_engine *e)
{
	long cpus;

	if (e->drvs[0]->kind == WD_DRV_HW)
		return 1;	/* queues are scarce */
	cpus = sysconf(_SC_NPROCESSORS_ONLN);	/* one per core keeps CPU threads apart */
	return cpus < 1 ? 1 : cpus > 8 ? 8 : (__u32)cpus;
}

/* The one rule for how many ctxs a plan asks for: counted and opened alike. */
static __u32 plan_want(const struct wdi_engine *e, const struct wdi_ctx_plan *p, __u32 op,
		       __u32 mode, __u32 dflt)
{
	if (p->given)
		return p->num[op][mode];
	return op && (e->cls->flags & WDI_CLASS_UNTYPED) ? 0 : dflt;
}

/* Open what plan p asks for each op and mode, and declare the regions. */
/*
 * TASK_MIX, after the ctxs [begin, e->ctx_num) of one op and mode: when
 * some are a device's whose driver may refuse a session (it has
 * supports(): a kernel without SM4, a level the device lacks) and none is
 * the CPU's, as many CPU ones in the same scheduler range, so what the
 * device refuses still has a driver (the engine pins each session to one
 * that supports it). Best effort: a CPU ctx that cannot open leaves what
 * the device serves served.
 */
static void open_mix_cpu(struct wdi_engine *e, const char *alg, int numa, __u8 op, __u8 mode,
			 __u32 depth, __u32 begin, __u32 want)
{
	__u32 k, partial = 0, cpu = 0;

	if (e->task_type != TASK_MIX)
		return;
	for (k = begin; k < e->ctx_num; k++) {
		partial += e->ctxs[k].drv->kind == WD_DRV_HW && e->ctxs[k].drv->supports;
		cpu += e->ctxs[k].drv->kind == WD_DRV_CPU;
	}
	for (k = 0; partial && !cpu && k < want; k++) {
		if (wdi_engine_open_ctx_kind(e, alg, numa, op, mode, depth, &e->ctxs[e->ctx_num],
					     WD_DRV_CPU))
			break;
		e->ctx_num++;
	}
}

static int open_plan(struct wdi_engine *e, const char *alg, const struct wdi_ctx_plan *p,
		     __u32 dflt, __u32 depth)
{
	__u32 op, mode, k;
	int ret = 0;

	for (op = 0; op < e->cls->op_type_num; op++) {
		for (mode = 0; mode < CTX_MODE_MAX; mode++) {
			struct sched_params sp = { .numa_id = p->numa, .type = (__u8)op,
						   .mode = (__u8)mode };
			__u32 want = plan_want(e, p, op, mode, dflt), begin = e->ctx_num;

			for (k = 0; k < want; k++) {
				ret = wdi_engine_open_ctx(e, alg, p->numa, (__u8)op, (__u8)mode, depth,
							  &e->ctxs[e->ctx_num]);
				if (ret)
					break;
				e->ctx_num++;
			}
			if (!want)
				continue;
			if (e->ctx_num == begin) {
				wd_err("%s: cannot open any %s ctx for op %u on node %d: %d",
				       e->cls->name, mode ? "async" : "sync", op, p->numa, ret);
				return ret;
			}
			if (e->ctx_num - begin < want)
				wd_warn("%s: opened %u of %u ctxs for op %u (using what we have)",
					e->cls->name, e->ctx_num - begin, want, op);
			open_mix_cpu(e, alg, p->numa, (__u8)op, (__u8)mode, depth, begin, want);
			sp.begin = begin;
			sp.end = e->ctx_num - 1;
			ret = e->own_sched ? wdi_sched_rr_instance(e->sched, &sp) : 0;
			if (ret)
				return ret;
		}
	}
	return 0;
}

int wdi_engine_init_plan(struct wdi_engine *e, const char *alg, __u32 sched_type,
			 int task_type, const struct wdi_ctx_plan *plans, int nplan,
			 struct wd_sched *user_sched, __u32 depth, enum wdi_init_style style)
{
	__u32 total = 0, op, mode, dflt;
	int p, ret;

	if (!alg || task_type < 0 || task_type >= TASK_MAX_TYPE || nplan <= 0 ||
	    nplan > WDI_MAX_NUMA || !depth || depth > WDI_DEFAULT_DEPTH ||
	    (sched_type != SCHED_POLICY_RR && sched_type != SCHED_POLICY_NONE &&
	     sched_type != SCHED_POLICY_SINGLE))
		return -WD_EINVAL;
	ret = wdi_engine_begin(e, alg, task_type);
	if (ret)
		return ret;
	dflt = default_count(e);
	for (p = 0; p < nplan; p++)
		for (op = 0; op < e->cls->op_type_num; op++)
			for (mode = 0; mode < CTX_MODE_MAX; mode++)
				total += plan_want(e, &plans[p], op, mode, dflt);
	if (!total || total > WDI_MAX_CTX) {
		wd_err("%s: %u ctxs asked for (1..%u)", e->cls->name, total, WDI_MAX_CTX);
		return wdi_engine_fail(e, -WD_EINVAL);
	}
	/* room for the CPU ctxs TASK_MIX may add beside the device's */
	e->ctxs = calloc(task_type == TASK_MIX ? 2 * (size_t)total : total, sizeof(*e->ctxs));
	if (!e->ctxs)
		return wdi_engine_fail(e, -WD_ENOMEM);
	if (user_sched) {
		e->sched = user_sched;
	} else {
		e->sched = wdi_sched_rr_alloc((__u8)sched_type, (__u8)e->cls->op_type_num,
					      WDI_MAX_NUMA, NULL, e);
		if (!e->sched)
			return wdi_engine_fail(e, -WD_ENOMEM);
		e->own_sched = true;
	}
	e->task_type = task_type;
	for (p = 0; p < nplan; p++) {
		ret = open_plan(e, alg, &plans[p], dflt, depth);
		if (ret)
			return wdi_engine_fail(e, ret);
	}
	return wdi_engine_finish(e, style);
}

void wdi_engine_uninit(struct wdi_engine *e)
{
	pthread_mutex_lock(&e->init_lock);
	if (e->style != WDI_UNINIT && --e->refs == 0) {
		if (e->poll_thread_on)
			wdi_poll_thread_stop(e);
		wdi_engine_teardown(e, false);
	}
	pthread_mutex_unlock(&e->init_lock);
}

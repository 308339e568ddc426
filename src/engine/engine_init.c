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
#include "wd_uacce.h"
#ifdef WD_HAVE_NUMA
#include <numa.h>
#endif

#define MAX_DRV 16

struct drv_choice {
	const struct wd_driver *drv[MAX_DRV];
	int n;
};

/* The drivers a task type may bind, best first. */
static int choose_drivers(struct wdi_engine *e, const char *alg, int task_type,
			  struct drv_choice *c)
{
	const struct wd_driver *all[MAX_DRV];
	int i, n = wdi_driver_find(e->ops->cls, alg, all, MAX_DRV);
	bool want_hw = task_type == TASK_HW || task_type == TASK_MIX;
	bool want_cpu = task_type == TASK_INSTR || task_type == TASK_MIX;
	bool have_hw = false;

	c->n = 0;
	for (i = 0; i < n; i++) {
		bool ok = !all[i]->probe || all[i]->probe(all[i]) == 0;

		if (ok && all[i]->kind == WD_DRV_HW && want_hw) {
			c->drv[c->n++] = all[i];
			have_hw = true;
		}
	}
	if (task_type == TASK_HW && !have_hw) {
		if (!wdi_cpu_as_hw()) {
			wd_warn("%s: TASK_HW asked but no queue device serves '%s'; "
				"set WD_CPU_AS_HW=1 to let the CPU driver serve it",
				e->ops->env_prefix, alg);
			return -WD_ENODEV;
		}
		want_cpu = true;
	}
	for (i = 0; i < n && want_cpu; i++)
		if (all[i]->kind == WD_DRV_CPU && (!all[i]->probe || all[i]->probe(all[i]) == 0))
			c->drv[c->n++] = all[i];
	if (!c->n) {
		wd_warn("%s: no driver serves '%s' for task type %d", e->ops->env_prefix, alg,
			task_type);
		return -WD_ENODEV;
	}
	return 0;
}

static __u32 default_count(const struct drv_choice *c)
{
	long cpus;

	if (c->drv[0]->kind == WD_DRV_HW)
		return 1;	/* queues are scarce */
	cpus = sysconf(_SC_NPROCESSORS_ONLN);	/* one per core keeps CPU threads apart */
	return cpus < 1 ? 1 : cpus > 8 ? 8 : (__u32)cpus;
}

static int ctx_setup(struct wdi_engine *e, struct wdi_ctx *ctx, int numa, __u8 op, __u8 mode,
		     __u32 depth);

static int open_ctx(struct wdi_engine *e, const struct drv_choice *c, int numa,
		    __u8 op, __u8 mode, __u32 depth, struct wdi_ctx *ctx)
{
	int i, ret = -WD_ENODEV;

	for (i = 0; i < c->n; i++) {
		if (!(c->drv[i]->op_mask & (1u << op)))
			continue;
		ret = c->drv[i]->ctx_open(c->drv[i], numa, op, mode, depth, &ctx->drv_ctx);
		if (!ret) {
			ctx->drv = c->drv[i];
			break;
		}
	}
	if (ret)
		return ret;
	return ctx_setup(e, ctx, numa, op, mode, depth);
}

/* Locks, identity and (async) the message pool of a ctx a driver opened. */
static int ctx_setup(struct wdi_engine *e, struct wdi_ctx *ctx, int numa, __u8 op, __u8 mode,
		     __u32 depth)
{
	int ret = 0;

	pthread_mutex_init(&ctx->lock, NULL);
	pthread_mutex_init(&ctx->poll_lock, NULL);
	pthread_spin_init(&ctx->pool_lock, PTHREAD_PROCESS_PRIVATE);
	ctx->numa = numa;
	ctx->op_type = op;
	ctx->mode = mode;
	if (mode == CTX_MODE_ASYNC) {
		ret = wdi_pool_init(ctx, e->ops->msg_size, depth);
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
		if (!forked) {	/* a lock held by a vanished thread must not be destroyed */
			pthread_mutex_destroy(&ctx->lock);
			pthread_mutex_destroy(&ctx->poll_lock);
			pthread_spin_destroy(&ctx->pool_lock);
		}
	}
	free(e->ctxs);
	e->ctxs = NULL;
	e->ctx_num = 0;
	if (e->own_sched && e->sched)
		e->ops->sched_release(e->sched);
	e->sched = NULL;
	e->own_sched = false;
	e->style = WDI_UNINIT;
	e->refs = 0;
	e->gen++;	/* sessions of this init are now stale */
}

/* Already up: count the reference and tell the caller with -WD_EEXIST. */
static int engine_enter(struct wdi_engine *e)
{
	wdi_engine_track(e);	/* before init_lock: fork.c takes them the other way */
	pthread_mutex_lock(&e->init_lock);
	if (e->style != WDI_UNINIT) {
		e->refs++;
		pthread_mutex_unlock(&e->init_lock);
		return -WD_EEXIST;
	}
	return 0;
}

static int finish_init(struct wdi_engine *e, enum wdi_init_style style)
{
	char name[64];
	int ret = 0;

	e->style = style;
	e->refs = 1;
	e->gen++;
	snprintf(name, sizeof(name), "WD_%s_EPOLL_EN", e->ops->env_prefix);
	e->epoll_en = wdi_env_flag(name);
	e->sync_timeout_ms = wdi_env_uint("WD_SYNC_TIMEOUT_MS", 1, 3600000, 10000);
	snprintf(name, sizeof(name), "WD_%s_ASYNC_POLL_EN", e->ops->env_prefix);
	if (wdi_env_flag(name))
		ret = wdi_poll_thread_start(e);
	if (ret)
		wdi_engine_teardown(e, false);
	pthread_mutex_unlock(&e->init_lock);
	return ret;
}

int wdi_engine_init_plan(struct wdi_engine *e, const char *alg, __u32 sched_type,
			 int task_type, const struct wdi_ctx_plan *plans, int nplan,
			 struct wd_sched *user_sched, enum wdi_init_style style)
{
	struct drv_choice choice;
	__u32 total = 0, op, mode, k, dflt, depth = WDI_DEFAULT_DEPTH;
	int p, ret;

	if (!alg || task_type < 0 || task_type >= TASK_MAX_TYPE || nplan <= 0 ||
	    (sched_type != SCHED_POLICY_RR && sched_type != SCHED_POLICY_NONE &&
	     sched_type != SCHED_POLICY_SINGLE))
		return -WD_EINVAL;
	ret = engine_enter(e);
	if (ret)
		return ret;
	ret = choose_drivers(e, alg, task_type, &choice);
	if (ret)
		goto out_unlock;
	dflt = default_count(&choice);
	for (p = 0; p < nplan; p++)
		for (op = 0; op < e->ops->op_type_num; op++)
			for (mode = 0; mode < CTX_MODE_MAX; mode++)
				total += plans[p].num[op][mode] ? plans[p].num[op][mode] : 0;
	if (!total) {
		/* nothing asked: one region per op and mode, default size */
		total = dflt * e->ops->op_type_num * CTX_MODE_MAX * (__u32)nplan;
	}
	if (total > WDI_MAX_CTX) {
		ret = -WD_EINVAL;
		goto out_unlock;
	}
	e->ctxs = calloc(total, sizeof(*e->ctxs));
	if (!e->ctxs) {
		ret = -WD_ENOMEM;
		goto out_unlock;
	}
	if (user_sched) {
		e->sched = user_sched;
	} else {
		e->sched = e->ops->sched_alloc((__u8)sched_type, (__u8)e->ops->op_type_num,
					       WDI_MAX_NUMA, e->ops->poll_ctx);
		if (!e->sched) {
			ret = -WD_ENOMEM;
			goto out_free;
		}
		e->own_sched = true;
	}
	e->task_type = task_type;
	for (p = 0; p < nplan; p++) {
		bool any = false;

		for (k = 0; k < e->ops->op_type_num * CTX_MODE_MAX; k++)
			any |= plans[p].num[k / CTX_MODE_MAX][k % CTX_MODE_MAX] != 0;
		for (op = 0; op < e->ops->op_type_num; op++) {
			for (mode = 0; mode < CTX_MODE_MAX; mode++) {
				struct sched_params sp = { .numa_id = plans[p].numa, .type = (__u8)op,
							   .mode = (__u8)mode };
				__u32 want = any ? plans[p].num[op][mode] : dflt;
				__u32 begin = e->ctx_num;

				for (k = 0; k < want; k++) {
					ret = open_ctx(e, &choice, plans[p].numa, (__u8)op, (__u8)mode,
						       depth, &e->ctxs[e->ctx_num]);
					if (ret)
						break;
					e->ctx_num++;
				}
				if (want && e->ctx_num == begin) {
					wd_err("%s: cannot open any %s ctx for op %u on node %d: %d",
					       e->ops->env_prefix, mode ? "async" : "sync", op,
					       plans[p].numa, ret);
					goto out_free;
				}
				if (want && e->ctx_num - begin < want)
					wd_warn("%s: opened %u of %u ctxs for op %u (using what we have)",
						e->ops->env_prefix, e->ctx_num - begin, want, op);
				ret = 0;
				if (!want)
					continue;
				sp.begin = begin;
				sp.end = e->ctx_num - 1;
				if (e->own_sched) {
					ret = e->ops->sched_instance(e->sched, &sp);
					if (ret)
						goto out_free;
				}
			}
		}
	}
	return finish_init(e, style);

out_free:
	wdi_engine_teardown(e, false);
out_unlock:
	pthread_mutex_unlock(&e->init_lock);
	return ret;
}

/* The nodes of a libnuma bitmask, or -1 when none is usable. */
static int mask_nodes(const struct bitmask *bmp, int *nodes, int max)
{
	int n = 0;
#ifdef WD_HAVE_NUMA
	int node;

	for (node = 0; node < max && (unsigned long)node < bmp->size; node++)
		if (numa_bitmask_isbitset(bmp, (unsigned int)node))
			nodes[n++] = node;
#else
	(void)bmp;
	(void)nodes;
	(void)max;
#endif
	return n ? n : -1;
}

int wdi_engine_init_v2(struct wdi_engine *e, const char *alg, __u32 sched_type,
		       int task_type, struct wd_ctx_params *params)
{
	struct wdi_ctx_plan plans[WDI_MAX_NUMA];
	int nodes[WDI_MAX_NUMA], nnodes = 1, i;
	struct wdi_ctx_plan plan;
	__u32 op;

	memset(&plan, 0, sizeof(plan));
	nodes[0] = wdi_current_numa();
	if (params) {
		if (!params->ctx_set_num || !params->op_type_num ||
		    params->op_type_num > e->ops->op_type_num)
			return -WD_EINVAL;
		for (op = 0; op < params->op_type_num; op++) {
			if (params->ctx_set_num[op].sync_ctx_num > WDI_MAX_CTX ||
			    params->ctx_set_num[op].async_ctx_num > WDI_MAX_CTX)
				return -WD_EINVAL;
			plan.num[op][CTX_MODE_SYNC] = params->ctx_set_num[op].sync_ctx_num;
			plan.num[op][CTX_MODE_ASYNC] = params->ctx_set_num[op].async_ctx_num;
		}
		/* bmp: the same ctx sets on every node it names (UADK semantics) */
		if (params->bmp) {
			nnodes = mask_nodes(params->bmp, nodes, WDI_MAX_NUMA);
			if (nnodes < 0)
				return -WD_EINVAL;
		}
	}
	for (i = 0; i < nnodes; i++) {
		plans[i] = plan;
		plans[i].numa = nodes[i];
	}
	return wdi_engine_init_plan(e, alg, sched_type, task_type, plans, nnodes, NULL,
				    WDI_STYLE_V2);
}

/*
 * wd_<alg>_init(): a ctx handle from wd_request_ctx() is a real queue; the
 * hardware driver of its device takes it over. Any other non-zero handle
 * asks for a ctx of the best driver we have (the CPU on a host without one).
 */
static int adopt_ctx(struct wdi_engine *e, handle_t h, __u8 op, __u8 mode, struct wdi_ctx *ctx)
{
	const struct wd_driver *all[MAX_DRV];
	int i, n = wdi_driver_find(e->ops->cls, NULL, all, MAX_DRV), ret = -WD_ENODEV;

	for (i = 0; i < n && ret; i++) {
		if (all[i]->kind != WD_DRV_HW || !all[i]->ctx_adopt ||
		    !(all[i]->op_mask & (1u << op)))
			continue;
		ret = all[i]->ctx_adopt(all[i], h, op, mode, WDI_DEFAULT_DEPTH, &ctx->drv_ctx);
		if (!ret)
			ctx->drv = all[i];
	}
	if (ret) {
		wd_err("%s init: no driver takes the queue of %s (api %s): %d", e->ops->env_prefix,
		       wd_ctx_get_dev_name(h), wd_ctx_get_api(h), ret);
		return ret;
	}
	ctx->user_handle = h;
	return ctx_setup(e, ctx, wd_get_numa_id(h), op, mode, WDI_DEFAULT_DEPTH);
}

int wdi_engine_init_v1(struct wdi_engine *e, struct wd_ctx_config *cfg, struct wd_sched *sched)
{
	struct drv_choice choice;
	__u32 i;
	int ret;

	if (!cfg || !cfg->ctxs || !cfg->ctx_num || cfg->ctx_num > WDI_MAX_CTX || !sched ||
	    !sched->pick_next_ctx)
		return -WD_EINVAL;
	for (i = 0; i < cfg->ctx_num; i++)
		if (!cfg->ctxs[i].ctx || cfg->ctxs[i].op_type >= e->ops->op_type_num ||
		    cfg->ctxs[i].ctx_mode >= CTX_MODE_MAX)
			return -WD_EINVAL;
	ret = engine_enter(e);
	if (ret)
		return ret;
	ret = choose_drivers(e, NULL, TASK_MIX, &choice);
	if (ret)
		goto out_unlock;
	e->ctxs = calloc(cfg->ctx_num, sizeof(*e->ctxs));
	if (!e->ctxs) {
		ret = -WD_ENOMEM;
		goto out_unlock;
	}
	e->sched = sched;
	e->own_sched = false;
	e->task_type = TASK_MIX;
	for (i = 0; i < cfg->ctx_num; i++) {
		if (wdi_uacce_ctx_valid(cfg->ctxs[i].ctx))
			ret = adopt_ctx(e, cfg->ctxs[i].ctx, cfg->ctxs[i].op_type,
					cfg->ctxs[i].ctx_mode, &e->ctxs[i]);
		else
			ret = open_ctx(e, &choice, wdi_current_numa(), cfg->ctxs[i].op_type,
				       cfg->ctxs[i].ctx_mode, WDI_DEFAULT_DEPTH, &e->ctxs[i]);
		if (ret)
			goto out_free;
		e->ctxs[i].user_handle = cfg->ctxs[i].ctx;
		e->ctx_num++;
	}
	return finish_init(e, WDI_STYLE_V1);

out_free:
	wdi_engine_teardown(e, false);
out_unlock:
	pthread_mutex_unlock(&e->init_lock);
	return ret;
}

void wdi_engine_uninit(struct wdi_engine *e, enum wdi_init_style style)
{
	(void)style;	/* any style's uninit drops one reference */
	pthread_mutex_lock(&e->init_lock);
	if (e->style != WDI_UNINIT && --e->refs == 0) {
		if (e->poll_thread_on)
			wdi_poll_thread_stop(e);
		wdi_engine_teardown(e, false);
	}
	pthread_mutex_unlock(&e->init_lock);
}

int wdi_engine_check(struct wdi_engine *e, __u32 sess_gen)
{
	if (__builtin_expect(e->style == WDI_UNINIT || sess_gen != e->gen, 0))
		return -WD_EINVAL;
	return 0;
}

handle_t wdi_engine_sched_key(struct wdi_engine *e, struct sched_params *sp)
{
	if (e->style == WDI_UNINIT || !e->sched || !e->sched->sched_init)
		return 0;
	return e->sched->sched_init(e->sched->h_sched_ctx, sp);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * UADK's init styles, each turned into the engine's one init: v1 (the
 * caller's ctx table and scheduler), v2 (algorithm name, counts per op
 * type, NUMA mask), and the environment styles (WD_<CLASS>_CTX_NUM,
 * ctx_num_init).
 */
#include <stdlib.h>
#include <string.h>
#include "engine_internal.h"
#include "wd_uacce.h"
#ifdef WD_HAVE_NUMA
#include <numa.h>
#endif

static bool alg_served(const struct wdi_class *c, const char *alg)
{
	const char *const *a;

	for (a = c->algs; alg && *a; a++)
		if (!strcmp(*a, alg))
			return true;
	return false;
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
	struct wdi_ctx_plan plans[WDI_MAX_NUMA], plan;
	int nodes[WDI_MAX_NUMA], nnodes = 1, i;
	__u32 op, depth = WDI_DEFAULT_DEPTH;

	if (!wdi_class_ok(e->cls))
		return -WD_EINVAL;
	if (!alg_served(e->cls, alg)) {
		wd_err("wd_%s_init2: algorithm '%s' is not served", e->cls->name,
		       alg ? alg : "(null)");
		return -WD_EINVAL;
	}
	memset(&plan, 0, sizeof(plan));
	nodes[0] = wdi_current_numa();
	if (params) {
		if (!params->ctx_set_num || !params->op_type_num ||
		    params->op_type_num > e->cls->op_type_num || wdi_cap_depth(params->cap, &depth))
			return -WD_EINVAL;
		for (op = 0; op < params->op_type_num; op++) {
			struct wd_ctx_nums *n = &params->ctx_set_num[op];

			if (n->sync_ctx_num > WDI_MAX_CTX || n->async_ctx_num > WDI_MAX_CTX)
				return -WD_EINVAL;
			plan.num[op][CTX_MODE_SYNC] = n->sync_ctx_num;
			plan.num[op][CTX_MODE_ASYNC] = n->async_ctx_num;
			/* all zero: the defaults, as with params == NULL */
			plan.given |= n->sync_ctx_num || n->async_ctx_num;
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
	return wdi_engine_init_plan(e, alg, sched_type, task_type, plans, nnodes, NULL, depth,
				    WDI_STYLE_V2);
}

int wdi_engine_env_init(struct wdi_engine *e, struct wd_sched *sched)
{
	struct wdi_ctx_plan plans[WDI_MAX_NUMA];
	char name[64];
	const char *v;
	int n = 1;

	if (!wdi_class_ok(e->cls))
		return -WD_EINVAL;
	snprintf(name, sizeof(name), "WD_%s_CTX_NUM", e->cls->env_prefix);
	v = getenv(name);
	memset(plans, 0, sizeof(plans));
	if (v && *v) {	/* set but empty: the defaults, as UADK's wd_parse_env */
		n = wdi_env_ctx_plan(e->cls, v, plans, WDI_MAX_NUMA);
		if (n < 0)
			return n;
	} else {
		plans[0].numa = wdi_current_numa();	/* defaults per op and mode */
	}
	return wdi_engine_init_plan(e, e->cls->env_alg, SCHED_POLICY_RR, TASK_MIX, plans, n,
				    sched, WDI_DEFAULT_DEPTH, WDI_STYLE_ENV);
}

int wdi_engine_ctx_num_init(struct wdi_engine *e, __u32 node, __u32 type, __u32 num, __u8 mode)
{
	struct wdi_ctx_plan plan;

	if (!wdi_class_ok(e->cls) ||
	    (type >= e->cls->op_type_num && !(e->cls->flags & WDI_CLASS_UNTYPED)) ||
	    mode >= CTX_MODE_MAX || !num ||
	    num > WDI_MAX_CTX ||
	    node >= WDI_MAX_NUMA)
		return -WD_EINVAL;
	memset(&plan, 0, sizeof(plan));
	plan.numa = (int)node;
	plan.given = true;
	plan.num[e->cls->flags & WDI_CLASS_UNTYPED ? 0 : type][mode] = num;
	return wdi_engine_init_plan(e, e->cls->env_alg, SCHED_POLICY_RR, TASK_MIX, &plan, 1, NULL,
				    WDI_DEFAULT_DEPTH, WDI_STYLE_ENV);
}

/*
 * wd_<class>_init(): a ctx handle from wd_request_ctx() is a real queue; the
 * hardware driver of its device takes it over. Any other non-zero handle
 * asks for a ctx of the best driver we have (the CPU on a host without one).
 */
static int adopt_ctx(struct wdi_engine *e, handle_t h, __u8 op, __u8 mode, __u32 depth,
		     struct wdi_ctx *ctx)
{
	const struct wd_driver *all[WD_MAX_DRIVERS];
	int i, n = wdi_driver_find(e->cls->cls, NULL, all, WD_MAX_DRIVERS), ret = -WD_ENODEV;

	for (i = 0; i < n && ret; i++) {
		if (all[i]->kind != WD_DRV_HW || !all[i]->ctx_adopt ||
		    !(all[i]->op_mask & (1u << op)))
			continue;
		ret = all[i]->ctx_adopt(all[i], h, op, mode, depth, &ctx->drv_ctx);
		if (!ret)
			ctx->drv = all[i];
	}
	if (ret) {
		wd_err("%s init: no driver takes the queue of %s (api %s): %d", e->cls->name,
		       wd_ctx_get_dev_name(h), wd_ctx_get_api(h), ret);
		return ret;
	}
	/* sessions may pick this driver: it joins the bound drivers, best first */
	for (i = 0; i < e->ndrv && e->drvs[i] != ctx->drv; i++)
		;
	if (i == e->ndrv && e->ndrv < WD_MAX_DRIVERS) {
		memmove(&e->drvs[1], &e->drvs[0], (size_t)e->ndrv * sizeof(e->drvs[0]));
		e->drvs[0] = ctx->drv;
		e->ndrv++;
	}
	return wdi_engine_ctx_setup(e, ctx, wd_get_numa_id(h), op, mode, depth);
}

int wdi_engine_init_v1(struct wdi_engine *e, struct wd_ctx_config *cfg, struct wd_sched *sched)
{
	__u32 i, depth;
	int ret;

	if (!cfg || !cfg->ctxs || !cfg->ctx_num || cfg->ctx_num > WDI_MAX_CTX || !sched ||
	    !sched->pick_next_ctx || wdi_cap_depth(cfg->cap, &depth))
		return -WD_EINVAL;
	for (i = 0; i < cfg->ctx_num; i++)
		if (!cfg->ctxs[i].ctx || cfg->ctxs[i].op_type >= e->cls->op_type_num ||
		    cfg->ctxs[i].ctx_mode >= CTX_MODE_MAX)
			return -WD_EINVAL;
	ret = wdi_engine_begin(e, NULL, TASK_MIX);
	if (ret)
		return ret;
	e->ctxs = calloc(cfg->ctx_num, sizeof(*e->ctxs));
	if (!e->ctxs)
		return wdi_engine_fail(e, -WD_ENOMEM);
	e->sched = sched;
	e->own_sched = false;
	e->task_type = TASK_MIX;
	for (i = 0; i < cfg->ctx_num; i++) {
		struct wd_ctx *c = &cfg->ctxs[i];

		if (wdi_uacce_ctx_valid(c->ctx))
			ret = adopt_ctx(e, c->ctx, c->op_type, c->ctx_mode, depth, &e->ctxs[i]);
		else
			ret = wdi_engine_open_ctx(e, NULL, wdi_current_numa(), c->op_type, c->ctx_mode,
						  depth, &e->ctxs[i]);
		if (ret)
			return wdi_engine_fail(e, ret);
		e->ctxs[i].user_handle = c->ctx;
		e->ctx_num++;
	}
	return wdi_engine_finish(e, WDI_STYLE_V1);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_comp initialisation, polling and introspection: thin wrappers that
 * describe the compression class to the shared engine.
 */
#include <stdlib.h>
#include <string.h>
#include "wd_comp_internal.h"
#include "uadk/warpdrive.h"
#include "wd_log.h"

static const char *const comp_op_names[] = { "comp", "decomp" };

static void comp_complete(struct wd_msg_hdr *hdr)
{
	struct wd_comp_msg *m = (struct wd_comp_msg *)hdr;
	struct wd_comp_req *req = &m->req;

	req->src_len = m->consumed;
	req->dst_len = m->produced;
	req->status = hdr->result ? WD_ENOPROC : m->status;
	req->cb(req, req->cb_param);
}

static const struct wdi_class_ops comp_ops = {
	.cls = WD_CLASS_COMP,
	.env_prefix = "COMP",
	.msg_size = sizeof(struct wd_comp_msg),
	.op_type_num = WD_DIR_MAX,
	.op_names = comp_op_names,
	.complete = comp_complete,
	.poll_ctx = wd_comp_poll_ctx,
	.sched_alloc = wd_sched_rr_alloc,
	.sched_instance = wd_sched_rr_instance,
	.sched_release = wd_sched_rr_release,
};

struct wdi_engine wd_comp_engine = {
	.ops = &comp_ops,
	.init_lock = PTHREAD_MUTEX_INITIALIZER,
};

static bool alg_ok(const char *alg)
{
	return alg && (!strcmp(alg, "deflate") || !strcmp(alg, "zlib") || !strcmp(alg, "gzip"));
}

int wd_comp_init(struct wd_ctx_config *config, struct wd_sched *sched)
{
	return wdi_engine_init_v1(&wd_comp_engine, config, sched);
}

void wd_comp_uninit(void)
{
	wdi_engine_uninit(&wd_comp_engine, WDI_STYLE_V1);
}

int wd_comp_init2_(char *alg, __u32 sched_type, int task_type, struct wd_ctx_params *ctx_params)
{
	if (!alg_ok(alg)) {
		wd_err("wd_comp_init2: algorithm '%s' is not served (deflate, zlib, gzip)",
		       alg ? alg : "(null)");
		return -WD_EINVAL;
	}
	return wdi_engine_init_v2(&wd_comp_engine, alg, sched_type, task_type, ctx_params);
}

void wd_comp_uninit2(void)
{
	wdi_engine_uninit(&wd_comp_engine, WDI_STYLE_V2);
}

int wd_comp_env_init(struct wd_sched *sched)
{
	struct wdi_ctx_plan plans[WDI_MAX_NUMA];
	const char *v = getenv("WD_COMP_CTX_NUM");
	int n = 1;

	memset(plans, 0, sizeof(plans));
	if (v) {
		n = wdi_env_ctx_plan(&comp_ops, v, plans, WDI_MAX_NUMA);
		if (n < 0)
			return n;
	} else {
		plans[0].numa = wdi_current_numa();	/* defaults per op and mode */
	}
	return wdi_engine_init_plan(&wd_comp_engine, "zlib", SCHED_POLICY_RR, TASK_MIX, plans, n,
				    sched, WDI_STYLE_ENV);
}

void wd_comp_env_uninit(void)
{
	wdi_engine_uninit(&wd_comp_engine, WDI_STYLE_ENV);
}

int wd_comp_ctx_num_init(__u32 node, __u32 type, __u32 num, __u8 mode)
{
	struct wdi_ctx_plan plan;

	if (type >= WD_DIR_MAX || mode >= CTX_MODE_MAX || !num || num > WDI_MAX_CTX ||
	    node >= WDI_MAX_NUMA)
		return -WD_EINVAL;
	memset(&plan, 0, sizeof(plan));
	plan.numa = (int)node;
	plan.num[type][mode] = num;
	return wdi_engine_init_plan(&wd_comp_engine, "zlib", SCHED_POLICY_RR, TASK_MIX, &plan, 1,
				    NULL, WDI_STYLE_ENV);
}

void wd_comp_ctx_num_uninit(void)
{
	wdi_engine_uninit(&wd_comp_engine, WDI_STYLE_ENV);
}

int wd_comp_get_env_param(__u32 node, __u32 type, __u32 mode, __u32 *num, __u8 *is_enable)
{
	struct wdi_engine *e = &wd_comp_engine;
	__u32 i, n = 0;

	if (!num || !is_enable || type >= WD_DIR_MAX || mode >= CTX_MODE_MAX)
		return -WD_EINVAL;
	pthread_mutex_lock(&e->init_lock);
	for (i = 0; i < e->ctx_num; i++)
		n += e->ctxs[i].numa == (int)node && e->ctxs[i].op_type == type &&
		     e->ctxs[i].mode == mode;
	*num = n;
	*is_enable = e->poll_thread_on;
	pthread_mutex_unlock(&e->init_lock);
	return 0;
}

int wd_comp_poll_ctx(__u32 idx, __u32 expt, __u32 *count)
{
	return wdi_engine_poll_ctx(&wd_comp_engine, idx, expt, count);
}

int wd_comp_poll(__u32 expt, __u32 *count)
{
	return wdi_engine_poll(&wd_comp_engine, expt, count);
}

int wd_comp_get_ctx_info(struct wd_ctx_info *out, int max)
{
	struct wdi_engine *e = &wd_comp_engine;
	int i, n;

	if (max < 0 || (max > 0 && !out))
		return -WD_EINVAL;
	pthread_mutex_lock(&e->init_lock);
	n = (int)e->ctx_num;
	for (i = 0; i < n && i < max; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		snprintf(out[i].driver, sizeof(out[i].driver), "%s", e->ctxs[i].drv->name);
		out[i].numa = e->ctxs[i].numa;
		out[i].op_type = e->ctxs[i].op_type;
		out[i].mode = e->ctxs[i].mode;
		out[i].inflight = e->ctxs[i].inflight;
	}
	pthread_mutex_unlock(&e->init_lock);
	return n;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scheduler behind struct wd_sched, in libwd for every class; each
 * class library exports UADK's wd_sched_rr_* names (sched_rr_exports.c).
 * Regions: a contiguous range of ctx indices per (NUMA node, mode, op type).
 *  SCHED_POLICY_RR      round robin in the region (one shared counter)
 *  SCHED_POLICY_NONE    per-thread rotation: no shared cache line
 *  SCHED_POLICY_SINGLE  always the first ctx of the region
 * A session key whose node has no region falls back to the nearest node
 * that has one. The engine adds load awareness: a busy ctx makes it pick again.
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_sched.h"
#include "wd_engine.h"
#include "wd_log.h"

struct rr_region {
	__u32 begin;
	__u32 end;
	__u32 next;	/* RR cursor, atomic */
	bool valid;
};

struct rr_sched {
	struct wd_sched pub;	/* first: the public handle points here */
	__u8 policy;
	__u8 type_num;
	__u16 numa_num;
	user_poll_func poll;		/* UADK's form: a class's poll_ctx call */
	struct wdi_engine *engine;	/* or the engine whose ctxs these are */
	struct rr_region *regions;	/* [numa][mode][type] */
};

struct rr_key {
	int numa;
	__u8 type;
};

static struct rr_region *region(struct rr_sched *s, int numa, int mode, __u32 type)
{
	return &s->regions[((size_t)numa * CTX_MODE_MAX + (size_t)mode) * s->type_num + type];
}

/* Nearest node with a valid region for (mode, type), or -1. */
static int resolve_numa(struct rr_sched *s, int numa, int mode, __u32 type)
{
	int d;

	for (d = 0; d < s->numa_num; d++) {
		if (numa - d >= 0 && region(s, numa - d, mode, type)->valid)
			return numa - d;
		if (numa + d < s->numa_num && region(s, numa + d, mode, type)->valid)
			return numa + d;
	}
	return -1;
}

static handle_t rr_sched_init(handle_t h, void *param)
{
	struct rr_sched *s = (struct rr_sched *)h;
	struct sched_params *p = param;
	struct rr_key *key;

	if (!s || (p && p->type >= s->type_num))
		return 0;
	key = malloc(sizeof(*key));
	if (!key)
		return 0;
	key->type = p ? p->type : 0;
	key->numa = p && p->numa_id >= 0 ? p->numa_id : wdi_current_numa();
	if (key->numa >= s->numa_num)
		key->numa = s->numa_num - 1;
	return (handle_t)key;
}

static __u32 rr_pick(handle_t h, void *k, const int mode)
{
	static __thread __attribute__((tls_model("initial-exec"))) __u32 thread_cursor;
	struct rr_sched *s = (struct rr_sched *)h;
	struct rr_key *key = k;
	struct rr_region *r;
	__u32 n;
	int numa;

	if (__builtin_expect(!key || mode < 0 || mode >= CTX_MODE_MAX, 0))
		return INVALID_POS;
	r = region(s, key->numa, mode, key->type);
	if (__builtin_expect(!r->valid, 0)) {
		numa = resolve_numa(s, key->numa, mode, key->type);
		if (numa < 0)
			return INVALID_POS;
		r = region(s, numa, mode, key->type);
	}
	n = r->end - r->begin + 1;
	if (n == 1 || s->policy == SCHED_POLICY_SINGLE)
		return r->begin;
	if (s->policy == SCHED_POLICY_NONE)
		return r->begin + thread_cursor++ % n;
	return r->begin + __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED) % n;
}

static int rr_poll(handle_t h, __u32 expect, __u32 *count)
{
	struct rr_sched *s = (struct rr_sched *)h;
	__u32 type, pos, got;
	int numa, ret;

	if (!s || !count)
		return -WD_EINVAL;
	*count = 0;
	for (numa = 0; numa < s->numa_num; numa++) {
		for (type = 0; type < s->type_num; type++) {
			struct rr_region *r = region(s, numa, CTX_MODE_ASYNC, type);

			if (!r->valid)
				continue;
			for (pos = r->begin; pos <= r->end; pos++) {
				got = 0;
				ret = s->engine ?
				      wdi_engine_poll_ctx(s->engine, pos, expect ? expect - *count : 0, &got) :
				      s->poll(pos, expect ? expect - *count : 0, &got);
				*count += got;
				if (ret < 0 && ret != -WD_EAGAIN)
					return ret;
				if (expect && *count >= expect)
					return 0;
			}
		}
	}
	return 0;
}

struct wd_sched *wdi_sched_rr_alloc(__u8 sched_type, __u8 type_num, __u16 numa_num,
				    user_poll_func func, struct wdi_engine *e)
{
	struct rr_sched *s;

	if ((sched_type != SCHED_POLICY_RR && sched_type != SCHED_POLICY_NONE &&
	     sched_type != SCHED_POLICY_SINGLE) || !type_num || !numa_num ||
	    numa_num > WDI_MAX_NUMA)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->regions = calloc((size_t)numa_num * CTX_MODE_MAX * type_num, sizeof(*s->regions));
	if (!s->regions) {
		free(s);
		return NULL;
	}
	s->policy = sched_type;
	s->type_num = type_num;
	s->numa_num = numa_num;
	s->poll = func;
	s->engine = e;
	s->pub.name = sched_type == SCHED_POLICY_RR ? "rr" :
		      sched_type == SCHED_POLICY_NONE ? "none" : "single";
	s->pub.sched_policy = sched_type;
	s->pub.sched_init = rr_sched_init;
	s->pub.pick_next_ctx = rr_pick;
	s->pub.poll_policy = func || e ? rr_poll : NULL;
	s->pub.h_sched_ctx = (handle_t)s;
	return &s->pub;
}

int wdi_sched_rr_instance(const struct wd_sched *sched, struct sched_params *param)
{
	struct rr_sched *s;
	struct rr_region *r;

	if (!sched || !param || sched->sched_init != rr_sched_init)
		return -WD_EINVAL;
	s = (struct rr_sched *)sched->h_sched_ctx;
	if (param->numa_id < 0 || param->numa_id >= s->numa_num || param->type >= s->type_num ||
	    param->mode >= CTX_MODE_MAX || param->begin > param->end)
		return -WD_EINVAL;
	r = region(s, param->numa_id, param->mode, param->type);
	r->begin = param->begin;
	r->end = param->end;
	r->next = 0;
	r->valid = true;
	return 0;
}

void wdi_sched_rr_release(struct wd_sched *sched)
{
	struct rr_sched *s;

	if (!sched || sched->sched_init != rr_sched_init)
		return;
	s = (struct rr_sched *)sched->h_sched_ctx;
	free(s->regions);
	free(s);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vacc ctx's life cycle, shared by every class driver: a ctx is one queue
 * of a vacc device (kernel/vacc, uacce api "vacc_v1") and the slot table in
 * front of it. When every queue is taken ctx_open says -WD_EBUSY, and the
 * engine uses what it has (TASK_MIX falls back to the CPU driver).
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_alg_common.h"
#include "wd_log.h"
#include "vacc_drv.h"

static struct vacc_ctx *ctx_new(const struct vacc_class *cls, __u8 op_type, __u8 mode)
{
	size_t size = (sizeof(struct vacc_ctx) + VACC_CACHELINE - 1) & ~(size_t)(VACC_CACHELINE - 1);
	struct vacc_ctx *c = aligned_alloc(VACC_CACHELINE, size);

	if (!c)
		return NULL;
	memset(c, 0, size);
	c->cls = cls;
	c->op_type = op_type;
	c->mode = mode;
	c->async = mode == CTX_MODE_ASYNC;
	pthread_spin_init(&c->sq_lock, PTHREAD_PROCESS_PRIVATE);
	return c;
}

/* forked: sq_lock may be held by a thread the child does not have: leave it */
static void ctx_free(struct vacc_ctx *c, bool forked)
{
	if (c->cls->ctx_fini)
		c->cls->ctx_fini(c);	/* memory only: safe in a fork child too */
	vacc_slots_fini(c);
	if (!forked)
		pthread_spin_destroy(&c->sq_lock);
	free(c);
}

/* A ctx whose queue attach (open or adopt) returned ret: set up the rest. */
static int ctx_finish(struct vacc_ctx *c, int ret, void **out)
{
	if (ret) {
		ctx_free(c, false);	/* an adopted handle stays the caller's, as it came */
		return ret;
	}
	ret = vacc_slots_init(c);
	if (!ret && c->cls->ctx_init)
		ret = c->cls->ctx_init(c);
	if (ret) {
		vacc_queue_close(c);
		ctx_free(c, false);
		return ret;
	}
	if (c->async)
		c->ring.kill_lock = &c->sq_lock;
	*out = c;
	return 0;
}

int vacc_ctx_open(const struct vacc_class *cls, const char *alg, int numa, __u8 op_type,
		  __u8 mode, void **out)
{
	struct vacc_ctx *c = mode < CTX_MODE_MAX ? ctx_new(cls, op_type, mode) : NULL;

	if (!c)
		return mode < CTX_MODE_MAX ? -WD_ENOMEM : -WD_EINVAL;
	return ctx_finish(c, vacc_queue_open(c, alg, numa), out);
}

int vacc_ctx_adopt(const struct vacc_class *cls, handle_t h, __u8 op_type, __u8 mode,
		   void **out)
{
	struct vacc_ctx *c = mode < CTX_MODE_MAX ? ctx_new(cls, op_type, mode) : NULL;

	if (!c)
		return mode < CTX_MODE_MAX ? -WD_ENOMEM : -WD_EINVAL;
	return ctx_finish(c, vacc_queue_adopt(c, h), out);
}

/*
 * Sessions bound to this ctx keep a pointer to it in their vacc_sess, but
 * the engine never passes this ctx to them again (they are stale once
 * their init is gone), so nothing here walks them. forked: the queue is
 * the parent's (fork child): drop it without touching the device.
 */
static void ctx_end(struct vacc_ctx *c, bool forked)
{
	if (!c)
		return;
	if (forked)
		vacc_queue_forget(c);
	else
		vacc_queue_close(c);
	ctx_free(c, forked);
}

void vacc_ctx_close(void *p)
{
	ctx_end(p, false);
}

void vacc_ctx_forget(void *p)
{
	ctx_end(p, true);
}

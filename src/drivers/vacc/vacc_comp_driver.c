/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc compression driver: a WD_DRV_HW driver whose ctx is one queue of
 * a vacc device (kernel/vacc, uacce api "vacc_v1"). Preferred over the CPU
 * driver when a device exists (hardware ranks first); the engine falls back to the CPU driver for
 * TASK_MIX when every queue is taken (ctx_open then says -WD_EBUSY).
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_comp.h"
#include "wd_log.h"
#include "vacc_drv.h"

static const char *const vacc_algs[] = { "deflate", "zlib", "gzip", NULL };

static int vacc_probe(const struct wd_driver *drv)
{
	(void)drv;
	return vacc_device_present() ? 0 : -WD_ENODEV;
}

static struct vacc_ctx *ctx_new(__u8 op_type, __u8 mode)
{
	size_t size = (sizeof(struct vacc_ctx) + VACC_CACHELINE - 1) & ~(size_t)(VACC_CACHELINE - 1);
	struct vacc_ctx *c = aligned_alloc(VACC_CACHELINE, size);

	if (!c)
		return NULL;
	memset(c, 0, size);
	c->op_type = op_type;
	c->mode = mode;
	c->async = mode == CTX_MODE_ASYNC;
	pthread_spin_init(&c->sq_lock, PTHREAD_PROCESS_PRIVATE);
	return c;
}

static void ctx_free(struct vacc_ctx *c)
{
	vacc_slots_fini(c);
	pthread_spin_destroy(&c->sq_lock);
	free(c);
}

/* The queue is mapped and its ring checked: set up the rest. */
static int ctx_finish(struct vacc_ctx *c, void **out)
{
	int ret = vacc_slots_init(c);

	if (ret) {
		vacc_queue_close(c);
		ctx_free(c);
		return ret;
	}
	if (c->async)
		c->ring.kill_lock = &c->sq_lock;
	vacc_registry_add(c);
	*out = c;
	return 0;
}

static int vacc_ctx_open(const struct wd_driver *drv, int numa, __u8 op_type, __u8 mode,
			 __u32 depth, void **out)
{
	struct vacc_ctx *c;
	int ret;

	(void)drv;
	(void)depth;	/* in flight is bounded by the ring: send says -WD_EBUSY beyond */
	if (op_type >= WD_DIR_MAX || mode >= CTX_MODE_MAX)
		return -WD_EINVAL;
	c = ctx_new(op_type, mode);
	if (!c)
		return -WD_ENOMEM;
	ret = vacc_queue_open(c, numa);
	if (ret) {
		ctx_free(c);
		return ret;
	}
	return ctx_finish(c, out);
}

static int vacc_ctx_adopt(const struct wd_driver *drv, handle_t h, __u8 op_type, __u8 mode,
			  __u32 depth, void **out)
{
	struct vacc_ctx *c;
	int ret;

	(void)drv;
	(void)depth;
	if (op_type >= WD_DIR_MAX || mode >= CTX_MODE_MAX)
		return -WD_EINVAL;
	c = ctx_new(op_type, mode);
	if (!c)
		return -WD_ENOMEM;
	ret = vacc_queue_adopt(c, h);
	if (ret) {
		ctx_free(c);	/* h stays the caller's, as it came */
		return ret;
	}
	return ctx_finish(c, out);
}

static void vacc_ctx_close(void *p)
{
	struct vacc_ctx *c = p;

	if (!c)
		return;
	vacc_registry_del(c, false);
	vacc_queue_close(c);
	ctx_free(c);
}

static void vacc_ctx_forget(void *p)
{
	struct vacc_ctx *c = p;

	if (!c)
		return;
	vacc_registry_del(c, true);
	vacc_queue_forget(c);
	ctx_free(c);
}

const struct wd_driver vacc_comp_driver = {
	.name = "vacc",
	.desc = "vacc virtual accelerator queues (uacce api vacc_v1): deflate/zlib/gzip",
	.kind = WD_DRV_HW,
	.alg_class = WD_CLASS_COMP,
	/*
	 * The registry ranks every hardware driver above every CPU driver, so
	 * vacc is preferred to cpu_deflate whatever the number; among hardware
	 * drivers a virtual device (a kernel thread on the same CPUs) should
	 * come last, behind real accelerators.
	 */
	.priority = 0,
	.algs = vacc_algs,
	.op_mask = (1u << WD_DIR_COMPRESS) | (1u << WD_DIR_DECOMPRESS),
	.probe = vacc_probe,
	.ctx_open = vacc_ctx_open,
	.ctx_close = vacc_ctx_close,
	.ctx_adopt = vacc_ctx_adopt,
	.ctx_forget = vacc_ctx_forget,
	.send = vacc_send,
	.recv = vacc_recv,
	.wait = vacc_wait,
	.sess_free = vacc_sess_free,
	.sess_reset = vacc_sess_reset,
};

__attribute__((constructor)) static void vacc_comp_register(void)
{
	wdi_driver_register(&vacc_comp_driver);
}

__attribute__((destructor)) static void vacc_comp_unregister(void)
{
	wdi_driver_unregister(&vacc_comp_driver);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU compression driver: ops table and ctx life cycle. A ctx executes a
 * request inside send() and queues it for recv(), so sync and async requests
 * look the same to the engine as they do on a hardware queue.
 */
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"
#include "wd_log.h"

static const char *const cpu_algs[] = { "deflate", "zlib", "gzip", NULL };

__u32 cpu_isal_level_buf_size(__u8 level)
{
	switch (level) {
	case 1: return ISAL_DEF_LVL1_DEFAULT;
	case 2: return ISAL_DEF_LVL2_DEFAULT;
	default: return ISAL_DEF_LVL3_DEFAULT;
	}
}

static int cpu_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type,
			__u8 mode, __u32 depth, void **out)
{
	struct cpu_ctx *c;

	(void)drv;
	(void)alg;	/* one ctx serves every format */
	(void)numa;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -WD_ENOMEM;
	if (cpu_ring_init(&c->done, mode, depth))
		goto fail;
	if (op_type == WD_DIR_COMPRESS) {
		c->level_buf_size = ISAL_DEF_LVL3_DEFAULT;	/* the largest: any ISA-L level fits */
		c->level_buf = malloc(c->level_buf_size);
		if (!c->level_buf)
			goto fail;
		isal_deflate_stateless_init(&c->zs);
	} else {
		c->ldd = libdeflate_alloc_decompressor();
		if (!c->ldd)
			goto fail;
	}
	*out = c;
	return 0;
fail:
	cpu_ring_fini(&c->done);
	free(c);
	return -WD_ENOMEM;
}

static void cpu_ctx_close(void *p)
{
	struct cpu_ctx *c = p;

	if (!c)
		return;
	cpu_deflate_ctx_fini(c);
	if (c->ldd)
		libdeflate_free_decompressor(c->ldd);
	free(c->level_buf);
	cpu_ring_fini(&c->done);
	free(c);
}

static const struct wd_driver cpu_comp_driver;

static int cpu_send(void *p, struct wd_msg_hdr *hdr)
{
	struct cpu_ctx *c = p;
	struct wd_comp_msg *m = (struct wd_comp_msg *)hdr;

	if (__builtin_expect(cpu_ring_full(&c->done), 0))
		return -WD_EBUSY;
	if (hdr->flags & WD_MSG_STREAM)
		cpu_stream(m, &cpu_comp_driver);
	else if (m->op == WD_DIR_COMPRESS)
		cpu_deflate_oneshot(c, m);
	else
		cpu_inflate_oneshot(c, m);
	cpu_ring_push(&c->done, hdr);
	return 0;
}

static int cpu_recv(void *p, struct wd_msg_hdr **out)
{
	return cpu_ring_pop(&((struct cpu_ctx *)p)->done, out);
}

static const struct wd_driver cpu_comp_driver = {
	.name = "cpu_deflate",
	.desc = "CPU deflate/zlib/gzip: ISA-L (L1-3, stream inflate), libdeflate (L4+, inflate), "
		"zlib (L4+ streams)",
	.kind = WD_DRV_CPU,
	.alg_class = WD_CLASS_COMP,
	.priority = 100,
	.algs = cpu_algs,
	.op_mask = (1u << WD_DIR_COMPRESS) | (1u << WD_DIR_DECOMPRESS),
	.ctx_open = cpu_ctx_open,
	.ctx_close = cpu_ctx_close,
	.send = cpu_send,
	.recv = cpu_recv,
	.sess_free = cpu_stream_free,
	.sess_reset = cpu_stream_reset,
};

__attribute__((constructor)) static void cpu_comp_register(void)
{
	wdi_driver_register(&cpu_comp_driver);
}

__attribute__((destructor)) static void cpu_comp_unregister(void)
{
	wdi_driver_unregister(&cpu_comp_driver);
}

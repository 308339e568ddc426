/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Async message pools: one per async ctx, depth fixed-size slots and a stack
 * of free slot numbers. The ctx lock protects it; no allocation per request.
 */
#include <stdlib.h>
#include "engine_internal.h"

int wdi_pool_init(struct wdi_ctx *ctx, size_t msg_size, __u32 depth)
{
	__u32 i;

	ctx->pool = calloc(depth, msg_size);
	ctx->free_slots = malloc(depth * sizeof(*ctx->free_slots));
	if (!ctx->pool || !ctx->free_slots) {
		wdi_pool_fini(ctx);
		return -WD_ENOMEM;
	}
	for (i = 0; i < depth; i++)
		ctx->free_slots[i] = depth - 1 - i;
	ctx->depth = depth;
	ctx->nfree = depth;
	return 0;
}

void wdi_pool_fini(struct wdi_ctx *ctx)
{
	free(ctx->pool);
	free(ctx->free_slots);
	ctx->pool = NULL;
	ctx->free_slots = NULL;
	ctx->depth = ctx->nfree = 0;
}

struct wd_msg_hdr *wdi_pool_get(struct wdi_ctx *ctx, size_t msg_size)
{
	struct wd_msg_hdr *m;
	__u32 slot;

	if (!ctx->nfree)
		return NULL;
	slot = ctx->free_slots[--ctx->nfree];
	m = (struct wd_msg_hdr *)(ctx->pool + (size_t)slot * msg_size);
	m->tag = slot;
	return m;
}

int wdi_pool_put(struct wdi_ctx *ctx, __u32 tag)
{
	/* a driver returning a tag we never handed out must not corrupt the stack */
	if (tag >= ctx->depth || ctx->nfree >= ctx->depth)
		return -WD_EINVAL;
	ctx->free_slots[ctx->nfree++] = tag;
	return 0;
}

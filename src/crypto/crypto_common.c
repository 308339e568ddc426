/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the crypto classes share: session set-up rules, and scatter-gather
 * lists (WD_SGL_BUF). CPU drivers work on flat buffers, so a list is
 * gathered into a bounce buffer before the request and the result
 * scattered back after it. Elements with data NULL are skipped, as UADK
 * counts them.
 */
#include <stdlib.h>
#include <string.h>
#include "crypto_common.h"
#include "wd_log.h"

#define WDC_SGL_MAX_NODES	(1u << 20)	/* a cycle in the list must not hang us */

bool wdc_sgl_covers(const struct wd_datalist *l, __u64 len)
{
	__u64 have = 0;
	__u32 n = 0;

	for (; l && have < len && n < WDC_SGL_MAX_NODES; l = l->next, n++)
		if (l->data)
			have += l->len;
	return have >= len;
}

void wdc_sgl_gather(const struct wd_datalist *l, __u8 *flat, __u64 len)
{
	__u64 off = 0, n;

	for (; l && off < len; l = l->next) {
		if (!l->data)
			continue;
		n = len - off < l->len ? len - off : l->len;
		memcpy(flat + off, l->data, n);
		off += n;
	}
}

void wdc_sgl_scatter(struct wd_datalist *l, const __u8 *flat, __u64 len)
{
	__u64 off = 0, n;

	for (; l && off < len; l = l->next) {
		if (!l->data)
			continue;
		n = len - off < l->len ? len - off : l->len;
		memcpy(l->data, flat + off, n);
		off += n;
	}
}

__u8 *wdc_bounce_new(const struct wd_datalist *in, __u64 in_len, __u64 out_len)
{
	__u8 *b;

	if (in_len + out_len > SIZE_MAX - 1)
		return NULL;
	b = malloc(in_len + out_len + 1);	/* +1: never malloc(0) */
	if (b)
		wdc_sgl_gather(in, b, in_len);
	return b;
}

void *wdc_sess_alloc(struct wdi_engine *e, enum wd_mem_type mm_type, void *sched_param,
		     struct wd_alg_spec *spec)
{
	const struct sched_params *sp = sched_param;

	if (mm_type != UADK_MEM_AUTO) {
		wd_err("wd_%s_alloc_sess: mm_type %d asks for a user memory pool; WarpDrive "
		       "only serves plain user pointers (UADK_MEM_AUTO)", e->cls->name, (int)mm_type);
		return NULL;
	}
	spec->op_type = sp ? sp->type : 0;
	return wdi_sess_alloc(e, sp, spec);
}

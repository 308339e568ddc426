/* SPDX-License-Identifier: Apache-2.0 */
/* What an init opened: UADK's get_env_param and WarpDrive's ctx listing. */
#include <stdio.h>
#include <string.h>
#include "engine_internal.h"
#include "uadk/warpdrive.h"

int wdi_engine_env_param(struct wdi_engine *e, __u32 node, __u32 type, __u32 mode,
			 __u32 *num, __u8 *is_enable)
{
	__u32 i, n = 0;

	if (!num || !is_enable || type >= e->cls->op_type_num || mode >= CTX_MODE_MAX)
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

int wdi_engine_ctx_info(struct wdi_engine *e, struct wd_ctx_info *out, int max)
{
	int i, n;

	if (max < 0 || (max > 0 && !out))
		return -WD_EINVAL;
	pthread_mutex_lock(&e->init_lock);
	n = (int)e->ctx_num;
	for (i = 0; i < n && i < max; i++) {
		const struct wdi_ctx *c = &e->ctxs[i];

		memset(&out[i], 0, sizeof(out[i]));
		snprintf(out[i].driver, sizeof(out[i].driver), "%s", c->drv->name);
		out[i].numa = c->numa;
		out[i].op_type = c->op_type;
		out[i].mode = c->mode;
		out[i].inflight = __atomic_load_n(&c->inflight, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&e->init_lock);
	return n;
}

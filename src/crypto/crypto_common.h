/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the three symmetric crypto classes (wd_cipher.c, wd_digest.c,
 * wd_aead.c) share beyond the engine: running a resolved message, and
 * scatter-gather requests turned into flat buffers for the drivers.
 */
#ifndef WD_CRYPTO_COMMON_H
#define WD_CRYPTO_COMMON_H

#include <stdlib.h>
#include "wd_engine.h"
#include "wd_crypto_drv.h"

/* Sync: the engine's code, else the driver's result (0 or -WD_E*). */
static inline int wdc_sync(struct wdi_engine *e, struct wdi_sess *s, struct wd_msg_hdr *hdr)
{
	int ret = wdi_sync(e, s, hdr);

	return __builtin_expect(ret, 0) ? ret : hdr->result;
}

/*
 * A session of e's class for spec (op_type is filled from sched_param):
 * the set-up rules every crypto class shares (only UADK_MEM_AUTO memory),
 * then the engine's allocation. NULL on failure (logged).
 */
void *wdc_sess_alloc(struct wdi_engine *e, enum wd_mem_type mm_type, void *sched_param,
		     struct wd_alg_spec *spec);

/* The engine's header of a new message for session s. */
static inline void wdc_hdr_init(struct wd_msg_hdr *h, struct wdi_sess *s)
{
	h->tag = 0;
	h->op_type = s->spec.op_type;
	h->result = 0;
	h->flags = 0;
	h->sess = &s->drv;
	h->drv_priv = NULL;
}

/* Submit an async message; a refused one takes its bounce buffer along. */
static inline int wdc_async(struct wdi_engine *e, struct wdi_sess *s, struct wd_msg_hdr *h,
			    void *bounce)
{
	int ret = wdi_engine_async(e, s, h);

	if (ret)
		free(bounce);
	return ret;
}

/* Copy len bytes into a list that covers them. */
void wdc_sgl_scatter(struct wd_datalist *l, const __u8 *flat, __u64 len);

/*
 * A request's end: a scatter-gather request's result goes back into the
 * caller's list (only a good one) and its bounce buffer is freed.
 */
static inline void wdc_bounce_done(void *bounce, struct wd_datalist *dst, const __u8 *out,
				   __u64 len, bool ok)
{
	if (__builtin_expect(!bounce, 1))
		return;
	if (ok)
		wdc_sgl_scatter(dst, out, len);
	free(bounce);
}

/* An async request's state: the driver's failure made positive, else its status. */
static inline __u16 wdc_async_state(const struct wd_msg_hdr *h, int status)
{
	return (__u16)(h->result ? -h->result : status);
}

/* true when the list's non-NULL elements hold at least len bytes. */
bool wdc_sgl_covers(const struct wd_datalist *l, __u64 len);
/* Copy len bytes out of a list that covers them. */
void wdc_sgl_gather(const struct wd_datalist *l, __u8 *flat, __u64 len);

/*
 * The flat buffers a scatter-gather request runs on: one allocation of
 * in_len + out_len bytes, the input gathered into its first part. NULL
 * when memory is short.
 */
__u8 *wdc_bounce_new(const struct wd_datalist *in, __u64 in_len, __u64 out_len);

#endif /* WD_CRYPTO_COMMON_H */

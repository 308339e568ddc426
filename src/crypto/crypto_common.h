/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the three symmetric crypto classes (wd_cipher.c, wd_digest.c,
 * wd_aead.c) share beyond the engine: running a resolved message, and
 * scatter-gather requests turned into flat buffers for the drivers.
 */
#ifndef WD_CRYPTO_COMMON_H
#define WD_CRYPTO_COMMON_H

#include "wd_engine.h"
#include "wd_crypto_drv.h"

/* Sync: the engine's code, else the driver's result (0 or -WD_E*). */
static inline int wdc_sync(struct wdi_engine *e, struct wdi_sess *s, struct wd_msg_hdr *hdr)
{
	int ret = wdi_sync(e, s, hdr);

	return __builtin_expect(ret, 0) ? ret : hdr->result;
}

/* true when the list's non-NULL elements hold at least len bytes. */
bool wdc_sgl_covers(const struct wd_datalist *l, __u64 len);
/* Copy len bytes out of / into a list that covers them. */
void wdc_sgl_gather(const struct wd_datalist *l, __u8 *flat, __u64 len);
void wdc_sgl_scatter(struct wd_datalist *l, const __u8 *flat, __u64 len);

/*
 * The flat buffers a scatter-gather request runs on: one allocation of
 * in_len + out_len bytes, the input gathered into its first part. NULL
 * when memory is short.
 */
__u8 *wdc_bounce_new(const struct wd_datalist *in, __u64 in_len, __u64 out_len);

#endif /* WD_CRYPTO_COMMON_H */

// SPDX-License-Identifier: Apache-2.0
/*
 * What CMAC and GMAC share: the collected message (mac_int.h says why),
 * and their wd_digest sessions and requests.
 */
#include <stdlib.h>
#include <string.h>

#include "mac_int.h"

int wdp_mbuf_add(struct wdp_mbuf *b, const unsigned char *in, size_t len)
{
	unsigned char *p;
	size_t cap, have = b->len;

	if (len > WDP_MBUF_MAX - b->len)
		return 0;
	if (b->len + len > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len)
			cap *= 2;
		if (cap > WDP_MBUF_MAX)
			cap = WDP_MBUF_MAX;
		/* not realloc: the old block would keep the message in freed memory */
		p = malloc(cap);
		if (!p)
			return 0;
		if (have)
			memcpy(p, b->p, have);
		wdp_mbuf_free(b);
		b->p = p;
		b->cap = cap;
		b->len = have;
	}
	memcpy(b->p + b->len, in, len);
	b->len += len;
	return 1;
}

void wdp_mbuf_reset(struct wdp_mbuf *b)
{
	if (b->len)
		explicit_bzero(b->p, b->len);
	b->len = 0;
}

void wdp_mbuf_free(struct wdp_mbuf *b)
{
	wdp_mbuf_reset(b);
	free(b->p);
	b->p = NULL;
	b->cap = 0;
}

int wdp_mbuf_copy(struct wdp_mbuf *dst, const struct wdp_mbuf *src)
{
	wdp_mbuf_reset(dst);
	return !src->len || wdp_mbuf_add(dst, src->p, src->len);
}

int wdp_aesmac_set_key(handle_t h, const unsigned char *key, size_t keylen)
{
	return !wd_digest_set_key(h, key, (__u32)keylen);
}

handle_t wdp_aesmac_sess(enum wd_digest_type alg, const unsigned char *key, size_t keylen)
{
	/* the AES MACs are keyed: UADK names them so */
	handle_t h = wdp_digest_sess_new(alg, WD_DIGEST_HMAC);

	if (h && !wdp_aesmac_set_key(h, key, keylen)) {
		wdp_sess_free(WDP_DIGEST, h);
		return 0;
	}
	return h;
}

int wdp_aesmac_run(handle_t h, const struct wdp_mbuf *msg, unsigned char *j0,
		   unsigned char out[16])
{
	struct wd_digest_req req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.in = msg->len ? msg->p : out;	/* GMAC of nothing: any valid pointer */
	req.in_bytes = (__u32)msg->len;
	req.out = out;
	req.out_bytes = 16;
	req.out_buf_bytes = 16;
	req.iv = j0;
	req.iv_bytes = j0 ? 16 : 0;
	req.has_next = WD_DIGEST_END;
	req.data_fmt = WD_FLAT_BUF;
	ret = wdp_run(WDP_DIGEST, h, &req);
	if (ret || req.state) {
		wdp_raise(WDP_R_REQUEST_FAILED, "wd_digest AES MAC request failed (%d, state %u)",
			  ret, (unsigned int)req.state);
		return 0;
	}
	return 1;
}

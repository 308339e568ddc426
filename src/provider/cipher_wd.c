// SPDX-License-Identifier: Apache-2.0
/*
 * One WarpDrive cipher request: the only place the cipher code reaches
 * WarpDrive. The library's IV write-back (wd_cipher.h) continues the
 * stream in iv, which is why callers pass the context's own register.
 */
#include "cipher.h"

/* in_bytes is 32-bit: longer runs go in 1 GiB pieces, which chain like one */
#define WD_PIECE	((size_t)1 << 30)

int wdp_cipher_busy_error(const struct wdp_cctx *c)
{
	wdp_raise(WDP_R_WRONG_STATE, "%s: context in use by a paused ASYNC job", c->d->names);
	return 0;
}

int wdp_cipher_wd(struct wdp_cctx *c, unsigned char *out, const unsigned char *in,
		  size_t len, unsigned char *iv)
{
	struct wd_cipher_req req;
	int ret;

	if (!len)
		return 1;	/* WarpDrive takes no empty requests */
	if (__builtin_expect(!c->sess || !c->sess_keyed, 0)) {
		wdp_raise(WDP_R_NO_SESSION, "%s: no WarpDrive session", c->d->names);
		return 0;
	}
	do {
		size_t n = len < WD_PIECE ? len : WD_PIECE;

		req.op_type = c->enc ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION;
		req.src = (void *)in;
		req.dst = out;
		req.iv = iv;
		req.in_bytes = (__u32)n;
		req.iv_bytes = iv ? c->d->cblk : 0;
		req.out_buf_bytes = (__u32)n;
		req.out_bytes = 0;
		req.state = 0;
		req.type = 0;
		req.data_fmt = WD_FLAT_BUF;
		req.cb = NULL;
		req.cb_param = NULL;
		c->busy = 1;
		ret = wdp_run(WDP_CIPHER, c->sess->h, &req);
		c->busy = 0;
		if (__builtin_expect(ret || req.state, 0)) {
			wdp_raise(WDP_R_REQUEST_FAILED, "%s: WarpDrive request failed (%d)",
				  c->d->names, ret ? ret : (int)req.state);
			return 0;
		}
		in += n;
		out += n;
		len -= n;
	} while (len);
	return 1;
}

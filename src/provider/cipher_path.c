// SPDX-License-Identifier: Apache-2.0
/*
 * The cipher entry points (update, final, cipher) and the choice of path.
 *
 * A message's path is chosen at its first Update that carries data (in
 * TLS mode every record is a message): the software path when offload is
 * off, when the data is below cpu_below_cipher, or when WarpDrive has no
 * session for the algorithm and key; WarpDrive otherwise. On the software
 * path OpenSSL's own implementation is brought to our state (cipher_sw.c)
 * and does the whole message; it keeps the state until the next message,
 * which takes back what it needs (CTR's counter on a re-init without IV,
 * the chained IV of a TLS record that goes to WarpDrive).
 */
#include <string.h>
#include <openssl/err.h>

#include "cipher.h"

/*
 * Choose the path of the message that starts with inl bytes. Without a key
 * the WarpDrive code runs, to fail as OpenSSL's does.
 */
static int choose(struct wdp_cctx *c, size_t inl)
{
	int sw = c->key_set &&
		 (!wdp_cfg.offload || inl < wdp_cpu_below(WDP_BELOW_CIPHER) ||
		  !wdp_cipher_sess_ready(c));

	if (sw && c->path != WDP_PATH_SW) {
		ERR_set_mark();
		if (wdp_cipher_sw_push(c)) {
			ERR_clear_last_mark();
		} else {
			/* no software path (or it failed to start): WarpDrive if it can */
			ERR_pop_to_mark();
			if (!wdp_cipher_sess_ready(c)) {
				wdp_raise(WDP_R_SW_FAILED, "%s: no path can run the message",
					  c->d->names);
				return 0;
			}
			sw = 0;
		}
	}
	if (!sw && c->path == WDP_PATH_SW && !wdp_cipher_sw_pull(c)) {
		wdp_raise(WDP_R_SW_FAILED, "%s: cannot take the IV back", c->d->names);
		return 0;
	}
	c->path = sw ? WDP_PATH_SW : WDP_PATH_WD;
	return 1;
}

static int stream_update(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
			 const unsigned char *in, size_t inl)
{
	if (!c->key_set) {
		wdp_raise(WDP_R_WRONG_STATE, "no key set");
		return 0;
	}
	if (inl == 0) {
		*outl = 0;
		return 1;
	}
	if (outsize < inl) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	if (!wdp_cstream_run(c, out, in, inl))
		return 0;
	*outl = inl;
	/* a MAC at the end of a decrypted TLS record is cut off as OpenSSL does */
	if (!c->enc && c->tlsversion && c->tlsmacsize) {
		if (inl < c->tlsmacsize)
			return 0;
		c->tlsmac_ptr = out + inl - c->tlsmacsize;
		*outl -= c->tlsmacsize;
	}
	return 1;
}

static int update_wd(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		     const unsigned char *in, size_t inl)
{
	switch (c->d->kind) {
	case WDP_CK_BLOCK:
		if (c->tlsversion)
			return wdp_ctls_record(c, out, outl, outsize, in, inl);
		return wdp_cblock_update(c, out, outl, outsize, in, inl);
	case WDP_CK_CTS:
		return wdp_ccts_update(c, out, outl, outsize, in, inl);
	case WDP_CK_XTS:
		return wdp_cxts_cipher(c, out, outl, outsize, in, inl);
	default:
		return stream_update(c, out, outl, outsize, in, inl);
	}
}

int wdp_cipher_update(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl)
{
	struct wdp_cctx *c = vctx;

	/*
	 * Mid-message: straight on (a context on the software path never has
	 * a request in flight). TLS records and message starts choose first.
	 */
	if (__builtin_expect(!c->tlsversion, 1)) {
		if (c->path == WDP_PATH_SW) {
			wdp_count_sw();
			return wdp_cipher_sw_update(c, out, outl, outsize, in, inl);
		}
		if (c->path == WDP_PATH_WD)
			return wdp_cipher_idle(c) && update_wd(c, out, outl, outsize, in, inl);
	}
	if (!wdp_cipher_idle(c))
		return 0;
	/* a message starts at its first data (TLS: every record is one) */
	if ((c->path == WDP_PATH_NONE && inl) || (c->tlsversion && c->d->kind == WDP_CK_BLOCK)) {
		if (!choose(c, inl))
			return 0;
	}
	if (c->path == WDP_PATH_SW) {
		wdp_count_sw();
		return wdp_cipher_sw_update(c, out, outl, outsize, in, inl);
	}
	return update_wd(c, out, outl, outsize, in, inl);
}

int wdp_cipher_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	struct wdp_cctx *c = vctx;

	if (!wdp_cipher_idle(c))
		return 0;
	if (c->d->kind == WDP_CK_CTS || c->d->kind == WDP_CK_XTS) {
		*outl = 0;	/* nothing is ever held back */
		return 1;
	}
	if (!c->key_set) {
		wdp_raise(WDP_R_WRONG_STATE, "no key set");
		return 0;
	}
	if (c->d->kind == WDP_CK_STREAM) {
		*outl = 0;
		return 1;
	}
	if (c->tlsversion) {
		wdp_raise(WDP_R_WRONG_STATE, "no final in TLS record mode");
		return 0;
	}
	/* a message without data: the padding block still needs a path */
	if (c->path == WDP_PATH_NONE && !choose(c, 0))
		return 0;
	if (c->path == WDP_PATH_SW)
		return wdp_cipher_sw_final(c, out, outl, outsize);
	return wdp_cblock_final(c, out, outl, outsize);
}

/* Checks of EVP_Cipher's block modes, the same whichever path runs it. */
static int block_cipher_ok(struct wdp_cctx *c, size_t outsize, size_t inl)
{
	const struct wdp_cipher_desc *d = c->d;
	size_t rem = inl % d->cblk;

	if (!c->key_set) {
		wdp_raise(WDP_R_WRONG_STATE, "no key set");
		return 0;
	}
	if (rem && d->evp_mode == EVP_CIPH_CBC_MODE) {
		/* OpenSSL's partial CBC block reads past the input when decrypting */
		if (!c->enc) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "partial block");
			return 0;
		}
		/* and writes a whole block when encrypting */
		if (outsize < inl + d->cblk - rem) {
			wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
			return 0;
		}
	}
	if (outsize < inl) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	return 1;
}

/*
 * EVP_Cipher: the mode without buffering or padding, as OpenSSL's generic
 * cipher function. CBC-CTS runs plain CBC there, which only the software
 * path has a session for.
 */
int wdp_cipher_cipher(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl)
{
	struct wdp_cctx *c = vctx;
	enum wdp_ckind kind = (enum wdp_ckind)c->d->kind;

	if (!wdp_cipher_idle(c))
		return 0;
	if (kind == WDP_CK_STREAM) {
		if (!c->key_set) {
			wdp_raise(WDP_R_WRONG_STATE, "no key set");
			return 0;
		}
		if (outsize < inl) {
			wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
			return 0;
		}
	} else if (kind != WDP_CK_XTS && !block_cipher_ok(c, outsize, inl)) {
		return 0;
	}
	if (kind == WDP_CK_CTS && c->path != WDP_PATH_SW) {
		if (!wdp_cipher_sw_push(c)) {
			wdp_raise(WDP_R_SW_FAILED, "%s: no software path", c->d->names);
			return 0;
		}
		c->path = WDP_PATH_SW;
	}
	if (c->path == WDP_PATH_NONE && inl && !choose(c, inl))
		return 0;
	if (c->path == WDP_PATH_SW)
		return wdp_cipher_sw_cipher(c, out, outl, outsize, in, inl);
	switch (kind) {
	case WDP_CK_XTS:
		return wdp_cxts_cipher(c, out, outl, outsize, in, inl);
	case WDP_CK_STREAM:
		if (inl && !wdp_cstream_run(c, out, in, inl))
			return 0;
		*outl = inl;
		return 1;
	default:
		return wdp_cblock_cipher(c, out, outl, outsize, in, inl);
	}
}

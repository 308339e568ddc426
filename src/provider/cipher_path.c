// SPDX-License-Identifier: Apache-2.0
/*
 * The cipher entry points (update, final, cipher) and the choice of path.
 *
 * A message's path is chosen at its first Update that carries data (in
 * TLS mode every record is a message): the software path when offload is
 * off, when the data is below cpu_below_cipher, or when WarpDrive has no
 * session for the algorithm and key; WarpDrive otherwise. On the software
 * path an EVP_CIPHER_CTX of OpenSSL's own implementation is brought to our
 * state (key only when it changed, IV, direction, padding, CTS variant,
 * TLS parameters) and does the whole message; it keeps the state until the
 * next message, which takes back what it needs (CTR's counter on a re-init
 * without IV, the chained IV of a TLS record that goes to WarpDrive).
 */
#include <limits.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "cipher.h"

static EVP_CIPHER *sw_cipher(const struct wdp_cipher_desc *d)
{
	char name[32];

	return wdp_sw_cipher(wdp_cipher_sw_name(d, name, sizeof(name)));
}

/* Bring the software context to our state at a message start. */
static int sw_push(struct wdp_cctx *c)
{
	const struct wdp_cipher_desc *d = c->d;
	const EVP_CIPHER *cipher = NULL;
	const unsigned char *key = NULL;
	OSSL_PARAM params[5], *p = params;
	unsigned int pad = c->pad;
	char cts[4] = "CS1";

	if (!c->sw) {
		cipher = sw_cipher(d);
		c->sw = cipher ? EVP_CIPHER_CTX_new() : NULL;
		if (!c->sw)
			return 0;
		c->sw_keyed = 0;
	}
	/* OpenSSL keys a schedule per direction: a new direction needs the key again */
	if (c->key_set && (!c->sw_keyed || c->sw_enc != c->enc))
		key = c->key;
	if (d->kind != WDP_CK_XTS)	/* XTS has none of these */
		*p++ = OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_PADDING, &pad);
	if (d->kind == WDP_CK_CTS) {
		cts[2] = (char)('1' + c->cts_mode);
		*p++ = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, cts, 0);
	}
	if (d->kind == WDP_CK_BLOCK || d->kind == WDP_CK_STREAM) {
		*p++ = OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_TLS_VERSION, &c->tlsversion);
		*p++ = OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_TLS_MAC_SIZE, &c->tlsmacsize);
	}
	*p = OSSL_PARAM_construct_end();
	/*
	 * OpenSSL refuses equal XTS halves when encrypting even where we took
	 * them (a key set for decryption, then an encrypting re-init without
	 * one): that message stays on WarpDrive.
	 */
	if (key && d->kind == WDP_CK_XTS && c->enc &&
	    !CRYPTO_memcmp(key, key + d->keylen / 2, d->keylen / 2))
		goto fail;
	if (!EVP_CipherInit_ex2(c->sw, cipher, key, c->iv_set && d->ivlen ? c->iv : NULL,
				c->enc, params))
		goto fail;
	if (key) {
		c->sw_keyed = 1;
		c->sw_enc = c->enc;
	}
	return 1;
fail:
	/* start over next time rather than keep a half-initialised context */
	EVP_CIPHER_CTX_free(c->sw);
	c->sw = NULL;
	c->sw_keyed = 0;
	return 0;
}

/* The IV the software context ran the last message up to. */
static int sw_pull(struct wdp_cctx *c)
{
	return !c->d->ivlen || EVP_CIPHER_CTX_get_updated_iv(c->sw, c->iv, c->d->ivlen);
}

void wdp_cipher_sw_end(struct wdp_cctx *c, int keep_counter)
{
	if (keep_counter && c->sw)
		sw_pull(c);
}

static const char *const sw_state_keys[] = {
	OSSL_CIPHER_PARAM_UPDATED_IV, OSSL_CIPHER_PARAM_NUM, OSSL_CIPHER_PARAM_TLS_MAC,
};

int wdp_cipher_sw_get(struct wdp_cctx *c, OSSL_PARAM params[])
{
	for (size_t i = 0; i < sizeof(sw_state_keys) / sizeof(sw_state_keys[0]); i++) {
		OSSL_PARAM one[2], *p = OSSL_PARAM_locate(params, sw_state_keys[i]);

		if (!p)
			continue;
		one[0] = *p;
		one[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_get_params(c->sw, one))
			return 0;
		p->return_size = one[0].return_size;
	}
	return 1;
}

int wdp_cipher_sw_set(struct wdp_cctx *c, const OSSL_PARAM params[])
{
	return EVP_CIPHER_CTX_set_params(c->sw, params);
}

/*
 * Choose the path of the message that starts with inl bytes. Without a key
 * the WarpDrive code runs, to fail as OpenSSL's does.
 */
static int choose(struct wdp_cctx *c, size_t inl)
{
	int sw = c->key_set &&
		 (!wdp_cfg.offload || inl < wdp_cfg.cpu_below[WDP_CIPHER] ||
		  !wdp_cipher_sess_ready(c));

	if (sw && c->path != WDP_PATH_SW) {
		ERR_set_mark();
		if (sw_push(c)) {
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
	if (!sw && c->path == WDP_PATH_SW && !sw_pull(c)) {
		wdp_raise(WDP_R_SW_FAILED, "%s: cannot take the IV back", c->d->names);
		return 0;
	}
	c->path = sw ? WDP_PATH_SW : WDP_PATH_WD;
	return 1;
}

/* The most an Update of inl bytes writes; 0 with an error raised if outsize is short. */
static int sw_room(struct wdp_cctx *c, size_t outsize, size_t inl, size_t *bufsz_after)
{
	const struct wdp_cipher_desc *d = c->d;
	size_t need = inl;

	*bufsz_after = 0;
	if (d->kind == WDP_CK_BLOCK) {
		if (c->tlsversion)
			need = c->enc ? inl + d->blksz - inl % d->blksz : inl;
		else
			need = wdp_cblock_outlen(c, inl, bufsz_after);
	} else if (d->kind == WDP_CK_CTS && inl < 16) {
		need = 0;	/* refused without output */
	}
	if (outsize < need) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	return 1;
}

/* EVP takes int lengths: longer Updates go in whole-block pieces. */
#define SW_PIECE	((size_t)1 << 30)

static int sw_update(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		     const unsigned char *in, size_t inl)
{
	size_t total = 0, bufsz;
	int l;

	if (!sw_room(c, outsize, inl, &bufsz))
		return 0;
	/* one-shot kinds cannot be split */
	if (inl > SW_PIECE && (c->tlsversion || c->d->kind == WDP_CK_CTS || c->d->kind == WDP_CK_XTS)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "input too long");
		return 0;
	}
	wdp_count_sw();
	do {
		size_t n = inl < SW_PIECE ? inl : SW_PIECE;

		if (!EVP_CipherUpdate(c->sw, out ? out + total : NULL, &l, in, (int)n))
			return 0;
		total += (size_t)l;
		in += n;
		inl -= n;
	} while (inl);
	c->bufsz = bufsz;
	*outl = total;
	return 1;
}

int wdp_cipher_update(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl)
{
	struct wdp_cctx *c = vctx;
	enum wdp_ckind kind = (enum wdp_ckind)c->d->kind;

	if (c->path == WDP_PATH_NONE || (c->tlsversion && kind == WDP_CK_BLOCK)) {
		/* an empty Update does not start the message (nor choose its path) */
		if (inl || c->tlsversion) {
			if (!choose(c, inl))
				return 0;
		}
	}
	if (c->path == WDP_PATH_SW)
		return sw_update(c, out, outl, outsize, in, inl);
	switch (kind) {
	case WDP_CK_BLOCK:
		if (c->tlsversion)
			return wdp_ctls_record(c, out, outl, outsize, in, inl);
		return wdp_cblock_update(c, out, outl, outsize, in, inl);
	case WDP_CK_CTS:
		return wdp_ccts_update(c, out, outl, outsize, in, inl);
	case WDP_CK_XTS:
		return wdp_cxts_cipher(c, out, outl, outsize, in, inl);
	default:
		break;
	}
	/* stream modes */
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

int wdp_cipher_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	struct wdp_cctx *c = vctx;
	unsigned char tmp[32];
	int l = 0;

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
	if (c->path == WDP_PATH_WD)
		return wdp_cblock_final(c, out, outl, outsize);
	/* through a block of our own: EVP hands OpenSSL a block of room */
	if (!EVP_CipherFinal_ex(c->sw, tmp, &l))
		return 0;
	c->bufsz = 0;
	if ((size_t)l > outsize) {
		OPENSSL_cleanse(tmp, sizeof(tmp));
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	if (l) {
		wdp_count_sw();
		memcpy(out, tmp, (size_t)l);
		OPENSSL_cleanse(tmp, sizeof(tmp));
	}
	*outl = (size_t)l;
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
	const struct wdp_cipher_desc *d = c->d;
	int r;

	if (d->kind == WDP_CK_XTS) {
		if (c->path == WDP_PATH_NONE && inl && !choose(c, inl))
			return 0;
		if (c->path != WDP_PATH_SW)
			return wdp_cxts_cipher(c, out, outl, outsize, in, inl);
	} else {
		if (!c->key_set) {
			wdp_raise(WDP_R_WRONG_STATE, "no key set");
			return 0;
		}
		if (d->kind != WDP_CK_STREAM && inl % d->cblk) {
			/* OpenSSL's partial CBC block reads past the input when decrypting */
			if (d->evp_mode == EVP_CIPH_CBC_MODE && !c->enc) {
				wdp_raise(WDP_R_BAD_ARGUMENT, "partial block");
				return 0;
			}
			/* and writes a whole block when encrypting */
			if (d->evp_mode == EVP_CIPH_CBC_MODE && outsize < inl + d->cblk - inl % d->cblk) {
				wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
				return 0;
			}
		}
		if (outsize < inl) {
			wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
			return 0;
		}
		if (d->kind == WDP_CK_CTS && c->path != WDP_PATH_SW) {
			if (!sw_push(c)) {
				wdp_raise(WDP_R_SW_FAILED, "%s: no software path", d->names);
				return 0;
			}
			c->path = WDP_PATH_SW;
		}
		if (c->path == WDP_PATH_NONE && inl && !choose(c, inl))
			return 0;
		if (c->path != WDP_PATH_SW) {
			if (d->kind == WDP_CK_STREAM) {
				if (inl && !wdp_cstream_run(c, out, in, inl))
					return 0;
				*outl = inl;
				return 1;
			}
			return wdp_cblock_cipher(c, out, outl, outsize, in, inl);
		}
	}
	if (inl > INT_MAX) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "input too long");
		return 0;
	}
	wdp_count_sw();
	r = EVP_Cipher(c->sw, out, in, (unsigned int)inl);
	if (r < 0)
		return 0;
	*outl = (size_t)r;
	return 1;
}

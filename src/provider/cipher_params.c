// SPDX-License-Identifier: Apache-2.0
/*
 * Cipher parameters, with the names, types and per-family lists of OpenSSL
 * 3.0's default provider (ciphercommon.c, cipher_cts.c, cipher_aes_xts.c,
 * cipher_tdes_common.c), so EVP and applications see the same interface.
 */
#include <string.h>
#include <strings.h>
#include <openssl/rand.h>

#include "cipher.h"

int wdp_cipher_get_params(const struct wdp_cipher_desc *d, OSSL_PARAM params[])
{
	const struct wdp_cipher_info i = {
		.mode = d->evp_mode, .keylen = d->keylen, .blksz = d->blksz, .ivlen = d->ivlen,
		.custom_iv = !!(d->flags & WDP_CF_CUSTOM_IV), .cts = !!(d->flags & WDP_CF_CTS),
		.rand_key = !!(d->flags & WDP_CF_RAND_KEY),
	};

	return wdp_cipher_alg_params(params, &i);
}

/* ---- context parameter lists, per family ---- */

#define COMMON_GETTABLE								\
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),			\
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_IVLEN, NULL),			\
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_PADDING, NULL),			\
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_NUM, NULL),				\
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_IV, NULL, 0),			\
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_UPDATED_IV, NULL, 0)

static const OSSL_PARAM gettable_generic[] = {
	COMMON_GETTABLE,
	{ OSSL_CIPHER_PARAM_TLS_MAC, OSSL_PARAM_OCTET_PTR, NULL, 0, OSSL_PARAM_UNMODIFIED },
	OSSL_PARAM_END
};

static const OSSL_PARAM gettable_cts[] = {
	COMMON_GETTABLE,
	OSSL_PARAM_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM gettable_tdes[] = {
	COMMON_GETTABLE,
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_RANDOM_KEY, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM settable_generic[] = {
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_PADDING, NULL),
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_NUM, NULL),
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_USE_BITS, NULL),
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_TLS_VERSION, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_TLS_MAC_SIZE, NULL),
	OSSL_PARAM_END
};

static const OSSL_PARAM settable_cts[] = {
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_PADDING, NULL),
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_NUM, NULL),
	OSSL_PARAM_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM settable_xts[] = {
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
	OSSL_PARAM_END
};

const OSSL_PARAM *wdp_cipher_gettable_ctx(enum wdp_cparams which)
{
	switch (which) {
	case WDP_CP_CTS:
		return gettable_cts;
	case WDP_CP_TDES:
		return gettable_tdes;
	default:	/* XTS lists the generic ones too */
		return gettable_generic;
	}
}

const OSSL_PARAM *wdp_cipher_settable_ctx(enum wdp_cparams which)
{
	switch (which) {
	case WDP_CP_CTS:
		return settable_cts;
	case WDP_CP_XTS:
		return settable_xts;
	default:
		return settable_generic;
	}
}

/* ---- get ---- */

static const char *const cts_names[] = { OSSL_CIPHER_CTS_MODE_CS1, OSSL_CIPHER_CTS_MODE_CS2,
					 OSSL_CIPHER_CTS_MODE_CS3 };

/* DES keys carry odd parity in each byte's low bit. */
static void des_odd_parity(unsigned char *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int b = k[i] >> 1, ones = 0;

		for (; b; b >>= 1)
			ones += b & 1;
		k[i] = (unsigned char)((k[i] & 0xFE) | !(ones & 1));
	}
}

static int random_key(const struct wdp_cctx *c, OSSL_PARAM *p)
{
	size_t kl = c->d->keylen;

	/*
	 * EVP_CIPHER_CTX_rand_key() passes its key buffer with a size of 0:
	 * like OpenSSL's DES ciphers, trust it to hold a key.
	 */
	if (p->data_type != OSSL_PARAM_OCTET_STRING || !p->data ||
	    RAND_priv_bytes(p->data, (int)kl) <= 0)
		return 0;
	des_odd_parity(p->data, kl);
	p->return_size = kl;
	return 1;
}

/* IV and UPDATED_IV go out as a pointer or a copy, whichever the caller asked for. */
static int set_iv(OSSL_PARAM *p, const unsigned char *iv, size_t len)
{
	return OSSL_PARAM_set_octet_ptr(p, iv, len) || OSSL_PARAM_set_octet_string(p, iv, len);
}

int wdp_cipher_get_ctx_params(void *vctx, OSSL_PARAM params[])
{
	struct wdp_cctx *c = vctx;
	const struct wdp_cipher_desc *d = c->d;
	OSSL_PARAM *p;

	if (d->params == WDP_CP_CTS && (p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_CTS_MODE)) &&
	    (c->cts_mode > 2 || !OSSL_PARAM_set_utf8_string(p, cts_names[c->cts_mode])))
		goto fail;
	if (!wdp_param_set_size(params, OSSL_CIPHER_PARAM_IVLEN, d->ivlen))
		goto fail;
	p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_PADDING);
	if (p && !OSSL_PARAM_set_uint(p, c->pad))
		goto fail;
	p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_IV);
	if (p && !set_iv(p, c->oiv, d->ivlen))
		goto fail;
	p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_UPDATED_IV);
	if (p && !set_iv(p, c->iv, d->ivlen))
		goto fail;
	p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_NUM);
	if (p && !OSSL_PARAM_set_uint(p, c->num))
		goto fail;
	if (!wdp_param_set_size(params, OSSL_CIPHER_PARAM_KEYLEN, d->keylen))
		goto fail;
	p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_TLS_MAC);
	if (p && !OSSL_PARAM_set_octet_ptr(p, c->tlsmac_ptr, c->tlsmacsize))
		goto fail;
	/* mid-message on the software path: the running state is over there */
	if (c->path == WDP_PATH_SW && !wdp_cipher_sw_get(c, params))
		goto fail;
	if (d->params == WDP_CP_TDES && (p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_RANDOM_KEY)) &&
	    !random_key(c, p)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "failed to generate key");
		return 0;
	}
	return 1;
fail:
	wdp_raise(WDP_R_BAD_ARGUMENT, "failed to set parameter");
	return 0;
}

/* ---- set ---- */

static int set_xts(struct wdp_cctx *c, const OSSL_PARAM params[])
{
	const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_CIPHER_PARAM_KEYLEN);
	size_t keylen;

	if (!p)
		return 1;
	if (!OSSL_PARAM_get_size_t(p, &keylen)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "failed to get parameter");
		return 0;
	}
	/* XTS's key length is fixed; OpenSSL fails without a reason */
	return keylen == c->d->keylen;
}

static int get_uint(const OSSL_PARAM params[], const char *key, unsigned int *v, int *found)
{
	const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, key);

	*found = p != NULL;
	if (p && !OSSL_PARAM_get_uint(p, v)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "failed to get parameter %s", key);
		return 0;
	}
	return 1;
}

static int set_generic(struct wdp_cctx *c, const OSSL_PARAM params[])
{
	const OSSL_PARAM *p;
	unsigned int v;
	int found;

	if (!get_uint(params, OSSL_CIPHER_PARAM_PADDING, &v, &found))
		return 0;
	if (found)
		c->pad = v ? 1 : 0;
	if (!get_uint(params, OSSL_CIPHER_PARAM_USE_BITS, &v, &found))
		return 0;
	if (found)
		c->use_bits = v ? 1 : 0;
	if (!get_uint(params, OSSL_CIPHER_PARAM_TLS_VERSION, &v, &found))
		return 0;
	if (found)
		c->tlsversion = v;
	p = OSSL_PARAM_locate_const(params, OSSL_CIPHER_PARAM_TLS_MAC_SIZE);
	if (p && !OSSL_PARAM_get_size_t(p, &c->tlsmacsize)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "failed to get parameter tls-mac-size");
		return 0;
	}
	if (!get_uint(params, OSSL_CIPHER_PARAM_NUM, &v, &found))
		return 0;
	if (found) {
		/* OpenSSL's block size: only 0 for the stream modes */
		if (v >= c->d->blksz) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "num %u out of range", v);
			return 0;
		}
		c->num = v;
	}
	return 1;
}

static int set_cts_mode(struct wdp_cctx *c, const OSSL_PARAM params[])
{
	const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_CIPHER_PARAM_CTS_MODE);
	unsigned int i;

	if (!p)
		return 1;
	if (p->data_type == OSSL_PARAM_UTF8_STRING && p->data)
		for (i = 0; i < 3; i++)
			if (!strcasecmp(p->data, cts_names[i])) {
				c->cts_mode = i;
				return 1;
			}
	wdp_raise(WDP_R_BAD_ARGUMENT, "failed to set parameter cts_mode");
	return 0;
}

int wdp_cipher_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
	struct wdp_cctx *c = vctx;
	int ok;

	if (!params)
		return 1;
	if (!wdp_cipher_idle(c))
		return 0;
	if (c->d->params == WDP_CP_XTS)
		ok = set_xts(c, params);
	else
		ok = (c->d->params != WDP_CP_CTS || set_cts_mode(c, params)) &&
		     set_generic(c, params);
	if (ok && c->path == WDP_PATH_SW)
		ok = wdp_cipher_sw_set(c, params);
	return ok;
}

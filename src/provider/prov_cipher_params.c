// SPDX-License-Identifier: Apache-2.0
/*
 * The algorithm-level parameters every OSSL_OP_CIPHER implementation
 * answers (EVP_CIPHER_get_params: mode, lengths, flags), with OpenSSL 3.0's
 * names and types, once for the ciphers and the AEADs.
 */
#include "prov.h"

static const OSSL_PARAM known[] = {
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_MODE, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_IVLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_BLOCK_SIZE, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_AEAD, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_CUSTOM_IV, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_CTS, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_HAS_RAND_KEY, NULL),
	OSSL_PARAM_END
};

const OSSL_PARAM *wdp_cipher_alg_gettable(void *provctx)
{
	(void)provctx;
	return known;
}

int wdp_param_set_int(OSSL_PARAM params[], const char *key, int v)
{
	OSSL_PARAM *p = OSSL_PARAM_locate(params, key);

	return !p || OSSL_PARAM_set_int(p, v);
}

int wdp_param_set_size(OSSL_PARAM params[], const char *key, size_t v)
{
	OSSL_PARAM *p = OSSL_PARAM_locate(params, key);

	return !p || OSSL_PARAM_set_size_t(p, v);
}

int wdp_cipher_alg_params(OSSL_PARAM params[], const struct wdp_cipher_info *i)
{
	OSSL_PARAM *p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_MODE);

	if ((p && !OSSL_PARAM_set_uint(p, i->mode)) ||
	    !wdp_param_set_int(params, OSSL_CIPHER_PARAM_AEAD, i->aead) ||
	    !wdp_param_set_int(params, OSSL_CIPHER_PARAM_CUSTOM_IV, i->custom_iv) ||
	    !wdp_param_set_int(params, OSSL_CIPHER_PARAM_CTS, i->cts) ||
	    !wdp_param_set_int(params, OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK, 0) ||
	    !wdp_param_set_int(params, OSSL_CIPHER_PARAM_HAS_RAND_KEY, i->rand_key) ||
	    !wdp_param_set_size(params, OSSL_CIPHER_PARAM_KEYLEN, i->keylen) ||
	    !wdp_param_set_size(params, OSSL_CIPHER_PARAM_BLOCK_SIZE, i->blksz) ||
	    !wdp_param_set_size(params, OSSL_CIPHER_PARAM_IVLEN, i->ivlen)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "cannot return a cipher parameter");
		return 0;
	}
	return 1;
}

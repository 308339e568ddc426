// SPDX-License-Identifier: Apache-2.0
/*
 * The AEAD algorithms the provider offers: one descriptor per algorithm,
 * one dispatch table each (newctx and get_params know their descriptor;
 * everything else is the mode's generic code), and wdp_aead_algs[] with
 * OpenSSL's names and aliases (names.h of 3.0; SM4's OIDs as OpenSSL 3.2
 * names them).
 */
#include "aead.h"

#define SW_NONE NULL	/* Debian's default provider has no SM4 AEAD */

/* m: the mode's function prefix (gcm, ccm); M: its name in enums (GCM, CCM) */
#define AEAD_ALG(id, m, M, swname, calg, kbits)					\
	static const struct aead_desc id##_desc = {					\
		swname, calg, AEAD_##M, (kbits) / 8					\
	};									\
	static void *id##_newctx(void *provctx)					\
	{									\
		return wdp_##m##_newctx(provctx, &id##_desc);			\
	}									\
	static int id##_get_params(OSSL_PARAM params[])				\
	{									\
		return aead_get_params(params, EVP_CIPH_##M##_MODE, (kbits) / 8);	\
	}									\
	static const OSSL_DISPATCH id##_fns[] = {					\
		{ OSSL_FUNC_CIPHER_NEWCTX, (void (*)(void))id##_newctx },		\
		{ OSSL_FUNC_CIPHER_GET_PARAMS, (void (*)(void))id##_get_params },	\
		{ OSSL_FUNC_CIPHER_FREECTX, (void (*)(void))wdp_##m##_freectx },	\
		{ OSSL_FUNC_CIPHER_DUPCTX, (void (*)(void))wdp_##m##_dupctx },		\
		{ OSSL_FUNC_CIPHER_ENCRYPT_INIT, (void (*)(void))wdp_##m##_einit },	\
		{ OSSL_FUNC_CIPHER_DECRYPT_INIT, (void (*)(void))wdp_##m##_dinit },	\
		{ OSSL_FUNC_CIPHER_UPDATE, (void (*)(void))wdp_##m##_update },		\
		{ OSSL_FUNC_CIPHER_FINAL, (void (*)(void))wdp_##m##_final },		\
		{ OSSL_FUNC_CIPHER_CIPHER, (void (*)(void))wdp_##m##_cipher },		\
		{ OSSL_FUNC_CIPHER_GET_CTX_PARAMS,					\
		  (void (*)(void))wdp_##m##_get_ctx_params },				\
		{ OSSL_FUNC_CIPHER_SET_CTX_PARAMS,					\
		  (void (*)(void))wdp_##m##_set_ctx_params },				\
		{ OSSL_FUNC_CIPHER_GETTABLE_PARAMS, (void (*)(void))wdp_cipher_alg_gettable }, \
		{ OSSL_FUNC_CIPHER_GETTABLE_CTX_PARAMS,				\
		  (void (*)(void))aead_gettable_ctx_params },				\
		{ OSSL_FUNC_CIPHER_SETTABLE_CTX_PARAMS,				\
		  (void (*)(void))aead_settable_ctx_params },				\
		{ 0, NULL }								\
	};

AEAD_ALG(aes128gcm, gcm, GCM, "AES-128-GCM", WD_CIPHER_AES, 128)
AEAD_ALG(aes192gcm, gcm, GCM, "AES-192-GCM", WD_CIPHER_AES, 192)
AEAD_ALG(aes256gcm, gcm, GCM, "AES-256-GCM", WD_CIPHER_AES, 256)
AEAD_ALG(aes128ccm, ccm, CCM, "AES-128-CCM", WD_CIPHER_AES, 128)
AEAD_ALG(aes192ccm, ccm, CCM, "AES-192-CCM", WD_CIPHER_AES, 192)
AEAD_ALG(aes256ccm, ccm, CCM, "AES-256-CCM", WD_CIPHER_AES, 256)
AEAD_ALG(sm4gcm, gcm, GCM, SW_NONE, WD_CIPHER_SM4, 128)
AEAD_ALG(sm4ccm, ccm, CCM, SW_NONE, WD_CIPHER_SM4, 128)

const OSSL_ALGORITHM wdp_aead_algs[] = {
	{ "AES-128-GCM:id-aes128-GCM:2.16.840.1.101.3.4.1.6", WDP_PROPS, aes128gcm_fns, NULL },
	{ "AES-192-GCM:id-aes192-GCM:2.16.840.1.101.3.4.1.26", WDP_PROPS, aes192gcm_fns, NULL },
	{ "AES-256-GCM:id-aes256-GCM:2.16.840.1.101.3.4.1.46", WDP_PROPS, aes256gcm_fns, NULL },
	{ "AES-128-CCM:id-aes128-CCM:2.16.840.1.101.3.4.1.7", WDP_PROPS, aes128ccm_fns, NULL },
	{ "AES-192-CCM:id-aes192-CCM:2.16.840.1.101.3.4.1.27", WDP_PROPS, aes192ccm_fns, NULL },
	{ "AES-256-CCM:id-aes256-CCM:2.16.840.1.101.3.4.1.47", WDP_PROPS, aes256ccm_fns, NULL },
	{ "SM4-GCM:1.2.156.10197.1.104.8", WDP_PROPS, sm4gcm_fns, NULL },
	{ "SM4-CCM:1.2.156.10197.1.104.9", WDP_PROPS, sm4ccm_fns, NULL },
	{ NULL, NULL, NULL, NULL }
};

// SPDX-License-Identifier: Apache-2.0
/*
 * The table of non-AEAD ciphers: a descriptor per algorithm, and from it
 * the OSSL_ALGORITHM entries. OpenSSL's dispatch functions carry no
 * algorithm argument, so newctx and get_params need one small thunk per
 * algorithm to say which descriptor they serve; everything else is the
 * same generic code for every row.
 */
#include "cipher.h"

/*
 * X(id, names, evp mode, wd alg, wd mode, kind, params, keylen, blksz,
 *   cipher block, ivlen, flags). Names and aliases as OpenSSL 3.0's
 * providers/implementations/include/prov/names.h spells them, so a fetch by
 * any usual name finds us; the first name is the default provider's.
 * SM4-CBC-CTS and SM4-XTS (OpenSSL 3.2's name) are not in Debian's default
 * provider: they have no software path and always run on WarpDrive.
 */
#define A(m) WD_CIPHER_##m
#define WDP_CIPHER_TABLE(X)                                                             \
	X(aes256ecb, "AES-256-ECB:2.16.840.1.101.3.4.1.41",                             \
	  ECB, AES, A(ECB), BLOCK, GENERIC, 32, 16, 16, 0, 0)                           \
	X(aes192ecb, "AES-192-ECB:2.16.840.1.101.3.4.1.21",                             \
	  ECB, AES, A(ECB), BLOCK, GENERIC, 24, 16, 16, 0, 0)                           \
	X(aes128ecb, "AES-128-ECB:2.16.840.1.101.3.4.1.1",                              \
	  ECB, AES, A(ECB), BLOCK, GENERIC, 16, 16, 16, 0, 0)                           \
	X(aes256cbc, "AES-256-CBC:AES256:2.16.840.1.101.3.4.1.42",                      \
	  CBC, AES, A(CBC), BLOCK, GENERIC, 32, 16, 16, 16, 0)                          \
	X(aes192cbc, "AES-192-CBC:AES192:2.16.840.1.101.3.4.1.22",                      \
	  CBC, AES, A(CBC), BLOCK, GENERIC, 24, 16, 16, 16, 0)                          \
	X(aes128cbc, "AES-128-CBC:AES128:2.16.840.1.101.3.4.1.2",                       \
	  CBC, AES, A(CBC), BLOCK, GENERIC, 16, 16, 16, 16, 0)                          \
	X(aes256cts, "AES-256-CBC-CTS",                                                 \
	  CBC, AES, A(CBC_CS1), CTS, CTS, 32, 16, 16, 16, WDP_CF_CTS)                   \
	X(aes192cts, "AES-192-CBC-CTS",                                                 \
	  CBC, AES, A(CBC_CS1), CTS, CTS, 24, 16, 16, 16, WDP_CF_CTS)                   \
	X(aes128cts, "AES-128-CBC-CTS",                                                 \
	  CBC, AES, A(CBC_CS1), CTS, CTS, 16, 16, 16, 16, WDP_CF_CTS)                   \
	X(aes256ofb, "AES-256-OFB:2.16.840.1.101.3.4.1.43",                             \
	  OFB, AES, A(OFB), STREAM, GENERIC, 32, 1, 16, 16, 0)                          \
	X(aes192ofb, "AES-192-OFB:2.16.840.1.101.3.4.1.23",                             \
	  OFB, AES, A(OFB), STREAM, GENERIC, 24, 1, 16, 16, 0)                          \
	X(aes128ofb, "AES-128-OFB:2.16.840.1.101.3.4.1.3",                              \
	  OFB, AES, A(OFB), STREAM, GENERIC, 16, 1, 16, 16, 0)                          \
	X(aes256cfb, "AES-256-CFB:2.16.840.1.101.3.4.1.44",                             \
	  CFB, AES, A(CFB), STREAM, GENERIC, 32, 1, 16, 16, 0)                          \
	X(aes192cfb, "AES-192-CFB:2.16.840.1.101.3.4.1.24",                             \
	  CFB, AES, A(CFB), STREAM, GENERIC, 24, 1, 16, 16, 0)                          \
	X(aes128cfb, "AES-128-CFB:2.16.840.1.101.3.4.1.4",                              \
	  CFB, AES, A(CFB), STREAM, GENERIC, 16, 1, 16, 16, 0)                          \
	X(aes256ctr, "AES-256-CTR",                                                     \
	  CTR, AES, A(CTR), STREAM, GENERIC, 32, 1, 16, 16, 0)                          \
	X(aes192ctr, "AES-192-CTR",                                                     \
	  CTR, AES, A(CTR), STREAM, GENERIC, 24, 1, 16, 16, 0)                          \
	X(aes128ctr, "AES-128-CTR",                                                     \
	  CTR, AES, A(CTR), STREAM, GENERIC, 16, 1, 16, 16, 0)                          \
	X(aes256xts, "AES-256-XTS:1.3.111.2.1619.0.1.2",                                \
	  XTS, AES, A(XTS), XTS, XTS, 64, 1, 16, 16, WDP_CF_CUSTOM_IV)                  \
	X(aes128xts, "AES-128-XTS:1.3.111.2.1619.0.1.1",                                \
	  XTS, AES, A(XTS), XTS, XTS, 32, 1, 16, 16, WDP_CF_CUSTOM_IV)                  \
	X(sm4ecb, "SM4-ECB:1.2.156.10197.1.104.1",                                      \
	  ECB, SM4, A(ECB), BLOCK, GENERIC, 16, 16, 16, 0, 0)                           \
	X(sm4cbc, "SM4-CBC:SM4:1.2.156.10197.1.104.2",                                  \
	  CBC, SM4, A(CBC), BLOCK, GENERIC, 16, 16, 16, 16, 0)                          \
	X(sm4ctr, "SM4-CTR:1.2.156.10197.1.104.7",                                      \
	  CTR, SM4, A(CTR), STREAM, GENERIC, 16, 1, 16, 16, 0)                          \
	X(sm4ofb, "SM4-OFB:SM4-OFB128:1.2.156.10197.1.104.3",                           \
	  OFB, SM4, A(OFB), STREAM, GENERIC, 16, 1, 16, 16, 0)                          \
	X(sm4cfb, "SM4-CFB:SM4-CFB128:1.2.156.10197.1.104.4",                           \
	  CFB, SM4, A(CFB), STREAM, GENERIC, 16, 1, 16, 16, 0)                          \
	X(sm4cts, "SM4-CBC-CTS",                                                        \
	  CBC, SM4, A(CBC_CS1), CTS, CTS, 16, 16, 16, 16, WDP_CF_CTS)                   \
	X(sm4xts, "SM4-XTS:1.2.156.10197.1.104.10",                                     \
	  XTS, SM4, A(XTS), XTS, XTS, 32, 1, 16, 16, WDP_CF_CUSTOM_IV)                  \
	X(tdesecb, "DES-EDE3-ECB:DES-EDE3",                                             \
	  ECB, 3DES, A(ECB), BLOCK, TDES, 24, 8, 8, 0, WDP_CF_RAND_KEY)                 \
	X(tdescbc, "DES-EDE3-CBC:DES3:1.2.840.113549.3.7",                              \
	  CBC, 3DES, A(CBC), BLOCK, TDES, 24, 8, 8, 8, WDP_CF_RAND_KEY)

enum {
#define X_ENUM(id, ...) D_##id,
	WDP_CIPHER_TABLE(X_ENUM)
	D_NUM
};

const struct wdp_cipher_desc wdp_cipher_descs[] = {
#define X_DESC(id, names, em, alg, wm, kind, prm, kl, bs, cb, ivl, fl)			\
	[D_##id] = { names, EVP_CIPH_##em##_MODE, WD_CIPHER_##alg, wm, WDP_CK_##kind, \
		     WDP_CP_##prm, kl, bs, cb, ivl, fl },
	WDP_CIPHER_TABLE(X_DESC)
};

/* The software path's name for a descriptor: its names up to the first ':'. */
const char *wdp_cipher_sw_name(const struct wdp_cipher_desc *d, char *buf, size_t len)
{
	size_t n = 0;

	while (d->names[n] && d->names[n] != ':' && n + 1 < len) {
		buf[n] = d->names[n];
		n++;
	}
	buf[n] = '\0';
	return buf;
}

#define X_THUNKS(id, ...)								\
	static void *newctx_##id(void *provctx)						\
	{										\
		return wdp_cipher_newctx(provctx, &wdp_cipher_descs[D_##id]);		\
	}										\
	static int get_params_##id(OSSL_PARAM params[])					\
	{										\
		return wdp_cipher_get_params(&wdp_cipher_descs[D_##id], params);	\
	}
WDP_CIPHER_TABLE(X_THUNKS)

/* gettable/settable_ctx_params get no context (EVP asks the algorithm): per family. */
#define FAMILY(prm)									\
	static const OSSL_PARAM *gettable_##prm(void *cctx, void *provctx)		\
	{										\
		(void)cctx;								\
		(void)provctx;								\
		return wdp_cipher_gettable_ctx(WDP_CP_##prm);				\
	}										\
	static const OSSL_PARAM *settable_##prm(void *cctx, void *provctx)		\
	{										\
		(void)cctx;								\
		(void)provctx;								\
		return wdp_cipher_settable_ctx(WDP_CP_##prm);				\
	}
FAMILY(GENERIC)
FAMILY(CTS)
FAMILY(XTS)
FAMILY(TDES)

#define F(id, fn) { OSSL_FUNC_CIPHER_##id, (void (*)(void))(fn) }
#define X_DISPATCH(id, names, em, alg, wm, kind, prm, ...)				\
	static const OSSL_DISPATCH dispatch_##id[] = {					\
		F(NEWCTX, newctx_##id),							\
		F(FREECTX, wdp_cipher_freectx),						\
		F(DUPCTX, wdp_cipher_dupctx),						\
		F(ENCRYPT_INIT, wdp_cipher_einit),					\
		F(DECRYPT_INIT, wdp_cipher_dinit),					\
		F(UPDATE, wdp_cipher_update),						\
		F(FINAL, wdp_cipher_final),						\
		F(CIPHER, wdp_cipher_cipher),						\
		F(GET_PARAMS, get_params_##id),						\
		F(GETTABLE_PARAMS, wdp_cipher_alg_gettable),				\
		F(GET_CTX_PARAMS, wdp_cipher_get_ctx_params),				\
		F(SET_CTX_PARAMS, wdp_cipher_set_ctx_params),				\
		F(GETTABLE_CTX_PARAMS, gettable_##prm),					\
		F(SETTABLE_CTX_PARAMS, settable_##prm),					\
		{ 0, NULL }								\
	};
WDP_CIPHER_TABLE(X_DISPATCH)

const OSSL_ALGORITHM wdp_cipher_algs[] = {
#define X_ALG(id, names, ...) { names, WDP_PROPS, dispatch_##id, NULL },
	WDP_CIPHER_TABLE(X_ALG)
	{ NULL, NULL, NULL, NULL }
};

/* SPDX-License-Identifier: Apache-2.0 */
/* OpenSSL EVP as the reference of test_crypto_cross (cross_evp.h). */
#include <stdio.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include "cross_evp.h"

int evp_setup(void)
{
	/* loading one provider by hand stops OpenSSL loading "default" by itself */
	if (!OSSL_PROVIDER_load(NULL, "default") || !OSSL_PROVIDER_load(NULL, "legacy")) {
		fprintf(stderr, "OpenSSL: cannot load the default and legacy providers\n");
		return 0;
	}
	return 1;
}

const char *evp_cipher_name(int alg, int mode, uint32_t klen, const char **cts_mode)
{
	static const char *const aes[] = {
		[WD_CIPHER_ECB] = "ECB", [WD_CIPHER_CBC] = "CBC", [WD_CIPHER_CTR] = "CTR",
		[WD_CIPHER_XTS] = "XTS", [WD_CIPHER_OFB] = "OFB", [WD_CIPHER_CFB] = "CFB",
		[WD_CIPHER_CBC_CS1] = "CBC-CTS", [WD_CIPHER_CBC_CS2] = "CBC-CTS",
		[WD_CIPHER_CBC_CS3] = "CBC-CTS",
	};
	static char name[32];

	*cts_mode = mode == WD_CIPHER_CBC_CS1 ? "CS1" : mode == WD_CIPHER_CBC_CS2 ? "CS2" :
		    mode == WD_CIPHER_CBC_CS3 ? "CS3" : NULL;
	switch (alg) {
	case WD_CIPHER_AES:
		if (mode >= (int)(sizeof(aes) / sizeof(aes[0])) || !aes[mode])
			return NULL;
		snprintf(name, sizeof(name), "AES-%u-%s",
			 mode == WD_CIPHER_XTS ? klen * 4 : klen * 8, aes[mode]);
		return name;
	case WD_CIPHER_SM4:
		/* OpenSSL 3.0 has neither SM4-XTS nor SM4-CBC-CTS */
		return mode == WD_CIPHER_ECB ? "SM4-ECB" : mode == WD_CIPHER_CBC ? "SM4-CBC" :
		       mode == WD_CIPHER_CTR ? "SM4-CTR" : mode == WD_CIPHER_OFB ? "SM4-OFB" :
		       mode == WD_CIPHER_CFB ? "SM4-CFB" : NULL;
	case WD_CIPHER_DES:
		return mode == WD_CIPHER_ECB ? "DES-ECB" : mode == WD_CIPHER_CBC ? "DES-CBC" : NULL;
	case WD_CIPHER_3DES:
		if (mode == WD_CIPHER_ECB)
			return klen == 16 ? "DES-EDE-ECB" : "DES-EDE3-ECB";
		return mode == WD_CIPHER_CBC ? (klen == 16 ? "DES-EDE-CBC" : "DES-EDE3-CBC") : NULL;
	}
	return NULL;
}

int evp_crypt(int alg, int mode, const uint8_t *key, uint32_t klen, const uint8_t *iv, int enc,
	      const uint8_t *in, uint8_t *out, uint32_t len)
{
	const char *cts, *name = evp_cipher_name(alg, mode, klen, &cts);
	EVP_CIPHER *c = name ? EVP_CIPHER_fetch(NULL, name, NULL) : NULL;
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	OSSL_PARAM p[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	int n = 0, m = 0, ok;

	if (cts)
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, (char *)cts, 0);
	ok = c && x && EVP_CipherInit_ex2(x, c, key, iv, enc, p) &&
	     EVP_CIPHER_CTX_set_padding(x, 0) && EVP_CipherUpdate(x, out, &n, in, (int)len) &&
	     EVP_CipherFinal_ex(x, out + n, &m) && (uint32_t)(n + m) == len;
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

static const char *md_name(int alg)
{
	static const char *const n[] = {
		[WD_DIGEST_SM3] = "SM3", [WD_DIGEST_MD5] = "MD5", [WD_DIGEST_SHA1] = "SHA1",
		[WD_DIGEST_SHA256] = "SHA256", [WD_DIGEST_SHA224] = "SHA224",
		[WD_DIGEST_SHA384] = "SHA384", [WD_DIGEST_SHA512] = "SHA512",
		[WD_DIGEST_SHA512_224] = "SHA512-224", [WD_DIGEST_SHA512_256] = "SHA512-256",
	};

	return alg >= 0 && alg <= WD_DIGEST_SHA512_256 ? n[alg] : NULL;
}

int evp_hash(int alg, const void *m, size_t len, uint8_t *out)
{
	EVP_MD *md = EVP_MD_fetch(NULL, md_name(alg), NULL);
	int ok = md && EVP_Digest(m, len, out, NULL, md, NULL);

	EVP_MD_free(md);
	return ok ? 0 : -1;
}

static int mac(const char *name, const OSSL_PARAM *p, const uint8_t *key, size_t klen,
	       const void *m, size_t len, uint8_t *out)
{
	EVP_MAC *mc = EVP_MAC_fetch(NULL, name, NULL);
	EVP_MAC_CTX *x = mc ? EVP_MAC_CTX_new(mc) : NULL;
	uint8_t k0 = 0;
	size_t n;
	int ok;

	/* an HMAC key of 0 bytes is legal; OpenSSL wants a pointer all the same */
	ok = x && EVP_MAC_init(x, klen ? key : &k0, klen, p) && EVP_MAC_update(x, m, len) &&
	     EVP_MAC_final(x, out, &n, 64);
	EVP_MAC_CTX_free(x);
	EVP_MAC_free(mc);
	return ok ? 0 : -1;
}

int evp_hmac(int alg, const uint8_t *key, size_t klen, const void *m, size_t len, uint8_t *out)
{
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md_name(alg), 0),
		OSSL_PARAM_END,
	};

	return mac("HMAC", p, key, klen, m, len, out);
}

int evp_cmac(const uint8_t *key, const void *m, size_t len, uint8_t *out)
{
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, "AES-128-CBC", 0),
		OSSL_PARAM_END,
	};

	return mac("CMAC", p, key, 16, m, len, out);
}

int evp_gmac(const uint8_t *key, size_t klen, const uint8_t *iv12, const void *m, size_t len,
	     uint8_t *out)
{
	const char *c = klen == 16 ? "AES-128-GCM" : klen == 24 ? "AES-192-GCM" : "AES-256-GCM";
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)c, 0),
		OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, (void *)iv12, 12),
		OSSL_PARAM_END,
	};

	return mac("GMAC", p, key, klen, m, len, out);
}

static int aes128_ecb(const uint8_t *key, const uint8_t *in, uint8_t *out, size_t len)
{
	return evp_crypt(WD_CIPHER_AES, WD_CIPHER_ECB, key, 16, NULL, 1, in, out, (uint32_t)len);
}

int evp_xcbc(const uint8_t *key, const void *m, size_t len, uint8_t *out)
{
	uint8_t k[3][16], c[3][16], e[16] = { 0 }, blk[16];
	const uint8_t *p = m;
	size_t off = 0, i, last;
	int j;

	/* RFC 3566: K1, K2, K3 = AES-K(0x01..), (0x02..), (0x03..) */
	for (j = 0; j < 3; j++)
		memset(c[j], j + 1, 16);
	if (aes128_ecb(key, c[0], k[0], 48))
		return -1;
	last = len ? (len - 1) / 16 * 16 : 0;
	for (; off < last; off += 16) {
		for (i = 0; i < 16; i++)
			blk[i] = e[i] ^ p[off + i];
		if (evp_crypt(WD_CIPHER_AES, WD_CIPHER_ECB, k[0], 16, NULL, 1, blk, e, 16))
			return -1;
	}
	memset(blk, 0, 16);
	memcpy(blk, p + off, len - off);
	if (len - off < 16)
		blk[len - off] = 0x80;
	for (i = 0; i < 16; i++)
		blk[i] ^= e[i] ^ (len - off == 16 ? k[1][i] : k[2][i]);
	return evp_crypt(WD_CIPHER_AES, WD_CIPHER_ECB, k[0], 16, NULL, 1, blk, out, 16);
}

static const char *aead_name(const char *mode, size_t klen)
{
	static char name[24];

	snprintf(name, sizeof(name), "AES-%zu-%s", klen * 8, mode);
	return name;
}

int evp_gcm(int enc, const uint8_t *key, size_t klen, const uint8_t *iv12, const uint8_t *aad,
	    size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, aead_name("GCM", klen), NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = c && x && EVP_CipherInit_ex2(x, c, key, iv12, enc, NULL) &&
	     (!alen || EVP_CipherUpdate(x, NULL, &n, aad, (int)alen)) &&
	     (!len || EVP_CipherUpdate(x, out, &n, in, (int)len)) &&
	     (enc || EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)taglen, tag)) &&
	     EVP_CipherFinal_ex(x, out + len, &n) &&
	     (!enc || EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, (int)taglen, tag));
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int evp_ccm(int enc, const uint8_t *key, size_t klen, const uint8_t *nonce, size_t nlen,
	    const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	    uint8_t *tag, size_t taglen)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, aead_name("CCM", klen), NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	uint8_t dummy[1];
	int n, ok;

	/* CCM wants the sizes first, then the total length, then AAD, then data once */
	ok = c && x && EVP_CipherInit_ex2(x, c, NULL, NULL, enc, NULL) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, (int)nlen, NULL) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)taglen, enc ? NULL : tag) &&
	     EVP_CipherInit_ex2(x, NULL, key, nonce, enc, NULL) &&
	     EVP_CipherUpdate(x, NULL, &n, NULL, (int)len) &&
	     (!alen || EVP_CipherUpdate(x, NULL, &n, aad, (int)alen)) &&
	     EVP_CipherUpdate(x, len ? out : dummy, &n, len ? in : dummy, (int)len) &&
	     (!enc || EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, (int)taglen, tag));
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

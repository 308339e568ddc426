/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_aead's references: OpenSSL called directly (AES-GCM, AES-CCM,
 * CBC then HMAC for authenc) and GCM written out over an ECB for SM4.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/hmac.h>
#include "ghash_ref.h"
#include "cc_aead_test.h"

EVP_CIPHER_CTX *ref_ctx(const char *name, int enc, const __u8 *key, const __u8 *iv)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	assert_non_null(c);
	assert_non_null(ctx);
	assert_int_equal(EVP_CipherInit_ex(ctx, c, NULL, key, iv, enc), 1);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_CIPHER_free(c);
	return ctx;
}

/* OpenSSL AES-GCM / AES-CCM encryption: ciphertext and a taglen tag. */
void ref_aead(const char *name, int ccm, const __u8 *key, const __u8 *nonce, int nlen,
	      const __u8 *aad, int alen, const __u8 *in, __u8 *out, int len, __u8 *tag,
	      int taglen)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	assert_non_null(c);
	assert_int_equal(EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, nlen, NULL), 1);
	if (ccm)
		assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, taglen, NULL), 1);
	assert_int_equal(EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce), 1);
	if (ccm)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &outl, NULL, len), 1);
	if (alen)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &outl, aad, alen), 1);
	if (len || ccm)
		assert_int_equal(EVP_EncryptUpdate(ctx, out, &outl, len ? in : out, len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, out, &outl), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, taglen, tag), 1);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

/* SP 800-38D from the block cipher alone (ECB) and a bitwise GHASH. */
void ref_gcm(const char *ecb, const __u8 *key, const __u8 *iv, const __u8 *aad, size_t alen,
	     const __u8 *in, __u8 *out, size_t len, __u8 *tag)
{
	EVP_CIPHER_CTX *ctx = ref_ctx(ecb, 1, key, NULL);
	__u8 h[16] = { 0 }, j0[16], ek0[16], ctr[16], ks[16], y[16] = { 0 };
	size_t o, k, j;
	__u32 c;
	int outl;

	assert_int_equal(EVP_EncryptUpdate(ctx, h, &outl, h, 16), 1);
	memcpy(j0, iv, 12);
	memset(j0 + 12, 0, 4);
	j0[15] = 1;
	assert_int_equal(EVP_EncryptUpdate(ctx, ek0, &outl, j0, 16), 1);
	memcpy(ctr, j0, 16);
	for (o = 0; o < len; o += 16) {
		c = (__u32)ctr[12] << 24 | ctr[13] << 16 | ctr[14] << 8 | ctr[15];
		c++;
		ctr[12] = c >> 24, ctr[13] = c >> 16, ctr[14] = c >> 8, ctr[15] = c;
		assert_int_equal(EVP_EncryptUpdate(ctx, ks, &outl, ctr, 16), 1);
		k = len - o < 16 ? len - o : 16;
		for (j = 0; j < k; j++)
			out[o + j] = in[o + j] ^ ks[j];
	}
	ref_ghash(y, h, aad, alen);
	ref_ghash(y, h, out, len);
	ref_gcm_tag(tag, y, h, ek0, alen, len);
	EVP_CIPHER_CTX_free(ctx);
}

/* OpenSSL CBC, then HMAC(AAD || ciphertext) computed separately */
void ref_authenc(const char *cbc, const char *md, const __u8 *key, const __u8 *akey,
		 __u32 aklen, const __u8 *iv, const __u8 *aad, __u32 alen, const __u8 *in,
		 __u8 *out, __u32 len, __u8 *tag)
{
	EVP_CIPHER_CTX *ctx = ref_ctx(cbc, 1, key, iv);
	EVP_MD *m = EVP_MD_fetch(NULL, md, NULL);
	__u8 *cat = malloc(alen + len + 1);
	unsigned int mdlen;
	int outl;

	assert_non_null(m);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &outl, in, (int)len), 1);
	memcpy(cat, aad, alen);
	memcpy(cat + alen, out, len);
	assert_non_null(HMAC(m, aklen ? akey : (const __u8 *)"", (int)aklen, cat, alen + len, tag,
			     &mdlen));
	free(cat);
	EVP_MD_free(m);
	EVP_CIPHER_CTX_free(ctx);
}

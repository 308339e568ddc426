/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "crypto_ref.h"

void cr_fill(uint8_t *buf, size_t len, uint32_t seed)
{
	uint64_t x = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0x2545F4914F6CDD1Dull);
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)(x >> 24);
	}
}

int cr_cipher(const char *name, int enc, const uint8_t *key, const uint8_t *iv,
	      const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0, ok;

	ok = c && x && EVP_CipherInit_ex(x, c, NULL, key, iv, enc) &&
	     EVP_CIPHER_CTX_set_padding(x, 0) &&
	     EVP_CipherUpdate(x, out, &n1, in, (int)len) &&
	     EVP_CipherFinal_ex(x, out + n1, &n2) && (size_t)(n1 + n2) == len;
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int cr_mac(const char *md, const uint8_t *key, size_t klen, const uint8_t *in, size_t len,
	   uint8_t *out)
{
	EVP_MD *m = EVP_MD_fetch(NULL, md, NULL);
	unsigned int n = 0;
	int ok;

	if (!m)
		return -1;
	if (key)
		/* HMAC() takes no NULL key even when it is empty */
		ok = HMAC(m, klen ? key : (const uint8_t *)"", (int)klen, in, len, out, &n) != NULL;
	else
		ok = EVP_Digest(in, len, out, &n, m, NULL);
	EVP_MD_free(m);
	return ok ? (int)n : -1;
}

int cr_gcm(int enc, const uint8_t *key, size_t klen, const uint8_t *iv, size_t ivlen,
	   const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	   uint8_t *tag, size_t taglen)
{
	static const char *const names[] = { "AES-128-GCM", "AES-192-GCM", "AES-256-GCM" };
	EVP_CIPHER *c;
	EVP_CIPHER_CTX *x;
	uint8_t dummy[1];
	int n = 0, ok, ret = -1;

	if (klen != 16 && klen != 24 && klen != 32)
		return -1;
	c = EVP_CIPHER_fetch(NULL, names[(klen - 16) / 8], NULL);
	x = EVP_CIPHER_CTX_new();
	ok = c && x && EVP_CipherInit_ex(x, c, NULL, NULL, NULL, enc) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_SET_IVLEN, (int)ivlen, NULL) &&
	     EVP_CipherInit_ex(x, NULL, NULL, key, iv, enc);
	if (ok && alen)
		ok = EVP_CipherUpdate(x, NULL, &n, aad, (int)alen);
	if (ok && len)
		ok = EVP_CipherUpdate(x, out, &n, in, (int)len);
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_SET_TAG, (int)taglen, tag);
	if (ok) {
		if (EVP_CipherFinal_ex(x, dummy, &n) > 0)
			ret = enc && !EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_GET_TAG, (int)taglen, tag) ?
			      -1 : 0;
		else
			ret = enc ? -1 : 1;	/* decrypt: the tag did not verify */
	}
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ret;
}

int cr_ccm(int enc, const uint8_t *key, size_t klen, const uint8_t *nonce, size_t nlen,
	   const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	   uint8_t *tag, size_t taglen)
{
	static const char *const names[] = { "AES-128-CCM", "AES-192-CCM", "AES-256-CCM" };
	static const uint8_t none[1];
	EVP_CIPHER *c;
	EVP_CIPHER_CTX *x;
	uint8_t dummy[16];
	int n = 0, ok, ret = -1;

	if (klen != 16 && klen != 24 && klen != 32)
		return -1;
	c = EVP_CIPHER_fetch(NULL, names[(klen - 16) / 8], NULL);
	x = EVP_CIPHER_CTX_new();
	/* CCM wants the nonce and tag sizes, then the total length, before any data */
	ok = c && x && EVP_CipherInit_ex(x, c, NULL, NULL, NULL, enc) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, (int)nlen, NULL) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)taglen, enc ? NULL : tag) &&
	     EVP_CipherInit_ex(x, NULL, NULL, key, nonce, enc) &&
	     EVP_CipherUpdate(x, NULL, &n, NULL, (int)len);
	if (ok && alen)
		ok = EVP_CipherUpdate(x, NULL, &n, aad, (int)alen);
	if (ok) {
		/* decrypt: the tag is checked here */
		if (EVP_CipherUpdate(x, len ? out : dummy, &n, len ? in : none, (int)len) <= 0)
			ret = enc ? -1 : 1;
		else if (!enc)
			ret = 0;
		else if (EVP_CipherFinal_ex(x, dummy, &n) > 0 &&
			 EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, (int)taglen, tag) > 0)
			ret = 0;
	}
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ret;
}

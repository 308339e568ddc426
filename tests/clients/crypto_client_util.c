// SPDX-License-Identifier: Apache-2.0
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "crypto_client_util.h"

#define CC_MAX_MSGS 30

const char *cc_prog = "client";
static atomic_uint cc_pass, cc_fail, cc_msgs;

void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		atomic_fetch_add(&cc_pass, 1);
		return;
	}
	atomic_fetch_add(&cc_fail, 1);
	if (atomic_fetch_add(&cc_msgs, 1) >= CC_MAX_MSGS)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: FAIL: ", cc_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cc_summary(void)
{
	unsigned int f = atomic_load(&cc_fail);

	printf("%s: %u passed, %u failed\n", cc_prog, atomic_load(&cc_pass), f);
	return f ? 1 : 0;
}

void cc_fill(uint8_t *p, size_t n, uint32_t seed)
{
	uint64_t x = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0x2545F4914F6CDD1Dull);

	while (n--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		*p++ = (uint8_t)(x >> 24);
	}
}

int cc_cipher(const char *name, int enc, const uint8_t *key, const uint8_t *iv,
		     const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0, ok;

	ok = c && x && EVP_CipherInit_ex(x, c, NULL, key, iv, enc) &&
	     EVP_CIPHER_CTX_set_padding(x, 0) && EVP_CipherUpdate(x, out, &n1, in, (int)len) &&
	     EVP_CipherFinal_ex(x, out + n1, &n2) && (size_t)(n1 + n2) == len;
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int cc_mac(const char *md, const uint8_t *key, size_t klen, const uint8_t *in,
		  size_t len, uint8_t *out)
{
	EVP_MD *m = EVP_MD_fetch(NULL, md, NULL);
	unsigned int n = 0;
	int ok;

	if (!m)
		return -1;
	if (key)
		ok = HMAC(m, klen ? key : (const uint8_t *)"", (int)klen, in, len, out, &n) != NULL;
	else
		ok = EVP_Digest(in, len, out, &n, m, NULL);
	EVP_MD_free(m);
	return ok ? (int)n : -1;
}

int cc_gcm(int enc, const uint8_t *key, size_t klen, const uint8_t *iv,
		  const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
		  uint8_t *tag)
{
	const char *name = klen == 16 ? "AES-128-GCM" : klen == 24 ? "AES-192-GCM" : "AES-256-GCM";
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	uint8_t fin[16];
	int n = 0, ok, ret = -1;

	ok = c && x && EVP_CipherInit_ex(x, c, NULL, key, iv, enc);
	if (ok && alen)
		ok = EVP_CipherUpdate(x, NULL, &n, aad, (int)alen);
	if (ok && len)
		ok = EVP_CipherUpdate(x, out, &n, in, (int)len);
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_SET_TAG, 16, tag);
	if (ok) {
		if (EVP_CipherFinal_ex(x, fin, &n) <= 0)
			ret = enc ? -1 : 1;
		else
			ret = enc && EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_GET_TAG, 16, tag) <= 0 ? -1 : 0;
	}
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ret;
}

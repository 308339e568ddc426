// SPDX-License-Identifier: Apache-2.0
/*
 * Calls in random order with random (often wrong) arguments on every AEAD
 * warpdrive offers: nothing may crash, hang or leak (run under the
 * sanitizers), and a context must still work for a proper message after
 * any such sequence.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include "pa_test.h"

static const char *const names[] = { "AES-128-GCM", "AES-256-GCM", "SM4-GCM",
				      "AES-128-CCM", "AES-192-CCM", "SM4-CCM" };

static void random_param(EVP_CIPHER_CTX *c, unsigned char *buf)
{
	static const char *const keys[] = {
		OSSL_CIPHER_PARAM_AEAD_TAG, OSSL_CIPHER_PARAM_AEAD_IVLEN,
		OSSL_CIPHER_PARAM_AEAD_TLS1_AAD, OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED,
		OSSL_CIPHER_PARAM_AEAD_TLS1_SET_IV_INV, OSSL_CIPHER_PARAM_AEAD_TLS1_GET_IV_GEN,
		OSSL_CIPHER_PARAM_IV, OSSL_CIPHER_PARAM_UPDATED_IV, OSSL_CIPHER_PARAM_AEAD_TAGLEN,
		OSSL_CIPHER_PARAM_KEYLEN, OSSL_CIPHER_PARAM_AEAD_TLS1_AAD_PAD, "padding",
	};
	OSSL_PARAM p[3];
	size_t sz = pa_rand() % 4 ? pa_rand() % 20 : (size_t)-1;
	size_t v = pa_rand() % 3 ? pa_rand() % 20 : (size_t)pa_rand();
	const char *k = keys[pa_rand() % (sizeof(keys) / sizeof(keys[0]))];
	int get = pa_rand() % 2;

	if (sz == (size_t)-1 && get)
		sz = 16;
	switch (pa_rand() % 3) {
	case 0:
		p[0] = OSSL_PARAM_construct_size_t(k, &v);
		break;
	case 1:
		p[0] = OSSL_PARAM_construct_octet_string(k, pa_rand() % 8 ? buf : NULL,
							 sz == (size_t)-1 || sz <= 64 ? sz : 64);
		break;
	default:
		p[0] = OSSL_PARAM_construct_octet_ptr(k, (void **)&buf, sz > 64 ? 64 : sz);
		break;
	}
	p[1] = OSSL_PARAM_construct_end();
	if (get)
		EVP_CIPHER_CTX_get_params(c, p);
	else
		EVP_CIPHER_CTX_set_params(c, p);
}

static void chaos(const char *name, int ops)
{
	EVP_CIPHER *ci = pa_fetch_wd(name);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new(), *d;
	static unsigned char in[40000], out[40000 + 64];
	unsigned char key[40], iv[140], buf[64];
	int n, klen = EVP_CIPHER_get_key_length(ci);

	pa_rand_bytes(in, sizeof(in));
	EVP_CipherInit_ex2(c, ci, NULL, NULL, 1, NULL);
	for (int i = 0; i < ops; i++) {
		size_t len = pa_rand() % 5 == 0 ? pa_rand() % 40000 : pa_rand() % 70;

		pa_rand_bytes(key, sizeof(key));
		pa_rand_bytes(iv, sizeof(iv));
		pa_rand_bytes(buf, sizeof(buf));
		switch (pa_rand() % 12) {
		case 0:
			EVP_CipherInit_ex2(c, pa_rand() % 4 ? NULL : ci, pa_rand() % 2 ? key : NULL,
					   pa_rand() % 2 ? iv : NULL, (int)(pa_rand() % 2), NULL);
			break;
		case 1:
			EVP_CipherInit_ex(c, NULL, NULL, key, iv, -1);
			break;
		case 2:
		case 3:
			EVP_CipherUpdate(c, NULL, &n, in, (int)len);	/* AAD (CCM: length) */
			break;
		case 4:
		case 5:
			EVP_CipherUpdate(c, out, &n, in, (int)len);
			break;
		case 6:
			EVP_CipherUpdate(c, NULL, &n, NULL, (int)len);
			break;
		case 7:
			EVP_CipherFinal_ex(c, out, &n);
			break;
		case 8:
		case 9:
			random_param(c, buf);
			break;
		case 10:
			d = EVP_CIPHER_CTX_new();
			if (EVP_CIPHER_CTX_copy(d, c) && pa_rand() % 2) {
				EVP_CIPHER_CTX_free(c);
				c = d;
			} else {
				EVP_CIPHER_CTX_free(d);
			}
			break;
		default:
			/* a TLS record in place, with whatever state there is */
			memcpy(out, in, len);
			EVP_Cipher(c, out, out, (unsigned int)len);
			break;
		}
		ERR_clear_error();
	}
	/* after all that: a proper message works */
	{
		unsigned char t[16];
		int ok;
		size_t ivlen = strstr(name, "CCM") ? 13 : 12;

		EVP_CIPHER_CTX_free(c);
		c = EVP_CIPHER_CTX_new();
		ok = EVP_CipherInit_ex2(c, ci, NULL, NULL, 1, NULL) && pa_set_ivlen(c, ivlen) &&
		     (ivlen == 12 || pa_set_tag(c, NULL, 16)) &&
		     EVP_CipherInit_ex2(c, NULL, key, iv, 1, NULL) &&
		     (ivlen == 12 || EVP_CipherUpdate(c, NULL, &n, NULL, 100)) &&
		     EVP_CipherUpdate(c, out, &n, in, 100) && EVP_CipherFinal_ex(c, out, &n) &&
		     pa_get_tag(c, t, 16);
		PA_CHECK(ok, "%s works after chaos (key %d)", name, klen);
		ERR_clear_error();
	}
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(ci);
}

void pa_chaos_tests(void)
{
	pa_seed(4);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		chaos(names[i], 6000);
}

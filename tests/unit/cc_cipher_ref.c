/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_cipher's references: OpenSSL's ciphers, and CBC-CS written out over its CBC. */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "cc_cipher_test.h"

void ref(const char *name, const char *cts, int enc, const __u8 *key, const __u8 *iv,
	 const __u8 *in, __u8 *out, __u32 len)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	OSSL_PARAM prm[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	int n1 = 0, n2 = 0;

	assert_non_null(c);
	if (cts)
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							   (char *)cts, 0);
	assert_int_equal(EVP_CipherInit_ex2(x, c, key, iv, enc, prm), 1);
	EVP_CIPHER_CTX_set_padding(x, 0);
	assert_int_equal(EVP_CipherUpdate(x, out, &n1, in, (int)len), 1);
	assert_int_equal(EVP_CipherFinal_ex(x, out + n1, &n2), 1);
	assert_int_equal(n1 + n2, (int)len);
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
}

/* CBC-CS by the addendum's definition, from plain CBC over P || 0-pad. */
void ref_cs(const char *cbc, __u8 mode, const __u8 *key, const __u8 *iv, const __u8 *in,
	    __u8 *out, __u32 len)
{
	__u32 m = (len + 15) / 16, d = len % 16;
	__u8 *p = calloc(1, m * 16), *c = malloc(m * 16), tmp[16];

	memcpy(p, in, len);
	ref(cbc, NULL, 1, key, iv, p, c, m * 16);
	if (!d) {
		if (mode == WD_CIPHER_CBC_CS3 && m >= 2) {
			memcpy(tmp, c + 16 * (m - 2), 16);
			memcpy(c + 16 * (m - 2), c + 16 * (m - 1), 16);
			memcpy(c + 16 * (m - 1), tmp, 16);
		}
		memcpy(out, c, len);
	} else {
		memcpy(out, c, 16 * (m - 2));
		if (mode == WD_CIPHER_CBC_CS1) {
			memcpy(out + 16 * (m - 2), c + 16 * (m - 2), d);
			memcpy(out + 16 * (m - 2) + d, c + 16 * (m - 1), 16);
		} else {
			memcpy(out + 16 * (m - 2), c + 16 * (m - 1), 16);
			memcpy(out + 16 * (m - 1), c + 16 * (m - 2), d);
		}
	}
	free(p);
	free(c);
}

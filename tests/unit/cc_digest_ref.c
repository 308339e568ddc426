/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_digest's references: OpenSSL's EVP digests and MACs, and GMAC
 * and XCBC built independently on its AES.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "cc_digest_test.h"

void ref_hash(__u32 alg, const __u8 *in, size_t len, __u8 *md)
{
	EVP_MD *md_alg = EVP_MD_fetch(NULL, algs[alg].evp, NULL);
	unsigned int n;

	assert_non_null(md_alg);
	assert_int_equal(EVP_Digest(in, len, md, &n, md_alg, NULL), 1);
	EVP_MD_free(md_alg);
}

void ref_mac(const char *mac, const char *pname, const char *pval, const __u8 *key,
	     size_t klen, const __u8 *in, size_t len, __u8 *out)
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, mac, NULL);
	EVP_MAC_CTX *c;
	OSSL_PARAM p[2];
	size_t n;

	assert_non_null(m);
	c = EVP_MAC_CTX_new(m);
	assert_non_null(c);
	p[0] = OSSL_PARAM_construct_utf8_string(pname, (char *)pval, 0);
	p[1] = OSSL_PARAM_construct_end();
	assert_int_equal(EVP_MAC_init(c, key, klen, p), 1);
	assert_int_equal(EVP_MAC_update(c, in, len), 1);
	assert_int_equal(EVP_MAC_final(c, out, &n, 64), 1);
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(m);
}

/* HMAC: the zero-padded key is all that counts, so an empty key is the key "\0". */
void ref_hmac(__u32 alg, const __u8 *key, size_t klen, const __u8 *in, size_t len, __u8 *out)
{
	static const __u8 zero;

	if (!klen)
		key = &zero, klen = 1;
	ref_mac("HMAC", OSSL_MAC_PARAM_DIGEST, algs[alg].evp, key, klen, in, len, out);
}

const char *aes_name(size_t klen, const char *mode)
{
	static char name[32];

	snprintf(name, sizeof(name), "AES-%zu-%s", klen * 8, mode);
	return name;
}

static void ref_ecb(const __u8 *key, size_t klen, const __u8 in[16], __u8 out[16])
{
	EVP_CIPHER *ci = EVP_CIPHER_fetch(NULL, aes_name(klen, "ECB"), NULL);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	assert_non_null(ci);
	assert_int_equal(EVP_EncryptInit_ex2(c, ci, key, NULL, NULL), 1);
	EVP_CIPHER_CTX_set_padding(c, 0);
	assert_int_equal(EVP_EncryptUpdate(c, out, &n, in, 16), 1);
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(ci);
}

/* GCM tag of AAD only under a 12-byte nonce. */
static void ref_gcm_aad(const __u8 *key, size_t klen, const __u8 nonce[12], const __u8 *aad,
			size_t len, __u8 tag[16])
{
	EVP_CIPHER *ci = EVP_CIPHER_fetch(NULL, aes_name(klen, "GCM"), NULL);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	__u8 dummy[16];
	int n;

	assert_non_null(ci);
	assert_int_equal(EVP_EncryptInit_ex2(c, ci, key, nonce, NULL), 1);
	if (len)
		assert_int_equal(EVP_EncryptUpdate(c, NULL, &n, aad, (int)len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(c, dummy, &n), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(ci);
}

/*
 * GMAC for any J0: GHASH(A) = GCM-tag(N, A) ^ E_K(N || 1) for some nonce N,
 * and our tag is GHASH(A) ^ E_K(J0).
 */
void ref_gmac(const __u8 *key, size_t klen, const __u8 j0[16], const __u8 *in, size_t len,
	      __u8 tag[16])
{
	static const __u8 nonce[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	__u8 ctr[16], e[16];
	int i;

	ref_gcm_aad(key, klen, nonce, in, len, tag);
	memcpy(ctr, nonce, 12);
	ctr[12] = ctr[13] = ctr[14] = 0;
	ctr[15] = 1;
	ref_ecb(key, klen, ctr, e);
	for (i = 0; i < 16; i++)
		tag[i] ^= e[i];
	ref_ecb(key, klen, j0, e);
	for (i = 0; i < 16; i++)
		tag[i] ^= e[i];
}

/* XCBC (RFC 3566 §4), built independently on EVP's AES-128-ECB. */
void ref_xcbc(const __u8 key[16], const __u8 *in, size_t len, __u8 mac[16])
{
	__u8 k1[16], k2[16], k3[16], c[16], e[16];
	size_t i, off = 0;

	memset(c, 1, 16);
	ref_ecb(key, 16, c, k1);
	memset(c, 2, 16);
	ref_ecb(key, 16, c, k2);
	memset(c, 3, 16);
	ref_ecb(key, 16, c, k3);
	memset(e, 0, 16);
	while (len - off > 16) {
		for (i = 0; i < 16; i++)
			c[i] = e[i] ^ in[off + i];
		ref_ecb(k1, 16, c, e);
		off += 16;
	}
	memset(c, 0, 16);
	memcpy(c, in + off, len - off);
	if (len && len - off == 16) {
		for (i = 0; i < 16; i++)
			c[i] ^= e[i] ^ k2[i];
	} else {
		c[len - off] = 0x80;
		for (i = 0; i < 16; i++)
			c[i] ^= e[i] ^ k3[i];
	}
	ref_ecb(k1, 16, c, mac);
}

// SPDX-License-Identifier: Apache-2.0
/*
 * A GCM message on OpenSSL's own AES-GCM (the software path): the
 * context's private EVP_CIPHER_CTX from the default provider, keyed only
 * when the key changed since it last was, fed in plain EVP calls (TLS
 * records too: the record logic stays in aead_gcm.c for both paths).
 */
#include <limits.h>
#include <string.h>
#include <openssl/crypto.h>

#include "aead_gcm.h"

#define SW_CHUNK	(1 << 30)	/* EVP takes int lengths */

static int sw_fail(const char *what)
{
	wdp_raise(WDP_R_SW_FAILED, "software GCM: %s", what);
	return 0;
}

/* Key (if it changed), IV length and IV of the message. */
static int sw_start(struct gcm_ctx *c, const unsigned char *iv, size_t ivlen)
{
	EVP_CIPHER_CTX *sw = aead_sw_ctx(&c->b);
	OSSL_PARAM p[2];
	const unsigned char *key;

	if (!sw)
		return 0;
	key = c->b.sw_key_gen == c->b.key_gen ? NULL : c->b.key;
	/* the length first: EVP reads it back to take the IV */
	p[0] = OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen);
	p[1] = OSSL_PARAM_construct_end();
	if (!EVP_CIPHER_CTX_set_params(sw, p) ||
	    !EVP_CipherInit_ex2(sw, NULL, key, iv, c->b.enc, NULL))
		return sw_fail("init");
	c->b.sw_key_gen = c->b.key_gen;
	return 1;
}

int gcm_sw_begin(struct gcm_ctx *c)
{
	if (!sw_start(c, c->msg_iv, c->msg_ivlen))
		return 0;
	/* what was buffered while the path was open */
	return c->aad_len ? gcm_sw_aad(c, c->b.buf, (size_t)c->aad_len) : 1;
}

int gcm_sw_aad(struct gcm_ctx *c, const unsigned char *in, size_t len)
{
	int outl;

	while (len) {
		int k = len < SW_CHUNK ? (int)len : SW_CHUNK;

		if (!EVP_CipherUpdate(c->b.sw, NULL, &outl, in, k))
			return sw_fail("AAD");
		in += k;
		len -= (size_t)k;
	}
	return 1;
}

int gcm_sw_update(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len)
{
	int outl;

	wdp_count_sw();
	while (len) {
		int k = len < SW_CHUNK ? (int)len : SW_CHUNK;

		if (!EVP_CipherUpdate(c->b.sw, out, &outl, in, k) || outl != k)
			return sw_fail("update");
		in += k;
		out += k;
		len -= (size_t)k;
	}
	return 1;
}

static int set_tag(EVP_CIPHER_CTX *sw, unsigned char *tag, size_t n)
{
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, n);
	p[1] = OSSL_PARAM_construct_end();
	return EVP_CIPHER_CTX_set_params(sw, p);
}

static int get_tag(EVP_CIPHER_CTX *sw, unsigned char *tag)
{
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, AEAD_TAG_MAX);
	p[1] = OSSL_PARAM_construct_end();
	return EVP_CIPHER_CTX_get_params(sw, p);
}

int gcm_sw_final(struct gcm_ctx *c)
{
	unsigned char none[AEAD_BLK];
	int outl;

	wdp_count_sw();
	/* the tag may have been set at any time before Final: set it now */
	if (!c->b.enc && !set_tag(c->b.sw, c->tag, c->taglen))
		return sw_fail("tag");
	if (!EVP_CipherFinal_ex(c->b.sw, none, &outl)) {
		if (c->b.enc)
			return sw_fail("final");
		wdp_raise(WDP_R_TAG_MISMATCH, "GCM tag mismatch");
		return 0;
	}
	if (c->b.enc && !get_tag(c->b.sw, c->wtag))
		return sw_fail("tag");
	return 1;
}

int gcm_sw_oneshot(struct gcm_ctx *c, const unsigned char *aad, size_t aad_len,
		   const unsigned char *in, unsigned char *out, size_t len, unsigned char *tag)
{
	unsigned char none[AEAD_BLK];
	int outl;

	if (!sw_start(c, c->msg_iv, c->msg_ivlen))
		return 0;
	wdp_count_sw();
	if (!c->b.enc && !set_tag(c->b.sw, tag, GCM_TLS_TAG))
		return sw_fail("tag");
	if (!gcm_sw_aad(c, aad, aad_len))
		return 0;
	if (len > INT_MAX || !EVP_CipherUpdate(c->b.sw, out, &outl, in, (int)len))
		return sw_fail("update");
	if (!EVP_CipherFinal_ex(c->b.sw, none, &outl))
		return 0;	/* decrypt: tag mismatch (the caller wipes out) */
	if (c->b.enc && !get_tag(c->b.sw, tag))
		return sw_fail("tag");
	return 1;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * authenc(hmac(hash), cbc(aes|sm4)), encrypt-then-MAC as UADK's SEC
 * driver: the tag is HMAC(AAD || ciphertext) truncated to authsize. A
 * decrypt checks the tag before it decrypts, so a forgery never reaches
 * the cipher and an in-place request is safe.
 */
#include <string.h>
#include <openssl/evp.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"

int aead_authenc_set_key(struct aead_state *s, const __u8 *key, __u32 len)
{
	static const char *const aes_cbc[] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" };
	const EVP_CIPHER *c;

	c = cc_ossl_cipher(s->calg == WD_CIPHER_SM4 ? "SM4-CBC" : aes_cbc[(len - 16) / 8]);
	if (!c || !EVP_CipherInit_ex(s->cx_enc, c, NULL, key, NULL, 1) ||
	    !EVP_CipherInit_ex(s->cx_dec, c, NULL, key, NULL, 0))
		return -WD_EINVAL;
	EVP_CIPHER_CTX_set_padding(s->cx_enc, 0);
	EVP_CIPHER_CTX_set_padding(s->cx_dec, 0);
	return 0;
}

static int cbc(EVP_CIPHER_CTX *c, const __u8 *iv, const __u8 *in, __u8 *out, __u32 len)
{
	int outl;

	return EVP_CipherInit_ex(c, NULL, NULL, NULL, iv, -1) &&
	       EVP_CipherUpdate(c, out, &outl, in, (int)len);
}

void aead_authenc_run(struct aead_state *s, struct wd_aead_msg *m)
{
	__u8 md[AEAD_HMAC_MAX];

	if (__builtin_expect(m->iv_len != AEAD_BLOCK || !m->len || m->len % AEAD_BLOCK ||
			     !m->authsize || m->authsize > s->hmac.dlen, 0)) {
		m->hdr.result = -WD_EINVAL;
		return;
	}
	if (m->encrypt) {
		if (!cbc(s->cx_enc, m->iv, m->in, m->out, m->len) ||
		    aead_hmac2(&s->hmac, m->aad, m->aad_len, m->out, m->len, md)) {
			m->hdr.result = -WD_EINVAL;
			return;
		}
		memcpy(m->mac, md, m->authsize);
		return;
	}
	if (aead_hmac2(&s->hmac, m->aad, m->aad_len, m->in, m->len, md)) {
		m->hdr.result = -WD_EINVAL;
		return;
	}
	if (cc_memcmp_ct(md, m->mac, m->authsize)) {
		m->status = WD_IN_EPARA;
		memset(m->out, 0, m->len);
		return;
	}
	if (!cbc(s->cx_dec, m->iv, m->in, m->out, m->len))
		m->hdr.result = -WD_EINVAL;
}

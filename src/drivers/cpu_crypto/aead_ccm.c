/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CCM (SP 800-38C). UADK passes the nonce inside a 16-byte counter block:
 * byte 0 = L - 1 (low 3 bits), then the 15 - L nonce bytes, then the
 * counter, which we ignore. AES-CCM runs in OpenSSL; OpenSSL has no
 * SM4-CCM, so SM4 runs our own construction on its SM4-CBC (the CBC-MAC)
 * and SM4-CTR. The construction takes any block cipher, so the tests also
 * run it with AES against OpenSSL's AES-CCM.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"

static const __u8 zero_block[AEAD_BLOCK];

int aead_ccm_set_key(struct aead_state *s, const __u8 *key, __u32 len)
{
	static const char *const aes_ccm[] = { "AES-128-CCM", "AES-192-CCM", "AES-256-CCM" };
	static const char *const aes_cbc[] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" };
	static const char *const aes_ctr[] = { "AES-128-CTR", "AES-192-CTR", "AES-256-CTR" };
	const EVP_CIPHER *c1, *c2;
	int i = (len - 16) / 8;

	if (!s->ccm_own) {
		/* the key is taken at the first request, with its sizes */
		c1 = cc_ossl_cipher(aes_ccm[i]);
		if (!c1 || !EVP_CipherInit_ex(s->cx_enc, c1, NULL, NULL, NULL, 1) ||
		    !EVP_CipherInit_ex(s->cx_dec, c1, NULL, NULL, NULL, 0))
			return -WD_EINVAL;
		memcpy(s->ckey, key, len);
		memset(s->ccm_m, 0, sizeof(s->ccm_m));
		memset(s->ccm_l, 0, sizeof(s->ccm_l));
		return 0;
	}
	c1 = cc_ossl_cipher(s->calg == WD_CIPHER_SM4 ? "SM4-CBC" : aes_cbc[i]);
	c2 = cc_ossl_cipher(s->calg == WD_CIPHER_SM4 ? "SM4-CTR" : aes_ctr[i]);
	if (!c1 || !c2 || !EVP_CipherInit_ex(s->cx_enc, c1, NULL, key, zero_block, 1) ||
	    !EVP_CipherInit_ex(s->cx_dec, c2, NULL, key, zero_block, 1))
		return -WD_EINVAL;
	EVP_CIPHER_CTX_set_padding(s->cx_enc, 0);
	return 0;
}

/* Give the context this request's tag and length-field sizes (re-keys it). */
static int ossl_ccm_sizes(struct aead_state *s, EVP_CIPHER_CTX *c, int d, size_t nlen, __u16 m)
{
	OSSL_PARAM p[3];

	if (s->ccm_m[d] == m && s->ccm_l[d] == 15 - nlen)
		return 1;
	p[0] = OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &nlen);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, NULL, m);
	p[2] = OSSL_PARAM_construct_end();
	s->ccm_m[d] = 0;
	if (!EVP_CIPHER_CTX_set_params(c, p) || !EVP_CipherInit_ex(c, NULL, NULL, s->ckey, NULL, -1))
		return 0;
	s->ccm_m[d] = m;
	s->ccm_l[d] = 15 - nlen;
	return 1;
}

/* AES-CCM in OpenSSL: returns 0, -WD_EINVAL, or 1 when the tag did not verify. */
static int ossl_ccm(struct aead_state *s, struct wd_aead_msg *m, const __u8 *nonce, size_t nlen)
{
	EVP_CIPHER_CTX *c = m->encrypt ? s->cx_enc : s->cx_dec;
	const __u8 *in = m->len ? m->in : zero_block;
	__u8 none[AEAD_BLOCK], *out = m->len ? m->out : none;
	OSSL_PARAM p[2];
	int outl;

	if (!ossl_ccm_sizes(s, c, !m->encrypt, nlen, m->authsize))
		return -WD_EINVAL;
	if (!m->encrypt) {
		p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, m->mac,
							 m->authsize);
		p[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_set_params(c, p))
			return -WD_EINVAL;
	}
	if (!EVP_CipherInit_ex(c, NULL, NULL, NULL, nonce, -1) ||
	    !EVP_CipherUpdate(c, NULL, &outl, NULL, (int)m->len) ||
	    (m->aad_len && !EVP_CipherUpdate(c, NULL, &outl, m->aad, (int)m->aad_len)))
		return -WD_EINVAL;
	if (!EVP_CipherUpdate(c, out, &outl, in, (int)m->len))
		return m->encrypt ? -WD_EINVAL : 1;
	if (m->encrypt) {
		p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, m->mac,
							 m->authsize);
		p[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_get_params(c, p))
			return -WD_EINVAL;
	}
	return 0;
}

/* CBC-MAC over a stream of bytes, through the session's CBC-encrypt context */
struct cbcmac {
	EVP_CIPHER_CTX *c;
	__u32 n;			/* bytes in part */
	__u8 part[AEAD_BLOCK];
	__u8 last[AEAD_BLOCK];		/* the MAC so far */
	__u8 scratch[512];
};

static int mac_blocks(struct cbcmac *cm, const __u8 *p, size_t n)
{
	int outl;

	while (n) {
		size_t k = n < sizeof(cm->scratch) ? n : sizeof(cm->scratch);

		if (!EVP_CipherUpdate(cm->c, cm->scratch, &outl, p, (int)k))
			return 0;
		p += k;
		n -= k;
		if (!n)
			memcpy(cm->last, cm->scratch + k - AEAD_BLOCK, AEAD_BLOCK);
	}
	return 1;
}

static int mac_feed(struct cbcmac *cm, const __u8 *p, size_t n)
{
	size_t k;

	if (!n)
		return 1;
	if (cm->n) {
		k = AEAD_BLOCK - cm->n < n ? AEAD_BLOCK - cm->n : n;
		memcpy(cm->part + cm->n, p, k);
		cm->n += k;
		p += k;
		n -= k;
		if (cm->n < AEAD_BLOCK)
			return 1;
		cm->n = 0;
		if (!mac_blocks(cm, cm->part, AEAD_BLOCK))
			return 0;
	}
	k = n & ~(size_t)(AEAD_BLOCK - 1);
	if (k && !mac_blocks(cm, p, k))
		return 0;
	memcpy(cm->part, p + k, n - k);
	cm->n = n - k;
	return 1;
}

/* Zero-pad to a block boundary (after the AAD and after the payload). */
static int mac_pad(struct cbcmac *cm)
{
	if (!cm->n)
		return 1;
	memset(cm->part + cm->n, 0, AEAD_BLOCK - cm->n);
	cm->n = 0;
	return mac_blocks(cm, cm->part, AEAD_BLOCK);
}

static int own_mac(struct aead_state *s, struct wd_aead_msg *m, const __u8 *nonce, __u32 L,
		   const __u8 *plain, __u8 *t)
{
	struct cbcmac cm = { .c = s->cx_enc };
	__u8 b0[AEAD_BLOCK], alen[6];
	__u32 i, nlen = 15 - L, ahdr;

	b0[0] = (m->aad_len ? 0x40 : 0) | ((m->authsize - 2) / 2) << 3 | (L - 1);
	memcpy(b0 + 1, nonce, nlen);
	for (i = 0; i < L; i++)
		b0[15 - i] = i < 4 ? (__u8)(m->len >> (8 * i)) : 0;
	if (m->aad_len < 0xff00) {
		alen[0] = m->aad_len >> 8;
		alen[1] = m->aad_len;
		ahdr = 2;
	} else {
		alen[0] = 0xff;
		alen[1] = 0xfe;
		for (i = 0; i < 4; i++)
			alen[5 - i] = m->aad_len >> (8 * i);
		ahdr = 6;
	}
	if (!EVP_CipherInit_ex(cm.c, NULL, NULL, NULL, zero_block, 1) ||
	    !mac_feed(&cm, b0, AEAD_BLOCK) ||
	    (m->aad_len && (!mac_feed(&cm, alen, ahdr) || !mac_feed(&cm, m->aad, m->aad_len) ||
			    !mac_pad(&cm))) ||
	    !mac_feed(&cm, plain, m->len) || !mac_pad(&cm))
		return 0;
	memcpy(t, cm.last, AEAD_BLOCK);
	return 1;
}

/* Our CCM: returns 0, -WD_EINVAL, or 1 when the tag did not verify. */
static int own_ccm(struct aead_state *s, struct wd_aead_msg *m, const __u8 *nonce, __u32 L)
{
	__u8 ctr[AEAD_BLOCK], s0[AEAD_BLOCK], t[AEAD_BLOCK];
	int outl, i, ok;

	/* encrypt: MAC the plaintext before an in-place out replaces it */
	if (m->encrypt && !own_mac(s, m, nonce, L, m->in, t))
		return -WD_EINVAL;
	ctr[0] = L - 1;
	memcpy(ctr + 1, nonce, 15 - L);
	memset(ctr + 16 - L, 0, L);
	/* counter 0 masks the tag, counters 1.. the payload */
	ok = EVP_CipherInit_ex(s->cx_dec, NULL, NULL, NULL, ctr, 1) &&
	     EVP_CipherUpdate(s->cx_dec, s0, &outl, zero_block, AEAD_BLOCK) &&
	     (!m->len || EVP_CipherUpdate(s->cx_dec, m->out, &outl, m->in, (int)m->len));
	if (!ok || (!m->encrypt && !own_mac(s, m, nonce, L, m->out, t)))
		return -WD_EINVAL;
	for (i = 0; i < m->authsize; i++)
		t[i] ^= s0[i];
	if (m->encrypt) {
		memcpy(m->mac, t, m->authsize);
		return 0;
	}
	return cc_memcmp_ct(t, m->mac, m->authsize) ? 1 : 0;
}

void aead_ccm_run(struct aead_state *s, struct wd_aead_msg *m)
{
	__u32 L = (m->iv[0] & 7) + 1;
	int ret;

	if (__builtin_expect(m->iv_len != AEAD_CCM_IV || L < 2 || m->authsize < 4 ||
			     m->authsize > 16 || (m->authsize & 1), 0) ||
	    (L < 4 && m->len >> (8 * L))) {
		m->hdr.result = -WD_EINVAL;
		return;
	}
	if (s->ccm_own)
		ret = own_ccm(s, m, m->iv + 1, L);
	else
		ret = ossl_ccm(s, m, m->iv + 1, 15 - L);
	if (ret < 0) {
		m->hdr.result = ret;
	} else if (ret) {
		m->status = WD_IN_EPARA;
		if (m->len)
			memset(m->out, 0, m->len);
	}
}

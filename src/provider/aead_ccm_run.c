// SPDX-License-Identifier: Apache-2.0
/*
 * One CCM message: a wd_aead block request (AAD || payload in one buffer:
 * with AAD the payload is bounced behind it, without AAD it goes straight
 * from in to out), or OpenSSL's own AES-CCM for what WarpDrive cannot take
 * (AAD over 65279 bytes, payloads of 4 GiB) and for small messages
 * (cpu_below_aead) or offload = off. The empty message (no AAD, no
 * payload), which wd_aead refuses, is two block encryptions: its tag is
 * E(K, B0) ^ E(K, A0).
 */
#include <limits.h>
#include <string.h>
#include <openssl/crypto.h>

#include "aead_ccm.h"

static int wd_path(const struct ccm_ctx *c, size_t len)
{
	if (!aead_wd_ok(&c->b))
		return 0;
	if (c->aad_len > CCM_WD_AAD_MAX || len > UINT32_MAX)
		return 0;
	return !aead_has_sw(&c->b) || c->aad_len + len >= wdp_cpu_below(WDP_BELOW_CCM);
}

/* wd_aead's CCM IV: the counter block's flags (L - 1), then the nonce. */
static void wd_iv(const struct ccm_ctx *c, unsigned char iv[AEAD_BLK])
{
	memset(iv, 0, AEAD_BLK);
	iv[0] = (unsigned char)(c->key_l - 1);
	memcpy(iv + 1, c->nonce, 15 - c->key_l);
}

static int empty_tag(struct ccm_ctx *c, unsigned char t[AEAD_BLK])
{
	unsigned char b0[AEAD_BLK], a0[AEAD_BLK], s0[AEAD_BLK];
	int ok;

	/* B0: flags (no AAD, M, L), nonce, length 0; A0: L - 1, nonce, counter 0 */
	wd_iv(c, b0);
	wd_iv(c, a0);
	b0[0] |= (unsigned char)(((c->key_m - 2) / 2) << 3);
	ok = aead_block(&c->b, b0, t) && aead_block(&c->b, a0, s0);
	for (int i = 0; i < AEAD_BLK; i++)
		t[i] ^= s0[i];
	OPENSSL_cleanse(s0, sizeof(s0));
	return ok;
}

static int run_wd(struct ccm_ctx *c, const unsigned char *in, unsigned char *out, size_t len,
		  unsigned char *tag)
{
	struct wd_aead_req r;
	unsigned char iv[AEAD_BLK], t[AEAD_BLK];
	size_t a = c->aad_len;
	unsigned char *buf = c->b.buf;
	int ret;

	if (!a && !len) {
		if (!empty_tag(c, t))
			return 0;
		if (c->b.enc) {
			memcpy(tag, t, c->key_m);
			return 1;
		}
		ret = aead_memcmp(t, tag, c->key_m) ? 1 : 0;
		OPENSSL_cleanse(t, sizeof(t));
		goto done;
	}
	if (!aead_set_authsize(&c->b, (int)c->key_m))
		return 0;
	if (a) {
		/* b.buf: AAD || payload, then the result's AAD room || payload */
		buf = aead_buf(&c->b, 2 * (a + len));
		if (!buf)
			return 0;
		memcpy(buf + a, in, len);
	}
	wd_iv(c, iv);
	/* every field set: a memset here is a slow `rep stos` on some CPUs */
	r.msg_state = AEAD_MSG_BLOCK;
	r.src = a ? buf : (void *)in;
	r.dst = a ? buf + a + len : out;
	r.in_bytes = (__u32)len;
	r.out_bytes = 0;
	r.assoc_bytes = (__u16)a;
	r.iv = iv;
	r.iv_bytes = AEAD_BLK;
	r.mac = tag;
	r.mac_bytes = (__u16)c->key_m;
	r.cb = NULL;
	r.cb_param = NULL;
	ret = aead_run(&c->b, &r);	/* sets op_type, data_fmt, state */
	if (ret < 0)
		return 0;
	if (ret == 0 && a)
		memcpy(out, buf + 2 * a + len, len);
done:
	if (ret) {
		OPENSSL_cleanse(out, len);
		wdp_raise(WDP_R_TAG_MISMATCH, "CCM tag mismatch");
		return 0;
	}
	return 1;
}

static int sw_param(EVP_CIPHER_CTX *sw, const char *key, size_t *v, void *tag, size_t tlen)
{
	OSSL_PARAM p[2];

	p[0] = v ? OSSL_PARAM_construct_size_t(key, v) :
		   OSSL_PARAM_construct_octet_string(key, tag, tlen);
	p[1] = OSSL_PARAM_construct_end();
	return EVP_CIPHER_CTX_set_params(sw, p);
}

static int run_sw(struct ccm_ctx *c, const unsigned char *in, unsigned char *out, size_t len,
		  unsigned char *tag)
{
	EVP_CIPHER_CTX *sw = aead_sw_ctx(&c->b);
	size_t ivlen = 15 - c->key_l;
	unsigned char none = 0;
	int outl, ok;

	if (!sw)
		return 0;
	wdp_count_sw();
	/*
	 * OpenSSL's CCM takes M and L with the key, and (AES-NI) the direction
	 * of its block function too: re-key when any of them changed
	 */
	if (c->b.sw_key_gen != c->b.key_gen || c->b.sw_m != (int)c->key_m ||
	    c->b.sw_l != (int)c->key_l || c->b.sw_enc != c->b.enc) {
		if (!sw_param(sw, OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen, NULL, 0) ||
		    !sw_param(sw, OSSL_CIPHER_PARAM_AEAD_TAG, NULL, NULL, c->key_m) ||
		    !EVP_CipherInit_ex2(sw, NULL, c->b.key, NULL, c->b.enc, NULL))
			goto bad;
		c->b.sw_key_gen = c->b.key_gen;
		c->b.sw_m = (int)c->key_m;
		c->b.sw_l = (int)c->key_l;
		c->b.sw_enc = c->b.enc;
	}
	if (len > INT_MAX || c->aad_len > INT_MAX ||
	    !EVP_CipherInit_ex2(sw, NULL, NULL, c->nonce, c->b.enc, NULL) ||
	    (!c->b.enc && !sw_param(sw, OSSL_CIPHER_PARAM_AEAD_TAG, NULL, tag, c->key_m)) ||
	    !EVP_CipherUpdate(sw, NULL, &outl, NULL, (int)len) ||
	    (c->aad_len && !EVP_CipherUpdate(sw, NULL, &outl, c->b.buf, (int)c->aad_len)))
		goto bad;
	ok = EVP_CipherUpdate(sw, len ? out : &none, &outl, len ? in : &none, (int)len);
	if (!ok) {
		if (c->b.enc)
			goto bad;
		OPENSSL_cleanse(out, len);
		wdp_raise(WDP_R_TAG_MISMATCH, "CCM tag mismatch");
		return 0;
	}
	if (c->b.enc) {
		OSSL_PARAM p[2];

		p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, c->key_m);
		p[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_get_params(sw, p))
			goto bad;
	}
	return 1;
bad:
	/* the context's state is unknown now: key it again next time */
	c->b.sw_key_gen = 0;
	wdp_raise(WDP_R_SW_FAILED, "software CCM failed");
	return 0;
}

int ccm_run(struct ccm_ctx *c, const unsigned char *in, unsigned char *out, size_t len,
	    unsigned char *tag)
{
	if (wd_path(c, len))
		return run_wd(c, in, out, len, tag);
	if (aead_has_sw(&c->b))
		return run_sw(c, in, out, len, tag);
	if (!aead_wd_ok(&c->b))
		wdp_raise(WDP_R_NO_SESSION, "SM4-CCM: no WarpDrive session for the key");
	else
		wdp_raise(WDP_R_BAD_ARGUMENT, "SM4-CCM on WarpDrive: at most %d bytes of AAD and "
			  "4 GiB of payload", CCM_WD_AAD_MAX);
	return 0;
}

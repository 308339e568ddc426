// SPDX-License-Identifier: Apache-2.0
/*
 * GCM's IV generation and TLS 1.2 records, as OpenSSL 3.0's
 * ciphercommon_gcm.c has them (getivgen, setivinv, gcm_iv_generate,
 * gcm_tls_init, gcm_tls_iv_set_fixed, gcm_tls_cipher): a record is one
 * whole message, run as one WarpDrive request (or a stream for large
 * records: aead_gcm_wd.c) or on the software path.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "aead_gcm.h"

static int fail(int reason, const char *what)
{
	wdp_raise(reason, "GCM: %s", what);
	return 0;
}

/* ---- IVs (OpenSSL's getivgen / setivinv / gcm_iv_generate) ---- */

static void ctr64_inc(unsigned char *p)
{
	for (int i = 7; i >= 0; i--)
		if (++p[i])
			return;
}

int gcm_getivgen(struct gcm_ctx *c, unsigned char *out, size_t olen)
{
	if (!c->iv_gen || !c->b.key_set || c->ivlen < 8)
		return 0;
	gcm_msg_start(c);
	if (olen == 0 || olen > c->ivlen)
		olen = c->ivlen;
	memcpy(out, c->iv + c->ivlen - olen, olen);
	/* the invocation field is at least 8 bytes: its low 64 bits count */
	ctr64_inc(c->iv + c->ivlen - 8);
	c->iv_state = IV_COPIED;
	return 1;
}

int gcm_setivinv(struct gcm_ctx *c, const unsigned char *in, size_t inl)
{
	if (!c->iv_gen || !c->b.key_set || c->b.enc || inl > c->ivlen)
		return 0;
	memcpy(c->iv + c->ivlen - inl, in, inl);
	gcm_msg_start(c);
	c->iv_state = IV_COPIED;
	return 1;
}

int gcm_iv_generate(struct gcm_ctx *c)
{
	/* SP 800-38D 8.2.2: a random IV of at least 96 bits */
	if (c->ivlen < GCM_WD_IV || RAND_bytes_ex(NULL, c->iv, c->ivlen, 0) <= 0)
		return 0;
	c->iv_state = IV_BUFFERED;
	c->iv_gen_rand = 1;
	return 1;
}

/* ---- TLS 1.2 records (OpenSSL's gcm_tls_init / gcm_tls_cipher) ---- */

size_t gcm_tls_init(struct gcm_ctx *c, const unsigned char *aad, size_t aad_len)
{
	size_t len;

	if (aad_len != AEAD_TLS_AAD)
		return 0;
	memcpy(c->tls_aad, aad, aad_len);
	c->tls_aad_len = aad_len;
	len = (size_t)c->tls_aad[aad_len - 2] << 8 | c->tls_aad[aad_len - 1];
	if (len < GCM_TLS_EXPLICIT_IV)
		return 0;
	len -= GCM_TLS_EXPLICIT_IV;
	if (!c->b.enc) {
		if (len < GCM_TLS_TAG)
			return 0;
		len -= GCM_TLS_TAG;
	}
	c->tls_aad[aad_len - 2] = (unsigned char)(len >> 8);
	c->tls_aad[aad_len - 1] = (unsigned char)len;
	return GCM_TLS_TAG;	/* the tag appended to the record */
}

int gcm_tls_iv_set_fixed(struct gcm_ctx *c, const unsigned char *iv, size_t len)
{
	if (len == (size_t)-1) {
		/* -1: the whole IV */
		memcpy(c->iv, iv, c->ivlen);
	} else {
		/* a fixed field of at least 4 bytes, an invocation field of 8 */
		if (len < GCM_TLS_FIXED_IV || len > c->ivlen ||
		    c->ivlen - len < GCM_TLS_EXPLICIT_IV)
			return 0;
		memcpy(c->iv, iv, len);
		if (c->b.enc && RAND_bytes_ex(NULL, c->iv + len, c->ivlen - len, 0) <= 0)
			return 0;
	}
	c->iv_gen = 1;
	c->iv_state = IV_BUFFERED;
	return 1;
}

/* One record in place: explicit IV (8) || payload || tag (16). */
int gcm_tls_record(struct gcm_ctx *c, unsigned char *out, size_t *padlen,
		      const unsigned char *in, size_t len)
{
	size_t plen = 0;
	unsigned char *tag;
	int rv = 0, ok;

	if (!c->b.key_set || out != in || len < GCM_TLS_EXPLICIT_IV + GCM_TLS_TAG)
		goto err;
	if (c->b.enc && ++c->tls_enc_records == 0) {
		fail(WDP_R_WRONG_STATE, "too many TLS records with one key");
		goto err;
	}
	if (c->b.enc ? !gcm_getivgen(c, out, GCM_TLS_EXPLICIT_IV) :
		       !gcm_setivinv(c, out, GCM_TLS_EXPLICIT_IV))
		goto err;
	in += GCM_TLS_EXPLICIT_IV;
	out += GCM_TLS_EXPLICIT_IV;
	len -= GCM_TLS_EXPLICIT_IV + GCM_TLS_TAG;
	tag = out + len;
	c->taglen = GCM_TLS_TAG;
	if (!aead_wd_ok(&c->b) || c->msg_ivlen != GCM_WD_IV ||
	    (aead_has_sw(&c->b) && len + AEAD_TLS_AAD < wdp_cpu_below(WDP_BELOW_GCM)))
		ok = aead_has_sw(&c->b) ?
		     gcm_sw_oneshot(c, c->tls_aad, c->tls_aad_len, in, out, len, tag) :
		     fail(WDP_R_NO_SESSION, "no WarpDrive session for the key");
	else
		ok = gcm_wd_oneshot(c, c->tls_aad, c->tls_aad_len, in, out, len, tag);
	if (!ok) {
		if (!c->b.enc)
			OPENSSL_cleanse(out, len);
		goto err;
	}
	plen = c->b.enc ? len + GCM_TLS_EXPLICIT_IV + GCM_TLS_TAG : len;
	rv = 1;
err:
	c->iv_state = IV_FINISHED;
	c->tls_aad_len = AEAD_UNSET;
	*padlen = plen;
	return rv;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * CCM's OpenSSL face: OpenSSL 3.0's ciphercommon_ccm.c calls, states and
 * results (lengths first, one AAD, one payload, tag rules, TLS 1.2
 * records), each message run by ccm_run() (aead_ccm_run.c).
 *
 * OpenSSL's own quirks are kept where they decide results: M and L are
 * the ones set before the last key (a tag of another size does not
 * verify and cannot be got), the nonce is the IV as it was when the
 * length was set, setting the length forgets earlier AAD, the last of
 * several AAD updates is the one that counts, a payload uses the length
 * up (the next message sets it again, or gets the tag first), and a
 * length mismatch loses M until the next key. The states of OpenSSL's
 * CCM128 context whose results are no CCM at all are refused instead: a
 * payload going on from a used AAD MAC, and getting a tag the MAC moved
 * on from (AAD or a failed payload after the encryption) or a 2-byte tag
 * after a length mismatch.
 */
#include <string.h>
#include <openssl/crypto.h>

#include "aead_ccm.h"

static int fail(int reason, const char *what)
{
	wdp_raise(reason, "CCM: %s", what);
	return 0;
}

void *wdp_ccm_newctx(void *provctx, const struct aead_desc *d)
{
	struct ccm_ctx *c = OPENSSL_zalloc(sizeof(*c));

	(void)provctx;
	if (!c) {
		wdp_raise(WDP_R_NO_MEMORY, "CCM context");
		return NULL;
	}
	aead_base_init(&c->b, d);
	c->l = 8;	/* OpenSSL's defaults: 7-byte nonce, 12-byte tag */
	c->m = 12;
	c->key_l = 8;
	c->key_m = 12;
	c->tls_aad_len = AEAD_UNSET;
	return c;
}

void wdp_ccm_freectx(void *vctx)
{
	aead_ctx_free(vctx, sizeof(struct ccm_ctx), offsetof(struct ccm_ctx, b));
}

void *wdp_ccm_dupctx(void *vctx)
{
	/* the whole message state is here (one-shot mode): an exact copy */
	return aead_ctx_dup(vctx, sizeof(struct ccm_ctx), offsetof(struct ccm_ctx, b), "CCM");
}

/* OpenSSL's ccm_set_iv / CRYPTO_ccm128_setiv: nonce and length now. */
static int set_len(struct ccm_ctx *c, uint64_t mlen)
{
	/* the IV (15 - l bytes) must fill the nonce of the key's L */
	if (c->l > c->key_l)
		return fail(WDP_R_BAD_ARGUMENT, "nonce shorter than the key's L allows");
	memcpy(c->nonce, c->iv, 15 - c->key_l);
	c->mlen = mlen;
	c->aad_len = 0;		/* a new length clears the AAD flag: AAD again */
	c->aad_used = 0;
	c->len_set = 1;
	return 1;
}

/*
 * The payload against the nonce and length the context holds (as
 * CRYPTO_ccm128_encrypt/decrypt): the length must match it and fit L, and
 * it is used up either way (0 until set again: a stale context takes only
 * an empty payload, as OpenSSL's). A mismatch also drops M from the flags
 * (no tag of M bytes can be got or checked then) and the AAD, until the
 * next key. The one state this cannot reproduce, a used AAD MAC going on
 * into another payload, is refused (OpenSSL's result there is no CCM).
 */
static int payload_ok(struct ccm_ctx *c, size_t len)
{
	int match = c->mlen == len && !(c->key_l < 8 && (c->mlen >> (8 * c->key_l)));

	c->mlen = 0;
	/* without the AAD flag the MAC restarts from B0 (before any check) */
	if (!c->aad_len)
		c->tag_valid = 0;
	if (!match) {
		c->m_lost = 1;
		c->aad_len = 0;
		return fail(WDP_R_BAD_ARGUMENT, "payload length differs from the length set");
	}
	if (c->aad_used)
		return fail(WDP_R_WRONG_STATE, "set the length (or the AAD) again for this message");
	c->aad_used = c->aad_len != 0;
	return 1;
}

/* The tag size OpenSSL's CCM128 context would produce and check now. */
static size_t key_m_now(const struct ccm_ctx *c)
{
	return c->m_lost ? 2 : c->key_m;
}

static size_t tls_init(struct ccm_ctx *c, const unsigned char *aad, size_t alen)
{
	size_t len;

	if (alen != AEAD_TLS_AAD)
		return 0;
	memcpy(c->tls_aad, aad, alen);
	c->tls_aad_len = alen;
	len = (size_t)c->tls_aad[alen - 2] << 8 | c->tls_aad[alen - 1];
	if (len < CCM_TLS_EXPLICIT_IV)
		return 0;
	len -= CCM_TLS_EXPLICIT_IV;
	if (!c->b.enc) {
		if (len < c->m)
			return 0;
		len -= c->m;
	}
	c->tls_aad[alen - 2] = (unsigned char)(len >> 8);
	c->tls_aad[alen - 1] = (unsigned char)len;
	return c->m;	/* the tag appended to the record */
}

/* One record in place: explicit IV (8) || payload || tag (m). */
static int tls_record(struct ccm_ctx *c, unsigned char *out, size_t *padlen,
		      const unsigned char *in, size_t len)
{
	unsigned char *buf;

	if (!in || out != in || len < CCM_TLS_EXPLICIT_IV + c->m)
		return 0;
	/* encrypt: the explicit IV is the sequence number (the AAD's start) */
	if (c->b.enc)
		memcpy(out, c->tls_aad, CCM_TLS_EXPLICIT_IV);
	memcpy(c->iv + CCM_TLS_FIXED_IV, in, CCM_TLS_EXPLICIT_IV);
	len -= CCM_TLS_EXPLICIT_IV + c->m;
	if (!set_len(c, len))
		return 0;
	buf = aead_buf(&c->b, c->tls_aad_len);
	if (!buf)
		return 0;
	memcpy(buf, c->tls_aad, c->tls_aad_len);
	c->aad_len = c->tls_aad_len;
	in += CCM_TLS_EXPLICIT_IV;
	out += CCM_TLS_EXPLICIT_IV;
	c->tag_valid = 0;
	/* the tag has the key's size: another m does not verify (as OpenSSL) */
	if (!payload_ok(c, len) ||
	    (c->m != key_m_now(c) && !fail(WDP_R_BAD_ARGUMENT, "tag length differs from the key's")) ||
	    !ccm_run(c, in, out, len, out + len)) {
		if (!c->b.enc)
			OPENSSL_cleanse(out, len);
		return 0;
	}
	*padlen = c->b.enc ? len + CCM_TLS_EXPLICIT_IV + c->m : len;
	return 1;
}

/* OpenSSL's ccm_cipher_internal. */
static int ccm_process(struct ccm_ctx *c, unsigned char *out, size_t *padlen,
		       const unsigned char *in, size_t len)
{
	unsigned char *buf;

	*padlen = 0;
	if (!aead_idle(&c->b))
		return 0;
	if (!c->b.key_set)
		return fail(WDP_R_WRONG_STATE, "no key");
	if (c->tls_aad_len != AEAD_UNSET)
		return tls_record(c, out, padlen, in, len);
	if (!in && out)
		return 1;	/* Final through cipher(): no data */
	if (!c->iv_set)
		return fail(WDP_R_WRONG_STATE, "no IV");
	if (!out) {
		if (!in) {
			if (!set_len(c, len))
				return 0;
		} else {
			/* AAD needs the message length first */
			if (!c->len_set && len)
				return fail(WDP_R_WRONG_STATE,
					    "set the message length before the AAD");
			if (len) {
				/* each AAD update restarts the MAC: the last one counts */
				c->aad_used = 0;
				c->tag_valid = 0;
				buf = aead_buf(&c->b, len);
				if (!buf)
					return 0;
				memcpy(buf, in, len);
				c->aad_len = len;
			}
		}
	} else {
		if (!c->len_set && !set_len(c, len))
			return 0;
		if (c->b.enc) {
			c->tag_valid = 0;
			if (!payload_ok(c, len) || !ccm_run(c, in, out, len, c->tag))
				return 0;
			c->tag_set = 1;
			c->tag_valid = 1;
		} else {
			/* the tag must be set before decrypting */
			if (!c->tag_set)
				return fail(WDP_R_WRONG_STATE, "decryption without a tag");
			c->tag_valid = 0;
			if (!payload_ok(c, len) ||
			    (c->m != key_m_now(c) &&
			     !fail(WDP_R_BAD_ARGUMENT, "tag length differs from the key's")) ||
			    !ccm_run(c, in, out, len, c->tag)) {
				OPENSSL_cleanse(out, len);
				return 0;
			}
			c->iv_set = c->tag_set = c->len_set = 0;
		}
	}
	*padlen = len;
	return 1;
}

int wdp_ccm_update(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		   const unsigned char *in, size_t inl)
{
	if (outsize < inl)
		return fail(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
	return ccm_process(vctx, out, outl, in, inl);
}

int wdp_ccm_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	struct ccm_ctx *c = vctx;
	unsigned char din = 0, dout = 0;

	(void)out;
	(void)outsize;
	if (!aead_idle(&c->b))
		return 0;
	if (!c->b.key_set)
		return fail(WDP_R_WRONG_STATE, "no key");
	/* a message without payload update: its empty payload now */
	if (c->iv_set && (!c->b.enc || !c->tag_set) && !ccm_process(c, &dout, outl, &din, 0))
		return 0;
	*outl = 0;
	return 1;
}

int wdp_ccm_cipher(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		   const unsigned char *in, size_t inl)
{
	if (!in)
		return wdp_ccm_final(vctx, out, outl, outsize);
	if (outsize < inl)
		return fail(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
	if (!ccm_process(vctx, out, outl, in, inl))
		return 0;
	*outl = inl;
	return 1;
}

static int ccm_init(struct ccm_ctx *c, const unsigned char *key, size_t keylen,
		    const unsigned char *iv, size_t ivlen, const OSSL_PARAM params[], int enc)
{
	if (!aead_idle(&c->b))
		return 0;
	c->b.enc = enc;
	if (iv) {
		if (ivlen != 15 - c->l)
			return fail(WDP_R_BAD_ARGUMENT, "invalid IV length");
		memcpy(c->iv, iv, ivlen);
		c->iv_set = 1;
	}
	if (key) {
		if (keylen != c->b.d->keylen)
			return fail(WDP_R_BAD_ARGUMENT, "invalid key length");
		if (!aead_base_setkey(&c->b, key, keylen))
			return 0;
		/* CRYPTO_ccm128_init: M and L now; nonce, length and AAD gone */
		c->key_l = c->l;
		c->key_m = c->m;
		memset(c->nonce, 0, sizeof(c->nonce));
		c->mlen = 0;
		c->m_lost = 0;
		c->aad_len = 0;
		c->aad_used = 0;
	}
	return wdp_ccm_set_ctx_params(c, params);
}

int wdp_ccm_einit(void *vctx, const unsigned char *key, size_t keylen, const unsigned char *iv,
		  size_t ivlen, const OSSL_PARAM params[])
{
	return ccm_init(vctx, key, keylen, iv, ivlen, params, 1);
}

int wdp_ccm_dinit(void *vctx, const unsigned char *key, size_t keylen, const unsigned char *iv,
		  size_t ivlen, const OSSL_PARAM params[])
{
	return ccm_init(vctx, key, keylen, iv, ivlen, params, 0);
}

static int put_iv(OSSL_PARAM *p, struct ccm_ctx *c)
{
	if (15 - c->l > p->data_size)
		return fail(WDP_R_BAD_ARGUMENT, "IV buffer too small");
	if (!OSSL_PARAM_set_octet_string(p, c->iv, 15 - c->l) &&
	    !OSSL_PARAM_set_octet_ptr(p, &c->iv, 15 - c->l))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return the IV");
	return 1;
}

int wdp_ccm_get_ctx_params(void *vctx, OSSL_PARAM params[])
{
	struct ccm_ctx *c = vctx;
	OSSL_PARAM *f[PK_NUM], *p;
	unsigned int m = aead_params_scan(params, f);

	if (!m)
		return 1;
	if (!aead_idle(&c->b))
		return 0;

	if ((p = AEAD_P(f, m, PK_IVLEN)) &&
	    !OSSL_PARAM_set_size_t(p, 15 - c->l))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return ivlen");
	if ((p = AEAD_P(f, m, PK_TAGLEN)) &&
	    !OSSL_PARAM_set_size_t(p, c->m))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return taglen");
	if ((p = AEAD_P(f, m, PK_IV)) && !put_iv(p, c))
		return 0;
	if ((p = AEAD_P(f, m, PK_UPDATED_IV)) && !put_iv(p, c))
		return 0;
	if ((p = AEAD_P(f, m, PK_KEYLEN)) &&
	    !OSSL_PARAM_set_size_t(p, c->b.d->keylen))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return keylen");
	if ((p = AEAD_P(f, m, PK_TLS_AAD_PAD)) &&
	    !OSSL_PARAM_set_size_t(p, c->tls_aad_pad_sz))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return the TLS AAD pad");
	if ((p = AEAD_P(f, m, PK_TAG))) {
		if (!c->b.enc || !c->tag_set)
			return fail(WDP_R_WRONG_STATE, "no tag to get (encrypt, after the payload)");
		if (p->data_type != OSSL_PARAM_OCTET_STRING)
			return fail(WDP_R_BAD_ARGUMENT, "bad tag parameter");
		/* CRYPTO_ccm128_tag: exactly the key's M bytes (a lost M: refused here) */
		if (!p->data || c->m_lost || p->data_size != c->key_m)
			return 0;
		/* OpenSSL would hand out a MAC state that later calls moved on */
		if (!c->tag_valid)
			return fail(WDP_R_WRONG_STATE, "no tag of a whole message to get");
		memcpy(p->data, c->tag, c->key_m);
		p->return_size = c->key_m;
		c->tag_set = c->iv_set = c->len_set = 0;
	}
	return 1;
}

int wdp_ccm_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
	struct ccm_ctx *c = vctx;
	OSSL_PARAM *f[PK_NUM];
	const OSSL_PARAM *p;
	size_t sz;
	unsigned int m = aead_params_scan(params, f);

	if (!m)
		return 1;
	if (!aead_idle(&c->b))
		return 0;
	if ((p = AEAD_P(f, m, PK_TAG))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING)
			return fail(WDP_R_BAD_ARGUMENT, "bad tag parameter");
		if ((p->data_size & 1) || p->data_size < 4 || p->data_size > AEAD_TAG_MAX)
			return fail(WDP_R_BAD_ARGUMENT, "invalid tag length (4..16, even)");
		if (p->data) {
			if (c->b.enc)
				return fail(WDP_R_BAD_ARGUMENT, "a tag is not needed to encrypt");
			memcpy(c->tag, p->data, p->data_size);
			c->tag_set = 1;
		}
		c->m = p->data_size;
	}
	if ((p = AEAD_P(f, m, PK_IVLEN))) {
		size_t l;

		if (!OSSL_PARAM_get_size_t(p, &sz))
			return fail(WDP_R_BAD_ARGUMENT, "bad ivlen parameter");
		l = 15 - sz;	/* wraps for sz > 15: refused below */
		if (l < 2 || l > 8)
			return fail(WDP_R_BAD_ARGUMENT, "invalid IV length (7..13)");
		if (c->l != l) {
			c->l = l;
			c->iv_set = 0;
		}
	}
	if ((p = AEAD_P(f, m, PK_TLS_AAD))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING || !p->data)
			return fail(WDP_R_BAD_ARGUMENT, "bad TLS AAD parameter");
		sz = tls_init(c, p->data, p->data_size);
		if (sz == 0)
			return fail(WDP_R_BAD_ARGUMENT, "invalid TLS AAD");
		c->tls_aad_pad_sz = sz;
	}
	if ((p = AEAD_P(f, m, PK_TLS_IV_FIXED))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING || !p->data ||
		    p->data_size != CCM_TLS_FIXED_IV)
			return fail(WDP_R_BAD_ARGUMENT, "invalid TLS fixed IV");
		memcpy(c->iv, p->data, CCM_TLS_FIXED_IV);
	}
	return 1;
}

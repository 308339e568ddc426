// SPDX-License-Identifier: Apache-2.0
/*
 * GCM's OpenSSL face: the same calls, parameters, states and results as
 * OpenSSL 3.0's ciphercommon_gcm.c (IV states, generated IVs, TLS 1.2
 * records, tag rules), with each message run on WarpDrive
 * (aead_gcm_wd.c) or on OpenSSL's own code (aead_gcm_sw.c), chosen at its
 * first payload update (or Final): software when offload is off, for IVs
 * other than 12 bytes, for AAD over 64 KiB, for decrypt tags under 8
 * bytes, and for messages smaller than cpu_below_aead. SM4-GCM has no
 * software path: what it would need is refused with an error.
 *
 * Where this knowingly differs from OpenSSL (only in misuse): a key set,
 * or the direction changed, in the middle of a message ends the message
 * (OpenSSL goes on with a reset or mixed state); a message whose update
 * or Final failed stays failed until a new IV; and a context streaming a
 * message on WarpDrive cannot be duplicated (the stream's state is in its
 * session): dupctx raises an error there, and works everywhere else. A
 * message streams only past the sizes the context keeps (aead_gcm.h: more
 * than 1 KiB of payload after its first update, or a first update too
 * large for one block request).
 */
#include <string.h>
#include <openssl/crypto.h>

#include "aead_gcm.h"

static int fail(int reason, const char *what)
{
	wdp_raise(reason, "GCM: %s", what);
	return 0;
}

void *wdp_gcm_newctx(void *provctx, const struct aead_desc *d)
{
	struct gcm_ctx *c = OPENSSL_zalloc(sizeof(*c));

	(void)provctx;
	if (!c) {
		wdp_raise(WDP_R_NO_MEMORY, "GCM context");
		return NULL;
	}
	aead_base_init(&c->b, d);
	c->ivlen = GCM_WD_IV;
	c->taglen = AEAD_UNSET;
	c->tls_aad_len = AEAD_UNSET;
	c->iv_state = IV_UNINIT;
	c->phase = PH_AAD;
	return c;
}

void wdp_gcm_freectx(void *vctx)
{
	aead_ctx_free(vctx, sizeof(struct gcm_ctx), offsetof(struct gcm_ctx, b));
}

void *wdp_gcm_dupctx(void *vctx)
{
	const struct gcm_ctx *c = vctx;
	struct gcm_ctx *n;

	if (c && c->iv_state == IV_COPIED && c->path == PATH_WD && c->phase == PH_STREAM) {
		fail(WDP_R_WRONG_STATE,
		     "cannot copy a message that is streaming on WarpDrive (its state is in the "
		     "accelerator's session); messages kept in the context copy (aead_gcm.h)");
		return NULL;
	}
	n = aead_ctx_dup(vctx, sizeof(*n), offsetof(struct gcm_ctx, b), "GCM");
	if (n)
		n->stream_open = 0;	/* its own session has none */
	return n;
}

/* ---- the message ---- */

/* OpenSSL's setiv: a message starts with the IV now in c->iv. */
void gcm_msg_start(struct gcm_ctx *c)
{
	c->path = PATH_NONE;
	c->phase = PH_AAD;
	c->aad_len = 0;
	c->msg_len = 0;
	c->spec_len = 0;
	c->tail_len = 0;
	c->ks_valid = 0;
	c->msg_ivlen = c->ivlen;
	memcpy(c->msg_iv, c->iv, c->ivlen);
}

static int go_sw(struct gcm_ctx *c, const char *why)
{
	if (!aead_has_sw(&c->b)) {
		c->path = PATH_DEAD;
		return fail(WDP_R_BAD_ARGUMENT, why);
	}
	if (!gcm_sw_begin(c)) {
		c->path = PATH_DEAD;
		return 0;
	}
	c->path = PATH_SW;
	return 1;
}

/*
 * The message's path, at its first data. AAD only settles what is forced;
 * the first payload update (n bytes; Final: 0) settles the rest.
 */
static int choose(struct gcm_ctx *c, int payload, size_t n)
{
	if (c->path != PATH_NONE)
		return c->path != PATH_DEAD;
	if (!aead_wd_ok(&c->b))
		return go_sw(c, "no WarpDrive session for the key");
	if (c->msg_ivlen != GCM_WD_IV)
		return go_sw(c, "SM4-GCM on WarpDrive takes 12-byte IVs only");
	if (!payload)
		return 1;
	if (aead_has_sw(&c->b)) {
		if (c->aad_len + n < wdp_cpu_below(WDP_BELOW_GCM))
			return go_sw(c, "small message");
		/* a decrypt tag WarpDrive cannot check (under 8 bytes) */
		if (!c->b.enc && c->taglen != AEAD_UNSET && c->taglen < 8)
			return go_sw(c, "short tag");
	}
	c->path = PATH_WD;
	return 1;
}

static int msg_aad(struct gcm_ctx *c, const unsigned char *in, size_t len)
{
	unsigned char *buf;

	/* as CRYPTO_gcm128_aad: none after the payload began, at most 2^61 */
	if (c->msg_len)
		return fail(WDP_R_WRONG_STATE, "AAD after the payload");
	if (c->aad_len + len > GCM_AAD_MAX || c->aad_len + len < c->aad_len)
		return fail(WDP_R_BAD_ARGUMENT, "too much AAD");
	if (!choose(c, 0, len))
		return 0;
	if (c->path == PATH_SW) {
		if (!gcm_sw_aad(c, in, len))
			return 0;
	} else if (c->aad_len + len > GCM_WD_AAD_MAX) {
		if (!go_sw(c, "SM4-GCM on WarpDrive takes at most 65535 bytes of AAD") ||
		    !gcm_sw_aad(c, in, len))
			return 0;
	} else {
		buf = aead_buf(&c->b, (size_t)c->aad_len + len);
		if (!buf)
			return 0;
		memcpy(buf + c->aad_len, in, len);
	}
	c->aad_len += len;
	return 1;
}

static int msg_payload(struct gcm_ctx *c, const unsigned char *in, unsigned char *out,
		       size_t len)
{
	int ok;

	if (c->msg_len + len > GCM_MSG_MAX || c->msg_len + len < c->msg_len)
		return fail(WDP_R_BAD_ARGUMENT, "message longer than 2^36 - 32 bytes");
	if (!choose(c, 1, len))
		return 0;
	ok = c->path == PATH_SW ? gcm_sw_update(c, in, out, len) : gcm_wd_update(c, in, out, len);
	if (!ok) {
		c->path = PATH_DEAD;
		return 0;
	}
	c->msg_len += len;
	return 1;
}

static int msg_final(struct gcm_ctx *c)
{
	int ok;

	if (!choose(c, 1, 0))
		return 0;
	ok = c->path == PATH_SW ? gcm_sw_final(c) : gcm_wd_final(c);
	c->tag_fresh = 0;
	if (!ok) {
		c->path = PATH_DEAD;
		return 0;
	}
	if (c->b.enc) {
		memcpy(c->tag, c->wtag, AEAD_TAG_MAX);
		c->taglen = AEAD_TAG_MAX;
	}
	return 1;
}

/* ---- OpenSSL's gcm_cipher_internal ---- */

static int gcm_process(struct gcm_ctx *c, unsigned char *out, size_t *outl,
		       const unsigned char *in, size_t len)
{
	*outl = 0;
	if (!aead_idle(&c->b))
		return 0;
	if (c->tls_aad_len != AEAD_UNSET)
		return gcm_tls_record(c, out, outl, in, len);
	if (!c->b.key_set)
		return fail(WDP_R_WRONG_STATE, "no key");
	if (c->iv_state == IV_FINISHED)
		return fail(WDP_R_WRONG_STATE, "the message is finished: set a new IV");
	if (c->iv_state == IV_UNINIT && (!c->b.enc || !gcm_iv_generate(c)))
		return fail(WDP_R_WRONG_STATE, "no IV");
	if (c->iv_state == IV_BUFFERED) {
		gcm_msg_start(c);
		c->iv_state = IV_COPIED;
	}
	if (c->path == PATH_DEAD)
		return fail(WDP_R_WRONG_STATE, "the message failed earlier: set a new IV");
	if (!in) {
		/* the tag must be set before decrypting ends */
		if (!c->b.enc && c->taglen == AEAD_UNSET)
			return fail(WDP_R_WRONG_STATE, "decryption without a tag");
		if (!msg_final(c))
			return 0;
		c->iv_state = IV_FINISHED;
		return 1;
	}
	if (!out ? !msg_aad(c, in, len) : !msg_payload(c, in, out, len))
		return 0;
	*outl = len;
	return 1;
}

int wdp_gcm_update(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		   const unsigned char *in, size_t inl)
{
	if (inl == 0) {
		*outl = 0;
		return 1;
	}
	if (outsize < inl)
		return fail(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
	return gcm_process(vctx, out, outl, in, inl);
}

int wdp_gcm_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	(void)outsize;
	if (!gcm_process(vctx, out, outl, NULL, 0))
		return 0;
	*outl = 0;
	return 1;
}

int wdp_gcm_cipher(void *vctx, unsigned char *out, size_t *outl, size_t outsize,
		   const unsigned char *in, size_t inl)
{
	if (outsize < inl)
		return fail(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
	if (!gcm_process(vctx, out, outl, in, inl))
		return 0;
	*outl = inl;
	return 1;
}

/* ---- init and parameters ---- */

static int gcm_init(struct gcm_ctx *c, const unsigned char *key, size_t keylen,
		    const unsigned char *iv, size_t ivlen, const OSSL_PARAM params[], int enc)
{
	if (!aead_idle(&c->b))
		return 0;
	/* a key, or the other direction, in the middle of a message ends it */
	if (c->iv_state == IV_COPIED && (key || enc != c->b.enc))
		c->iv_state = IV_FINISHED;
	c->b.enc = enc;
	if (iv) {
		if (ivlen == 0 || ivlen > GCM_IV_MAX)
			return fail(WDP_R_BAD_ARGUMENT, "invalid IV length");
		c->ivlen = ivlen;
		memcpy(c->iv, iv, ivlen);
		c->iv_state = IV_BUFFERED;
	}
	if (key) {
		if (keylen != c->b.d->keylen)
			return fail(WDP_R_BAD_ARGUMENT, "invalid key length");
		if (!aead_base_setkey(&c->b, key, keylen))
			return 0;
		c->tls_enc_records = 0;
	}
	return wdp_gcm_set_ctx_params(c, params);
}

int wdp_gcm_einit(void *vctx, const unsigned char *key, size_t keylen, const unsigned char *iv,
		  size_t ivlen, const OSSL_PARAM params[])
{
	return gcm_init(vctx, key, keylen, iv, ivlen, params, 1);
}

int wdp_gcm_dinit(void *vctx, const unsigned char *key, size_t keylen, const unsigned char *iv,
		  size_t ivlen, const OSSL_PARAM params[])
{
	return gcm_init(vctx, key, keylen, iv, ivlen, params, 0);
}

static int put_iv(OSSL_PARAM *p, struct gcm_ctx *c)
{
	if (c->iv_state == IV_UNINIT)
		return 0;
	if (c->ivlen > p->data_size)
		return fail(WDP_R_BAD_ARGUMENT, "IV buffer too small");
	if (!OSSL_PARAM_set_octet_string(p, c->iv, c->ivlen) &&
	    !OSSL_PARAM_set_octet_ptr(p, &c->iv, c->ivlen))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return the IV");
	return 1;
}

int wdp_gcm_get_ctx_params(void *vctx, OSSL_PARAM params[])
{
	struct gcm_ctx *c = vctx;
	OSSL_PARAM *f[PK_NUM], *p;
	unsigned int m = aead_params_scan(params, f);

	if (!m)
		return 1;
	if (!aead_idle(&c->b))
		return 0;
	if ((p = AEAD_P(f, m, PK_IVLEN)) &&
	    !OSSL_PARAM_set_size_t(p, c->ivlen))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return ivlen");
	if ((p = AEAD_P(f, m, PK_KEYLEN)) &&
	    !OSSL_PARAM_set_size_t(p, c->b.d->keylen))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return keylen");
	if ((p = AEAD_P(f, m, PK_TAGLEN)) &&
	    !OSSL_PARAM_set_size_t(p, c->taglen != AEAD_UNSET ? c->taglen : AEAD_TAG_MAX))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return taglen");
	if ((p = AEAD_P(f, m, PK_IV)) && !put_iv(p, c))
		return 0;
	if ((p = AEAD_P(f, m, PK_UPDATED_IV)) && !put_iv(p, c))
		return 0;
	if ((p = AEAD_P(f, m, PK_TLS_AAD_PAD)) &&
	    !OSSL_PARAM_set_size_t(p, c->tls_aad_pad_sz))
		return fail(WDP_R_BAD_ARGUMENT, "cannot return the TLS AAD pad");
	if ((p = AEAD_P(f, m, PK_TAG))) {
		size_t sz = p->data_size;

		if (sz == 0 || sz > AEAD_TAG_MAX || !c->b.enc || c->taglen == AEAD_UNSET)
			return fail(WDP_R_WRONG_STATE, "no tag to get (encrypt, after Final)");
		if (!OSSL_PARAM_set_octet_string(p, c->tag, sz))
			return fail(WDP_R_BAD_ARGUMENT, "cannot return the tag");
	}
	if ((p = AEAD_P(f, m, PK_TLS_IV_GEN))) {
		if (!p->data || p->data_type != OSSL_PARAM_OCTET_STRING ||
		    !gcm_getivgen(c, p->data, p->data_size))
			return 0;
	}
	return 1;
}

int wdp_gcm_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
	struct gcm_ctx *c = vctx;
	OSSL_PARAM *f[PK_NUM];
	const OSSL_PARAM *p;
	size_t sz;
	unsigned int m = aead_params_scan(params, f);

	if (!m)
		return 1;
	if (!aead_idle(&c->b))
		return 0;
	if ((p = AEAD_P(f, m, PK_TAG))) {
		void *vp = c->tag;

		if (!OSSL_PARAM_get_octet_string(p, &vp, AEAD_TAG_MAX, &sz))
			return fail(WDP_R_BAD_ARGUMENT, "bad tag parameter");
		if (sz == 0 || c->b.enc)
			return fail(WDP_R_BAD_ARGUMENT, "invalid tag (decrypt only, 1..16 bytes)");
		c->taglen = sz;
		c->tag_fresh = 1;
		if (c->iv_state == IV_COPIED && c->path == PATH_WD)
			gcm_wd_tag_changed(c);
	}
	if ((p = AEAD_P(f, m, PK_IVLEN))) {
		if (!OSSL_PARAM_get_size_t(p, &sz))
			return fail(WDP_R_BAD_ARGUMENT, "bad ivlen parameter");
		if (sz == 0 || sz > GCM_IV_MAX)
			return fail(WDP_R_BAD_ARGUMENT, "invalid IV length");
		if (c->ivlen != sz) {
			/* an IV already set or generated is invalid now */
			if (c->iv_state != IV_UNINIT)
				c->iv_state = IV_FINISHED;
			c->ivlen = sz;
		}
	}
	if ((p = AEAD_P(f, m, PK_TLS_AAD))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING || !p->data)
			return fail(WDP_R_BAD_ARGUMENT, "bad TLS AAD parameter");
		sz = gcm_tls_init(c, p->data, p->data_size);
		if (sz == 0)
			return fail(WDP_R_BAD_ARGUMENT, "invalid TLS AAD");
		c->tls_aad_pad_sz = sz;
	}
	if ((p = AEAD_P(f, m, PK_TLS_IV_FIXED))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING || !p->data ||
		    !gcm_tls_iv_set_fixed(c, p->data, p->data_size))
			return fail(WDP_R_BAD_ARGUMENT, "invalid TLS fixed IV");
	}
	if ((p = AEAD_P(f, m, PK_TLS_IV_INV))) {
		if (!p->data || p->data_type != OSSL_PARAM_OCTET_STRING ||
		    !gcm_setivinv(c, p->data, p->data_size))
			return 0;
	}
	return 1;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * What the GCM and CCM contexts share: the key and the sessions made from
 * it, the one-block helper, the scratch buffer and the software context.
 * Sessions are made at key time (init), never on a request's path, except
 * the CTR session, which only contexts that need single keystream blocks
 * (GCM updates of odd sizes, CCM's empty message) ever make.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "aead.h"

void aead_base_init(struct aead_base *b, const struct aead_desc *d)
{
	memset(b, 0, sizeof(*b));
	b->d = d;
	b->wd_only = !d->sw_name || !wdp_sw_cipher(d->sw_name);
}

void aead_base_cleanup(struct aead_base *b)
{
	if (b->sess)
		wdp_sess_free(WDP_AEAD, b->sess);
	if (b->ctr)
		wdp_sess_free(WDP_CIPHER, b->ctr);
	EVP_CIPHER_CTX_free(b->sw);
	if (b->buf)
		OPENSSL_clear_free(b->buf, b->buf_cap);
	OPENSSL_cleanse(b->key, sizeof(b->key));
	b->sess = b->ctr = 0;
	b->sw = NULL;
	b->buf = NULL;
	b->buf_cap = 0;
}

static handle_t new_aead_sess(const struct aead_desc *d)
{
	struct wd_aead_sess_setup setup;

	memset(&setup, 0, sizeof(setup));
	setup.calg = d->alg;
	setup.cmode = d->mode == AEAD_GCM ? WD_CIPHER_GCM : WD_CIPHER_CCM;
	setup.mm_type = UADK_MEM_AUTO;
	return wdp_sess_new(WDP_AEAD, &setup);
}

/* The session keyed with b->key; on failure the key runs in software. */
static void key_session(struct aead_base *b)
{
	b->sess_keyed = 0;
	b->authsize = 0;
	if (!b->sess && !b->sess_failed)
		b->sess = new_aead_sess(b->d);
	if (!b->sess) {
		b->sess_failed = 1;
		return;
	}
	if (wd_aead_set_ckey(b->sess, b->key, (__u16)b->d->keylen)) {
		wdp_raise(WDP_R_NO_SESSION, "WarpDrive refused the AEAD key");
		return;
	}
	b->sess_keyed = 1;
}

int aead_base_setkey(struct aead_base *b, const unsigned char *key, size_t keylen)
{
	int want_wd = wdp_cfg.offload || b->wd_only;

	if (b->key_set && !CRYPTO_memcmp(b->key, key, keylen) &&
	    (b->sess_keyed || !want_wd || b->sess_failed))
		return 1;	/* the same key: keep sessions and schedules */
	memcpy(b->key, key, keylen);
	b->key_set = 1;
	if (++b->key_gen == 0)
		b->key_gen = 1;	/* 0 means "never keyed" for the software context */
	b->ctr_keyed = 0;
	if (want_wd) {
		ERR_set_mark();
		key_session(b);
		if (b->sess_keyed || !aead_has_sw(b)) {
			ERR_clear_last_mark();
		} else {
			/* the software path takes the key: the refusal is no error */
			ERR_pop_to_mark();
		}
		if (!b->sess_keyed && !aead_has_sw(b)) {
			b->key_set = 0;
			return 0;
		}
	}
	return 1;
}

int aead_base_dup(struct aead_base *dst, const struct aead_base *src)
{
	dst->sess = dst->ctr = 0;
	dst->sess_keyed = dst->ctr_keyed = 0;
	dst->authsize = 0;
	dst->sw = NULL;
	dst->sw_key_gen = 0;
	dst->buf = NULL;
	dst->buf_cap = 0;
	dst->busy = 0;
	if (src->buf_cap) {
		dst->buf = OPENSSL_malloc(src->buf_cap);
		if (!dst->buf) {
			wdp_raise(WDP_R_NO_MEMORY, "AEAD context copy");
			return 0;
		}
		memcpy(dst->buf, src->buf, src->buf_cap);
		dst->buf_cap = src->buf_cap;
	}
	if (src->sw) {
		/* EVP_CIPHER_CTX_dup is 3.1's: new + copy */
		dst->sw = EVP_CIPHER_CTX_new();
		if (!dst->sw || !EVP_CIPHER_CTX_copy(dst->sw, src->sw)) {
			wdp_raise(WDP_R_SW_FAILED, "copying the software AEAD context");
			return 0;
		}
		dst->sw_key_gen = src->sw_key_gen;
	}
	if (src->sess_keyed) {
		key_session(dst);
		if (!dst->sess_keyed)
			return 0;
	}
	return 1;
}

int aead_busy_error(void)
{
	wdp_raise(WDP_R_WRONG_STATE, "AEAD context in use by a paused ASYNC job");
	return 0;
}

int aead_set_authsize(struct aead_base *b, int n)
{
	if (b->authsize == n)
		return 1;
	if (wd_aead_set_authsize(b->sess, (__u16)n)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "WarpDrive refused a %d-byte tag", n);
		return 0;
	}
	b->authsize = n;
	return 1;
}

int aead_run(struct aead_base *b, struct wd_aead_req *req)
{
	return aead_run_dir(b, req, b->enc);
}

int aead_run_dir(struct aead_base *b, struct wd_aead_req *req, int enc)
{
	int ret;

	req->op_type = enc ? WD_CIPHER_ENCRYPTION_DIGEST : WD_CIPHER_DECRYPTION_DIGEST;
	req->data_fmt = WD_FLAT_BUF;
	req->state = 0;
	b->busy = 1;
	ret = wdp_run(WDP_AEAD, b->sess, req);
	b->busy = 0;
	if (req->state == WD_IN_EPARA && (!ret || ret == -WD_EINVAL) && !enc)
		return 1;
	if (ret || req->state) {
		wdp_raise(WDP_R_REQUEST_FAILED, "wd_aead request failed (%d, state %u)", ret,
			  (unsigned int)req->state);
		return -1;
	}
	return 0;
}

static int ctr_session(struct aead_base *b)
{
	if (!b->ctr) {
		struct wd_cipher_sess_setup setup;

		memset(&setup, 0, sizeof(setup));
		setup.alg = b->d->alg;
		setup.mode = WD_CIPHER_CTR;
		setup.mm_type = UADK_MEM_AUTO;
		b->ctr = wdp_sess_new(WDP_CIPHER, &setup);
		if (!b->ctr)
			return 0;
	}
	if (!b->ctr_keyed) {
		if (wd_cipher_set_key(b->ctr, b->key, (__u32)b->d->keylen)) {
			wdp_raise(WDP_R_NO_SESSION, "WarpDrive refused the key for CTR");
			return 0;
		}
		b->ctr_keyed = 1;
	}
	return 1;
}

int aead_ctr(struct aead_base *b, const unsigned char ctr[AEAD_BLK], const unsigned char *in,
	     unsigned char *out, size_t len)
{
	struct wd_cipher_req req;
	unsigned char iv[AEAD_BLK];
	int ret;

	if (!ctr_session(b))
		return 0;
	memcpy(iv, ctr, AEAD_BLK);	/* the request advances its IV */
	memset(&req, 0, sizeof(req));
	req.op_type = WD_CIPHER_ENCRYPTION;
	req.src = (void *)in;
	req.dst = out;
	req.iv = iv;
	req.iv_bytes = AEAD_BLK;
	req.in_bytes = (__u32)len;
	req.out_buf_bytes = (__u32)len;
	req.data_fmt = WD_FLAT_BUF;
	b->busy = 1;
	ret = wdp_run(WDP_CIPHER, b->ctr, &req);
	b->busy = 0;
	OPENSSL_cleanse(iv, sizeof(iv));
	if (ret || req.state) {
		wdp_raise(WDP_R_REQUEST_FAILED, "wd_cipher CTR request failed (%d, state %u)",
			  ret, (unsigned int)req.state);
		return 0;
	}
	return 1;
}

static const unsigned char zero_block[AEAD_BLK];

int aead_block(struct aead_base *b, const unsigned char in[AEAD_BLK],
	       unsigned char out[AEAD_BLK])
{
	/* CTR over a zero block with the counter `in`: the key stream is E(K, in) */
	return aead_ctr(b, in, zero_block, out, AEAD_BLK);
}

unsigned char *aead_buf(struct aead_base *b, size_t n)
{
	unsigned char *p;
	size_t cap;

	if (n <= b->buf_cap)
		return b->buf;
	/* grow by half again: a context settles on its largest message */
	cap = n < 256 ? 256 : n + n / 2;
	if (cap < n) {
		wdp_raise(WDP_R_NO_MEMORY, "AEAD buffer of %zu bytes", n);
		return NULL;
	}
	p = OPENSSL_malloc(cap);
	if (!p) {
		wdp_raise(WDP_R_NO_MEMORY, "AEAD buffer of %zu bytes", n);
		return NULL;
	}
	if (b->buf) {
		memcpy(p, b->buf, b->buf_cap);
		OPENSSL_clear_free(b->buf, b->buf_cap);
	}
	b->buf = p;
	b->buf_cap = cap;
	return p;
}

EVP_CIPHER_CTX *aead_sw_ctx(struct aead_base *b)
{
	EVP_CIPHER *c;

	if (b->sw)
		return b->sw;
	c = b->d->sw_name ? wdp_sw_cipher(b->d->sw_name) : NULL;
	if (!c) {
		wdp_raise(WDP_R_SW_FAILED, "no software implementation of this AEAD");
		return NULL;
	}
	b->sw = EVP_CIPHER_CTX_new();
	if (!b->sw) {
		wdp_raise(WDP_R_NO_MEMORY, "software AEAD context");
		return NULL;
	}
	if (!EVP_CipherInit_ex2(b->sw, c, NULL, NULL, b->enc, NULL)) {
		EVP_CIPHER_CTX_free(b->sw);
		b->sw = NULL;
		wdp_raise(WDP_R_SW_FAILED, "software AEAD init");
		return NULL;
	}
	b->sw_key_gen = 0;
	return b->sw;
}

int aead_memcmp(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n);
}

/* ---- parameters ---- */

static int key_id(const char *k)
{
	switch (k[0]) {
	case 'i':
		return !strcmp(k, OSSL_CIPHER_PARAM_IVLEN) ? PK_IVLEN :
		       !strcmp(k, OSSL_CIPHER_PARAM_IV) ? PK_IV : -1;
	case 'k':
		return !strcmp(k, OSSL_CIPHER_PARAM_KEYLEN) ? PK_KEYLEN : -1;
	case 'u':
		return !strcmp(k, OSSL_CIPHER_PARAM_UPDATED_IV) ? PK_UPDATED_IV : -1;
	case 't':
		if (k[1] == 'a')
			return !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TAG) ? PK_TAG :
			       !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TAGLEN) ? PK_TAGLEN : -1;
		return !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TLS1_AAD) ? PK_TLS_AAD :
		       !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TLS1_AAD_PAD) ? PK_TLS_AAD_PAD :
		       !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TLS1_GET_IV_GEN) ? PK_TLS_IV_GEN :
		       !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED) ? PK_TLS_IV_FIXED :
		       !strcmp(k, OSSL_CIPHER_PARAM_AEAD_TLS1_SET_IV_INV) ? PK_TLS_IV_INV : -1;
	default:
		return -1;
	}
}

unsigned int aead_params_scan(const OSSL_PARAM *params, OSSL_PARAM *found[PK_NUM])
{
	unsigned int mask = 0;
	int k;

	/* a mask, not a zeroed array: this runs on every init and ctrl */
	for (const OSSL_PARAM *p = params; p && p->key; p++) {
		k = key_id(p->key);
		if (k >= 0 && !(mask & (1u << k))) {
			found[k] = (OSSL_PARAM *)p;
			mask |= 1u << k;
		}
	}
	return mask;
}

int aead_get_params(OSSL_PARAM params[], unsigned int mode, size_t keylen)
{
	/* a stream mode to EVP: block size 1; the default IV: 96 bits */
	const struct wdp_cipher_info i = {
		.mode = mode, .keylen = keylen, .blksz = 1, .ivlen = 12, .aead = 1, .custom_iv = 1,
	};

	return wdp_cipher_alg_params(params, &i);
}


static const OSSL_PARAM gettable_ctx[] = {
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_IVLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_AEAD_TAGLEN, NULL),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_IV, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_UPDATED_IV, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, NULL, 0),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_AEAD_TLS1_AAD_PAD, NULL),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_GET_IV_GEN, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM settable_ctx[] = {
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, NULL),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_AAD, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_SET_IV_INV, NULL, 0),
	OSSL_PARAM_END
};

const OSSL_PARAM *aead_gettable_ctx_params(void *cctx, void *provctx)
{
	(void)cctx;
	(void)provctx;
	return gettable_ctx;
}

const OSSL_PARAM *aead_settable_ctx_params(void *cctx, void *provctx)
{
	(void)cctx;
	(void)provctx;
	return settable_ctx;
}

void aead_ctx_free(void *ctx, size_t size, size_t off)
{
	struct aead_base *b = ctx ? (struct aead_base *)((char *)ctx + off) : NULL;

	if (!b || !aead_idle(b))
		return;
	aead_base_cleanup(b);
	OPENSSL_clear_free(ctx, size);
}

void *aead_ctx_dup(const void *ctx, size_t size, size_t off, const char *what)
{
	const struct aead_base *b = ctx ? (const struct aead_base *)((const char *)ctx + off) : NULL;
	char *n;

	if (!b || !aead_idle(b))
		return NULL;
	n = OPENSSL_malloc(size);
	if (!n) {
		wdp_raise(WDP_R_NO_MEMORY, "%s context copy", what);
		return NULL;
	}
	memcpy(n, ctx, size);
	if (!aead_base_dup((struct aead_base *)(n + off), b)) {
		aead_ctx_free(n, size, off);
		return NULL;
	}
	return n;
}

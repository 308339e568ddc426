/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's OpenSSL baseline, the way a careful application uses
 * EVP: algorithms fetched once, one context per thread keyed once, and per
 * request only a new IV (EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, enc))
 * or a restart of the digest / MAC. authenc is what OpenSSL offers for it:
 * a CBC cipher context and an HMAC context, encrypt-then-MAC over
 * AAD || ciphertext.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include "bench_crypto.h"

struct evp_st {
	const struct bc_cfg *cfg;
	const struct bc_alg *a;
	int enc;
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cctx;
	EVP_MD *md;
	EVP_MD_CTX *mctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *xctx;
	char msg[192];
};

static pthread_once_t legacy_once = PTHREAD_ONCE_INIT;

/* Single DES is in the legacy provider; loading it needs default loaded too. */
static void load_legacy(void)
{
	OSSL_PROVIDER_load(NULL, "legacy");
	OSSL_PROVIDER_load(NULL, "default");
}

static int ossl_fail(struct evp_st *st, const char *what)
{
	unsigned long e = ERR_get_error();

	snprintf(st->msg, sizeof(st->msg), "%s failed%s%s", what, e ? ": " : "",
		 e ? ERR_reason_error_string(e) : "");
	ERR_clear_error();
	return -1;
}

static void evp_close(void *p)
{
	struct evp_st *st = p;

	EVP_CIPHER_CTX_free(st->cctx);
	EVP_CIPHER_free(st->cipher);
	EVP_MD_CTX_free(st->mctx);
	EVP_MD_free(st->md);
	EVP_MAC_CTX_free(st->xctx);
	EVP_MAC_free(st->mac);
	free(st);
}

/* HMAC(hash), CMAC(AES-CBC) or GMAC(AES-GCM), keyed once. */
static int mac_open(struct evp_st *st, const char *kind, const char *param, const char *name,
		    const unsigned char *key, size_t key_len)
{
	OSSL_PARAM p[2] = {
		OSSL_PARAM_construct_utf8_string(param, (char *)name, 0), OSSL_PARAM_END,
	};

	st->mac = EVP_MAC_fetch(NULL, kind, NULL);
	if (!st->mac || !(st->xctx = EVP_MAC_CTX_new(st->mac)))
		return ossl_fail(st, kind);
	if (!EVP_MAC_init(st->xctx, key, key_len, p))
		return ossl_fail(st, "EVP_MAC_init");
	return 0;
}

static int cipher_open(struct evp_st *st, const char *name, const unsigned char *key)
{
	const struct bc_alg *a = st->a;
	static const char *const cts[] = { "CS1", "CS2", "CS3" };
	OSSL_PARAM p[2] = { OSSL_PARAM_END, OSSL_PARAM_END };

	st->cipher = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!st->cipher)
		return snprintf(st->msg, sizeof(st->msg), "OpenSSL has no %s", name), -1;
	if (a->cls == BC_CIPHER && a->cmode >= WD_CIPHER_CBC_CS1 && a->cmode <= WD_CIPHER_CBC_CS3)
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							(char *)cts[a->cmode - WD_CIPHER_CBC_CS1], 0);
	st->cctx = EVP_CIPHER_CTX_new();
	if (!st->cctx)
		return ossl_fail(st, "EVP_CIPHER_CTX_new");
	if (a->cls == BC_AEAD && a->cmode == WD_CIPHER_CCM) {
		/* CCM: nonce and tag sizes before the key (the key set-up uses them) */
		if (!EVP_CipherInit_ex(st->cctx, st->cipher, NULL, NULL, NULL, st->enc) ||
		    !EVP_CIPHER_CTX_ctrl(st->cctx, EVP_CTRL_AEAD_SET_IVLEN, (int)a->iv_len, NULL) ||
		    !EVP_CIPHER_CTX_ctrl(st->cctx, EVP_CTRL_AEAD_SET_TAG, (int)a->mac_len, NULL) ||
		    !EVP_CipherInit_ex(st->cctx, NULL, NULL, key, NULL, st->enc))
			return ossl_fail(st, "CCM set-up");
		return 0;
	}
	if (!EVP_CipherInit_ex2(st->cctx, st->cipher, key, NULL, st->enc, p))
		return ossl_fail(st, name);
	if ((int)a->key_len != EVP_CIPHER_CTX_get_key_length(st->cctx))
		return snprintf(st->msg, sizeof(st->msg), "%s: key length mismatch", name), -1;
	EVP_CIPHER_CTX_set_padding(st->cctx, 0);
	return 0;
}

static void *evp_open(const struct bc_cfg *c, char *why, size_t len)
{
	struct evp_st *st = calloc(1, sizeof(*st));
	const struct bc_alg *a = c->alg;
	char name[48], cbc[48];
	int bad = 0;

	if (!st) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	st->cfg = c;
	st->a = a;
	st->enc = c->encrypt;
	if (a->calg == WD_CIPHER_DES && a->cls == BC_CIPHER)
		pthread_once(&legacy_once, load_legacy);
	if (a->cls == BC_DIGEST) {
		if (a->dalg == WD_DIGEST_AES_CMAC || a->dalg == WD_DIGEST_AES_GMAC)
			bad = mac_open(st, a->dalg == WD_DIGEST_AES_CMAC ? "CMAC" : "GMAC",
				       OSSL_MAC_PARAM_CIPHER, bc_evp_cipher_name(a, name, sizeof(name)),
				       c->key, a->key_len);
		else if (!bc_evp_md_name(a->dalg))
			bad = snprintf(st->msg, sizeof(st->msg), "OpenSSL has no %s", a->name);
		else if (a->dmode == WD_DIGEST_HMAC)
			bad = mac_open(st, "HMAC", OSSL_MAC_PARAM_DIGEST, bc_evp_md_name(a->dalg),
				       c->key, a->key_len);
		else if (!(st->md = EVP_MD_fetch(NULL, bc_evp_md_name(a->dalg), NULL)) ||
			 !(st->mctx = EVP_MD_CTX_new()))
			bad = snprintf(st->msg, sizeof(st->msg), "OpenSSL has no %s", a->name);
	} else if (a->cls == BC_AEAD && a->cmode == WD_CIPHER_CBC) {
		struct bc_alg c2 = *a;

		c2.cls = BC_CIPHER;
		bad = cipher_open(st, bc_evp_cipher_name(&c2, cbc, sizeof(cbc)), c->key) ||
		      mac_open(st, "HMAC", OSSL_MAC_PARAM_DIGEST, bc_evp_md_name(a->dalg), c->akey,
			       a->akey_len);
	} else {
		if (!bc_evp_cipher_name(a, name, sizeof(name)))
			bad = snprintf(st->msg, sizeof(st->msg), "OpenSSL has no %s", a->name);
		else
			bad = cipher_open(st, name, c->key);
	}
	if (bad) {
		snprintf(why, len, "%s", st->msg);
		evp_close(st);
		return NULL;
	}
	return st;
}

static int cipher_one(struct evp_st *st, const struct bc_io *io)
{
	int n, m;

	if (st->a->iv_len && !EVP_CipherInit_ex(st->cctx, NULL, NULL, NULL, io->iv, st->enc))
		return ossl_fail(st, "EVP_CipherInit_ex(iv)");
	if (!EVP_CipherUpdate(st->cctx, io->out, &n, io->in, (int)io->len) ||
	    !EVP_CipherFinal_ex(st->cctx, io->out + n, &m) || (size_t)(n + m) != io->len)
		return ossl_fail(st, "EVP_CipherUpdate/Final");
	return 0;
}

static int digest_one(struct evp_st *st, const struct bc_io *io)
{
	size_t out;
	unsigned int n;

	if (st->mctx) {
		if (!EVP_DigestInit_ex2(st->mctx, st->md, NULL) ||
		    !EVP_DigestUpdate(st->mctx, io->in, io->len) ||
		    !EVP_DigestFinal_ex(st->mctx, io->tag, &n))
			return ossl_fail(st, "EVP_Digest");
		return 0;
	}
	if (st->a->dalg == WD_DIGEST_AES_GMAC) {
		OSSL_PARAM p[2] = {
			OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, io->iv, st->a->iv_len),
			OSSL_PARAM_END,
		};

		if (!EVP_MAC_init(st->xctx, NULL, 0, p))
			return ossl_fail(st, "EVP_MAC_init(iv)");
	} else if (!EVP_MAC_init(st->xctx, NULL, 0, NULL)) {	/* same key, new message */
		return ossl_fail(st, "EVP_MAC_init");
	}
	if (!EVP_MAC_update(st->xctx, io->in, io->len) ||
	    !EVP_MAC_final(st->xctx, io->tag, &out, BC_TAG_MAX))
		return ossl_fail(st, "EVP_MAC_update/final");
	return 0;
}

/* authenc: AES-CBC + HMAC over AAD || ciphertext, tag truncated to mac_len. */
static int authenc_one(struct evp_st *st, const struct bc_io *io)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	const unsigned char *ct = st->enc ? io->out + io->aad : io->in + io->aad;
	size_t n;

	if (st->enc && cipher_one(st, &(struct bc_io){ .in = io->in + io->aad,
			.out = io->out + io->aad, .len = io->len, .iv = io->iv }))
		return -1;
	if (!EVP_MAC_init(st->xctx, NULL, 0, NULL) || !EVP_MAC_update(st->xctx, io->in, io->aad) ||
	    !EVP_MAC_update(st->xctx, ct, io->len) || !EVP_MAC_final(st->xctx, md, &n, sizeof(md)))
		return ossl_fail(st, "HMAC");
	if (st->enc) {
		memcpy(io->tag, md, st->a->mac_len);
		return 0;
	}
	if (CRYPTO_memcmp(md, io->tag, st->a->mac_len))
		return snprintf(st->msg, sizeof(st->msg), "tag does not verify"), -1;
	return cipher_one(st, &(struct bc_io){ .in = io->in + io->aad, .out = io->out + io->aad,
					       .len = io->len, .iv = io->iv });
}

static int aead_one(struct evp_st *st, const struct bc_io *io)
{
	EVP_CIPHER_CTX *c = st->cctx;
	int ccm = st->a->cmode == WD_CIPHER_CCM, tag = (int)st->a->mac_len, n, m = 0;

	if (!st->enc && !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, tag, io->tag))
		return ossl_fail(st, "EVP_CTRL_AEAD_SET_TAG");
	if (!EVP_CipherInit_ex(c, NULL, NULL, NULL, io->iv, st->enc))
		return ossl_fail(st, "EVP_CipherInit_ex(iv)");
	/* CCM wants the payload length before the AAD */
	if (ccm && !EVP_CipherUpdate(c, NULL, &n, NULL, (int)io->len))
		return ossl_fail(st, "CCM length");
	if (io->aad && !EVP_CipherUpdate(c, NULL, &n, io->in, (int)io->aad))
		return ossl_fail(st, "AAD");
	if (!EVP_CipherUpdate(c, io->out + io->aad, &n, io->in + io->aad, (int)io->len))
		return ossl_fail(st, st->enc ? "encrypt" : "decrypt (tag)");
	if ((!ccm || st->enc) && !EVP_CipherFinal_ex(c, io->out + io->aad + n, &m))
		return ossl_fail(st, st->enc ? "final" : "final (tag)");
	if ((size_t)(n + m) != io->len)
		return snprintf(st->msg, sizeof(st->msg), "short output"), -1;
	if (st->enc && !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, tag, io->tag))
		return ossl_fail(st, "EVP_CTRL_AEAD_GET_TAG");
	return 0;
}

static int evp_one(void *p, const struct bc_io *io)
{
	struct evp_st *st = p;

	if (st->a->cls == BC_CIPHER)
		return cipher_one(st, io);
	if (st->a->cls == BC_DIGEST)
		return digest_one(st, io);
	return st->a->cmode == WD_CIPHER_CBC ? authenc_one(st, io) : aead_one(st, io);
}

static const char *evp_error(void *p)
{
	return ((struct evp_st *)p)->msg;
}

const struct bc_impl_ops bc_evp_ops = {
	.open = evp_open, .one = evp_one, .error = evp_error, .close = evp_close,
};
